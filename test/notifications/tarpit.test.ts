// Issue #20 (Medium): one account's webhook, pointed at a tarpit, held everyone else's alert email behind it
// (one delivery at a time, 5 s timeout, 8 retries: 0.5 s became 73–152 s).
import http from 'node:http'
import net from 'node:net'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { PgBoss } from 'pg-boss'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startJobQueue, stopJobQueue } from '../../src/jobs/boss.ts'
import { createLogger } from '../../src/logger.ts'
import { createChannels } from '../../src/notifications/notification.channels.ts'
import { createNotifier, type Notifier } from '../../src/notifications/notification.queue.ts'
import type { AlertNotification } from '../../src/contracts/notification-payload.ts'
import { startNotificationWorker } from '../../workers/notification-worker.ts'
import { testDatabases } from '../support/databases.ts'
import { until } from '../support/workers.ts'

const ATTACKER_ALERTS = 6

/** Accepts connections and never answers; records when each was open. */
async function startTarpit() {
  const held: { opened: number; closed?: number }[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    const entry: { opened: number; closed?: number } = { opened: Date.now() }
    held.push(entry)
    sockets.add(socket)
    socket.on('close', () => ((entry.closed = Date.now()), sockets.delete(socket)))
    socket.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`
  return { url, held, close: () => (sockets.forEach((s) => s.destroy()), new Promise((r) => server.close(r))) }
}

describe.each(testDatabases())('alert delivery isolation on $name', (testDb) => {
  let database: Awaited<ReturnType<typeof testDb.open>>
  let boss: PgBoss
  let notifier: Notifier
  let tarpit: Awaited<ReturnType<typeof startTarpit>>
  let mailDir: string
  let receiver: http.Server
  let receiverUrl: string

  const addUser = async (name: string) => {
    const id = randomUUID()
    await database.db
      .insertInto('users')
      .values({ id, name, email: `${id}@example.com` } as never)
      .execute()
    return id
  }
  const notification = (): AlertNotification => ({
    type: 'alert.opened',
    alertId: randomUUID(),
    pet: { name: 'Chelsea', species: 'cat', photoUrl: null },
    sighting: { capturedAt: new Date().toISOString(), snapshotRef: 'snap-1' },
  })
  const openAlert = async (ownerId: string) => {
    const wake = await database.db.transaction().execute((trx) => notifier.alertOpened(trx, ownerId, notification()))
    wake()
  }

  beforeAll(async () => {
    database = await testDb.open()
    tarpit = await startTarpit()
    receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()))
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`
    mailDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-tarpit-'))
    boss = await startJobQueue(
      database.url
        ? { kind: 'postgres', url: database.url }
        : { kind: 'pglite', pglite: database.pglite!, kysely: database.db },
      { onError: () => {} },
    )
    notifier = await createNotifier(boss)
    const channels = createChannels({ from: 'test@homeward.invalid', logDir: mailDir }, 'http://localhost:8787', {
      outbound: { allowPrivate: true },
    })
    await startNotificationWorker(boss, { db: database.db, channels }, createLogger('silent'), {
      pollingIntervalSeconds: 0.5,
    })
  })
  afterAll(async () => {
    await stopJobQueue(boss, 500).catch(() => {})
    await tarpit?.close()
    receiver?.close()
    await database?.dispose()
    await fs.rm(mailDir, { recursive: true, force: true })
  })

  it("sends another owner's email while the attacker's webhooks hang, not after them", async () => {
    const attacker = await addUser('Attacker')
    await database.db
      .insertInto('notification_settings')
      .values({
        user_id: attacker,
        email_enabled: false,
        webhook_url: tarpit.url,
        webhook_secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
      })
      .execute()
    for (let i = 0; i < ATTACKER_ALERTS; i++) await openAlert(attacker)
    await until(async () => tarpit.held.length > 0, 'the first webhook to reach the tarpit', 30_000)

    // One owner gets email only, another a webhook to a receiver that answers at once.
    const victim = await addUser('Camera owner')
    const hooked = await addUser('Camera owner with a webhook')
    await database.db
      .insertInto('notification_settings')
      .values({
        user_id: hooked,
        email_enabled: false,
        webhook_url: receiverUrl,
        webhook_secret: `whsec_${Buffer.alloc(32, 2).toString('base64')}`,
      })
      .execute()
    const opened = Date.now()
    await openAlert(victim)
    await openAlert(hooked)
    const sentAt = async (userId: string) =>
      (
        await database.db
          .selectFrom('notification_outbox')
          .select(['sent_at'])
          .where('user_id', '=', userId)
          .where('status', '=', 'sent')
          .executeTakeFirst()
      )?.sent_at?.getTime()
    await until(
      async () => (await sentAt(victim)) !== undefined && (await sentAt(hooked)) !== undefined,
      "the other owners' alerts",
      120_000,
    )
    const attackerSent = await database.db
      .selectFrom('notification_outbox')
      .select('id')
      .where('user_id', '=', attacker)
      .where('status', '=', 'sent')
      .execute()
    const held = (at: number) =>
      tarpit.held.filter((c) => c.opened <= at && (c.closed === undefined || c.closed >= at)).length
    console.info(
      JSON.stringify({
        database: testDb.name,
        victimEmailDelayMs: (await sentAt(victim))! - opened,
        victimWebhookDelayMs: (await sentAt(hooked))! - opened,
        tarpitConnections: tarpit.held.length,
      }),
    )

    for (const userId of [victim, hooked]) {
      const at = (await sentAt(userId))!
      // Sent while a tarpit connection was still held, so it did not wait for the attacker's webhook to give up…
      expect(held(at)).toBeGreaterThan(0)
      // …nor behind the attacker's backlog: most of its webhooks had not even been tried yet.
      expect(tarpit.held.filter((c) => c.opened <= at).length).toBeLessThan(ATTACKER_ALERTS)
    }
    // The attacker's own deliveries go one at a time: it never holds more than one worker.
    expect(Math.max(...tarpit.held.map((c) => held(c.opened)))).toBe(1)
    expect(attackerSent).toHaveLength(0)
  })
})
