// The second look at a detected pet: COCO's detector has no raccoon, fox or squirrel class and calls them
// dogs or cats, so a logistic "pet or other animal" check on the crop's backbone features decides whether
// the crop may be embedded. Pure apart from loading; costs one 1792-d dot product a crop.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MODELS_DIR } from '../../models/loaders.ts'
import { type Box, iou } from './boxes.ts'
import { l2Normalize } from './vector.ts'

/** The check's input: the L2-normalised crop feature, then the detector's class scores if the check uses them. */
export function petCheckInput(feature: Float32Array, classScores?: Float32Array): Float32Array {
  const x = l2Normalize(feature)
  if (!classScores?.length) return x
  const out = new Float32Array(x.length + classScores.length)
  out.set(x)
  out.set(classScores, x.length)
  return out
}

export interface PetCheck {
  readonly id: string
  /** Standardise the L2-normalised feature, then w·x + b → logistic. */
  readonly mean: Float32Array
  readonly std: Float32Array
  readonly weights: Float32Array
  readonly bias: number
  /** Crops scoring below this are not pets (chosen by cross-validation: see models/README.md). */
  readonly threshold: number
  /**
   * COCO classes whose detector scores for the pet's box (`detectorClassScores`) follow the backbone features
   * in the check's input; none for a check on the crop's features alone.
   */
  readonly classLabels?: readonly string[]
}

interface PetCheckJson {
  id: string
  mean: number[]
  std: number[]
  weights: number[]
  bias: number
  threshold: number
  classLabels?: string[]
}

export async function loadPetCheck(file: string): Promise<PetCheck> {
  const json = JSON.parse(await readFile(join(MODELS_DIR, file), 'utf8')) as PetCheckJson
  if (json.weights.length !== json.mean.length || json.std.length !== json.mean.length)
    throw new Error(`${file}: tensor sizes differ`)
  return {
    id: json.id,
    mean: Float32Array.from(json.mean),
    std: Float32Array.from(json.std),
    weights: Float32Array.from(json.weights),
    bias: json.bias,
    threshold: json.threshold,
    ...(json.classLabels ? { classLabels: json.classLabels } : {}),
  }
}

interface ScoredBox {
  readonly label: string
  readonly score: number
  readonly box: Box
}

/** Per label, the best score of a detection of that label overlapping `box` (IoU ≥ 0.3); 0 where none does. */
export function detectorClassScores(
  labels: readonly string[],
  detections: readonly ScoredBox[],
  box: Box,
): Float32Array {
  return Float32Array.from(labels, (label) =>
    Math.max(0, ...detections.filter((d) => d.label === label && iou(d.box, box) >= 0.3).map((d) => d.score)),
  )
}

/** Probability that the pooled backbone feature of a crop shows a dog or a cat rather than another animal or thing. */
export function petProbability(
  check: Pick<PetCheck, 'mean' | 'std' | 'weights' | 'bias'>,
  feature: Float32Array,
  classScores?: Float32Array,
): number {
  const x = petCheckInput(feature, classScores)
  if (x.length !== check.weights.length)
    throw new Error(`pet check expects ${check.weights.length}-d features, got ${x.length}`)
  let z = check.bias
  for (let i = 0; i < x.length; i++)
    z += (check.weights[i] as number) * (((x[i] as number) - (check.mean[i] as number)) / (check.std[i] as number))
  return 1 / (1 + Math.exp(-z))
}
