// Pure choices behind `homeward-agent share`: which sighting, which box, what to paint over. No I/O.
import type { Species } from '../../contracts/species.ts'
import type { Box } from '../../vision/index.ts'

export interface AlertSighting {
  readonly capturedAt: string
  readonly snapshotRef: string
  readonly similarity: number
}

export type SightingChoice =
  | { readonly kind: 'chosen'; readonly sighting: AlertSighting }
  | { readonly kind: 'not-in-alert'; readonly requested: string }
  | { readonly kind: 'not-held'; readonly refs: readonly string[] }

/** The sighting asked for, else the alert's most similar one whose snapshot this device still holds. */
export function chooseSighting(
  sightings: readonly AlertSighting[],
  holds: (ref: string) => boolean,
  requested?: string,
): SightingChoice {
  if (requested !== undefined) {
    const sighting = sightings.find((s) => s.snapshotRef === requested)
    if (!sighting) return { kind: 'not-in-alert', requested }
    return holds(sighting.snapshotRef) ? { kind: 'chosen', sighting } : { kind: 'not-held', refs: [requested] }
  }
  const best = [...sightings].sort((a, b) => b.similarity - a.similarity).find((s) => holds(s.snapshotRef))
  return best ? { kind: 'chosen', sighting: best } : { kind: 'not-held', refs: sightings.map((s) => s.snapshotRef) }
}

interface Found {
  readonly species: string
  readonly box: Box
  readonly score: number
}

/** The alert's species if the detector sees it, else any dog or cat: the best-scoring one. */
export function choosePet<T extends Found>(detections: readonly T[], species: Species): T | undefined {
  const best = (list: readonly T[]) => [...list].sort((a, b) => b.score - a.score)[0]
  return (
    best(detections.filter((d) => d.species === species)) ??
    best(detections.filter((d) => d.species === 'dog' || d.species === 'cat'))
  )
}

export interface PixelRect {
  readonly left: number
  readonly top: number
  readonly width: number
  readonly height: number
}

/** The pet box grown by `margin` of its size on each side, in whole pixels inside the image. */
export function shareCropRect(box: Box, imageWidth: number, imageHeight: number, margin = 0.2): PixelRect {
  const grown = {
    x: box.x - box.width * margin,
    y: box.y - box.height * margin,
    width: box.width * (1 + 2 * margin),
    height: box.height * (1 + 2 * margin),
  }
  return toPixelRect(grown, imageWidth, imageHeight)
}

export function toPixelRect(box: Box, imageWidth: number, imageHeight: number): PixelRect {
  const left = Math.min(imageWidth - 1, Math.max(0, Math.floor(box.x * imageWidth)))
  const top = Math.min(imageHeight - 1, Math.max(0, Math.floor(box.y * imageHeight)))
  const right = Math.max(left + 1, Math.min(imageWidth, Math.ceil((box.x + box.width) * imageWidth)))
  const bottom = Math.max(top + 1, Math.min(imageHeight, Math.ceil((box.y + box.height) * imageHeight)))
  return { left, top, width: right - left, height: bottom - top }
}

/** Each person box's overlap with the crop, in the crop's own pixels; people outside it are cut off anyway. */
export function peopleInCrop(
  people: readonly Box[],
  crop: PixelRect,
  imageWidth: number,
  imageHeight: number,
): PixelRect[] {
  return people.flatMap((box) => {
    const p = toPixelRect(box, imageWidth, imageHeight)
    const left = Math.max(p.left, crop.left)
    const top = Math.max(p.top, crop.top)
    const right = Math.min(p.left + p.width, crop.left + crop.width)
    const bottom = Math.min(p.top + p.height, crop.top + crop.height)
    return right > left && bottom > top
      ? [{ left: left - crop.left, top: top - crop.top, width: right - left, height: bottom - top }]
      : []
  })
}
