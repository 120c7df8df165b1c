import type { Logger } from 'pino'
import { type BackoffOptions, backoffDelay } from './backoff.rules.ts'
import { type AgentDb, bumpCounter } from './store/db.ts'
import { type OutboxKind, peekBatch, rejectItems, removeItems } from './store/outbox.ts'
import { classifyFailure, ServerError } from './server-client.ts'

export interface Channel {
  readonly kind: OutboxKind
  send(payloads: readonly unknown[]): Promise<unknown>
}

export interface UploaderOptions extends BackoffOptions {
  readonly batchSize: number
  /** How often an idle uploader looks at the queue even when nobody called notify(). */
  readonly idlePollMs: number
}

export const DEFAULT_UPLOADER_OPTIONS: UploaderOptions = {
  batchSize: 100,
  baseMs: 1_000,
  maxMs: 5 * 60_000,
  idlePollMs: 10_000,
}

export type FlushOutcome = 'drained' | 'retry-later' | 'revoked'

export interface Uploader {
  /** Sends until the queue is empty or the server fails; never throws for server answers. */
  flush(): Promise<FlushOutcome>
  /** Runs flush in the background with exponential backoff until stop() or a revocation. */
  start(): void
  notify(): void
  stop(): Promise<void>
}

interface UploaderDeps {
  readonly db: AgentDb
  readonly channels: readonly Channel[]
  readonly logger: Logger
  readonly options?: Partial<UploaderOptions>
  /** Called once when the server says the token or the consent is gone. */
  onRevoked(err: ServerError): Promise<void>
}

export function createUploader(deps: UploaderDeps): Uploader {
  const options = { ...DEFAULT_UPLOADER_OPTIONS, ...deps.options }
  const { db, logger } = deps
  let running = false
  let revoked = false
  let wake: (() => void) | undefined
  let backingOff = false
  let notified = false
  let loop: Promise<void> | undefined

  async function flushChannel(channel: Channel): Promise<FlushOutcome> {
    for (;;) {
      const batch = peekBatch(db, channel.kind, options.batchSize)
      if (!batch.length) return 'drained'
      try {
        const result = await channel.send(batch.map((item) => item.payload))
        removeItems(
          db,
          batch.map((item) => item.clientId),
        )
        bumpCounter(db, `${channel.kind}.sent`, batch.length)
        logger.info({ kind: channel.kind, count: batch.length, result }, 'batch delivered')
      } catch (err) {
        const failure = classifyFailure(err)
        const serverError = err instanceof ServerError ? err : new ServerError(0, 'UNEXPECTED', String(err))
        const detail = {
          kind: channel.kind,
          status: serverError.status,
          code: serverError.code,
          reason: serverError.message,
        }
        if (failure === 'retry') {
          logger.warn({ ...detail, queued: batch.length }, 'server not available; the batch stays queued')
          return 'retry-later'
        }
        if (failure === 'revoked') {
          logger.error(
            detail,
            'server refused this camera (token revoked or consent lapsed): sending stops and the queue is deleted',
          )
          revoked = true
          await deps.onRevoked(serverError)
          return 'revoked'
        }
        rejectItems(
          db,
          batch.map((item) => item.clientId),
          serverError.code,
          serverError.message,
        )
        bumpCounter(db, `${channel.kind}.rejected`, batch.length)
        logger.error(
          { ...detail, count: batch.length },
          'server refused this batch; it will not be sent again (see `status`)',
        )
      }
    }
  }

  async function flush(): Promise<FlushOutcome> {
    if (revoked) return 'revoked'
    for (const channel of deps.channels) {
      const outcome = await flushChannel(channel)
      if (outcome !== 'drained') return outcome
    }
    return 'drained'
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  async function run() {
    let failures = 0
    while (running) {
      notified = false
      const outcome = await flush()
      if (outcome === 'revoked') break
      failures = outcome === 'retry-later' ? failures + 1 : 0
      if (!running) break
      backingOff = failures > 0
      if (!backingOff && notified) continue
      await sleep(backingOff ? backoffDelay(failures, options) : options.idlePollMs)
    }
    running = false
  }

  return {
    flush,
    start() {
      if (running || revoked) return
      running = true
      loop = run()
    },
    // While backing off, new work does not cut the wait short: the server is what we wait for.
    notify() {
      notified = true
      if (!backingOff) wake?.()
    },
    async stop() {
      running = false
      wake?.()
      await loop
    },
  }
}
