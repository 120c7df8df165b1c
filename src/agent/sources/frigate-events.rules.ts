// Pure: Frigate's `<prefix>/events` messages as Frigate publishes them (frigate/track/object_processing.py):
// `type` new | update | end with `before` / `after` tracked-object snapshots. Frigate sends `new` once an
// object stops being a false positive, `update` on a better snapshot or a zone change, and `end` with
// `end_time` set. Only what the agent needs is read; unknown fields are ignored, wrong types refused.
import { z } from 'zod'
import { SPECIES, type Species } from '../../contracts/species.ts'

/** `[x1, y1, x2, y2]` in detect-resolution pixels. */
const PixelBox = z.tuple([z.number(), z.number(), z.number(), z.number()])

const TrackedObject = z.object({
  // Frigate ids are `<start_time>-<random>`; anything else could climb out of the snapshot URL.
  id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  camera: z.string().min(1).max(200),
  label: z.string().max(100),
  // [name, score] since 0.14; a bare string before.
  sub_label: z.union([z.string(), z.tuple([z.string(), z.number()]), z.array(z.unknown()), z.null()]).optional(),
  score: z.number().optional(),
  top_score: z.number().optional(),
  false_positive: z.boolean().optional(),
  start_time: z.number().positive(),
  end_time: z.number().nullable().optional(),
  frame_time: z.number().optional(),
  box: PixelBox.optional(),
  area: z.number().optional(),
  region: PixelBox.optional(),
  current_zones: z.array(z.string()).optional(),
  entered_zones: z.array(z.string()).optional(),
  has_snapshot: z.boolean().optional(),
  stationary: z.boolean().optional(),
  // Frigate ≥ 0.14: the frame its snapshot API serves (the object's best so far), and its box there.
  snapshot: z
    .object({
      frame_time: z.number(),
      box: PixelBox.optional(),
      area: z.number().optional(),
      score: z.number().optional(),
    })
    .nullable()
    .optional(),
  // Frigate < 0.14: only the time of that frame.
  snapshot_time: z.number().optional(),
})
export type FrigateTrackedObject = z.infer<typeof TrackedObject>

const EventMessage = z.object({
  type: z.enum(['new', 'update', 'end']),
  before: z.unknown().optional(),
  after: TrackedObject,
})

export type FrigateEvent = { readonly type: 'new' | 'update' | 'end'; readonly after: FrigateTrackedObject }

export type ParsedMessage =
  { readonly ok: true; readonly event: FrigateEvent } | { readonly ok: false; readonly reason: string }

export function parseEventMessage(payload: string): ParsedMessage {
  let json: unknown
  try {
    json = JSON.parse(payload)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  const parsed = EventMessage.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      reason: `not a Frigate event (${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'})`,
    }
  }
  return { ok: true, event: { type: parsed.data.type, after: parsed.data.after } }
}

/** Which events the camera owner lets take part (all of it shown by `homeward-agent status`). */
export interface FrigateFilter {
  /** Frigate camera names; empty: every camera. */
  readonly cameras: readonly string[]
  /** Frigate zone names; empty: anywhere in view. An object counts once it has entered one. */
  readonly zones: readonly string[]
  /** Frigate labels, a subset of dog and cat (nothing else is ever embedded). */
  readonly labels: readonly Species[]
  /** Frigate's own confidence (top_score) an object must reach, 0–1. */
  readonly minScore: number
  /** Events Frigate marks false_positive are skipped; always true unless the owner says otherwise. */
  readonly skipFalsePositives: boolean
}

export const DEFAULT_FILTER: FrigateFilter = {
  cameras: [],
  zones: [],
  labels: [...SPECIES],
  minScore: 0.6,
  skipFalsePositives: true,
}

export type Admission =
  | { readonly admit: true; readonly species: Species }
  | { readonly admit: false; readonly reason: 'label' | 'camera' | 'zone' | 'score' | 'false-positive' }

export function admitEvent(o: FrigateTrackedObject, filter: FrigateFilter): Admission {
  const label = o.label === 'dog' || o.label === 'cat' ? o.label : undefined
  if (!label || !filter.labels.includes(label)) return { admit: false, reason: 'label' }
  if (filter.skipFalsePositives && o.false_positive) return { admit: false, reason: 'false-positive' }
  if (filter.cameras.length && !filter.cameras.includes(o.camera)) return { admit: false, reason: 'camera' }
  if (filter.zones.length) {
    const zones = new Set([...(o.entered_zones ?? []), ...(o.current_zones ?? [])])
    if (!filter.zones.some((z) => zones.has(z))) return { admit: false, reason: 'zone' }
  }
  if (Math.max(o.top_score ?? 0, o.score ?? 0) < filter.minScore) return { admit: false, reason: 'score' }
  return { admit: true, species: label }
}

/** What Frigate's snapshot API would serve now, as far as the message tells. */
export interface SnapshotInfo {
  /** Changes exactly when Frigate picked a better frame. */
  readonly frameTime: number
  readonly score: number
  /** Pixels of the object's box in that frame. */
  readonly area: number
  readonly box?: readonly [number, number, number, number]
}

export function snapshotOf(o: FrigateTrackedObject): SnapshotInfo | undefined {
  if (o.snapshot) {
    const box = o.snapshot.box
    const area = o.snapshot.area ?? (box ? Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]) : 0)
    return { frameTime: o.snapshot.frame_time, score: o.snapshot.score ?? o.top_score ?? 0, area, ...(box && { box }) }
  }
  if (o.snapshot_time !== undefined)
    return { frameTime: o.snapshot_time, score: o.top_score ?? o.score ?? 0, area: o.area ?? 0 }
  // Very old Frigate: the frame is unknown; the start time stands for the first one.
  return undefined
}

/** Frigate's `<prefix>/available`: "online" / "offline" (its last will). */
export const frigateAvailability = (payload: string): 'online' | 'offline' | undefined =>
  payload === 'online' ? 'online' : payload === 'offline' ? 'offline' : undefined

/** `<prefix>/reviews`: the tracked-object ids a review item groups, for logs (not used to fetch). */
export function reviewDetections(payload: string): { type: string; camera: string; detections: string[] } | undefined {
  const Review = z.object({
    type: z.string(),
    after: z.object({
      camera: z.string(),
      data: z.object({ detections: z.array(z.string()).default([]), objects: z.array(z.string()).default([]) }),
    }),
  })
  try {
    const r = Review.safeParse(JSON.parse(payload))
    return r.success
      ? { type: r.data.type, camera: r.data.after.camera, detections: r.data.after.data.detections }
      : undefined
  } catch {
    return undefined
  }
}

/**
 * `<prefix>/tracked_object_update`: metadata Frigate adds later (a GenAI description, a face, a plate,
 * a classification). A classification can relabel a pet, e.g. a sub_label naming a known animal;
 * none of it carries a new frame, so the agent only notes which event it belongs to.
 */
export function trackedObjectUpdateOf(payload: string): { type: string; id: string } | undefined {
  const Update = z.object({ type: z.string().max(50), id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) })
  try {
    const r = Update.safeParse(JSON.parse(payload))
    return r.success ? r.data : undefined
  } catch {
    return undefined
  }
}
