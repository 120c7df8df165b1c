import { describe, expect, it } from 'vitest'
import { isPostgresClosedSocketWrite } from '../../src/db/postgres-write-guard.ts'

describe('the guard against postgres.js writing to a closed socket', () => {
  const thrown = (message: string, stack: string) => Object.assign(new TypeError(message), { stack: `TypeError: ${message}\n${stack}` })

  it('recognises only the driver\'s deferred write after its connection closed', () => {
    // The stack PostgreSQL restarting under load produced (bench:load), as Node printed it.
    expect(isPostgresClosedSocketWrite(thrown("Cannot read properties of null (reading 'write')", '    at Immediate.nextWrite (file:///srv/homeward/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:484:21)'))).toBe(true)
    expect(isPostgresClosedSocketWrite(thrown("Cannot read properties of null (reading 'write')", '    at nextWrite (file:///srv/app/src/mine.js:1:1)'))).toBe(false)
    expect(isPostgresClosedSocketWrite(thrown("Cannot read properties of null (reading 'id')", '    at Immediate.nextWrite (file:///x/node_modules/postgres/src/connection.js:255:22)'))).toBe(false)
    expect(isPostgresClosedSocketWrite(new Error("Cannot read properties of null (reading 'write')"))).toBe(false)
  })
})
