import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/agent/cli.ts'
import { openAgentDb } from '../../src/agent/store/db.ts'
import { shareImage } from '../../src/agent/share/share-image.ts'
import { openSealed, suite } from '../support/hpke.ts'
import { catInTheYard } from './support/agent.ts'
import { useAlertFixture } from './support/alert-fixture.ts'
import { colourCodedAnalyzer, syntheticFrame } from './support/frames.ts'
import { findImageContent } from './support/image-bytes.ts'
import { type RecordingProxy, recordingProxy } from './support/server.ts'

const SIGNATURES = {
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  webp: [...Buffer.from('RIFF')],
}

let proxy: RecordingProxy
const f = useAlertFixture({
  // Only the agent goes through the recording proxy: the pet owner's own photo upload is not the agent's traffic.
  agentBase: async (base) => (proxy = await recordingProxy(base)).url,
  timeoutMs: 60_000,
})
afterAll(async () => proxy?.close())

/** Runs the real CLI entry point against this agent's data dir, capturing what it prints. */
async function cli(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const capture = (into: string[]) => (chunk: string | Uint8Array) => (into.push(String(chunk)), true)
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out) as never)
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err) as never)
  try {
    const code = await main(['--data-dir', f.paths.dir, '--log-level', 'silent', ...args])
    return { code, out: out.join(''), err: err.join('') }
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
}

const agentRequests = () => proxy.requests.filter((r) => r.headers.authorization === `Bearer ${f.token}`)
const shareRequests = () =>
  agentRequests().filter((r) => r.method === 'POST' && /^\/api\/devices\/alerts\/[^/]+\/share$/.test(r.path))
const asPetOwner = (p: string, init: RequestInit = {}) => f.as(f.petOwner, p, init)

describe('homeward-agent share against the real server', () => {
  it('lists the pending alert, and refuses to share before the pet owner has a key', async () => {
    const listed = await cli('alerts')
    expect(listed.code).toBe(0)
    expect(listed.out).toContain(f.alertId)
    expect(listed.out).toContain('Chelsea (cat)')
    expect(listed.out).toContain('snapshot held here')
    expect(listed.out).toContain('the pet owner has not enabled encrypted sharing')
    const json = JSON.parse((await cli('alerts', '--json')).out) as {
      id: string
      shareKey: boolean
      sightings: { held: boolean }[]
    }[]
    expect(json).toMatchObject([{ id: f.alertId, shareKey: false, sightings: [{ held: true }] }])

    const refused = await cli('share', f.alertId)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/Chelsea \(cat\)’s owner has not enabled encrypted sharing yet.*Nothing was sent/)
    expect(shareRequests()).toEqual([])
  })

  it('says so clearly for an unknown alert, a missing id, a snapshot not of the alert, and an expired one', async () => {
    const unknown = await cli('share', randomUUID())
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/No pending alert .* for this camera/)
    expect((await cli('share')).code).toBe(2)

    await setShareKeyOnPetOwnersDevice()
    const wrongRef = await cli('share', f.alertId, '--snapshot', 's-not-in-this-alert')
    expect(wrongRef.code).toBe(1)
    expect(wrongRef.err).toContain('is not a snapshot of alert')

    // Past its local retention (the sweep has not run yet): no longer held, even though the file is there.
    const db = openAgentDb(f.paths.database)
    const expiry = db.prepare('select ref, expires_at from snapshots').all() as { ref: string; expires_at: number }[]
    db.prepare('update snapshots set expires_at = ?').run(Date.now() - 1)
    try {
      expect((await cli('alerts')).out).toContain('snapshot no longer held (expired)')
      const gone = await cli('share', f.alertId)
      expect(gone.code).toBe(1)
      expect(gone.err).toMatch(/no longer held on this device.*Nothing to share/)
    } finally {
      for (const row of expiry)
        db.prepare('update snapshots set expires_at = ? where ref = ?').run(row.expires_at, row.ref)
      db.close()
    }
    expect(shareRequests()).toEqual([])
  })

  it(
    'shares one cropped, metadata-free snapshot that only the pet owner’s private key opens',
    { timeout: 30_000 },
    async () => {
      // A second key after the alert (the first was set in the test above) is a key change: the agent shows
      // the new fingerprint and shares only once its owner confirms it.
      const { keyPair } = await setShareKeyOnPetOwnersDevice()
      const refused = await cli('share', f.alertId)
      expect(refused.code).toBe(1)
      const fingerprint = /--accept-key ([0-9a-f]{16})/.exec(refused.err)?.[1]
      expect(refused.err).toMatch(/changed their sharing key after this alert was raised.*Nothing was sent/)
      expect((await cli('alerts')).out).toContain(`pet owner's key: ${fingerprint} (CHANGED after this alert`)
      const shared = await cli('share', f.alertId, '--accept-key', fingerprint!)
      expect(shared.err).toBe('')
      expect(shared.code).toBe(0)
      expect(shared.out).toMatch(/Shared snapshot s-\S+ .* with Chelsea \(cat\)’s owner/)

      const list = (
        (await (await asPetOwner(`/api/searches/${f.searchId}/shares`)).json()) as { shares: { id: string }[] }
      ).shares
      expect(list).toHaveLength(1)
      const got = (await (await asPetOwner(`/api/searches/${f.searchId}/shares/${list[0]!.id}`)).json()) as {
        enc: string
        ciphertext: string
      }
      const plain = await openSealed(keyPair, got)

      // A JPEG of the cat, cropped (smaller than the frame), with no EXIF, XMP, IPTC or ICC data.
      expect([...plain.subarray(0, 3)]).toEqual(SIGNATURES.jpeg)
      const meta = await sharp(plain).metadata()
      const whole = await sharp(await catInTheYard()).metadata()
      expect(meta.format).toBe('jpeg')
      expect(meta.width!).toBeLessThan(whole.width! * 0.75)
      for (const field of ['exif', 'xmp', 'iptc', 'icc'] as const) expect(meta[field], field).toBeUndefined()
      expect((await f.pipeline.detect(plain)).some((d) => d.species === 'cat')).toBe(true)

      // Through the proxy: the one request carrying image-derived bytes is the sealed share, and it is sealed.
      const [share, ...more] = shareRequests()
      expect(more).toEqual([])
      expect(share!.status).toBe(201)
      for (const r of agentRequests().filter((r) => r !== share))
        expect(await findImageContent(r.body, f.pipeline.dimension), `${r.method} ${r.path}`).toBeUndefined()
      expect(sealedShareProblems(share!.body, plain)).toEqual([])
      expect(JSON.parse(share!.body.toString()).ciphertext).toBe(got.ciphertext)

      // Shared once: the alert is no longer pending, so a second share is refused before anything is sent.
      const again = await cli('share', f.alertId)
      expect(again.code).toBe(1)
      expect(again.err).toMatch(/No pending alert/)
      expect((await cli('alerts')).out).toContain('No pending alerts')
      expect(shareRequests()).toHaveLength(1)
    },
  )
})

describe('the shared picture', () => {
  it('is cropped to the pet, with a person overlapping the crop painted grey', async () => {
    // The dog spans 300–420 × 200–320, its crop 276–444 × 176–344; the person's corner reaches into it.
    const frame = await syntheticFrame(
      [
        { kind: 'dog', x: 300, y: 200, size: 120 },
        { kind: 'person', x: 425, y: 150, size: 100 },
      ],
      { seed: 3 },
    )
    const result = await shareImage(colourCodedAnalyzer(), frame, 'dog', { margin: 0.2 })
    if (result.kind !== 'image') throw new Error('expected an image')
    expect(result.peoplePainted).toBe(1)
    const { data, info } = await sharp(result.jpeg).raw().toBuffer({ resolveWithObject: true })
    expect(info.width).toBeLessThan(200) // the 120 px dog and 20% each side, not the 640 px frame
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)]
    expect(at(60, 80)[0]).toBeGreaterThan(180) // the dog: still red
    for (const v of at(160, 30)) expect(Math.abs(v - 128)).toBeLessThan(12) // the person: grey
    expect((await sharp(result.jpeg).metadata()).exif).toBeUndefined()

    expect(
      (
        await shareImage(
          colourCodedAnalyzer(),
          await syntheticFrame([{ kind: 'person', x: 100, y: 100, size: 150 }]),
          'cat',
        )
      ).kind,
    ).toBe('no-pet')
  })
})

/** What the pet owner's device does: make a key pair, register only the public half. */
async function setShareKeyOnPetOwnersDevice() {
  const keyPair = await suite.kem.generateKeyPair()
  const publicKey = Buffer.from(await suite.kem.serializePublicKey(keyPair.publicKey)).toString('base64url')
  const res = await asPetOwner(`/api/searches/${f.searchId}/share-key`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKey }),
  })
  expect(res.status).toBe(200)
  return { keyPair }
}

/**
 * Why a share body might carry a readable image. Whole-body substring searches for 3–4-byte signatures
 * would hit by chance in ~1% of random ciphertexts, so short signatures are checked where an embedded
 * file would start (each string's start, the sealed bytes' start) and long ones anywhere.
 */
function sealedShareProblems(body: Buffer, plaintext: Buffer): string[] {
  const problems: string[] = []
  const json = JSON.parse(body.toString('utf8')) as Record<string, string>
  // keyFingerprint: the 16-hex fingerprint of the key sealed to (issue #20), so the server refuses a swapped key.
  if (Object.keys(json).sort().join() !== 'ciphertext,enc,keyFingerprint,snapshotRef')
    problems.push(`fields: ${Object.keys(json).join()}`)
  if (body.includes('data:image')) problems.push('a data: URL')
  const sealed = Buffer.from(json.ciphertext ?? '', 'base64url')
  for (const [name, sig] of Object.entries(SIGNATURES)) {
    const b64 = Buffer.from(sig).toString('base64').slice(0, 4)
    const forms = [b64, b64.replace(/\+/g, '-').replace(/\//g, '_')]
    for (const [field, value] of Object.entries(json))
      if (forms.some((f) => value.startsWith(f))) problems.push(`${field} starts with base64 ${name}`)
    if (sealed.subarray(0, sig.length).equals(Buffer.from(sig))) problems.push(`sealed bytes start with ${name}`)
    const long = Buffer.from(sig).toString('base64url').slice(0, 10)
    if (sig.length >= 8 && (body.includes(Buffer.from(sig)) || body.toString('latin1').includes(long)))
      problems.push(`${name} inside`)
  }
  if (body.includes(plaintext.subarray(0, 64)) || sealed.includes(plaintext.subarray(100, 164)))
    problems.push('plaintext JPEG bytes inside')
  if (body.toString('latin1').includes(plaintext.subarray(0, 48).toString('base64url')))
    problems.push('base64 of the plaintext inside')
  return problems
}
