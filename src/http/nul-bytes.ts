/** PostgreSQL text cannot hold U+0000: refused at the boundary, it is a clear 400 rather than a 500 (22021) halfway through a write. */
export function findNulByte(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : undefined
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNulByte(item, [...path, String(i)])
      if (found !== undefined) return found
    }
    return undefined
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key].join('.')
    const found = findNulByte(item, [...path, key])
    if (found !== undefined) return found
  }
  return undefined
}

export const NUL_BYTE_MESSAGE = 'must not contain NUL characters (U+0000)'
