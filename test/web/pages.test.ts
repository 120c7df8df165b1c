import { beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { CAMERA_POINT, registerCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

/** A last-seen point whose digits would be easy to spot in a page. */
const LAST_SEEN = { lat: 51.46987, lng: -0.12221 }

describe.each(testDatabases())('camera-owner and neighbour pages on $name', (testDb) => {
  const t = useTestApp(testDb, { web: true })
  let owner: TestUser
  let stranger: TestUser
  let camera: { id: string; area: { cell: string } }
  let searchId: string
  const page = async (path: string, user?: TestUser) => {
    const res = await t.request(path, { redirect: 'manual', ...(user && { user }) })
    return {
      status: res.status,
      location: res.headers.get('location'),
      csp: res.headers.get('content-security-policy'),
      html: await res.text(),
    }
  }

  beforeAll(async () => {
    owner = await t.signUp('Camera owner')
    stranger = await t.signUp('Stranger')
    camera = await registerCamera(t, owner, { name: 'Back garden' })
    searchId = (await openCatSearch(t, stranger, { at: LAST_SEEN, fields: { description: 'Black cat, white socks' } }))
      .id
  })

  it.each(['/cameras', '/cameras/new', '/cameras/alerts', '/found/new'])(
    'sends a signed-out visitor of %s to sign in and back',
    async (path) => {
      const res = await page(path)
      expect(res.status).toBe(303)
      expect(res.location).toBe(`/sign-in?next=${encodeURIComponent(path)}`)
    },
  )

  it('shows a camera, its coarse cell and its settings to its owner only', async () => {
    const mine = await page(`/cameras/${camera.id}`, owner)
    expect(mine.status).toBe(200)
    expect(mine.csp).toContain("script-src 'self'")
    expect(mine.html).toContain('Back garden')
    expect(mine.html).toContain(camera.area.cell)
    expect((await page('/cameras', owner)).html).toContain('Back garden')

    const theirs = await page(`/cameras/${camera.id}`, stranger)
    expect(theirs.status).toBe(404)
    for (const secret of ['Back garden', camera.area.cell]) expect(theirs.html).not.toContain(secret)
    expect((await page('/cameras', stranger)).html).not.toContain('Back garden')
    expect((await page('/cameras/not-an-id', owner)).status).toBe(404)
  })

  it('renders the consent text and version the API serves, with the box unticked', async () => {
    const consent = (await (await t.request('/api/consent/camera')).json()) as { version: string; text: string }
    const html = (await page('/cameras/new', owner)).html
    expect(html).toContain(`Version ${consent.version}.`)
    expect(html).toContain(consent.text.split('\n').at(-1)!.trim())
    expect(html).toMatch(/<input id="consent-accept" name="consent" type="checkbox" required="" value="[^"]+"\/?>/)
  })

  it('shows a revoked camera as revoked, with no pairing and an offer to opt in again; an old consent version is refused', async () => {
    const revoked = await t.request(`/api/cameras/${camera.id}/consent`, { method: 'DELETE', user: owner })
    expect(revoked.status).toBe(200)
    const html = (await page(`/cameras/${camera.id}`, owner)).html
    expect(html).toContain('Revoked')
    expect(html).not.toContain('Get a pairing code')
    expect(html).toContain('Opt in again')
    expect(
      (
        await t.request(
          `/api/cameras/${camera.id}/consent`,
          jsonInit('POST', { version: 'old', accepted: true }, owner),
        )
      ).status,
    ).toBe(409)
  })

  it('shows a lost pet’s public page with its coarse area and never the exact last-seen point', async () => {
    const res = await page(`/pets/${searchId}`)
    expect(res.status).toBe(200)
    expect(res.html).toContain('Lost cat: Chelsea')
    expect(res.html).toContain('Black cat, white socks')
    expect(res.html).toContain('Sign in to message the owner')
    for (const digits of [LAST_SEEN.lat.toFixed(4), LAST_SEEN.lng.toFixed(4)]) expect(res.html).not.toContain(digits)
    expect(res.html).not.toContain(stranger.email)
    // Signed in, the relay form replaces the sign-in link.
    expect((await page(`/pets/${searchId}`, owner)).html).toContain('Send to the owner')
    const ownView = (await page(`/pets/${searchId}`, stranger)).html
    expect(ownView).not.toContain('Send to the owner')
    expect(ownView).toContain('This is how neighbours see')
  })

  it('answers a closed search, an unknown pet and an unknown found pet with 404 pages', async () => {
    const other = (await openCatSearch(t, stranger, { at: CAMERA_POINT, fields: { name: 'Gone' } })).id
    expect(
      (await t.request(`/api/searches/${other}/close`, jsonInit('POST', { outcome: 'closed' }, stranger))).status,
    ).toBe(200)
    const closed = await page(`/pets/${other}`)
    expect(closed.status).toBe(404)
    expect(closed.html).not.toContain('Gone')
    expect((await page('/pets/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await page('/found/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('shows a found pet’s public page by coarse area', async () => {
    const form = new FormData()
    const fields = {
      species: 'cat',
      foundAt: new Date(Date.now() - 600_000).toISOString(),
      lat: String(LAST_SEEN.lat),
      lng: String(LAST_SEEN.lng),
      description: 'Sitting on the wall',
    }
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'cat.jpg', { type: 'image/jpeg' }))
    const reported = await t.request('/api/found-pets', { method: 'POST', body: form, user: owner })
    expect(reported.status).toBe(201)
    const { id } = (await reported.json()) as { id: string }
    const res = await page(`/found/${id}?reported`)
    expect(res.status).toBe(200)
    expect(res.html).toContain('Found cat')
    expect(res.html).toContain('your report is live')
    expect(res.html).toContain('Sitting on the wall')
    for (const digits of [LAST_SEEN.lat.toFixed(4), LAST_SEEN.lng.toFixed(4)]) expect(res.html).not.toContain(digits)
  })
})
