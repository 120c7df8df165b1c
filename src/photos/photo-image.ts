import sharp, { type Metadata } from 'sharp'
import { AppError } from '../errors.ts'
import { sniffPhotoFormat, type NormalisedPhoto, type PhotoImages } from './photo-format.ts'
import { publishablePhoto } from './photo-mask.ts'

export { sniffPhotoFormat, type NormalisedPhoto, type PhotoFormat } from './photo-format.ts'

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
export const MAX_PHOTO_PIXELS = 40_000_000
export const MIN_PHOTO_SIDE = 32
/** Stored photos are downscaled to this long side: plenty for a flyer or a match, small to serve. */
export const STORED_PHOTO_MAX_SIDE = 2048

/**
 * Decodes a JPEG, PNG or WebP upload and re-encodes it as a fresh JPEG, upright per its EXIF orientation.
 * sharp writes no metadata unless asked, so EXIF, GPS and camera details are gone from what is stored.
 */
export async function normalisePhoto(bytes: Uint8Array, label = 'photo'): Promise<NormalisedPhoto> {
  if (bytes.byteLength > MAX_PHOTO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `${label} is larger than 10 MB`)
  const format = sniffPhotoFormat(bytes)
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${label} is not a JPEG, PNG or WebP image`)
  let meta: Metadata
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    throw new AppError('UNPROCESSABLE', `${label} could not be read as an image (corrupt file?)`)
  }
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  if (width * height > MAX_PHOTO_PIXELS) throw new AppError('PAYLOAD_TOO_LARGE', `${label} has more than 40 megapixels`)
  if (width < MIN_PHOTO_SIDE || height < MIN_PHOTO_SIDE)
    throw new AppError('UNPROCESSABLE', `${label} is too small (at least ${MIN_PHOTO_SIDE}×${MIN_PHOTO_SIDE} pixels)`)
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'warning' })
      .rotate()
      .resize({ width: STORED_PHOTO_MAX_SIDE, height: STORED_PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true })
    return { data, contentType: 'image/jpeg', width: info.width, height: info.height }
  } catch {
    throw new AppError('UNPROCESSABLE', `${label} could not be decoded (corrupt or truncated image)`)
  }
}

/** The photo-images port on Node: sharp. */
export const sharpPhotoImages: PhotoImages = { normalise: normalisePhoto, publishable: publishablePhoto }
