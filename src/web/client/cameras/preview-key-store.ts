import { browserKeyStore } from '../lib/key-store.ts'
import { generateShareKey, type ShareKey } from '../owners/share-suite.ts'

// The camera owner's preview keys live in this browser's IndexedDB only, in a database of their own
// (the pet owner's share keys keep theirs): the private half is never sent anywhere.
const keys = browserKeyStore('homeward-previews', 'preview-keys')

/** Every preview key this browser holds, newest first (an older one still opens previews sealed before a change). */
export const listPreviewKeys = (): Promise<ShareKey[]> => keys.list()

/** A new key pair, kept here; only its public half is for the server. */
export async function newPreviewKey(): Promise<ShareKey> {
  const key = await generateShareKey()
  await keys.put(key)
  return key
}
