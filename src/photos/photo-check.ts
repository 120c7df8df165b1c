import { AppError } from '../errors.ts'
import type { Species } from '../searches/search.table.ts'
import type { PetInPhoto, PetPhotoAnalyzer } from './pet-photo.ts'
import type { NormalisedPhoto, PhotoImages } from './photo-format.ts'

/**
 * What a lost or found photo showed. A missed detection is not a refusal: the owner may keep the photo
 * (shown, never matched), and a pet of the other species is asked about rather than silently filed.
 */
export type PhotoVerdict =
  | { readonly kind: 'pet'; readonly pet: PetInPhoto }
  | { readonly kind: 'species-mismatch'; readonly pet: PetInPhoto; readonly seen: Species }
  | { readonly kind: 'no-pet' }

/** The owner's answers to the questions a photo check asks, sent back with the same form. */
export interface PhotoDecisions {
  /** Keep photos with no dog or cat found: they are shown, but not used for matching. */
  readonly keepWithoutPet?: boolean | undefined
  /** The species chosen is right although the detector saw the other one. */
  readonly confirmSpecies?: boolean | undefined
}

export interface CheckedPhoto {
  readonly photo: NormalisedPhoto
  readonly verdict: PhotoVerdict
}

export interface PhotoProblem {
  readonly field: string
  readonly index: number
  readonly problem: 'no-pet' | 'species-mismatch'
  readonly seen?: Species
}

/** Pure: the verdict for the pets a detector saw, against the species the owner chose. */
export function verdictOf(pets: readonly PetInPhoto[], chosen: Species): PhotoVerdict {
  const same = pets.find((p) => p.species === chosen)
  if (same) return { kind: 'pet', pet: same }
  const other = pets[0]
  return other ? { kind: 'species-mismatch', pet: other, seen: other.species } : { kind: 'no-pet' }
}

/** The pet a photo adds to matching: none for a photo kept without a detected pet. */
export const matchingPetOf = (verdict: PhotoVerdict): PetInPhoto | undefined =>
  verdict.kind === 'no-pet' ? undefined : verdict.pet

export interface PhotoIntake {
  readonly petPhotos: PetPhotoAnalyzer
  readonly photoImages: PhotoImages
}

/**
 * Re-encodes and inspects each file in turn, and masks its people in the copy to be stored (also in a photo
 * kept without a pet); an unreadable or person-dominant photo still throws (nothing is written yet).
 */
export async function checkPhotos(
  intake: PhotoIntake,
  files: readonly File[],
  chosen: Species,
  fieldOf: (index: number) => string,
): Promise<CheckedPhoto[]> {
  const checked: CheckedPhoto[] = []
  for (const [index, file] of files.entries()) {
    const label = fieldOf(index)
    const normalised = await intake.photoImages.normalise(new Uint8Array(await file.arrayBuffer()), label)
    const inspection = await intake.petPhotos.inspect(normalised.data, label, chosen)
    const photo = await intake.photoImages.publishable(normalised, inspection, label) // people masked in what is stored and shown
    checked.push({ photo, verdict: verdictOf(inspection.pets, chosen) })
  }
  return checked
}

/** Pure: every photo that needs the owner's word, whether or not it was already given. */
export function photoProblems(checked: readonly CheckedPhoto[], fieldOf: (index: number) => string): PhotoProblem[] {
  return checked.flatMap(({ verdict }, index): PhotoProblem[] => {
    if (verdict.kind === 'no-pet') return [{ field: fieldOf(index), index, problem: 'no-pet' }]
    if (verdict.kind === 'species-mismatch')
      return [{ field: fieldOf(index), index, problem: 'species-mismatch', seen: verdict.seen }]
    return []
  })
}

/**
 * Refuses, changing nothing, while a photo problem has no answer: 422 PHOTO_WITHOUT_PET first, then 409
 * SPECIES_MISMATCH. Both list every problem, so a page can ask about all of them at once.
 */
export function assertPhotoDecisions(problems: readonly PhotoProblem[], decisions: PhotoDecisions, chosen: Species) {
  const noPet = problems.filter((p) => p.problem === 'no-pet')
  const mismatch = problems.filter((p) => p.problem === 'species-mismatch')
  const details = { chosenSpecies: chosen, photos: problems }
  if (noPet.length > 0 && !decisions.keepWithoutPet)
    throw new AppError(
      'PHOTO_WITHOUT_PET',
      `${noPet.map((p) => p.field).join(', ')}: no pet found (no dog or cat in this photo). Remove it, or keep it with keepWithoutPet=true: it is shown, but not used for matching`,
      details,
    )
  if (mismatch.length > 0 && !decisions.confirmSpecies)
    throw new AppError(
      'SPECIES_MISMATCH',
      `${mismatch.map((p) => `${p.field} looks like a ${p.seen}`).join(', ')}, but the report says ${chosen}. Change the species, or confirm it with confirmSpecies=true`,
      details,
    )
}
