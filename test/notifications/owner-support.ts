import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createChannels, type Channels } from '../../src/notifications/notification.channels.ts'
import type { NotificationPayload } from '../../src/contracts/notification-payload.ts'
import { BASE_URL, jsonInit, type TestApp, type TestUser } from '../support/app.ts'
import { sendBatch, sighting } from '../support/cameras.ts'
import { FIXED_PET_EMBEDDING } from '../support/fake-pet-photos.ts'

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })
const b64 = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url')

/** Real email (.eml files in `mailDir`); pushes are recorded, as no push service runs here. */
export async function recordingChannels() {
  const mailDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-owner-mail-'))
  const real = createChannels({ from: 'test@homeward.invalid', logDir: mailDir }, BASE_URL)
  const pushes: { endpoint: string; n: NotificationPayload }[] = []
  const channels: Channels = {
    email: real.email,
    webhook: real.webhook,
    async push(subscription, n) {
      pushes.push({ endpoint: subscription.endpoint, n })
      return 'delivered'
    },
  }
  // Quoted-printable, undone: soft line breaks and =XX escapes.
  const decode = (eml: string) =>
    eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  const mails = async () =>
    Promise.all((await fs.readdir(mailDir)).map(async (f) => decode(await fs.readFile(path.join(mailDir, f), 'utf8'))))
  return { channels, pushes, mails, mailDir }
}

/** One browser of this user receives Web Push (an endpoint nobody calls: pushes are recorded). */
export async function subscribePush(t: TestApp, user: TestUser) {
  const body = {
    endpoint: `https://127.0.0.1:9/push/${crypto.randomUUID()}`,
    keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
  }
  const res = await t.request('/api/me/push-subscriptions', jsonInit('POST', body, user))
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`)
  return body.endpoint
}

export const outboxOf = (t: TestApp, userId: string, kind: string) =>
  t.database.db
    .selectFrom('notification_outbox')
    .select(['channel', 'status', 'payload', 'idempotency_key'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind as never)
    .execute()

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, tries = 120): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe()
    if (value) return value
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** A camera sees the pet, its alert opens, and its agent shares one sealed snapshot with the pet owner. */
export async function shareOneSnapshot(t: TestApp, petOwner: TestUser, searchId: string, device: { token: string }) {
  const keyPair = await suite.kem.generateKeyPair()
  const publicKey = b64(await suite.kem.serializePublicKey(keyPair.publicKey))
  await t.request(`/api/searches/${searchId}/share-key`, jsonInit('PUT', { publicKey }, petOwner))
  const snapshotRef = `snap-${crypto.randomUUID().slice(0, 18)}`
  await sendBatch(t, device.token, {
    sightings: [sighting({ species: 'cat', embedding: [...FIXED_PET_EMBEDDING], snapshotRef })],
  })
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${device.token}` }
  const alert = await waitFor(async () => {
    const { alerts } = await (await t.request('/api/devices/alerts', { headers })).json()
    return (alerts as { id: string }[]).find(Boolean)
  }, 'the alert')
  const sealed = await suite.seal(
    { recipientPublicKey: await suite.kem.deserializePublicKey(Buffer.from(publicKey, 'base64url')) },
    new Uint8Array(512).fill(7),
  )
  const res = await t.request(`/api/devices/alerts/${alert.id}/share`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ snapshotRef, enc: b64(sealed.enc), ciphertext: b64(sealed.ct) }),
  })
  if (res.status !== 201) throw new Error(`share: ${res.status} ${await res.text()}`)
  return { alertId: alert.id, snapshotRef, shareId: ((await res.json()) as { id: string }).id }
}
