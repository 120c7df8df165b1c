/** What is known of an upload before any decoder runs: the part of photo intake that needs no native code. */
export type PhotoFormat = 'jpeg' | 'png' | 'webp'

/** Where people and pets are in a photo, in fractions of its size (the vision pipeline's boxes). */
export interface PeopleInPhoto {
  readonly people: readonly PhotoBox[]
  /** The pets' own boxes: never painted over, so the pet stays recognisable. */
  readonly petBoxes: readonly PhotoBox[]
}

export interface PhotoBox {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface NormalisedPhoto {
  readonly data: Uint8Array
  readonly contentType: 'image/jpeg'
  readonly width: number
  readonly height: number
}

/** Identifies the format by its leading bytes, not by the name or type the client claims. */
export function sniffPhotoFormat(bytes: Uint8Array): PhotoFormat | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (bytes.length >= 8 && ascii(1, 4) === 'PNG' && bytes[0] === 0x89) return 'png'
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  return undefined
}

/**
 * Decoding and re-encoding uploads (upright, EXIF gone, at most STORED_PHOTO_MAX_SIDE): sharp on Node
 * (photo-image.ts); a runtime without sharp brings its own adapter or refuses photos.
 */
export interface PhotoImages {
  normalise(bytes: Uint8Array, label: string): Promise<NormalisedPhoto>
  /** The copy that may be stored and shown: the people found in it masked (photo-mask.ts), or a refusal. */
  publishable(photo: NormalisedPhoto, found: PeopleInPhoto, label?: string): Promise<NormalisedPhoto>
}
