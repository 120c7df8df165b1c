import { generateShareKey, type ShareKey } from './share-suite.ts'

// The pet owner's share keys live in this browser's IndexedDB only: never sent, only exported by hand (/key).
const DB_NAME = 'homeward'
const STORE = 'share-keys'

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

/** Every key this device holds, newest first: the newest is the one new searches are registered with. */
export async function listShareKeys(): Promise<ShareKey[]> {
  const keys = await run<ShareKey[]>('readonly', (store) => store.getAll() as IDBRequest<ShareKey[]>)
  return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** Adds keys (an import); a key already held is kept as it is. */
export async function addShareKeys(keys: readonly ShareKey[]): Promise<void> {
  for (const key of keys) await run('readwrite', (store) => store.put(key))
}

/** The key to register for a search: the newest held, or a new one made here. */
export async function currentShareKey(): Promise<ShareKey> {
  const [newest] = await listShareKeys()
  if (newest) return newest
  const key = await generateShareKey()
  await addShareKeys([key])
  return key
}
