// Detection figures from cached low-threshold detections: recall on pets, false pets on negatives and people.
import { selectPets } from '../../src/vision/analyze.ts'
import type { DetectorModelInfo } from '../../models/registry.ts'
import { type Detection, filterDetections } from '../../src/vision/detect.ts'
import { speciesOfBreed, type Dataset } from './data.ts'
import type { FeatureCache } from './features.ts'

const isPet = (d: Detection) => d.species === 'dog' || d.species === 'cat'

export interface DetectionFigures {
  thresholds: DetectorModelInfo['thresholds']
  flip_tta: boolean
  /** Breed photos (whole dogs and cats) in which a dog or cat is found. */
  recall: number
  /** … and the best box has the right species. */
  recall_species: number
  recall_by_species: { dog: number; cat: number }
  /** Negative scenes in which any pet is found (goal ≤ 1). */
  false_positives: number
  /** Of those, photos of other animals (label `hard-negative-animal:*`) taken for a dog or cat (goal ≤ 10 %). */
  wild_animals_as_pets: { count: number; of: number; rate: number; files: string[] }
  /** Negative scenes without an animal in which a pet is found (goal 0). */
  empty_scenes_with_pet: number
  false_positive_boxes: number
  false_positive_files: string[]
  /** People photos with any pet box, before the people rules. */
  people_with_pet_boxes: number
  /** People photos that would yield a pet embedding after the people rules (goal 0). */
  people_embedded: number
  people_detected: number
  /** Aligned dog-face crops (not camera-like) in which a pet is found: informational. */
  face_crop_recall: number
}

/** Whether a selected pet box of an image passes the pet check (src/vision/pet-check.ts); absent = no check. */
export type PetFilter = (path: string, pet: Detection) => Promise<boolean>

export async function detectionFigures(
  dataset: Dataset,
  cache: FeatureCache,
  thresholds: DetectorModelInfo['thresholds'],
  flipTta: boolean,
  petFilter?: PetFilter,
): Promise<DetectionFigures> {
  const at = async (path: string) => {
    const cached = await cache.detections(path)
    const detections = filterDetections(flipTta ? cached.flip : cached.plain, thresholds)
    if (!petFilter) return detections
    const keep = await Promise.all(detections.map((d) => (isPet(d) ? petFilter(path, d) : true)))
    return detections.filter((_, i) => keep[i])
  }
  const perSpecies = { dog: { found: 0, total: 0 }, cat: { found: 0, total: 0 } }
  let found = 0
  let foundSpecies = 0
  for (const r of dataset.breeds) {
    const species = speciesOfBreed(r.label)
    const pets = selectPets(await at(r.path)).pets
    perSpecies[species].total++
    if (pets.length > 0) {
      found++
      perSpecies[species].found++
    }
    if (pets[0]?.species === species) foundSpecies++
  }
  let falseImages = 0
  let falseBoxes = 0
  const falseFiles: string[] = []
  for (const r of dataset.negatives) {
    const pets = selectPets(await at(r.path)).pets
    if (pets.length > 0) {
      falseImages++
      falseFiles.push(r.path)
    }
    falseBoxes += pets.length
  }
  const wild = dataset.negatives.filter((r) => /animal/.test(r.label))
  const wildFiles = falseFiles.filter((f) => wild.some((r) => r.path === f))
  let peopleWithPets = 0
  let peopleEmbedded = 0
  let peopleDetected = 0
  for (const r of dataset.people) {
    const detections = await at(r.path)
    if (detections.some(isPet)) peopleWithPets++
    const selected = selectPets(detections)
    if (selected.pets.length > 0) peopleEmbedded++
    if (selected.hasPeople) peopleDetected++
  }
  let faceFound = 0
  for (const r of dataset.identity) if ((await at(r.path)).some(isPet)) faceFound++
  const rate = (a: number, b: number) => (b === 0 ? 0 : a / b)
  return {
    thresholds,
    flip_tta: flipTta,
    recall: rate(found, dataset.breeds.length),
    recall_species: rate(foundSpecies, dataset.breeds.length),
    recall_by_species: {
      dog: rate(perSpecies.dog.found, perSpecies.dog.total),
      cat: rate(perSpecies.cat.found, perSpecies.cat.total),
    },
    false_positives: falseImages,
    false_positive_boxes: falseBoxes,
    false_positive_files: falseFiles,
    wild_animals_as_pets: {
      count: wildFiles.length,
      of: wild.length,
      rate: rate(wildFiles.length, wild.length),
      files: wildFiles,
    },
    empty_scenes_with_pet: falseImages - wildFiles.length,
    people_with_pet_boxes: peopleWithPets,
    people_embedded: peopleEmbedded,
    people_detected: peopleDetected,
    face_crop_recall: rate(faceFound, dataset.identity.length),
  }
}
