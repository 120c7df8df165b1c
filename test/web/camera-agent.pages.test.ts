import { describe, expect, it } from 'vitest'
import { useTestApp } from '../support/app.ts'
import { pairedCamera, registerCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

describe.each(testDatabases())('the camera agent’s status on the owner’s pages, on $name', (testDb) => {
  const t = useTestApp(testDb, { web: true })
  const page = async (path: string, init: { user?: Awaited<ReturnType<typeof t.signUp>>; lang?: string } = {}) => {
    const res = await t.request(path, {
      redirect: 'manual',
      ...(init.user && { user: init.user }),
      headers: { 'accept-language': init.lang ?? 'en' },
    })
    return { status: res.status, html: await res.text() }
  }

  it('says "Pair the agent" only until it is paired, then online with the last check-in, in English and Spanish', async () => {
    const owner = await t.signUp('Camera owner')
    const unpaired = await registerCamera(t, owner)
    const before = await page(`/cameras/${unpaired.id}`, { user: owner })
    expect(before.html).toContain('Pair the agent</h2>')
    expect(before.html).toContain('data-agent-state="notPaired"')

    const { camera, token } = await pairedCamera(t, owner, { lat: 51.47, lng: -0.12 })
    expect((await t.request('/api/devices/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    const after = await page(`/cameras/${camera.id}`, { user: owner })
    expect(after.html).not.toContain('Pair the agent</h2>')
    expect(after.html).toContain('Pair the agent again')
    expect(after.html).toContain('data-agent-state="online"')
    expect(after.html).toContain('Last check-in')
    expect(after.html).toContain('Sightings sent today: 0')
    const spanish = await page(`/cameras/${camera.id}`, { user: owner, lang: 'es' })
    expect(spanish.html).toContain('En línea')
    expect(spanish.html).toContain('Última conexión')
    expect(spanish.html).toContain('Avistamientos enviados hoy: 0')
    const list = await page('/cameras', { user: owner })
    expect(list.html).toContain('data-agent-state="online"')
    expect(list.html).toContain('data-agent-state="notPaired"')
  })

  it('shows none of it to anyone else, nor on the public pages', async () => {
    const owner = await t.signUp('Camera owner')
    const stranger = await t.signUp('Stranger')
    const { camera, token } = await pairedCamera(t, owner, { lat: 51.48, lng: -0.13 })
    await t.request('/api/devices/me', { headers: { authorization: `Bearer ${token}` } })
    const theirs = await page(`/cameras/${camera.id}`, { user: stranger })
    expect(theirs.status).toBe(404)
    expect(theirs.html).not.toContain('data-agent-state')
    expect((await page('/cameras', { user: stranger })).html).not.toContain('data-agent-state')
    for (const path of ['/', '/feed', '/transparency']) {
      const res = await page(path)
      expect(res.html, path).not.toContain('data-agent-state')
      expect(res.html, path).not.toContain('Last check-in')
    }
  })
})
