import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Client scripts put text on screen in the browser, where the server-side page test cannot see it: they must take
 * it from the catalogues (`t` from i18n/client.ts), never from a string literal of their own. This reads their
 * source and fails on a literal that reads like English words. Log lines and internal errors are not shown to anyone.
 */
const CLIENT = new URL('../client/', import.meta.url).pathname
const ENGLISH =
  /\b(the|your|you|and|with|this|not|for|of|to|is|are|have|could|please|try|again|here|when|where|found|lost)\b/i
const SPOKEN_ONLY_TO_DEVELOPERS = /console\.(log|warn|error|info)\(|new Error\(|reject\(/

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

function englishLiterals(source: string): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '')
  return code
    .split('\n')
    .filter((line) => !SPOKEN_ONLY_TO_DEVELOPERS.test(line))
    .flatMap((line) =>
      [...line.matchAll(/'([^'\\]*(?:\\.[^'\\]*)*)'|`([^`]*)`/g)].map((m) =>
        (m[1] ?? m[2] ?? '').replace(/\$\{[^}]*\}/g, ' '),
      ),
    )
    .filter((literal) => /[A-Za-z] [A-Za-z]/.test(literal) && !literal.startsWith('/') && !/[[\]#=]/.test(literal)) // words, not keys, paths or selectors
    .filter(
      (literal) =>
        ENGLISH.test(literal) && (/^[A-Z]|[.,:;?!…]/.test(literal.trim()) || literal.trim().split(/\s+/).length >= 4),
    )
}

describe('client scripts', () => {
  it.each(sources(CLIENT).map((path) => [relative(CLIENT, path), path]))(
    '%s writes no English of its own',
    (_, path) => {
      expect(englishLiterals(readFileSync(path, 'utf8'))).toEqual([])
    },
  )

  it('would notice one', () => {
    expect(englishLiterals(`status.textContent = 'Could not load your alerts.'`)).toHaveLength(1)
    expect(englishLiterals("item.className = 'message from-you'\nawait api(`/api/found-pets/${id}/close`)")).toEqual([])
    expect(
      englishLiterals(
        `console.warn('share key not registered yet', error)\nstatus.textContent = t('camera.alert.loadFailed')`,
      ),
    ).toEqual([])
  })
})
