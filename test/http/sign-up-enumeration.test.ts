// Issue #20 (Low): sign-up answered a taken e-mail address with 422 USER_ALREADY_EXISTS (and a new one with a session).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, startTestApp, type TestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

const PASSWORD = 'correct horse battery staple'

describe.each(testDatabases())('sign-up for a taken address on $name', (testDb) => {
  let t: TestApp
  const post = (path: string, body: unknown) =>
    t.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE_URL },
      body: JSON.stringify(body),
    })
  /** What a prober sees: status, body shape, whether a session came with it. */
  const seen = async (res: Response) => {
    const body = (await res.json()) as { token: unknown; user: Record<string, unknown> }
    return {
      status: res.status,
      token: body.token,
      userKeys: Object.keys(body.user ?? {}).sort(),
      cookie: res.headers.getSetCookie().length > 0,
    }
  }

  beforeAll(async () => {
    t = await startTestApp(testDb)
  })
  afterAll(async () => t?.dispose())

  it('answers a taken address exactly as a new one, and leaves the account as it was', async () => {
    const email = `taken-${Date.now()}@example.com`
    const first = await seen(await post('/api/auth/sign-up/email', { email, password: PASSWORD, name: 'Owner' }))
    const again = await seen(
      await post('/api/auth/sign-up/email', { email, password: 'another password entirely', name: 'Prober' }),
    )
    const fresh = await seen(
      await post('/api/auth/sign-up/email', {
        email: `fresh-${Date.now()}@example.com`,
        password: PASSWORD,
        name: 'Fresh',
      }),
    )
    expect(again).toEqual(fresh)
    expect(first).toEqual(fresh)
    expect(again).toMatchObject({ status: 200, token: null, cookie: false })

    expect(await t.database.db.selectFrom('users').select('name').where('email', '=', email).execute()).toEqual([
      { name: 'Owner' },
    ])
    expect((await post('/api/auth/sign-in/email', { email, password: PASSWORD })).status).toBe(200)
    expect((await post('/api/auth/sign-in/email', { email, password: 'another password entirely' })).status).toBe(401)
  })
})
