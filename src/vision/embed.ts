import type { EmbeddingHead } from '../../models/loaders.ts'
import type { EmbeddingModelInfo } from '../../models/registry.ts'
import type { Box } from './boxes.ts'
import type { RgbImage } from './image.ts'
import { cropPixels, normaliseCrops } from './pixels.ts'
import type { GraphRunner } from './runtime.ts'
import { affine, l2Normalize } from './vector.ts'

export interface Embedder {
  readonly info: EmbeddingModelInfo
  /** One L2-normalised embedding per box (fractions of `image`); boxes should already be square crops. */
  embedBoxes(image: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]>
  /** The pooled frozen-backbone features the head is trained on (mirror-averaged if the model says so). */
  backboneFeatures(image: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]>
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
export function createEmbedder(backbone: GraphRunner, info: EmbeddingModelInfo, head?: EmbeddingHead): Embedder {
  if (info.headFile && !head) throw new Error(`${info.id} needs its head (${info.headFile})`)
  if (head && head.outputDim !== info.dimension) throw new Error(`${info.id}: head gives ${head.outputDim}-d, registry says ${info.dimension}`)
  const size = info.inputSize

  async function backboneFeatures(image: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]> {
    if (boxes.length === 0) return []
    // All crops (and their mirror images) go through the backbone as one batch.
    const count = boxes.length * (info.flipAverage ? 2 : 1)
    const crops = normaliseCrops(cropPixels(image, boxes, size, info.flipAverage), count, info.exposure ?? 'none')
    const pooled = await backbone.run(crops, [count, size, size, 3])
    const dim = pooled.length / count
    return boxes.map((_, i) => {
      const feature = pooled.slice(i * dim, (i + 1) * dim)
      if (!info.flipAverage) return feature
      const mirrored = pooled.subarray((boxes.length + i) * dim, (boxes.length + i + 1) * dim)
      for (let d = 0; d < dim; d++) feature[d] = (feature[d]! + mirrored[d]!) / 2
      return feature
    })
  }

  return {
    info,
    backboneFeatures,
    async embedBoxes(image, boxes) {
      const features = await backboneFeatures(image, boxes)
      return features.map((f) => (head ? applyHead(head, f) : l2Normalize(f)))
    },
  }
}
