import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { decodeImage, isVisionError, type RgbImage } from '../vision/index.ts'
import type { FrameAnalyzer } from './analyzer.ts'
import { type EventHint, pickEventPet, viewQuality } from './event-pick.rules.ts'
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
  /**
   * The frame is one view of an animal an NVR tracks (a Frigate event): the agent keeps the best view
   * of the event and sends one sighting for it when the source ends the event.
   */
  readonly event?: EventHint
}

type Pet = Awaited<ReturnType<FrameAnalyzer['analyze']>>['pets'][number]

export type FrameOutcome =
  | { readonly kind: 'unreadable'; readonly code: string }
  | { readonly kind: 'near-duplicate'; readonly distance: number }
  | { readonly kind: 'no-pet'; readonly hasPeople: boolean }
  | { readonly kind: 'sighted'; readonly snapshotRef: string; readonly sightings: readonly SightingPayload[] }
  /** An event's view, kept (or not, when an earlier view was better) until the event ends. */
  | { readonly kind: 'held'; readonly eventId: string; readonly best: boolean; readonly quality: number }

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
  /** Events whose best view is held at once; beyond it the oldest is sent as it stands. */
  readonly maxHeldEvents?: number
}

export interface FrameProcessor {
  process(frame: Frame): Promise<FrameOutcome>
  /** The event is over: send its best view as one sighting (or nothing, if no view showed the animal). */
  endEvent(eventId: string): Promise<FrameOutcome>
  /** Stopping: every event still open sends the best view it has. */
  endAllEvents(): Promise<void>
}

interface HeldView {
  readonly frame: Frame
  readonly pet: Pet
  readonly hasPeople: boolean
  readonly quality: number
}

const newSnapshotRef = () => `s-${randomBytes(12).toString('base64url')}`
// Six decimals keep cosine similarity exact to ~1e-6 and halve the JSON.
const roundEmbedding = (embedding: Float32Array) => Array.from(embedding, (v) => Math.round(v * 1e6) / 1e6)

export function createFrameProcessor(deps: FrameProcessorDeps): FrameProcessor {
  const lastAnalysed = new Map<string, Uint8Array>()
  // Only the encoded frame and one embedding per event: a few hundred kB, bounded by maxHeldEvents.
  const held = new Map<string, HeldView>()
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

  async function sight(frame: Frame, image: RgbImage, pets: readonly Pet[], hasPeople: boolean): Promise<FrameOutcome> {
    const snapshotRef = newSnapshotRef()
    const sightings = pets.map((pet, i): SightingPayload => ({
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
      const people = hasPeople ? (await analyzer.detect(image)).filter((d) => d.species === 'person') : []
      const snapshot = await redactedSnapshot(
        image,
        people.map((p) => p.box),
      )
      await deps.store.save({ ref: snapshotRef, source: frame.source, capturedAt: frame.capturedAt, image: snapshot })
    }
    await deps.delivery.deliver(sightings, frame)
    logger.info(
      {
        source: frame.source,
        label: frame.label,
        event: frame.event?.id,
        snapshotRef,
        pets: sightings.map((s) => `${s.species}:${s.score}`),
      },
      'pet sighted',
    )
    return { kind: 'sighted', snapshotRef, sightings }
  }

  async function endEvent(eventId: string): Promise<FrameOutcome> {
    const view = held.get(eventId)
    held.delete(eventId)
    if (!view) return { kind: 'no-pet', hasPeople: false }
    const image = await decode(view.frame)
    if (!('data' in image)) return image
    return sight(view.frame, image, [view.pet], view.hasPeople)
  }

  async function holdView(frame: Frame & { event: EventHint }, image: RgbImage): Promise<FrameOutcome> {
    const analysis = await analyzer.analyze(image)
    const pet = pickEventPet(analysis.pets, frame.event)
    if (!pet) return { kind: 'no-pet', hasPeople: analysis.hasPeople }
    const quality = viewQuality(pet)
    const current = held.get(frame.event.id)
    const best = !current || quality > current.quality
    if (best) {
      held.delete(frame.event.id) // re-inserted last: the map's order is the eviction order
      held.set(frame.event.id, { frame, pet, hasPeople: analysis.hasPeople, quality })
    }
    if (held.size > (deps.maxHeldEvents ?? 64)) await endEvent(held.keys().next().value!)
    return { kind: 'held', eventId: frame.event.id, best, quality }
  }

  return {
    async process(frame) {
      const image = await decode(frame)
      if (!('data' in image)) return image
      // An event's views are chosen by the NVR (a better snapshot each): the scene gate would hide them.
      if (frame.event) return holdView(frame as Frame & { event: EventHint }, image)
      const hash = differenceHash(image)
      const gate = decideGate(hash, lastAnalysed.get(frame.source), deps.maxHashDistance)
      if (gate.kind === 'near-duplicate') return { kind: 'near-duplicate', distance: gate.distance }
      lastAnalysed.set(frame.source, hash)

      const analysis = await analyzer.analyze(image)
      if (!analysis.pets.length) return { kind: 'no-pet', hasPeople: analysis.hasPeople }
      return sight(frame, image, analysis.pets, analysis.hasPeople)
    },
    endEvent,
    async endAllEvents() {
      for (const id of [...held.keys()]) await endEvent(id)
    },
  }
}
