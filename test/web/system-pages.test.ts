import { describe, expect, it } from 'vitest'
import { useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }

describe.each(testDatabases())('404 and transparency pages on $name', (testDb) => {
  const t = useTestApp(testDb, { web: true })

  it('answers an unknown path with a page for browsers and JSON for API clients', async () => {
    const page = await t.request('/no-such-page', { headers: html })
    expect(page.status).toBe(404)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('Page not found')
    const spanish = await t.request('/no-such-page', { headers: { ...html, 'accept-language': 'es' } })
    expect(await spanish.text()).toContain('Página no encontrada')
    for (const [path, headers] of [
      ['/no-such-page', { accept: 'application/json' }],
      ['/api/no-such-thing', html],
      ['/no-such-page', {}],
    ] as const) {
      const res = await t.request(path, { headers })
      expect(res.status).toBe(404)
      expect((await res.json()).error.code).toBe('NOT_FOUND')
    }
  })

  it('shows /transparency as a page, and keeps the JSON at /transparency.json and for Accept: application/json', async () => {
    const page = await t.request('/transparency', { headers: html })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    const text = await page.text()
    expect(text).toContain('Transparency report')
    expect(text).toContain('href="/transparency.json"')
    for (const [path, headers] of [
      ['/transparency', { accept: 'application/json' }],
      ['/transparency.json', html],
      ['/transparency', {}],
    ] as const) {
      const res = await t.request(path, { headers })
      expect(res.headers.get('content-type')).toContain('application/json')
      expect((await res.json()).days).toHaveLength(30)
    }
  })
})
