import fs from 'node:fs/promises'
import path from 'node:path'
import { assertSafeKey, type BlobStorage } from './blob-key.ts'

export type { BlobStorage } from './blob-key.ts'

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
