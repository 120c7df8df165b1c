import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChannels } from '../../src/notifications/notification.channels.ts'
import { checkWebhookUrl } from '../../src/outbound/address.rules.ts'
import { updateSettings } from '../../src/notifications/notification.service.ts'
import type { AlertNotification } from '../../src/contracts/notification-payload.ts'
import type { ResolveHost } from '../../src/outbound/guarded-connect.ts'
import { loadOrCreateVapidKeys } from '../../src/push/vapid-keys.ts'
import { testDatabases } from '../support/databases.ts'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

// A listener on this machine's loopback that must never see a connection from the server.
let listener: http.Server
let port = 0
let connections = 0
let requests = 0
let mailDir = ''

beforeAll(async () => {
  listener = http.createServer((_req, res) => {
    requests++
    res.statusCode = 204
    res.end()
  })
  listener.on('connection', () => connections++)
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r))
  port = (listener.address() as AddressInfo).port
  mailDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-ssrf-'))
})
afterAll(() => listener?.close())

const notification: AlertNotification = {
  type: 'alert.opened',
  alertId: '00000000-0000-4000-8000-000000000001',
  pet: { name: 'Rex', species: 'dog', photoUrl: null },
  sighting: { capturedAt: new Date().toISOString(), snapshotRef: 's' },
}

// Names a real attacker would use; the resolver stands in for a DNS server the attacker controls.
const attackerDns: ResolveHost = async (host) => {
  if (host === 'rebind.attacker.example') return [{ address: '127.0.0.1', family: 4 }]
  if (host === 'mixed.attacker.example')
    return [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ]
  if (host === 'private.attacker.example') return [{ address: '10.0.0.1', family: 4 }]
  if (host === 'hosts-file.attacker.example') return [{ address: '127.0.0.1', family: 4 }]
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
}

const forms = () => [
  `http://127.0.0.1:${port}/`,
  `http://127.1:${port}/`,
  `http://2130706433:${port}/`,
  `http://0x7f000001:${port}/`,
  `http://0.0.0.0:${port}/`,
  `http://[::ffff:127.0.0.1]:${port}/`,
  `http://[::ffff:7f00:1]:${port}/`,
  `http://[::127.0.0.1]:${port}/`,
  `http://[::]:${port}/`,
  `http://[::1]:${port}/`,
  `http://[::ffff:10.0.0.1]:${port}/`,
  `http://[64:ff9b::7f00:1]:${port}/`,
  `http://localhost:${port}/`,
  `http://localhost.:${port}/`,
  `http://LOCALHOST:${port}/`,
  `http://ip6-localhost:${port}/`,
  `http://runsc:${port}/`, // /etc/hosts on this machine
  `http://metadata.google.internal:${port}/`,
  `http://169.254.169.254:${port}/`,
  `http://100.64.0.1:${port}/`,
  `http://198.18.0.1:${port}/`,
  `http://224.0.0.1:${port}/`,
  `http://240.0.0.1:${port}/`,
  `http://192.0.2.1:${port}/`,
  `http://[fe80::1]:${port}/`,
  `http://[fd00::1]:${port}/`,
  `http://rebind.attacker.example:${port}/`,
  `http://mixed.attacker.example:${port}/`,
  `http://private.attacker.example:${port}/`,
  `http://hosts-file.attacker.example:${port}/`,
]

describe('SSRF: webhook deliveries connect only to public addresses', () => {
  it('refuses every inward URL form at delivery time, and the loopback listener sees no connection', async () => {
    const channels = createChannels({ from: 'x@homeward.invalid', logDir: mailDir }, 'http://localhost:8787', {
      outbound: { allowPrivate: false, resolve: attackerDns },
    })
    const reached: string[] = []
    for (const url of forms()) {
      const before = connections
      await channels.webhook(url, `whsec_${Buffer.alloc(32).toString('base64')}`, 'k', notification).then(
        () => reached.push(url),
        () => undefined,
      )
      if (connections !== before) reached.push(url)
    }
    expect(reached).toEqual([])
    expect(connections).toBe(0)
    expect(requests).toBe(0)
  })

  it('refuses every inward Web Push endpoint at delivery time', async () => {
    const vapid = await loadOrCreateVapidKeys(mailDir)
    const channels = createChannels({ from: 'x@homeward.invalid', logDir: mailDir }, 'http://localhost:8787', {
      outbound: { allowPrivate: false, resolve: attackerDns },
      push: { vapid, subject: 'mailto:x@homeward.invalid', publicUrl: 'http://localhost:8787' },
    })
    const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url')
    const reached: string[] = []
    for (const url of forms().map((u) => u.replace('http:', 'https:'))) {
      const before = connections
      await channels
        .push(
          {
            id: 'p',
            user_id: 'u',
            endpoint: url,
            p256dh,
            auth: Buffer.alloc(16, 2).toString('base64url'),
            created_at: new Date(),
          },
          notification,
        )
        .catch(() => undefined)
      if (connections !== before) reached.push(url)
    }
    expect(reached).toEqual([])
    expect(connections).toBe(0)
  })

  it('still delivers to a private address when the operator allows it (ALLOW_PRIVATE_WEBHOOKS), and never follows a redirect', async () => {
    const channels = createChannels({ from: 'x@homeward.invalid', logDir: mailDir }, 'http://localhost:8787', {
      outbound: { allowPrivate: true },
    })
    await channels.webhook(
      `http://127.0.0.1:${port}/`,
      `whsec_${Buffer.alloc(32).toString('base64')}`,
      'k',
      notification,
    )
    expect(requests).toBe(1)
    const redirector = http.createServer((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${port}/after-redirect` }).end(),
    )
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r))
    try {
      await expect(
        channels.webhook(
          `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/`,
          `whsec_${Buffer.alloc(32).toString('base64')}`,
          'k',
          notification,
        ),
      ).rejects.toThrow()
      expect(requests).toBe(1)
    } finally {
      redirector.close()
      requests = 0
      connections = 0
    }
  })

  it.each([
    'http://localhost./',
    'http://ip6-localhost/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::]/',
    'http://metadata.google.internal/',
    'http://runsc/',
    'http://0.0.0.0/',
    'http://198.18.0.1/',
    'http://100.64.0.1/',
  ])('refuses %s when it is saved', (url) => expect(checkWebhookUrl(url, false)).toBe('must be a public address'))
})

describe.each(testDatabases())('SSRF: saving a webhook on $name', ({ open }) => {
  it('refuses a name that resolves inward, and stores nothing', async () => {
    const database = await open()
    const db = database.db
    const user = await db
      .insertInto('users')
      .values({ id: 'u1', name: 'A', email: 'a@example.test', image: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const deps = { db, allowPrivateWebhooks: false, resolve: attackerDns }
    for (const url of [
      'https://private.attacker.example/hook',
      'https://hosts-file.attacker.example/h',
      'https://nowhere.attacker.example/h',
    ])
      await expect(updateSettings(deps, user.id, { webhookUrl: url })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await db.selectFrom('notification_settings').selectAll().execute()).toEqual([])
    await database.dispose()
  })
})
