import type { Species as PetSpecies } from '../contracts/species.ts'
import { type Box, boxArea, intersectionArea, squareCropBox } from './boxes.ts'
import type { Detection, DetectOptions, Detector } from './detect.ts'
import type { Embedder } from './embed.ts'
import { VisionError } from './errors.ts'
import type { RgbImage } from './image.ts'
import { detectorClassScores } from './pet-check.ts'

export interface AnalyzedPet {
  readonly species: PetSpecies
  readonly box: Box
  readonly score: number
  /** L2-normalised, from the model named by `Analysis.modelId`. */
  readonly embedding: Float32Array
  /** The pet check's probability that the crop is a dog or cat (absent when the model has no check). */
  readonly petProbability?: number
}

export interface Analysis {
  /** Best first; never includes a pet box that lies mostly inside a person box. */
  readonly pets: readonly AnalyzedPet[]
  readonly hasPeople: boolean
  /** Every person box the detector found: what a stored or shown copy of the photo must mask. */
  readonly people: readonly Box[]
  /** A person dominates the frame (large, and larger than any pet): lost/found photos are refused. */
  readonly personIsMainSubject: boolean
  readonly modelId: string
  readonly detectorId: string
}

export interface AnalyzeOptions extends DetectOptions {
  /** At most this many pets are embedded per image. */
  readonly maxPets?: number
  /** A pet box whose area lies more than this fraction inside a person box is dropped (never embed people). */
  readonly maxPetInsidePerson?: number
  /** A person box covering at least this fraction of the image, and bigger than every pet, is the main subject. */
  readonly mainSubjectMinArea?: number
}

/** The COCO animal classes a pet check may read the detector's scores of (scripts/train-pet-check.ts --class-scores). */
export const PET_CHECK_CLASS_LABELS = [
  'dog',
  'cat',
  'bird',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
  'teddy bear',
] as const
/** Other classes' detections from this score up are kept for such a check (they are not pets and are not returned as such). */
export const CLASS_SCORE_FLOOR = 0.05

export const DEFAULT_ANALYZE_OPTIONS = { maxPets: 3, maxPetInsidePerson: 0.6, mainSubjectMinArea: 0.1 } as const

/** Pure: which detected pets may be embedded, given the people in the frame. */
export function selectPets(detections: readonly Detection[], options: AnalyzeOptions = {}) {
  const { maxPets, maxPetInsidePerson, mainSubjectMinArea } = { ...DEFAULT_ANALYZE_OPTIONS, ...options }
  const people = detections.filter((d) => d.species === 'person')
  const pets = detections
    .filter((d): d is Detection & { species: PetSpecies } => d.species === 'dog' || d.species === 'cat')
    .filter((pet) => people.every((p) => intersectionArea(pet.box, p.box) <= maxPetInsidePerson * boxArea(pet.box)))
    .slice(0, maxPets)
  const largestPet = Math.max(
    0,
    ...detections.filter((d) => d.species === 'dog' || d.species === 'cat').map((d) => boxArea(d.box)),
  )
  const personIsMainSubject = people.some((p) => boxArea(p.box) >= mainSubjectMinArea && boxArea(p.box) > largestPet)
  return { pets, hasPeople: people.length > 0, personIsMainSubject }
}

const PERSON_MASK_GREY = 128

/**
 * Pure: a copy of the image with every person box painted grey, except where it overlaps `keep` (the
 * pet's own box), so a pet crop's margin never carries a person's pixels into an embedding.
 */
export function maskPeople(image: RgbImage, people: readonly Box[], keep: Box): RgbImage {
  const data = new Uint8Array(image.data)
  const px = (f: number, size: number) => Math.min(size, Math.max(0, Math.round(f * size)))
  const kx0 = px(keep.x, image.width),
    kx1 = px(keep.x + keep.width, image.width)
  const ky0 = px(keep.y, image.height),
    ky1 = px(keep.y + keep.height, image.height)
  for (const p of people) {
    for (let y = px(p.y, image.height); y < px(p.y + p.height, image.height); y++) {
      for (let x = px(p.x, image.width); x < px(p.x + p.width, image.width); x++) {
        if (x >= kx0 && x < kx1 && y >= ky0 && y < ky1) continue
        data.fill(PERSON_MASK_GREY, (y * image.width + x) * 3, (y * image.width + x) * 3 + 3)
      }
    }
  }
  return { data, width: image.width, height: image.height }
}

export async function analyzeImage(
  image: RgbImage,
  detector: Detector,
  embedder: Embedder,
  options: AnalyzeOptions = {},
): Promise<Analysis> {
  const classLabels = embedder.petCheckClassLabels
  const seen = await detector.detect(
    image,
    classLabels ? { ...options, thresholds: { ...options.thresholds, other: CLASS_SCORE_FLOOR } } : options,
  )
  const floor = options.thresholds?.other ?? detector.info.thresholds.other
  const detections = classLabels ? seen.filter((d) => d.species !== 'other' || d.score >= floor) : seen
  const { pets, hasPeople, personIsMainSubject } = selectPets(detections, options)
  const people = detections.filter((d) => d.species === 'person').map((d) => d.box)
  const crops = pets.map((p) => squareCropBox(p.box, image.width, image.height))
  const scores = classLabels ? pets.map((p) => detectorClassScores(classLabels, seen, p.box)) : undefined
  const embed = async (img: RgbImage, boxes: readonly Box[], s?: Float32Array[]) =>
    embedder.embedPets
      ? embedder.embedPets(img, boxes, s)
      : (await embedder.embedBoxes(img, boxes)).map((embedding) => ({
          embedding,
          isPet: true,
          petProbability: undefined,
        }))
  // With nobody in the frame all crops come from the image as it is; otherwise each pet gets its own mask.
  const embedded = people.length
    ? (
        await Promise.all(
          pets.map((p, i) => embed(maskPeople(image, people, p.box), [crops[i]!], scores && [scores[i]!])),
        )
      ).map((e) => e[0]!)
    : await embed(image, crops, scores)
  // Crops the pet check calls another animal (a raccoon, a fox …) are dropped: never a sighting.
  const kept = pets.map((p, i) => ({ p, e: embedded[i] })).filter(({ e }) => e?.isPet !== false)
  return {
    pets: kept.map(({ p, e }) => ({
      species: p.species,
      box: p.box,
      score: p.score,
      embedding: e?.embedding ?? new Float32Array(),
      ...(e?.petProbability === undefined ? {} : { petProbability: e.petProbability }),
    })),
    hasPeople,
    people,
    personIsMainSubject,
    modelId: embedder.info.id,
    detectorId: detector.info.id,
  }
}

/** For lost-pet and found-pet photos: the pet to store, or a VisionError the server maps to 422. */
export function requirePetPhoto(analysis: Analysis): AnalyzedPet {
  if (analysis.personIsMainSubject) {
    throw new VisionError(
      'PERSON_IS_MAIN_SUBJECT',
      'A person is the main subject of this photo; please send a photo of the pet.',
    )
  }
  const best = analysis.pets[0]
  if (!best) throw new VisionError('NO_PET_FOUND', 'No pet found in this photo.')
  return best
}
