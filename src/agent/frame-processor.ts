import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { decodeImage, isVisionError, type RgbImage } from '../vision/index.ts'
import type { FrameAnalyzer } from './analyzer.ts'
import { decideGate, differenceHash } from './gate.rules.ts'
import { redactedSnapshot } from './redact.ts'
import type { SightingPayload } from './server-client.ts'
import type { SnapshotStore } from './store/snapshots.ts'

/** One still image from a source, as it arrived. */
export interface Frame {
  readonly source: string
  readonly bytes: Buffer
  readonly capturedAt: Date
  /** For logs only: a file name, a Frigate event id … */
  readonly label?: string
}

export type FrameOutcome =
  | { readonly kind: 'unreadable'; readonly code: string }
  | { readonly kind: 'near-duplicate'; readonly distance: number }
  | { readonly kind: 'no-pet'; readonly hasPeople: boolean }
  | { readonly kind: 'sighted'; readonly snapshotRef: string; readonly sightings: readonly SightingPayload[] }

/** Where sightings go: the upload queue, the private matcher, or stdout for --dry-run. */
export interface Delivery {
  deliver(sightings: readonly SightingPayload[], frame: Frame): Promise<void>
}

export interface FrameProcessorDeps {
  readonly analyzer: FrameAnalyzer
  readonly delivery: Delivery
  readonly logger: Logger
  /** Absent in --dry-run: nothing is written. */
  readonly store?: SnapshotStore
  /** Bits (of 256) within which a frame counts as the same scene as the last analysed one. */
  readonly maxHashDistance: number
}

export interface FrameProcessor {
  process(frame: Frame): Promise<FrameOutcome>
}

const newSnapshotRef = () => `s-${randomBytes(12).toString('base64url')}`
// Six decimals keep cosine similarity exact to ~1e-6 and halve the JSON.
const roundEmbedding = (embedding: Float32Array) => Array.from(embedding, (v) => Math.round(v * 1e6) / 1e6)

export function createFrameProcessor(deps: FrameProcessorDeps): FrameProcessor {
  const lastAnalysed = new Map<string, Uint8Array>()
  const { analyzer, logger } = deps

  async function decode(frame: Frame): Promise<RgbImage | FrameOutcome> {
    try {
      return await decodeImage(frame.bytes)
    } catch (err) {
      if (!isVisionError(err)) throw err
      logger.warn({ source: frame.source, label: frame.label, code: err.code }, 'frame skipped: not a readable image')
      return { kind: 'unreadable', code: err.code }
    }
  }

  return {
    async process(frame) {
      const image = await decode(frame)
      if (!('data' in image)) return image
      const hash = differenceHash(image)
      const gate = decideGate(hash, lastAnalysed.get(frame.source), deps.maxHashDistance)
      if (gate.kind === 'near-duplicate') return { kind: 'near-duplicate', distance: gate.distance }
      lastAnalysed.set(frame.source, hash)

      const analysis = await analyzer.analyze(image)
      if (!analysis.pets.length) return { kind: 'no-pet', hasPeople: analysis.hasPeople }

      const snapshotRef = newSnapshotRef()
      const sightings = analysis.pets.map((pet, i): SightingPayload => ({
        clientId: `${snapshotRef}.${i}`,
        capturedAt: frame.capturedAt.toISOString(),
        species: pet.species,
        score: Math.min(1, Math.max(0, Math.round(pet.score * 1e4) / 1e4)),
        modelId: analyzer.modelId,
        embedding: roundEmbedding(pet.embedding),
        snapshotRef,
      }))
      if (deps.store) {
        // People are found again only when a kept frame has them: most frames never pay for it.
        const people = analysis.hasPeople ? (await analyzer.detect(image)).filter((d) => d.species === 'person') : []
        const snapshot = await redactedSnapshot(image, people.map((p) => p.box))
        await deps.store.save({ ref: snapshotRef, source: frame.source, capturedAt: frame.capturedAt, image: snapshot })
      }
      await deps.delivery.deliver(sightings, frame)
      logger.info(
        { source: frame.source, label: frame.label, snapshotRef, pets: sightings.map((s) => `${s.species}:${s.score}`) },
        'pet sighted',
      )
      return { kind: 'sighted', snapshotRef, sightings }
    },
  }
}
