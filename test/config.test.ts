import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.ts'

describe('loadConfig', () => {
  it('defaults to embedded PGlite under ./data', () => {
    const config = loadConfig({})
    expect(config.database.kind).toBe('pglite')
    expect(config.port).toBe(8787)
    expect(config.dataDir).toMatch(/data$/)
  })

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/db',
    })
  })

  it('keeps the sighting code cache on unless MATCH_CODE_CACHE=off', () => {
    expect(loadConfig({}).codeCache).toBe(true)
    expect(loadConfig({ MATCH_CODE_CACHE: 'off' }).codeCache).toBe(false)
  })

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['MATCH_CODE_CACHE', { MATCH_CODE_CACHE: 'yes' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['AUTH_SECRET', { AUTH_SECRET: 'short' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
  ])('names the bad variable %s', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`))
  })
})
