import { browserKeyStore } from '../lib/key-store.ts'
import { generateShareKey, type ShareKey } from './share-suite.ts'

// The pet owner's share keys live in this browser's IndexedDB only: never sent, only exported by hand (/key).
const keys = browserKeyStore('homeward', 'share-keys')

/** Every key this device holds, newest first: the newest is the one new searches are registered with. */
export const listShareKeys = (): Promise<ShareKey[]> => keys.list()

/** Adds keys (an import); a key already held is kept as it is. */
export async function addShareKeys(added: readonly ShareKey[]): Promise<void> {
  for (const key of added) await keys.put(key)
}

/** The key to register for a search: the newest held, or a new one made here. */
export async function currentShareKey(): Promise<ShareKey> {
  const [newest] = await listShareKeys()
  if (newest) return newest
  const key = await generateShareKey()
  await addShareKeys([key])
  return key
}
