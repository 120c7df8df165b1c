import { loadEmbeddingHead } from '../../models/loaders.ts'
import {
  DEFAULT_DETECTOR_MODEL_ID,
  DEFAULT_EMBEDDING_MODEL_ID,
  type EmbeddingModelInfo,
  findDetectorModel,
  findEmbeddingModel,
} from '../../models/registry.ts'
import { type Analysis, type AnalyzeOptions, analyzeImage } from './analyze.ts'
import { type Box, WHOLE_IMAGE } from './boxes.ts'
import { createDetector, type Detection } from './detect.ts'
import { createEmbedder, type Embedder } from './embed.ts'
import { DEFAULT_IMAGE_LIMITS, decodeImage, type ImageLimits, type RgbImage } from './image.ts'
import type { OnnxEmbedder, OnnxEmbedderOptions } from './onnx.ts'
import { loadPetCheck } from './pet-check.ts'
import { loadRunners, type RuntimeOptions, type VisionRuntime } from './runtime.ts'

export type { Analysis, AnalyzedPet, AnalyzeOptions } from './analyze.ts'
export { requirePetPhoto, selectPets } from './analyze.ts'
export type { Box } from './boxes.ts'
export type { Detection, DetectOptions, Species } from './detect.ts'
export { isVisionError, VisionError, type VisionErrorCode } from './errors.ts'
export { DEFAULT_IMAGE_LIMITS, decodeImage, rgbImage, type ImageLimits, type RgbImage } from './image.ts'
export type { OnnxEmbedderOptions } from './onnx.ts'
export type { RuntimeOptions, VisionRuntime } from './runtime.ts'
export { cosineDistance, cosineSimilarity, l2Normalize } from './vector.ts'

/** An encoded image file (JPEG, PNG, WebP …) or pixels already decoded with `decodeImage`/`rgbImage`. */
export type ImageInput = Buffer | Uint8Array | RgbImage

export interface VisionPipelineOptions extends RuntimeOptions {
  readonly embeddingModelId?: string
  readonly detectorModelId?: string
  readonly imageLimits?: ImageLimits
  /** Defaults for every `detect`/`analyze` call (thresholds, flip TTA, people rules). */
  readonly analyze?: AnalyzeOptions
  /**
   * Embed with an operator's local ONNX export instead of the built-in model. Its `modelId` must be
   * registered in models/registry.ts (with its dimension), or the server could not accept its vectors.
   */
  readonly onnx?: OnnxEmbedderOptions
}

export interface VisionPipeline {
  /** The embedding model id every embedding from this pipeline carries. */
  readonly modelId: string
  readonly dimension: number
  readonly detectorId: string
  /** Where the detector and backbone run: onnxruntime-node unless it could not load (see RuntimeOptions). */
  readonly runtime: VisionRuntime
  /** Milliseconds spent loading the models. */
  readonly loadMs: number
  detect(image: ImageInput): Promise<Detection[]>
  /** Embeds the whole input as one crop (e.g. an already-cropped pet face); L2-normalised. */
  embed(crop: ImageInput): Promise<Float32Array>
  analyze(image: ImageInput): Promise<Analysis>
}

/** Lets an ONNX drop-in stand where the tfjs embedder does; it checks the registered dimension on use. */
function onnxAdapter(onnx: OnnxEmbedder, info: EmbeddingModelInfo): Embedder {
  const embedBoxes = async (image: RgbImage, boxes: readonly Box[]) => {
    const out: Float32Array[] = []
    for (const box of boxes) {
      const embedding = await onnx.embed(image, box)
      if (embedding.length !== info.dimension)
        throw new Error(`${info.id}: ONNX gives ${embedding.length}-d, registry says ${info.dimension}`)
      out.push(embedding)
    }
    return out
  }
  return { info, embedBoxes, backboneFeatures: embedBoxes }
}

// Loaded only when asked for: @huggingface/transformers is large and only the drop-in path needs it.
const onnxModule = () => import('./onnx.ts')

const missingOnnx = (): never => {
  throw new Error('no backbone and no ONNX model')
}

const isDecoded = (input: ImageInput): input is RgbImage => 'data' in input && 'width' in input && 'height' in input

/** Loads the detector and embedder once; reuse the returned pipeline for every image. */
export async function createVisionPipeline(options: VisionPipelineOptions = {}): Promise<VisionPipeline> {
  const started = performance.now()
  const embeddingInfo = findEmbeddingModel(
    options.onnx?.modelId ?? options.embeddingModelId ?? DEFAULT_EMBEDDING_MODEL_ID,
  )
  const detectorInfo = findDetectorModel(options.detectorModelId ?? DEFAULT_DETECTOR_MODEL_ID)
  if (!embeddingInfo)
    throw new Error(
      `Unknown embedding model: ${options.onnx?.modelId ?? options.embeddingModelId} (add it to models/registry.ts)`,
    )
  if (!detectorInfo) throw new Error(`Unknown detector model: ${options.detectorModelId}`)
  const [runners, head, petCheck] = await Promise.all([
    loadRunners(detectorInfo, options.onnx ? undefined : embeddingInfo, options),
    !options.onnx && embeddingInfo.headFile ? loadEmbeddingHead(embeddingInfo.headFile) : undefined,
    !options.onnx && embeddingInfo.petCheckFile ? loadPetCheck(embeddingInfo.petCheckFile) : undefined,
  ])
  const { backbone } = runners
  const detector = createDetector(runners.detector, detectorInfo, options.analyze)
  const embedder =
    options.onnx || !backbone
      ? onnxAdapter(await (await onnxModule()).createOnnxEmbedder(options.onnx ?? missingOnnx()), embeddingInfo)
      : createEmbedder(backbone, embeddingInfo, head, petCheck)
  const limits = options.imageLimits ?? DEFAULT_IMAGE_LIMITS
  const toPixels = (input: ImageInput) => (isDecoded(input) ? Promise.resolve(input) : decodeImage(input, limits))
  // Warm up once so the first real request pays for neither WASM kernel compilation nor ORT's first-run allocations.
  const blank: RgbImage = { data: new Uint8Array(64 * 64 * 3), width: 64, height: 64 }
  await detector.detect(blank)
  await embedder.embedBoxes(blank, [WHOLE_IMAGE])

  return {
    modelId: embeddingInfo.id,
    dimension: embeddingInfo.dimension,
    detectorId: detectorInfo.id,
    runtime: runners.runtime,
    loadMs: performance.now() - started,
    detect: async (image) => detector.detect(await toPixels(image)),
    embed: async (crop) => {
      const [embedding] = await embedder.embedBoxes(await toPixels(crop), [WHOLE_IMAGE])
      if (!embedding) throw new Error('embedder returned nothing')
      return embedding
    },
    analyze: async (image) => analyzeImage(await toPixels(image), detector, embedder, options.analyze),
  }
}
