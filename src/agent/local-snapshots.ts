import { existsSync } from 'node:fs'
import { DEFAULT_RETENTION_MS } from './agent.ts'
import type { AgentPaths } from './device.ts'
import { openAgentDb } from './store/db.ts'
import { createSnapshotStore, loadOrCreateKey, type SnapshotStore } from './store/snapshots.ts'

/** The encrypted snapshots this device holds; an agent that never stored one holds none (nothing is created). */
export async function openLocalSnapshots(
  paths: AgentPaths,
): Promise<{ store: Pick<SnapshotStore, 'holds' | 'read'>; close(): void }> {
  if (!existsSync(paths.database) || !existsSync(paths.key))
    return { store: { holds: () => false, read: async () => undefined }, close: () => {} }
  const db = openAgentDb(paths.database)
  return {
    store: createSnapshotStore(db, paths, await loadOrCreateKey(paths), DEFAULT_RETENTION_MS),
    close: () => db.close(),
  }
}
