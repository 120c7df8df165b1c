// Pure vector math for embeddings: no I/O, no tensors, safe on cameras and servers alike.

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dimension mismatch: ${a.length} vs ${b.length}`)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number)
  return sum
}

export function l2Norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a))
}

/** Returns a unit-length copy; a zero vector stays zero rather than becoming NaN. */
export function l2Normalize(a: ArrayLike<number>): Float32Array {
  const norm = l2Norm(a)
  const out = new Float32Array(a.length)
  if (norm === 0) return out
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) / norm
  return out
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const denominator = l2Norm(a) * l2Norm(b)
  return denominator === 0 ? 0 : dot(a, b) / denominator
}

/** Cosine distance as pgvector's `<=>` computes it: 1 − cosine similarity, in [0, 2]. */
export const cosineDistance = (a: ArrayLike<number>, b: ArrayLike<number>) => 1 - cosineSimilarity(a, b)

export function meanVector(vectors: readonly ArrayLike<number>[]): Float32Array {
  const first = vectors[0]
  if (!first) throw new Error('meanVector needs at least one vector')
  const out = new Float32Array(first.length)
  for (const v of vectors) for (let i = 0; i < out.length; i++) (out[i] as number) += v[i] as number
  for (let i = 0; i < out.length; i++) (out[i] as number) /= vectors.length
  return out
}

/** y = x·W + b, with W stored row-major as [inputDim × outputDim]. */
export function affine(x: ArrayLike<number>, weights: Float32Array, bias: Float32Array): Float32Array {
  const outputDim = bias.length
  if (weights.length !== x.length * outputDim) throw new Error('affine: weight shape does not match input and bias')
  const y = Float32Array.from(bias)
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number
    if (xi === 0) continue
    const row = i * outputDim
    for (let j = 0; j < outputDim; j++) (y[j] as number) += xi * (weights[row + j] as number)
  }
  return y
}
