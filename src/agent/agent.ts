import type { Logger } from 'pino'
import type { FrameAnalyzer } from './analyzer.ts'
import { type AgentPaths, type DeviceInfo, ensureDataDir, forgetToken, loadDevice, loadToken } from './device.ts'
import { createFrameProcessor, type Delivery, type Frame, type FrameOutcome } from './frame-processor.ts'
import { createPrivateMatcher, type PrivateMatcher } from './private/private-matcher.ts'
import { classifyFailure, createServerClient, type ServerError } from './server-client.ts'
import { type AgentDb, bumpCounter, openAgentDb, writeState } from './store/db.ts'
import { clearOutbox, enqueue, purgeRejected } from './store/outbox.ts'
import { createSnapshotStore, loadOrCreateKey, type SnapshotStore } from './store/snapshots.ts'
import { createUploader, type FlushOutcome, type Uploader, type UploaderOptions } from './uploader.ts'

export type AgentMode = 'standard' | 'private'

export interface AgentOptions {
  readonly paths: AgentPaths
  readonly logger: Logger
  readonly analyzer: FrameAnalyzer
  readonly mode: AgentMode
  /** Analyse and print what would be sent; write, queue and send nothing. */
  readonly dryRun?: boolean
  readonly print?: (line: string) => void
  /** Local retention of snapshots (and, in private mode, of sightings). Default 7 days. */
  readonly retentionMs?: number
  readonly maxHashDistance?: number
  readonly uploader?: Partial<UploaderOptions>
  readonly privateMatch?: { readonly defaultThreshold?: number; readonly feedIntervalMs?: number }
  readonly maintenanceIntervalMs?: number
  /** Live sources drop frames beyond this backlog rather than fall ever further behind. */
  readonly maxPendingFrames?: number
  readonly onRevoked?: (err: ServerError) => void
}

export interface Agent {
  readonly device: DeviceInfo | undefined
  /** Analyses frames one at a time, in arrival order. */
  processFrame(frame: Frame, options?: { mayDrop?: boolean }): Promise<FrameOutcome | { kind: 'dropped' }>
  /** A source's tracked event is over: one sighting from its best view (queued behind its frames). */
  endEvent(eventId: string): Promise<FrameOutcome>
  start(): void
  flush(): Promise<FlushOutcome>
  refreshFeed(): Promise<void>
  /** Another request learnt that the server refused this camera: stop sending, as the uploader would. */
  revoked(err: ServerError): Promise<void>
  stop(): Promise<void>
}

/** What the owner is told instead of a stack trace; `share` adds why a snapshot could not be shared. */
export type AgentErrorCode =
  | 'NOT_PAIRED'
  | 'REVOKED'
  | 'NO_SUCH_ALERT'
  | 'NO_SHARE_KEY'
  | 'NOT_IN_ALERT'
  | 'SNAPSHOT_GONE'
  | 'NO_PET'
  | 'SHARE_KEY_CHANGED'

export class AgentError extends Error {
  override readonly name = 'AgentError'
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000

export async function createAgent(options: AgentOptions): Promise<Agent> {
  const { paths, logger } = options
  const dryRun = options.dryRun ?? false
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS
  const device = await loadDevice(paths)
  const token = await loadToken(paths)
  if (!dryRun && (!device || !token)) {
    throw new AgentError(
      device ? 'REVOKED' : 'NOT_PAIRED',
      device
        ? 'This agent’s token was refused by the server (consent revoked or lapsed). Pair again: homeward-agent pair <server> <code>'
        : 'Not paired yet. Run: homeward-agent pair <server> <code>',
    )
  }
  let db: AgentDb | undefined
  let store: SnapshotStore | undefined
  let uploader: Uploader | undefined
  let matcher: PrivateMatcher | undefined
  let revoke: ((err: ServerError) => Promise<void>) | undefined
  const client = device && token ? createServerClient(device.server, token) : undefined
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`))

  let delivery: Delivery
  if (dryRun) {
    delivery = {
      async deliver(sightings) {
        for (const s of sightings) {
          print(
            JSON.stringify(
              options.mode === 'private'
                ? {
                    wouldKeepOnDevice: { ...s, embedding: `${s.embedding.length} numbers` },
                    wouldSend: 'nothing unless it matches a search',
                  }
                : { wouldSend: 'POST /api/sightings/batch', sighting: s },
            ),
          )
        }
      },
    }
  } else {
    await ensureDataDir(paths)
    db = openAgentDb(paths.database)
    store = createSnapshotStore(db, paths, await loadOrCreateKey(paths), retentionMs)
    const agentDb = db
    const onRevoked = async (err: ServerError) => {
      const dropped = clearOutbox(agentDb)
      writeState(
        agentDb,
        'revoked',
        JSON.stringify({ at: new Date().toISOString(), status: err.status, code: err.code }),
      )
      await forgetToken(paths)
      logger.error(
        { status: err.status, code: err.code, deletedFromQueue: dropped },
        'consent revoked: queue deleted, agent stops sending',
      )
      options.onRevoked?.(err)
    }
    revoke = onRevoked
    if (options.mode === 'private') {
      matcher = createPrivateMatcher(
        agentDb,
        logger,
        { defaultThreshold: options.privateMatch?.defaultThreshold ?? 0.8, retentionMs },
        () => uploader?.notify(),
      )
      delivery = matcher
    } else {
      delivery = {
        async deliver(sightings) {
          enqueue(
            agentDb,
            'sighting',
            sightings.map((s) => ({ clientId: s.clientId, payload: s })),
          )
          bumpCounter(agentDb, 'sighting.queued', sightings.length)
          uploader?.notify()
        },
      }
    }
    // In private mode only match reports ever reach the upload queue.
    uploader = createUploader({
      db: agentDb,
      logger,
      options: options.uploader,
      onRevoked,
      channels:
        options.mode === 'private'
          ? [{ kind: 'private-match', send: (p) => client!.reportPrivateMatches(p as never) }]
          : [{ kind: 'sighting', send: (p) => client!.sendSightings(p as never) }],
    })
  }

  const processor = createFrameProcessor({
    analyzer: options.analyzer,
    delivery,
    logger,
    store,
    maxHashDistance: options.maxHashDistance ?? 6,
  })
  let chain: Promise<unknown> = Promise.resolve()
  let pending = 0
  const timers: NodeJS.Timeout[] = []

  async function maintain() {
    if (!db || !store) return
    const snapshots = await store.sweep()
    const sightings = matcher?.sweep() ?? 0
    purgeRejected(db, Date.now() - retentionMs)
    if (snapshots || sightings) logger.info({ snapshots, sightings }, 'retention: deleted expired local data')
  }

  async function refreshFeed() {
    if (!matcher || !client) return
    try {
      matcher.applyFeed(await client.fetchSearchFeed())
    } catch (err) {
      const e = err as ServerError
      if (classifyFailure(e) === 'revoked') {
        await uploader?.stop()
        await revoke?.(e)
        return
      }
      logger.warn(
        { status: e.status, code: e.code, reason: e.message },
        'private mode: could not fetch the active searches for this cell',
      )
    }
  }

  return {
    device,
    processFrame(frame, { mayDrop = false } = {}) {
      if (mayDrop && pending >= (options.maxPendingFrames ?? 32)) {
        logger.warn({ source: frame.source, pending }, 'frame dropped: analysis is falling behind')
        return Promise.resolve({ kind: 'dropped' as const })
      }
      pending++
      const result = chain.then(() => processor.process(frame)).finally(() => pending--)
      chain = result.catch(() => undefined)
      return result
    },
    endEvent(eventId) {
      const result = chain.then(() => processor.endEvent(eventId))
      chain = result.catch(() => undefined)
      return result
    },
    start() {
      uploader?.start()
      void maintain()
      timers.push(setInterval(() => void maintain(), options.maintenanceIntervalMs ?? 10 * 60_000))
      if (matcher) {
        void refreshFeed()
        timers.push(setInterval(() => void refreshFeed(), options.privateMatch?.feedIntervalMs ?? 10 * 60_000))
      }
    },
    flush: () => uploader?.flush() ?? Promise.resolve('drained'),
    refreshFeed,
    async revoked(err) {
      await uploader?.stop()
      await revoke?.(err)
    },
    async stop() {
      for (const t of timers) clearInterval(t)
      await chain
      await processor
        .endAllEvents()
        .catch((err: Error) => logger.error({ err: err.message }, 'could not send the sightings of open events'))
      await uploader?.stop()
      db?.close()
    },
  }
}
