import { Buffer } from 'node:buffer'
import { assertSafeKey, type BlobStorage } from '../storage/blob-key.ts'

/** The part of Workers' R2Bucket binding this adapter uses (the types package is not a dependency). */
export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>
  delete(key: string): Promise<void>
}

const contentTypeOf = (key: string) =>
  key.endsWith('.jpg') ? 'image/jpeg' : key.endsWith('.webp') ? 'image/webp' : 'application/octet-stream'

/**
 * The blob-storage port on Workers. An R2 put is atomic (a reader sees the old object or the whole new one),
 * which is what the file adapter's write-then-rename gives on disk.
 */
export function createR2Storage(bucket: R2BucketLike): BlobStorage {
  return {
    async put(key, bytes) {
      assertSafeKey(key)
      await bucket.put(key, bytes, { httpMetadata: { contentType: contentTypeOf(key) } })
    },
    async get(key) {
      assertSafeKey(key)
      const object = await bucket.get(key)
      return object ? Buffer.from(await object.arrayBuffer()) : undefined
    },
    async delete(key) {
      assertSafeKey(key)
      await bucket.delete(key)
    },
  }
}
