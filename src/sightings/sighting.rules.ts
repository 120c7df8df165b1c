export { MAX_BATCH_SIZE, MAX_EMBEDDING_DIMENSION } from '../contracts/device-wire.ts'
export const CAPTURE_CLOCK_SKEW_MS = 5 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000

/**
 * Base64 and raw openings of JPEG, PNG, WebP, GIF, HEIC/AVIF, plus data: URLs. A sighting carries
 * numbers and short ids only; any of these in its body means someone is trying to upload an image.
 */
const IMAGE_MARKERS = [
  '/9j/', // JPEG, base64
  'iVBORw0KGgo', // PNG, base64
  'UklGR', // RIFF (WebP), base64
  'R0lGOD', // GIF, base64
  'AAAAGGZ0eXA', // ISO-BMFF (HEIC/AVIF), base64
  'AAAAHGZ0eXA',
  'AAAAIGZ0eXA',
  'data:image/',
  '\u00ff\u00d8\u00ff', // JPEG, raw bytes read as latin1/utf-8 replacement
  '\u0089PNG',
  '\ufffdPNG', // PNG's first byte after a lossy UTF-8 decode
  'WEBPVP8',
  'ftypheic',
  'ftypavif',
]

export function containsImageBytes(body: string): boolean {
  return IMAGE_MARKERS.some((marker) => body.includes(marker))
}

export type CaptureCheck = 'ok' | 'in-future' | 'expired'

/** A capture older than the camera's retention would be deleted at once, so it is not stored at all. */
export function checkCapturedAt(capturedAt: Date, now: Date, retentionHours: number): CaptureCheck {
  if (capturedAt.getTime() > now.getTime() + CAPTURE_CLOCK_SKEW_MS) return 'in-future'
  if (capturedAt.getTime() + retentionHours * HOUR_MS <= now.getTime()) return 'expired'
  return 'ok'
}

export function sightingExpiry(capturedAt: Date, retentionHours: number): Date {
  return new Date(capturedAt.getTime() + retentionHours * HOUR_MS)
}
