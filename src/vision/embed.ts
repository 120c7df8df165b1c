import type { GraphModel } from '@tensorflow/tfjs'
import type { EmbeddingHead } from '../../models/loaders.ts'
import type { EmbeddingModelInfo } from '../../models/registry.ts'
import type { Box } from './boxes.ts'
import { cropBoxes } from './crop.ts'
import type { RgbImage } from './image.ts'
import { imageTensor, tf } from './tf.ts'
import { affine, l2Normalize } from './vector.ts'

const BACKBONE_INPUT = 'input'
const BACKBONE_OUTPUT =
  'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/Conv_1/Relu6'

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

/**
 * Per-crop exposure correction before the backbone, so night and back-lit frames land near daylight ones.
 * 'gain': brighten dark crops to a mean of 0.45 (at most ×4). 'standardise': also stretch flat contrast.
 */
function normaliseExposure(crops: tf.Tensor4D, mode: NonNullable<EmbeddingModelInfo['exposure']>): tf.Tensor4D {
  if (mode === 'none') return crops
  const mean = crops.mean([1, 2, 3], true)
  const gain = tf.clipByValue(tf.div(0.45, mean.add(1e-3)), 1, 4)
  if (mode === 'gain') return tf.clipByValue(crops.mul(gain), 0, 1) as tf.Tensor4D
  const std = tf.sqrt(crops.sub(mean).square().mean([1, 2, 3], true)).add(1e-3)
  const stretch = tf.clipByValue(tf.div(0.22, std), 1, 4)
  return tf.clipByValue(crops.sub(mean).mul(stretch).add(tf.maximum(mean, 0.45)), 0, 1) as tf.Tensor4D
}

export function createEmbedder(backbone: GraphModel, info: EmbeddingModelInfo, head?: EmbeddingHead): Embedder {
  if (info.headFile && !head) throw new Error(`${info.id} needs its head (${info.headFile})`)
  if (head && head.outputDim !== info.dimension) throw new Error(`${info.id}: head gives ${head.outputDim}-d, registry says ${info.dimension}`)

  async function backboneFeatures(image: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]> {
    if (boxes.length === 0) return []
    const pooled = tf.tidy(() => {
      const pixels = imageTensor(image)
      const crops = normaliseExposure(cropBoxes(pixels, boxes, info.inputSize, info.flipAverage).div(255), info.exposure ?? 'none')
      const maps = backbone.execute({ [BACKBONE_INPUT]: crops }, BACKBONE_OUTPUT) as tf.Tensor4D
      const features = maps.mean([1, 2]) as tf.Tensor2D
      if (!info.flipAverage) return features
      const [plain, mirrored] = tf.split(features, 2, 0) as [tf.Tensor2D, tf.Tensor2D]
      return plain.add(mirrored).div(2) as tf.Tensor2D
    })
    const rows = await pooled.data()
    pooled.dispose()
    const dim = rows.length / boxes.length
    return boxes.map((_, i) => Float32Array.from(rows.subarray(i * dim, (i + 1) * dim)))
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
