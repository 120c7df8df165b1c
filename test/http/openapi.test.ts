import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

type Operation = { operationId?: string; security?: Record<string, string[]>[]; responses: Record<string, unknown> }
type OpenApi = {
  servers?: { url: string }[]
  components: { securitySchemes: Record<string, unknown> }
  paths: Record<string, Record<string, Operation>>
}

const [firstDatabase] = testDatabases()
const ID = '00000000-0000-4000-8000-000000000000'

describe.runIf(firstDatabase)('the OpenAPI document says what each operation needs, and the server agrees', () => {
  let t: TestApp
  let doc: OpenApi
  beforeAll(async () => {
    t = await startTestApp(firstDatabase!)
    doc = (await (await t.request('/openapi.json')).json()) as OpenApi
  })
  afterAll(async () => t?.dispose())

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method, path, op })),
    )

  it('names a server, the three auth schemes (session, device token, guest link), and gives every operation a unique operationId and a security entry', () => {
    expect(doc.servers?.length).toBeGreaterThan(0)
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['deviceToken', 'guestLink', 'sessionCookie'])
    const ids = operations().map(({ op }) => op.operationId)
    expect(ids.every(Boolean)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(operations().filter(({ op }) => !op.security)).toEqual([])
  })

  it('answers 401 without credentials for every operation the document says needs them', async () => {
    const wrong: string[] = []
    for (const { method, path, op } of operations()) {
      if (op.security!.length === 0) continue
      const url = path.replace(/\{[^}]+\}/g, ID)
      const res = await t.request(url, {
        method: method.toUpperCase(),
        ...(method !== 'get' && method !== 'delete' && { headers: { 'content-type': 'application/json' }, body: '{}' }),
      })
      if (res.status !== 401) wrong.push(`${method} ${path} → ${res.status}`)
    }
    expect(wrong).toEqual([])
  })
})
