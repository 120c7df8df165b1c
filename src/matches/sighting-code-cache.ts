import type { Kysely } from 'kysely'
import { findEmbeddingModel } from '../../models/registry.ts'
import { MAX_RETENTION_HOURS } from '../cameras/camera.rules.ts'
import type { Database } from '../db/database.ts'
import type { Logger } from '../logger.ts'
import * as repo from './sighting-code.repository.ts'
import {
  nearAmong,
  SightingCodeIndex,
  type NearQuery,
  type NearSightings,
  type SightingCode,
} from './sighting-code-index.ts'

const HOUR_MS = 60 * 60 * 1000
const PAGE = 5_000
/**
 * Every this many refreshes, the cameras held are checked against the table (deleted ones and lapsed
 * consent go) and sightings past the longest retention are dropped (~18 ms at 1M sightings).
 */
const RECONCILE_EVERY = 60
/** Revocations are looked for this far before the last refresh: revoked_at is the revoking process's clock, set before its commit. */
const REVOCATION_LOOKBACK_MS = 5 * 60 * 1000

export interface CodeCacheOptions {
  readonly modelId: string
  readonly refreshMs?: number
  readonly now?: () => Date
  readonly logger?: Logger
}

/**
 * Keeps a SightingCodeIndex of the matching model's sightings in step with the table. A refresh
 * forgets the cameras whose consent was revoked lately, takes a watermark (sql/0016: every sighting
 * with a lower id is final) and loads the sightings between the last watermark and the new one; every
 * minute it also drops sightings past the longest retention and cameras gone or no longer consenting.
 * A search asks the index about the sightings up to the watermark and reads the few since from the
 * table, so it misses nothing however far the cache lags; a refresh that cannot take the watermark in
 * time just leaves it to the next.
 */
export class SightingCodeCache {
  readonly index = new SightingCodeIndex()
  readonly modelId: string
  private readonly dimension: number
  private readonly refreshMs: number
  private readonly now: () => Date
  private readonly logger: Logger | undefined
  /** Every sighting with an id up to this is in the index (unless expired or its camera's consent ended). */
  private watermark = 0
  private loaded = false
  private caughtUpAt: number | undefined
  private revokedCheckedAt: Date | undefined
  private refreshes = 0
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined

  constructor(
    private readonly db: Kysely<Database>,
    options: CodeCacheOptions,
  ) {
    const model = findEmbeddingModel(options.modelId)
    if (!model) throw new Error(`unknown embedding model ${options.modelId}`)
    this.modelId = model.id
    this.dimension = model.dimension
    this.refreshMs = options.refreshMs ?? 1000
    this.now = options.now ?? (() => new Date())
    this.logger = options.logger
  }

  /** Whether the first load has finished: until then searches run wholly in the database. */
  get ready() {
    return this.loaded
  }

  /** When a refresh last loaded everything up to a new watermark (epoch ms): how far behind the table the cache may be. */
  get refreshedAt(): number | undefined {
    return this.caughtUpAt
  }

  get watermarkId(): number {
    return this.watermark
  }

  /** The first step of matching (findCandidateSightings' `near`): undefined before the first load, or for another model. */
  async near(q: NearQuery): Promise<NearSightings | undefined> {
    if (!this.loaded || q.modelId !== this.modelId) return undefined
    const through = this.watermark
    const newer: SightingCode[] = []
    const reading = this.eachPageAfter(through, undefined, (page) => void newer.push(...page))
    // The driver writes a query out a few event-loop turns after it is made (acquiring a pooled
    // connection first): let it leave before the
    // scan holds the thread, so the two overlap. Sightings a refresh adds meanwhile are the query's to
    // answer for, not the index's (`through`).
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
    const held = this.index.near(q, through)
    await reading
    const since = nearAmong(newer, q)
    return { ids: held.ids.concat(since.ids), capturedAt: held.capturedAt.concat(since.capturedAt) }
  }

  /** The model's unexpired sightings with ids in (afterId, upToId], a page at a time in id order, with the last id each page reaches. */
  private async eachPageAfter(
    afterId: number,
    upToId: number | undefined,
    use: (page: SightingCode[], throughId: number) => void,
  ) {
    const now = this.now()
    for (let after = afterId; ;) {
      const rows = await repo.listSightingCodes(this.db, {
        modelId: this.modelId,
        dimension: this.dimension,
        afterId: after,
        upToId,
        limit: PAGE,
        now,
      })
      const page = rows.map((r) => ({
        id: Number(r.id),
        capturedAt: r.captured_at.getTime(),
        species: r.species,
        modelId: r.model_id,
        cell: r.cell,
        cameraId: r.camera_id,
        code: Uint32Array.from(r.code),
      }))
      const complete = rows.length < PAGE
      after = complete ? (upToId ?? Infinity) : page.at(-1)!.id
      use(page, after)
      if (complete) return
    }
  }

  /** Refreshes now and then every `refreshMs` until stop(); a failed refresh is logged and retried. */
  start() {
    const tick = () => {
      this.running = this.refresh()
        .catch((err: unknown) => this.logger?.warn({ err }, 'sighting code cache refresh failed'))
        .finally(() => {
          this.running = undefined
          if (this.timer) this.timer = setTimeout(tick, this.refreshMs).unref()
        })
    }
    this.timer = setTimeout(tick, 0).unref()
  }

  async stop() {
    clearTimeout(this.timer)
    this.timer = undefined
    await this.running
  }

  async refresh(): Promise<void> {
    const now = this.now()
    // Sightings deleted with a revocation before this refresh are not loaded below; those loaded before it go now.
    if (this.revokedCheckedAt)
      this.index.removeCameras(await repo.listCamerasRevokedSince(this.db, this.revokedCheckedAt))
    this.revokedCheckedAt = new Date(now.getTime() - REVOCATION_LOOKBACK_MS)
    const upTo = await repo.sightingWatermark(this.db)
    if (upTo === undefined) return
    const started = performance.now()
    if (upTo > this.watermark)
      await this.eachPageAfter(this.watermark, upTo, (page, throughId) => {
        this.index.add(page)
        this.watermark = throughId
      })
    if (!this.loaded)
      this.logger?.info(
        { sightings: this.index.size, bytes: this.index.bytes, ms: Math.round(performance.now() - started) },
        'sighting code cache loaded',
      )
    this.loaded = true
    this.caughtUpAt = Date.now()
    if (++this.refreshes % RECONCILE_EVERY === 0) await this.reconcile(now)
  }

  private async reconcile(now: Date) {
    this.index.removeCapturedBefore(now.getTime() - MAX_RETENTION_HOURS * HOUR_MS)
    const held = this.index.cameraIds()
    const consenting = await repo.listConsentingCameras(this.db, held, now)
    this.index.removeCameras(held.filter((id) => !consenting.has(id)))
  }
}
