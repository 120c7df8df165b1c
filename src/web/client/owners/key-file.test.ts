import { describe, expect, it } from 'vitest'
import { keyFingerprint, parseKeyFile, planShareKey, toKeyFile } from './key-file.ts'
import { SHARE_SUITE } from './share-suite.ts'

const key = { publicKey: 'A'.repeat(43), privateKey: 'B'.repeat(43), createdAt: '2026-11-25T10:00:00.000Z' }

describe('key files', () => {
  it('reads back what it writes', () => {
    expect(parseKeyFile(JSON.stringify(toKeyFile([key], SHARE_SUITE)))).toEqual({ kind: 'keys', keys: [key] })
  })

  it.each([
    ['not json', 'This file is not a Homeward key file (it is not JSON).'],
    ['{"hello":1}', 'This file is not a Homeward key file.'],
    ['null', 'This file is not a Homeward key file.'],
    [
      JSON.stringify({ format: 'homeward-share-keys', version: 2, keys: [key] }),
      'This key file is version 2; this page reads version 1.',
    ],
    [JSON.stringify({ format: 'homeward-share-keys', version: 1, keys: [] }), 'This key file holds no keys.'],
    [
      JSON.stringify({ format: 'homeward-share-keys', version: 1, keys: [{ ...key, privateKey: 'short' }] }),
      'A key in this file is damaged (each half must be 32 bytes of base64url).',
    ],
  ])('refuses %s plainly', (text, reason) => {
    expect(parseKeyFile(text)).toEqual({ kind: 'invalid', reason })
  })
})

describe('planShareKey', () => {
  it.each([
    [null, [], 'register'],
    [null, ['k1'], 'register'],
    ['k1', ['k0', 'k1'], 'held'],
    ['k1', ['k0'], 'missing'],
    ['k1', [], 'missing'],
  ] as const)('search key %s, device keys %j: %s', (searchKey, held, plan) => {
    expect(planShareKey(searchKey, held)).toBe(plan)
  })

  it('fingerprints a key in groups of four', () => {
    expect(keyFingerprint('abcdEFGHijklMNOPqrst')).toBe('abcd EFGH ijkl MNOP')
  })
})
