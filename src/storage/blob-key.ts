/** Where photos live; the database keeps only the key. A folder on disk on Node (blob-storage.ts), an R2 bucket on Workers (src/edge/r2-storage.ts). */
export interface BlobStorage {
  put(key: string, bytes: Uint8Array): Promise<void>
  get(key: string): Promise<Buffer | undefined>
  delete(key: string): Promise<void>
}

const SAFE_KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*\.(jpg|webp|bin)$/

export function assertSafeKey(key: string) {
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe storage key: ${key}`)
}
