import type { ShareKey } from '../owners/share-suite.ts'

/**
 * Key pairs kept in this browser's IndexedDB only, one object store per kind of key: the private half is
 * never sent anywhere. Newest first, as every caller wants the newest (older ones still open what was sealed before).
 */
export function browserKeyStore(dbName: string, storeName: string) {
  const openDb = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(dbName, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: 'publicKey' })
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'))
    })

  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await openDb()
    try {
      return await new Promise<T>((resolve, reject) => {
        const tx = db.transaction(storeName, mode)
        const request = work(tx.objectStore(storeName))
        tx.oncomplete = () => resolve(request.result)
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
      })
    } finally {
      db.close()
    }
  }

  return {
    async list(): Promise<ShareKey[]> {
      const keys = await run<ShareKey[]>('readonly', (store) => store.getAll() as IDBRequest<ShareKey[]>)
      return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    },
    async put(key: ShareKey): Promise<void> {
      await run('readwrite', (store) => store.put(key))
    },
  }
}
