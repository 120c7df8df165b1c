import { describe, expect, it } from 'vitest'
import { useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

type Operation = { operationId?: string; security?: Record<string, string[]>[] }
type OpenApi = { paths: Record<string, Record<string, Operation>> }

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete'])
// A well-formed id nobody holds: a secured route must refuse before it looks anything up.
const ABSENT_ID = '00000000-0000-4000-8000-000000000000'

// Auth is applied by middleware per route or per mount; this checks that what each route declares in
// the OpenAPI document is what it does when a request comes with no credentials at all.
describe.each(testDatabases())('declared security matches behaviour on $name', (testDb) => {
  const t = useTestApp(testDb)

  it('answers 401 without credentials exactly where the operation declares security', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as OpenApi
    const mismatches: string[] = []
    let secured = 0
    let open = 0
    for (const [template, operations] of Object.entries(doc.paths)) {
      const path = template.replace(/\{[^}]+\}/g, ABSENT_ID)
      for (const [method, operation] of Object.entries(operations)) {
        if (!METHODS.has(method)) continue
        const declared = (operation.security ?? []).length > 0
        const hasBody = method !== 'get' && method !== 'delete'
        const res = await t.request(path, {
          method: method.toUpperCase(),
          ...(hasBody && { headers: { 'content-type': 'application/json' }, body: '{}' }),
        })
        await res.body?.cancel()
        if (declared) secured++
        else open++
        if (declared !== (res.status === 401))
          mismatches.push(
            `${method.toUpperCase()} ${template}: declares ${declared ? 'security' : 'none'}, answered ${res.status}`,
          )
      }
    }
    expect(mismatches).toEqual([])
    expect(secured).toBeGreaterThan(20)
    expect(open).toBeGreaterThan(5)
  })
})
