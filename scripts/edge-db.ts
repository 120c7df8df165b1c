// Prepares a PostgreSQL database for the Worker (npm run dev:edge, npm run test:edge): creates it when missing
// (`--fresh`: drops it first), applies sql/ and lets pg-boss install its schema and the queues the Worker
// enqueues into, as the Node workers do on their first start.
import postgres from 'postgres'
import { openDatabase } from '../src/db/connect.ts'
import { migrate } from '../src/db/migrate.ts'
import { startJobQueue, stopJobQueue } from '../src/jobs/boss.ts'
import { createMatchQueues } from '../src/matches/match.queue.ts'
import { createNotifier } from '../src/notifications/notification.queue.ts'

export async function prepareEdgeDatabase(url: string, options: { readonly fresh?: boolean } = {}): Promise<void> {
  const target = new URL(url)
  const name = target.pathname.slice(1)
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`)
  const server = new URL(url)
  server.pathname = '/postgres'
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} })
  try {
    if (options.fresh) await admin.unsafe(`drop database if exists ${name} with (force)`)
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`
    if (!exists) await admin.unsafe(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const database = await openDatabase({ kind: 'postgres', url, maxConnections: 2 })
  try {
    await migrate(database)
    const boss = await startJobQueue({ kind: 'postgres', url }, { onError: (error) => console.error(error) })
    await createMatchQueues(boss)
    await createNotifier(boss)
    await stopJobQueue(boss, 1000)
  } finally {
    await database.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/homeward_edge'
  await prepareEdgeDatabase(url, { fresh: process.argv.includes('--fresh') })
  console.log(`ready for the Worker: ${url}`)
}
