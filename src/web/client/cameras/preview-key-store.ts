import { generateShareKey, type ShareKey } from '../owners/share-suite.ts'

// The camera owner's preview keys live in this browser's IndexedDB only, in a database of their own
// (the pet owner's share keys keep theirs): the private half is never sent anywhere.
const DB_NAME = 'homeward-previews'
const STORE = 'preview-keys'

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'publicKey' })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'))
  })
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const request = work(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(request.result)
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    })
  } finally {
    db.close()
  }
}

/** Every preview key this browser holds, newest first (an older one still opens previews sealed before a change). */
export async function listPreviewKeys(): Promise<ShareKey[]> {
  const keys = await run<ShareKey[]>('readonly', (store) => store.getAll() as IDBRequest<ShareKey[]>)
  return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** A new key pair, kept here; only its public half is for the server. */
export async function newPreviewKey(): Promise<ShareKey> {
  const key = await generateShareKey()
  await run('readwrite', (store) => store.put(key))
  return key
}
