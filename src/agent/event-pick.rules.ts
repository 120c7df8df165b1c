// Pure: for a frame that belongs to a tracked event (one animal, as Frigate tracks it), which of the
// pets the detector found is that animal, and which of an event's analysed frames shows it best.
import type { Species } from '../contracts/species.ts'
import type { Box } from '../vision/index.ts'

export interface EventHint {
  readonly id: string
  /** What the NVR calls the animal. */
  readonly species: Species
  /** Where the NVR saw it in this frame, as fractions of the frame; absent when it did not say. */
  readonly box?: Box
}

export interface DetectedPet {
  readonly species: Species
  readonly box: Box
  readonly score: number
}

const area = (b: Box) => Math.max(0, b.width) * Math.max(0, b.height)

export function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  const inter = w > 0 && h > 0 ? w * h : 0
  const union = area(a) + area(b) - inter
  return union > 0 ? inter / union : 0
}

/** Below this IoU with the NVR's box a detection is some other animal (it has its own event). */
export const MIN_EVENT_IOU = 0.1

/**
 * The detection that is the event's animal: overlapping the NVR's box, same species preferred (the
 * detector's species is kept: it is the model that embeds). Without a box: the best of the species.
 */
export function pickEventPet<P extends DetectedPet>(pets: readonly P[], hint: EventHint): P | undefined {
  const rank = (p: P) =>
    (p.species === hint.species ? 1 : 0) + (hint.box ? overlap(p.box, hint.box) : 0) + p.score / 100
  const candidates = hint.box
    ? pets.filter((p) => overlap(p.box, hint.box!) >= MIN_EVENT_IOU)
    : pets.filter((p) => p.species === hint.species)
  return [...candidates].sort((a, b) => rank(b) - rank(a))[0]
}

/** Touching the frame's border: part of the animal is probably outside it. */
export const touchesEdge = (b: Box, margin = 0.01) =>
  b.x <= margin || b.y <= margin || b.x + b.width >= 1 - margin || b.y + b.height >= 1 - margin

/**
 * How well a frame shows the animal, for choosing among an event's frames: whole (off the edge) first,
 * then the detector's confidence, then size (a bigger crop embeds more detail).
 */
export function viewQuality(p: DetectedPet): number {
  return (touchesEdge(p.box) ? 0 : 1) + p.score + Math.min(1, Math.sqrt(area(p.box))) / 10
}
