import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, jsonInit, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { pairedCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'

type OpenApi = { openapi: string; paths: Record<string, Record<string, unknown>> }

describe.each(testDatabases())('API surface on $name', (testDb) => {
  let t: TestApp
  let user: TestUser
  let deviceToken: string

  beforeAll(async () => {
    t = await startTestApp(testDb)
    user = await t.signUp('Surface')
    deviceToken = (await pairedCamera(t, user)).token
  })
  afterAll(async () => t?.dispose())

  it('publishes an OpenAPI 3.1 document generated from the route schemas, and a local reference page', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as OpenApi
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/searches',
        '/api/searches/{id}',
        '/api/cameras',
        '/api/cameras/{id}/consent',
        '/api/sightings/batch',
        '/api/devices/pair',
      ]),
    )
    const page = await t.request('/docs')
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toContain('/docs/assets/swagger-ui-bundle.js')
    expect((await t.request('/docs/assets/swagger-ui-bundle.js')).status).toBe(200)
    expect((await t.request('/docs/assets/..%2Fpackage.json')).status).toBe(404)
  })

  it('signs in and out with better-auth, and reports auth errors in the API’s error shape', async () => {
    const signIn = (password: string) =>
      t.request('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE_URL },
        body: JSON.stringify({ email: user.email, password }),
      })
    const wrong = await signIn('not the password')
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).error).toEqual({ code: expect.any(String), message: expect.any(String) })

    const ok = await signIn('correct horse battery staple')
    expect(ok.status).toBe(200)
    const cookie = ok.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const session = await (await t.request('/api/auth/get-session', { headers: { cookie } })).json()
    expect(session.user.email).toBe(user.email)
    expect(session.session.ipAddress || null).toBeNull()

    const out = await t.request('/api/auth/sign-out', { method: 'POST', headers: { cookie, origin: BASE_URL } })
    expect(out.status).toBe(200)
    expect((await t.request('/api/searches', { headers: { cookie } })).status).toBe(401)
    expect((await t.request('/api/searches', { user })).status).toBe(200)
  })

  it('never answers a client’s garbage with a 5xx, on any documented route', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as OpenApi
    const garbage: (string | undefined)[] = [
      undefined,
      '',
      'null',
      '[]',
      '{"a":',
      '{"sightings":[{"embedding":"x"}]}',
      '\u0000\u00ff\u00d8',
      '9'.repeat(400),
    ]
    const ids = ['x', '00000000-0000-4000-8000-000000000000', "1' or '1'='1"]
    const statuses: number[] = []
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        for (const id of ids) {
          const path = template.replace(/\{[^}]+\}/g, encodeURIComponent(id))
          for (const body of method === 'get' ? [undefined] : garbage) {
            for (const auth of [{ user }, { headers: { authorization: `Bearer ${deviceToken}` } }]) {
              const headers = new Headers(auth.headers)
              if (body !== undefined) headers.set('content-type', 'application/json')
              const res = await t.request(path, {
                method: method.toUpperCase(),
                body,
                headers,
                ...('user' in auth ? { user: auth.user } : {}),
              })
              statuses.push(res.status)
              if (res.status >= 500)
                throw new Error(
                  `${method} ${path} with ${JSON.stringify(body)} gave ${res.status}: ${await res.text()}`,
                )
            }
          }
        }
      }
    }
    expect(statuses.length).toBeGreaterThan(100)
    expect(statuses.filter((s) => s >= 400 && s < 500).length).toBeGreaterThan(statuses.length / 2)
  })

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.request('/api/nothing-here', jsonInit('POST', {}))
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('NOT_FOUND')
  })
})
