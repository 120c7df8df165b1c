import type { Kysely } from 'kysely'
import { appendAuditEntry } from '../audit/audit.service.ts'
import type { Database } from '../db/database.ts'
import { AppError, RateLimitedError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { BlobStorage } from '../storage/blob-storage.ts'
import type { AccountThrottle } from './account-throttle.ts'
import * as repo from './account-data.repository.ts'
import type { Auth } from './auth.ts'
import { findPasswordHash } from './account.repository.ts'

export interface AccountDeletionDeps {
  readonly db: Kysely<Database>
  readonly auth: Auth
  readonly storage: BlobStorage
  readonly throttle: AccountThrottle
  readonly logger: Logger
}

/** The password is the confirmation: a borrowed, still signed-in browser cannot delete the account by itself. */
async function checkPassword(deps: AccountDeletionDeps, user: { id: string; email: string }, password: string) {
  const wait = await deps.throttle.waitSeconds('sign-in', user.email)
  if (wait > 0) throw new RateLimitedError(`Too many wrong passwords for this account; try again in ${wait} s`, wait)
  const hash = await findPasswordHash(deps.db, user.id)
  const context = await deps.auth.$context
  if (!hash || !(await context.password.verify({ hash, password }))) {
    await deps.throttle.recordFailure('sign-in', user.email)
    throw new AppError('FORBIDDEN', 'The password is not right')
  }
}

/**
 * Deletes the account and everything it owns in one transaction, with one audit entry that names nobody
 * (a fresh id, no actor), then the photo and snapshot files the rows named.
 */
export async function deleteAccount(deps: AccountDeletionDeps, user: { id: string; email: string }, password: string) {
  await checkPassword(deps, user, password)
  const keys = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockUser(trx, user.id)
    if (!locked) throw new AppError('NOT_FOUND', 'Account not found')
    const blobKeys = await repo.blobKeysOf(trx, user.id)
    await repo.deleteAccountRows(trx, user.id)
    await repo.deleteThrottleKeys(trx, await deps.throttle.keysFor(locked.email))
    await appendAuditEntry(trx, {
      actorType: 'user',
      actorId: null,
      action: 'account.deleted',
      subjectType: 'account',
      subjectId: crypto.randomUUID(),
      subjectOwnerId: null,
    })
    return blobKeys
  })
  // After the commit: a file whose row is gone is unreachable, so a failed removal is logged, not retried here.
  const failed = (await Promise.allSettled(keys.map((key) => deps.storage.delete(key)))).filter(
    (r) => r.status === 'rejected',
  ).length
  if (failed > 0) deps.logger.warn({ failed }, 'some files of a deleted account could not be removed')
  return { files: keys.length }
}
