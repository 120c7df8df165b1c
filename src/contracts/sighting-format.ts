// Pure: the formats a sighting may take. Bounded strictly so that no field can smuggle image bytes (issue #20):
// base64url in a 128-character id, or bytes packed into embedding values, passed the old filters.

export const MAX_EMBEDDING_DIMENSION = 4096

/** The agent's refs are `s-` and 16 base64url characters (12 random bytes): 24 leaves room, not an image. */
export const SNAPSHOT_REF_PATTERN = /^[A-Za-z0-9_-]{1,24}$/
/** The agent's ids are its snapshot ref and a dot and the pet's index; 40 also fits a UUID with a prefix. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,40}$/
/** An L2-normalised float32 vector is within 1e-6 of length 1; text rounding of its values stays far inside this. */
export const UNIT_NORM_TOLERANCE = 0.01

/** Why `value` is not an embedding (an array of finite numbers in ±1, of length 1 ± tolerance), or undefined. */
export function embeddingProblem(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_EMBEDDING_DIMENSION)
    return `an array of 1 to ${MAX_EMBEDDING_DIMENSION} numbers`
  let sumOfSquares = 0
  for (const x of value) {
    // typeof and the range test also refuse NaN and ±Infinity (JSON has neither, but a caller may)
    if (typeof x !== 'number' || !(x >= -1 && x <= 1)) return 'every value must be a number between -1 and 1'
    sumOfSquares += x * x
  }
  if (Math.abs(Math.sqrt(sumOfSquares) - 1) > UNIT_NORM_TOLERANCE)
    return `must be L2-normalised (length 1 ± ${UNIT_NORM_TOLERANCE}), got ${Math.sqrt(sumOfSquares).toFixed(4)}`
  return undefined
}

/**
 * Accepted embeddings are rounded to this grid before anything stores or compares them (issue #20): a value
 * passes the format checks with any low-order bits, and other data (image bytes) rode in them, up to 14.7 bits a
 * value as halfvec stores them. On the grid a value carries at most the entropy of its cell, 5.6 bits at 512
 * dimensions; `npm run measure:quantization` measures that, and that matching does not move (docs/threat-model.md).
 */
export const EMBEDDING_GRID = 1 / 256

/**
 * Pure: each value moved to the middle of its grid cell (±(j + ½)·grid; exactly 0 stays 0), then the vector
 * L2-normalised again. Mid-cell rather than nearest multiple: a small value never becomes 0, so its sign, which
 * the sign-bit codes of matching read (sign-code.ts), is kept. The output is a function of the cells alone, so
 * nothing below the grid reaches the database or matching.
 */
export function quantizeEmbedding(values: readonly number[], grid = EMBEDDING_GRID): number[] {
  const cells = values.map((x) => (x === 0 ? 0 : Math.sign(x) * (Math.floor(Math.abs(x) / grid) + 0.5)))
  const norm = Math.sqrt(cells.reduce((s, k) => s + k * k, 0))
  return norm === 0 ? cells : cells.map((k) => k / norm)
}
