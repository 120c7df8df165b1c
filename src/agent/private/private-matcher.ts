import type { Logger } from 'pino'
import type { Species } from '../../contracts/species.ts'
import type { Delivery } from '../frame-processor.ts'
import type { PrivateMatchPayload, SearchFeed, SightingPayload } from '../server-client.ts'
import { type AgentDb, bumpCounter, readState, transaction, writeState } from '../store/db.ts'
import { enqueue } from '../store/outbox.ts'
import { findMatches, type LocalMatch, type LocalSighting, shouldReport } from './match.rules.ts'

export interface PrivateMatcherOptions {
  /** Similarity to report at when the feed names no threshold for the model. */
  readonly defaultThreshold: number
  /** How long sightings stay on the device to be matched against searches opened later. */
  readonly retentionMs: number
}

export interface PrivateMatcher extends Delivery {
  /** Replaces the cached searches and matches every sighting still kept against them. */
  applyFeed(feed: SearchFeed, now?: Date): number
  sweep(now?: Date): number
}

const FEED_STATE = 'private.feed'
const idPart = (s: string) => s.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 60)

/**
 * Private mode: sightings stay in the local database; only "this camera matched search Y at T with
 * score S" is queued for the server, once per search per 6 hours.
 */
export function createPrivateMatcher(
  db: AgentDb,
  logger: Logger,
  options: PrivateMatcherOptions,
  notify: () => void,
): PrivateMatcher {
  const cached = readState(db, FEED_STATE)
  let feed: SearchFeed = cached ? (JSON.parse(cached) as SearchFeed) : { searches: [] }
  const thresholdOf = (modelId: string) => feed.thresholds?.[modelId] ?? options.defaultThreshold

  function recentSightings(now: Date): LocalSighting[] {
    const rows = db
      .prepare('select client_id, species, model_id, captured_at, embedding from local_sightings where expires_at > ?')
      .all(now.getTime()) as {
      client_id: string
      species: Species
      model_id: string
      captured_at: number
      embedding: Uint8Array
    }[]
    return rows.map((r) => ({
      clientId: r.client_id,
      species: r.species,
      modelId: r.model_id,
      capturedAt: new Date(Number(r.captured_at)),
      embedding: new Float32Array(
        r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + r.embedding.byteLength),
      ),
    }))
  }

  function report(matches: readonly LocalMatch[], now: Date): number {
    const last = db.prepare('select max(reported_at) as at from private_reports where search_id = ?')
    let reported = 0
    transaction(db, () => {
      for (const match of matches) {
        const at = (last.get(match.searchId) as { at: number | null }).at
        if (!shouldReport(at === null ? undefined : new Date(Number(at)), now)) continue
        const payload: PrivateMatchPayload = {
          clientId: `pm.${idPart(match.searchId)}.${idPart(match.sightingClientId)}`,
          searchId: match.searchId,
          matchedAt: match.matchedAt.toISOString(),
          score: Math.round(match.score * 1e4) / 1e4,
        }
        enqueue(db, 'private-match', [{ clientId: payload.clientId, payload }], now.getTime())
        db.prepare('insert into private_reports (search_id, reported_at, score, client_id) values (?, ?, ?, ?)').run(
          match.searchId,
          now.getTime(),
          payload.score,
          match.sightingClientId,
        )
        reported++
      }
    })
    if (reported) {
      bumpCounter(db, 'private.matches', reported)
      logger.info({ reported }, 'private mode: matched an active search; only the match is reported')
      notify()
    }
    return reported
  }

  return {
    async deliver(sightings: readonly SightingPayload[]) {
      const insert = db.prepare(
        `insert or ignore into local_sightings (client_id, snapshot_ref, species, score, model_id, captured_at, expires_at, embedding)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      transaction(db, () => {
        for (const s of sightings) {
          const capturedAt = Date.parse(s.capturedAt)
          const embedding = new Uint8Array(Float32Array.from(s.embedding).buffer)
          insert.run(
            s.clientId,
            s.snapshotRef,
            s.species,
            s.score,
            s.modelId,
            capturedAt,
            capturedAt + options.retentionMs,
            embedding,
          )
        }
      })
      bumpCounter(db, 'private.kept', sightings.length)
      const local = sightings.map((s) => ({
        ...s,
        capturedAt: new Date(s.capturedAt),
        embedding: Float32Array.from(s.embedding),
      }))
      report(findMatches(local, feed.searches, thresholdOf), new Date())
    },
    applyFeed(next, now = new Date()) {
      feed = next
      writeState(db, FEED_STATE, JSON.stringify(next))
      return report(findMatches(recentSightings(now), feed.searches, thresholdOf), now)
    },
    sweep(now = new Date()) {
      const n = Number(db.prepare('delete from local_sightings where expires_at <= ?').run(now.getTime()).changes)
      db.prepare('delete from private_reports where reported_at <= ?').run(now.getTime() - options.retentionMs)
      return n
    },
  }
}
