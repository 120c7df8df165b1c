import fs from 'node:fs/promises'
import path from 'node:path'

/** Where photos live; the database keeps only the key. A folder on disk by default. */
export interface BlobStorage {
  put(key: string, bytes: Uint8Array): Promise<void>
  get(key: string): Promise<Buffer | undefined>
  delete(key: string): Promise<void>
}

const SAFE_KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*\.(jpg|webp|bin)$/

function assertSafeKey(key: string) {
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe storage key: ${key}`)
}

export function createFileStorage(root: string): BlobStorage {
  const fileOf = (key: string) => {
    assertSafeKey(key)
    return path.join(root, key)
  }
  return {
    async put(key, bytes) {
      const file = fileOf(key)
      await fs.mkdir(path.dirname(file), { recursive: true })
      // Write then rename, so a crash never leaves a half-written photo under its final name.
      const temp = `${file}.${process.pid}.tmp`
      await fs.writeFile(temp, bytes)
      await fs.rename(temp, file)
    },
    async get(key) {
      try {
        return await fs.readFile(fileOf(key))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    async delete(key) {
      await fs.rm(fileOf(key), { force: true })
    },
  }
}
