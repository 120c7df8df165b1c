import sharp from 'sharp'
import type { Species } from '../../contracts/species.ts'
import { decodeImage } from '../../vision/index.ts'
import type { FrameAnalyzer } from '../analyzer.ts'
import { choosePet, peopleInCrop, shareCropRect } from './share.rules.ts'

export interface ShareImageOptions {
  /** Grown around the pet box on each side, as a fraction of its size. */
  readonly margin?: number
  /** The longer side of the shared picture, at most. */
  readonly maxSide?: number
  readonly quality?: number
}

export type ShareImage =
  | { readonly kind: 'image'; readonly jpeg: Buffer; readonly species: string; readonly peoplePainted: number }
  | { readonly kind: 'no-pet' }

/**
 * What leaves the house when the owner shares: the pet and a margin around it, every person in that crop
 * painted solid grey (a blur can be undone, a fill cannot), re-encoded as a JPEG with no metadata
 * (sharp writes none unless asked: no EXIF, GPS or camera serial).
 */
export async function shareImage(
  analyzer: Pick<FrameAnalyzer, 'detect'>,
  snapshot: Buffer,
  species: Species,
  options: ShareImageOptions = {},
): Promise<ShareImage> {
  const image = await decodeImage(snapshot)
  const detections = await analyzer.detect(image)
  const pet = choosePet(detections, species)
  if (!pet) return { kind: 'no-pet' }
  const crop = shareCropRect(pet.box, image.width, image.height, options.margin ?? 0.2)
  const people = peopleInCrop(
    detections.filter((d) => d.species === 'person').map((d) => d.box),
    crop,
    image.width,
    image.height,
  )
  const pixels = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length)
  // Two passes: sharp composites after resizing, and the fills are placed in the crop's own pixels.
  const painted = await sharp(pixels, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(crop)
    .composite(
      people.map((r) => ({
        input: {
          create: { width: r.width, height: r.height, channels: 3 as const, background: { r: 128, g: 128, b: 128 } },
        },
        left: r.left,
        top: r.top,
      })),
    )
    .raw()
    .toBuffer({ resolveWithObject: true }) // compositing may add an alpha channel: take the layout sharp reports
  const maxSide = options.maxSide ?? 1024
  const { width, height, channels } = painted.info
  const jpeg = await sharp(painted.data, { raw: { width, height, channels } })
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: options.quality ?? 85 })
    .toBuffer()
  return { kind: 'image', jpeg, species: pet.species, peoplePainted: people.length }
}
