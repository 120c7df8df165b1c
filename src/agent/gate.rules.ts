// Pure: the near-duplicate gate. A difference hash (dHash) compares each cell of a small grey
// thumbnail with its right-hand neighbour, so it ignores exposure drift and JPEG noise but changes
// when something in the scene moves. 16 × 16 bits: fine enough that a dog walking in changes it.

export interface Pixels {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export const HASH_SIDE = 16
export const HASH_BITS = HASH_SIDE * HASH_SIDE

/** Grey thumbnail of (HASH_SIDE + 1) × HASH_SIDE cells by area averaging (every other pixel: cheap enough). */
function thumbnail(image: Pixels): Float64Array {
  const cols = HASH_SIDE + 1
  const rows = HASH_SIDE
  const sums = new Float64Array(cols * rows)
  const counts = new Uint32Array(cols * rows)
  const { data, width, height } = image
  for (let y = 0; y < height; y += 2) {
    const row = Math.min(rows - 1, Math.floor((y * rows) / height))
    for (let x = 0; x < width; x += 2) {
      const col = Math.min(cols - 1, Math.floor((x * cols) / width))
      const i = (y * width + x) * 3
      const grey = 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0)
      sums[row * cols + col]! += grey
      counts[row * cols + col]! += 1
    }
  }
  return sums.map((s, i) => s / Math.max(1, counts[i] ?? 1))
}

/**
 * Neighbouring cells closer than this (grey levels) count as equal: on flat walls and sky, sensor
 * noise would otherwise flip those bits from frame to frame and defeat the gate.
 */
export const FLAT_MARGIN = 2

export function differenceHash(image: Pixels): Uint8Array {
  const grey = thumbnail(image)
  const hash = new Uint8Array(HASH_BITS / 8)
  for (let row = 0; row < HASH_SIDE; row++) {
    for (let col = 0; col < HASH_SIDE; col++) {
      const left = grey[row * (HASH_SIDE + 1) + col] ?? 0
      const right = grey[row * (HASH_SIDE + 1) + col + 1] ?? 0
      const bit = row * HASH_SIDE + col
      if (left > right + FLAT_MARGIN) hash[bit >> 3]! |= 1 << (bit & 7)
    }
  }
  return hash
}

export function hammingDistance(a: Uint8Array, b: Uint8Array): number {
  let distance = 0
  for (let i = 0; i < a.length; i++) {
    let x = (a[i] ?? 0) ^ (b[i] ?? 0)
    while (x) {
      x &= x - 1
      distance++
    }
  }
  return distance
}

export interface GateDecision {
  readonly kind: 'analyze' | 'near-duplicate'
  readonly distance: number
}

/**
 * A frame within `maxDistance` bits of the last frame analysed from the same source shows the same
 * scene: analysing it again would only repeat (or miss again) what the last one found.
 */
export function decideGate(hash: Uint8Array, lastAnalysed: Uint8Array | undefined, maxDistance: number): GateDecision {
  if (!lastAnalysed) return { kind: 'analyze', distance: HASH_BITS }
  const distance = hammingDistance(hash, lastAnalysed)
  return { kind: distance <= maxDistance ? 'near-duplicate' : 'analyze', distance }
}
