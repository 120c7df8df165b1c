/** PostgreSQL text cannot hold U+0000: refused at the boundary, it is a clear 400 rather than a 500 (22021) halfway through a write. */
export function findNulByte(value: unknown): string | undefined {
  const path = nulBytePath(value)
  return path === undefined ? undefined : path.join('.') || 'body'
}

// The path is built only on the way back from a hit: every validated body passes through here, and a sighting
// batch holds tens of thousands of numbers, which must not each cost an array.
function nulBytePath(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : undefined
  if (value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulBytePath(value[i])
      if (found !== undefined) return [String(i), ...found]
    }
    return undefined
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [key]
    const found = nulBytePath(item)
    if (found !== undefined) return [key, ...found]
  }
  return undefined
}

export const NUL_BYTE_MESSAGE = 'must not contain NUL characters (U+0000)'
