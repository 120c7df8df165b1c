// The documented, seeded split of ../shared/data used to train the embedding head (see models/README.md).
import type { Dataset } from './data.ts'
import { splitLabels } from './data.ts'

export const SPLIT_SEED = 20251125
/** Two thirds of the dogs train the head; the rest (never seen in training) are scored. */
export const IDENTITY_TRAIN_FRACTION = 2 / 3
/** 18 of 28 breeds train the head; 10 breeds are held out. */
export const BREED_TRAIN_FRACTION = 18 / 28
export const TRAIN_AUGMENTATIONS = 3

export function trainingSplit(dataset: Dataset) {
  const identity = splitLabels(
    dataset.identity.map((r) => r.label),
    IDENTITY_TRAIN_FRACTION,
    SPLIT_SEED,
  )
  const breeds = splitLabels(
    dataset.breeds.map((r) => r.label),
    BREED_TRAIN_FRACTION,
    SPLIT_SEED + 1,
  )
  return { identity, breeds }
}
