import { AutoModel, env, Tensor } from '@huggingface/transformers'
import sharp from 'sharp'
import { type Box, WHOLE_IMAGE } from './boxes.ts'
import type { RgbImage } from './image.ts'
import { l2Normalize } from './vector.ts'

/**
 * A production embedder an operator drops in as a local ONNX folder (e.g. a CLIP or DINOv2 vision
 * export), loaded with @huggingface/transformers and never fetched from a hub. Layout:
 *   <localModelPath>/<modelName>/config.json, <localModelPath>/<modelName>/onnx/model.onnx
 * Its embeddings are only comparable with each other: give it its own id in models/registry.ts.
 */
export interface OnnxEmbedderOptions {
  readonly localModelPath: string
  readonly modelName: string
  /** The registry id its embeddings carry. */
  readonly modelId: string
  readonly inputSize: number
  /** Per-channel normalisation of rgb / 255 (CLIP: mean 0.4815,0.4578,0.4082; std 0.2686,0.2613,0.2758). */
  readonly mean: readonly [number, number, number]
  readonly std: readonly [number, number, number]
  readonly inputName?: string
  /** Output to use; default `image_embeds`, else the first output. Rank > 2 is mean-pooled over tokens. */
  readonly outputName?: string
}

export interface OnnxEmbedder {
  readonly modelId: string
  embed(image: RgbImage, box?: Box): Promise<Float32Array>
}

async function toPixelValues(image: RgbImage, box: Box, options: OnnxEmbedderOptions): Promise<Tensor> {
  const left = Math.round(box.x * image.width)
  const top = Math.round(box.y * image.height)
  const region = {
    left,
    top,
    width: Math.max(1, Math.min(image.width - left, Math.round(box.width * image.width))),
    height: Math.max(1, Math.min(image.height - top, Math.round(box.height * image.height))),
  }
  const size = options.inputSize
  const pixels = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(region)
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer()
  const chw = new Float32Array(3 * size * size)
  for (let i = 0; i < size * size; i++) {
    for (let c = 0; c < 3; c++) {
      chw[c * size * size + i] = ((pixels[i * 3 + c] ?? 0) / 255 - (options.mean[c] ?? 0)) / (options.std[c] ?? 1)
    }
  }
  return new Tensor('float32', chw, [1, 3, size, size])
}

export async function createOnnxEmbedder(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
  // Privacy and offline operation: model files come from the operator's folder only.
  env.allowRemoteModels = false
  env.allowLocalModels = true
  env.localModelPath = options.localModelPath
  const model = await AutoModel.from_pretrained(options.modelName, {
    local_files_only: true,
    dtype: 'fp32',
    device: 'cpu',
  })
  return {
    modelId: options.modelId,
    async embed(image, box = WHOLE_IMAGE) {
      const input = await toPixelValues(image, box, options)
      const outputs = (await model({ [options.inputName ?? 'pixel_values']: input })) as Record<string, Tensor>
      const output = outputs[options.outputName ?? 'image_embeds'] ?? Object.values(outputs)[0]
      if (!output) throw new Error(`${options.modelName} produced no output`)
      const data = output.data as Float32Array
      const dims = output.dims
      if (dims.length <= 2) return l2Normalize(data)
      // [1, tokens, dim]: mean over tokens.
      const dim = dims[dims.length - 1] ?? data.length
      const tokens = data.length / dim
      const pooled = new Float32Array(dim)
      for (let t = 0; t < tokens; t++)
        for (let d = 0; d < dim; d++) (pooled[d] as number) += (data[t * dim + d] ?? 0) / tokens
      return l2Normalize(pooled)
    },
  }
}
