// Pure box geometry: letterbox mapping, IoU, non-maximum suppression, crop margins.

/** A box in fractions of the (EXIF-rotated) image: 0 ≤ x, y and x + width, y + height ≤ 1. */
export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export const boxArea = (b: Box) => Math.max(0, b.width) * Math.max(0, b.height)

export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b)
  const union = boxArea(a) + boxArea(b) - inter
  return union > 0 ? inter / union : 0
}

/** Greedy NMS: keeps the best-scoring box of each overlapping group (IoU above `maxIou`). */
export function nonMaxSuppression<T extends { box: Box; score: number }>(items: readonly T[], maxIou: number): T[] {
  const kept: T[] = []
  for (const item of [...items].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => iou(k.box, item.box) <= maxIou)) kept.push(item)
  }
  return kept
}

/** Where an image of `width`×`height` lands when fitted, aspect kept, into a `size`² square, centred. */
export interface Letterbox {
  readonly scale: number
  readonly padX: number
  readonly padY: number
  readonly width: number
  readonly height: number
}

export function letterbox(width: number, height: number, size: number): Letterbox {
  const scale = size / Math.max(width, height)
  const w = Math.max(1, Math.round(width * scale))
  const h = Math.max(1, Math.round(height * scale))
  return { scale, padX: Math.floor((size - w) / 2), padY: Math.floor((size - h) / 2), width: w, height: h }
}

/** Maps a detector box in letterboxed input pixels back to fractions of the original image, clipped. */
export function fromLetterbox(lb: Letterbox, x1: number, y1: number, x2: number, y2: number): Box {
  const clip = (v: number) => Math.min(1, Math.max(0, v))
  const left = clip((x1 - lb.padX) / lb.width)
  const top = clip((y1 - lb.padY) / lb.height)
  const right = clip((x2 - lb.padX) / lb.width)
  const bottom = clip((y2 - lb.padY) / lb.height)
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) }
}

/**
 * Grows a pet box by `margin` of its size on each side and makes it square in pixels (so the
 * embedder sees the animal undistorted), staying inside the image.
 */
export function squareCropBox(box: Box, imageWidth: number, imageHeight: number, margin = 0.1): Box {
  const cx = (box.x + box.width / 2) * imageWidth
  const cy = (box.y + box.height / 2) * imageHeight
  const side = Math.min(
    Math.max(box.width * imageWidth, box.height * imageHeight) * (1 + 2 * margin),
    Math.max(imageWidth, imageHeight),
  )
  const left = Math.min(Math.max(0, cx - side / 2), Math.max(0, imageWidth - side))
  const top = Math.min(Math.max(0, cy - side / 2), Math.max(0, imageHeight - side))
  const w = Math.min(side, imageWidth)
  const h = Math.min(side, imageHeight)
  return { x: left / imageWidth, y: top / imageHeight, width: w / imageWidth, height: h / imageHeight }
}

export const WHOLE_IMAGE: Box = { x: 0, y: 0, width: 1, height: 1 }
