/**
 * Sign-bit codes as pgvector's binary_quantize makes them, packed 32 bits to a word with the first
 * dimension in the most significant bit: the layout `substring(code from 32·k + 1 for 32)::bit(32)::int4`
 * reads back, so codes computed here and codes read from the database compare bit for bit.
 */

/** halfvec rounds |x| ≤ 2⁻²⁵ to zero (ties to even), and binary_quantize sets a bit only for x > 0. */
const HALF_ROUNDS_TO_ZERO = 2 ** -25

export const codeWords = (dimension: number) => Math.ceil(dimension / 32)

/** The code binary_quantize(x::halfvec) gives. */
export function signCodeOf(embedding: ArrayLike<number>): Uint32Array {
  const code = new Uint32Array(codeWords(embedding.length))
  for (let i = 0; i < embedding.length; i++)
    if (embedding[i]! > HALF_ROUNDS_TO_ZERO) code[i >>> 5]! |= 0x80000000 >>> (i & 31)
  return code
}

/**
 * Hamming distance between `query` and the code at `words[offset…]` of the same length. JavaScript has
 * no popcount: bits are summed in parallel within a word (SWAR), two words per final multiply.
 */
export function hammingAt(words: Uint32Array, offset: number, query: Uint32Array): number {
  let distance = 0
  const n = query.length
  let w = 0
  for (; w + 1 < n; w += 2) {
    let x = words[offset + w]! ^ query[w]!
    let y = words[offset + w + 1]! ^ query[w + 1]!
    x -= (x >>> 1) & 0x55555555
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    y -= (y >>> 1) & 0x55555555
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333)
    // Each nibble of x + y is at most 8: no carry into the next.
    const z = x + y
    distance += Math.imul((z & 0x0f0f0f0f) + ((z >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24
  }
  if (w < n) {
    let x = words[offset + w]! ^ query[w]!
    x -= (x >>> 1) & 0x55555555
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    distance += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
  }
  return distance
}
