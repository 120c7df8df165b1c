import { createHmac } from 'node:crypto'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../db/database.ts'
import { AccountThrottle } from './account-throttle.ts'

// Rows in account_throttle are keyed by node:crypto's HMAC (before issue #21): the keys must not change, or
// a running streak would be forgotten and a deleted account's rows left behind.
const nodeKey = (secret: string, action: string, email: string) =>
  createHmac('sha256', secret).update(`${action}:${email.trim().toLowerCase()}`).digest('base64url')

describe('account throttle keys', () => {
  it.each([
    ['test-secret-test-secret-test-secret-0123', 'Someone@Example.org '],
    ['é ✓ 🐕 secret', 'jürgen@example.de'],
  ])('are node:crypto’s HMACs (%j, %j)', async (secret, email) => {
    const throttle = new AccountThrottle(undefined as unknown as Kysely<Database>, secret)
    expect(await throttle.keysFor(email)).toEqual(
      ['sign-in', 'sign-up', 'password-reset'].map((action) => nodeKey(secret, action, email)),
    )
  })
})
