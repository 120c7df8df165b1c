// Issue #20 (Medium/Low): the sign-in `next` target stays on this site, and HTML pages cannot be framed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

describe.each(testDatabases())('page safety on $name', (testDb) => {
  let t: TestApp
  const nextOf = async (page: string, next: string) => {
    const html = await (await t.request(`${page}?next=${encodeURIComponent(next)}`)).text()
    return /data-next="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&')
  }

  beforeAll(async () => {
    t = await startTestApp(testDb, { web: true })
  })
  afterAll(async () => t?.dispose())

  // A browser drops a tab or newline and reads `\` as `/`: each of these would land on evil.example.
  it.each([
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\t\\evil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    '/%0d/evil.example',
    '/%09%5cevil.example',
    '/%2509/evil.example',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/',
    '/%2F/evil.example',
  ])('sends %j back to /me after sign-in or sign-up', async (next) => {
    expect(await nextOf('/sign-in', next)).toBe('/me')
    expect(await nextOf('/sign-up', next)).toBe('/me')
  })

  it.each(['/me', '/cameras/new', '/lost/abc?tab=trail', '/found/new#photo'])(
    'keeps the same-site path %s',
    async (next) => {
      expect(await nextOf('/sign-in', next)).toBe(next)
    },
  )

  it('serves /docs with a script-only-from-here CSP that no site may frame', async () => {
    for (const path of ['/docs', '/docs/assets/init.js']) {
      const res = await t.request(path)
      expect(res.status).toBe(200)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
    }
  })

  it.each(['/', '/sign-in', '/sign-up', '/feed'])('serves the page %s with frame protection', async (path) => {
    const res = await t.request(path)
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })
})
