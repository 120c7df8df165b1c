import type { EmbeddingHead } from '../../models/loaders.ts'
import type { EmbeddingModelInfo } from '../../models/registry.ts'
import type { Box } from './boxes.ts'
import type { RgbImage } from './image.ts'
import { type PetCheck, petProbability } from './pet-check.ts'
import { cropPixels, normaliseCrops } from './pixels.ts'
import type { GraphRunner } from './runtime.ts'
import { affine, l2Normalize } from './vector.ts'

export interface Embedder {
  readonly info: EmbeddingModelInfo
  /** One L2-normalised embedding per box (fractions of `image`); boxes should already be square crops. */
  embedBoxes(image: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]>
  /** The pooled frozen-backbone features the head is trained on (mirror-averaged if the model says so). */
  backboneFeatures(image: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]>
  /**
   * Embeddings plus, when the model has a pet check, whether each crop looks like a dog or cat rather
   * than another animal (`isPet`; always true without a check). Same backbone runs as embedBoxes.
   */
  embedPets?(
    image: RgbImage,
    boxes: readonly Box[],
    classScores?: readonly Float32Array[],
  ): Promise<{ embedding: Float32Array; petProbability?: number; isPet: boolean }[]>
  /** COCO classes whose detector scores for each box the pet check also reads (`classScores` of embedPets). */
  readonly petCheckClassLabels?: readonly string[]
}

/** Applies a trained head to one pooled backbone feature; pure, so training and serving share it. */
export function applyHead(head: EmbeddingHead, feature: Float32Array): Float32Array {
  let x: Float32Array = feature.map((v, i) => (v - (head.mean[i] ?? 0)) / (head.std[i] ?? 1))
  head.layers.forEach((layer, index) => {
    x = affine(x, layer.weights, layer.bias)
    if (index < head.layers.length - 1) x = x.map((v) => Math.max(0, v))
  })
  return l2Normalize(x)
}

/** `backbone` maps [n, size, size, 3] crops (0–1) to pooled [n, dim] features. */
export function createEmbedder(
  backbone: GraphRunner,
  info: EmbeddingModelInfo,
  head?: EmbeddingHead,
  petCheck?: PetCheck,
): Embedder {
  if (info.headFile && !head) throw new Error(`${info.id} needs its head (${info.headFile})`)
  if (head && head.outputDim !== info.dimension)
    throw new Error(`${info.id}: head gives ${head.outputDim}-d, registry says ${info.dimension}`)
  const size = info.inputSize

  /** One box (with its mirror image) per backbone run: a bigger batch is barely faster on CPU, and its activations cost ~40 MB a crop. */
  async function featureOf(image: RgbImage, box: Box): Promise<Float32Array> {
    const count = info.flipAverage ? 2 : 1
    const crops = normaliseCrops(cropPixels(image, [box], size, info.flipAverage), count, info.exposure ?? 'none')
    const pooled = await backbone.run(crops, [count, size, size, 3])
    if (!info.flipAverage) return pooled
    const dim = pooled.length / 2
    const feature = pooled.slice(0, dim)
    for (let d = 0; d < dim; d++) feature[d] = (feature[d]! + pooled[dim + d]!) / 2
    return feature
  }

  async function backboneFeatures(image: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]> {
    const features: Float32Array[] = []
    for (const box of boxes) features.push(await featureOf(image, box))
    return features
  }

  const project = (f: Float32Array) => (head ? applyHead(head, f) : l2Normalize(f))
  return {
    info,
    backboneFeatures,
    async embedBoxes(image, boxes) {
      return (await backboneFeatures(image, boxes)).map(project)
    },
    ...(petCheck?.classLabels ? { petCheckClassLabels: petCheck.classLabels } : {}),
    async embedPets(image, boxes, classScores) {
      return (await backboneFeatures(image, boxes)).map((f, i) => {
        if (!petCheck) return { embedding: project(f), isPet: true }
        const p = petProbability(petCheck, f, petCheck.classLabels ? classScores?.[i] : undefined)
        return { embedding: project(f), petProbability: p, isPet: p >= petCheck.threshold }
      })
    },
  }
}
