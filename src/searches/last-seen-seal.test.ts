import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { LatLng } from '../geo/cells.ts'
import { createPointSealer } from './last-seen-seal.ts'

// Points already in lost_searches.last_seen_sealed were sealed by this node:crypto code (before issue #21):
// they must still open, and what the WebCrypto sealer writes must open with it too.
const nodeKey = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'homeward', 'last-seen point v1', 32))

function nodeSeal(secret: string, ownerId: string, point: LatLng): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', nodeKey(secret), iv).setAAD(Buffer.from(ownerId))
  const data = Buffer.concat([cipher.update(Buffer.from(JSON.stringify([point.lat, point.lng]))), cipher.final()])
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`
}

function nodeOpen(secret: string, ownerId: string, sealed: string): LatLng {
  const raw = Buffer.from(sealed.split('.')[1]!, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', nodeKey(secret), raw.subarray(0, 12)).setAAD(Buffer.from(ownerId))
  decipher.setAuthTag(raw.subarray(12, 28))
  const [lat, lng] = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString())
  return { lat, lng }
}

const secret = 'test-secret-test-secret-test-secret-0123'
const points: LatLng[] = [
  { lat: 51.5012345, lng: -0.1412345 },
  { lat: -33.8688197, lng: 151.2092955 },
  { lat: 0, lng: 0 },
  { lat: 90, lng: -180 },
]

describe('last-seen point sealing', () => {
  it('opens a point sealed by the node:crypto sealer (a stored value from before the move)', async () => {
    const stored = 'v1.i7qsXLzilJwjOQ8qTzHT0veRJZXq9RnkgUFZEJY8Cp-evnHwlixho7lYw9Hdu-oogt0Y'
    expect(await createPointSealer(secret).open('owner-1', stored)).toEqual({ lat: 51.5012345, lng: -0.1412345 })
  })

  it.each(points)('opens what node:crypto seals, and node:crypto opens what it seals: %o', async (point) => {
    const sealer = createPointSealer(secret)
    expect(await sealer.open('owner-1', nodeSeal(secret, 'owner-1', point))).toEqual(point)
    const sealed = await sealer.seal('owner-1', point)
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(nodeOpen(secret, 'owner-1', sealed)).toEqual(point)
  })

  it('keeps the layout: iv, tag, then as many bytes as the JSON point', async () => {
    const point = points[0]!
    const sealed = await createPointSealer(secret).seal('owner-1', point)
    const raw = Buffer.from(sealed.slice(3), 'base64url')
    expect(raw.length).toBe(12 + 16 + JSON.stringify([point.lat, point.lng]).length)
  })

  it('derives the key from a non-ASCII secret as hkdfSync does', async () => {
    const other = 'é ✓ 🐕 secret'
    expect(await createPointSealer(other).open('owner-1', nodeSeal(other, 'owner-1', points[1]!))).toEqual(points[1])
  })

  it('refuses another owner, another secret, a changed byte and an unknown version', async () => {
    const sealer = createPointSealer(secret)
    const sealed = await sealer.seal('owner-1', points[0]!)
    await expect(sealer.open('owner-2', sealed)).rejects.toThrow()
    await expect(createPointSealer('another-secret').open('owner-1', sealed)).rejects.toThrow()
    const raw = Buffer.from(sealed.slice(3), 'base64url')
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1
    await expect(sealer.open('owner-1', `v1.${raw.toString('base64url')}`)).rejects.toThrow()
    await expect(sealer.open('owner-1', sealed.replace('v1.', 'v2.'))).rejects.toThrow(/unknown sealed point format/)
    await expect(sealer.open('owner-1', 'v1.')).rejects.toThrow(/unknown sealed point format/)
  })
})
