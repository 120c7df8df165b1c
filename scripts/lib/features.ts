// Computes (and caches on disk) what evaluation and training need from the frozen models:
// raw low-threshold detections per image and pooled backbone features per (image, variant).
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import {
  BASELINE_EMBEDDING_MODEL_ID,
  DEFAULT_DETECTOR_MODEL_ID,
  type EmbeddingModelInfo,
  findDetectorModel,
  findEmbeddingModel,
} from '../../models/registry.ts'
import { type Box, squareCropBox, WHOLE_IMAGE } from '../../src/vision/boxes.ts'
import { createDetector, type Detection, type Detector } from '../../src/vision/detect.ts'
import { createEmbedder, type Embedder } from '../../src/vision/embed.ts'
import { decodeImage, type RgbImage } from '../../src/vision/image.ts'
import { loadRunners, type RuntimeOptions, type VisionRuntime } from '../../src/vision/runtime.ts'
import {
  boxDenoise,
  cameraAugment,
  darkened,
  gammaLift,
  greyscale,
  infraredLike,
  lowLight,
  motionBlur,
  occlude,
  trainingAugment,
} from './augment.ts'

export interface Models {
  detector: Detector
  embedder: Embedder
  runtime: VisionRuntime
}

export type Exposure = NonNullable<EmbeddingModelInfo['exposure']>

/** What the cached features depend on besides the image: the crop preprocessing and the detector (for crops). */
export interface FeatureSettings {
  readonly exposure: Exposure
  /** Average the pooled features of the crop and its mirror image (two backbone runs) or not (one). */
  readonly flipAverage: boolean
  readonly detectorId: string
}

/** The settings an embedding model's head is trained and evaluated with, on the given detector. */
export function featureSettingsOf(
  model: EmbeddingModelInfo | undefined,
  detectorId = DEFAULT_DETECTOR_MODEL_ID,
): FeatureSettings {
  return { exposure: model?.exposure ?? 'none', flipAverage: model?.flipAverage ?? true, detectorId }
}

/** The frozen detector and backbone (no head), with the given crop preprocessing. */
export async function loadFrozenModels(settings: FeatureSettings, runtime: RuntimeOptions = {}): Promise<Models> {
  const detectorInfo = findDetectorModel(settings.detectorId)
  const embedInfo = findEmbeddingModel(BASELINE_EMBEDDING_MODEL_ID)
  if (!detectorInfo || !embedInfo) throw new Error('registry is missing the frozen models')
  const runners = await loadRunners(detectorInfo, embedInfo, runtime)
  if (!runners.backbone) throw new Error('no backbone runner')
  return {
    detector: createDetector(runners.detector, detectorInfo),
    embedder: createEmbedder(runners.backbone, {
      ...embedInfo,
      exposure: settings.exposure,
      flipAverage: settings.flipAverage,
    }),
    runtime: runners.runtime,
  }
}

/** Everything below this score is dropped at cache time; thresholds above it are applied later. */
export const CACHE_MIN_SCORE = 0.05
const LOW = { pet: CACHE_MIN_SCORE, petWithoutPeople: CACHE_MIN_SCORE, person: CACHE_MIN_SCORE, other: CACHE_MIN_SCORE }

/**
 * 'crop' = best detected pet box; `aug<k>` colour jitter + sub-crop; `cam<k>` camera-like augmentation
 * (scripts/lib/augment.ts) of the whole photo; `cropcam<k>` the same on the best detected pet box.
 */
export type Condition = 'ir' | 'lowlight' | 'blur' | 'occluded'
/**
 * Test-time variants (scripts/test-time-cv.ts): gallery-side `grey`, `dark`, `blur7` copies of a clean photo;
 * query-side `lowlight-dn` (denoised) and `lowlight-gamma`; `<v>-centre` = the central 80 % of variant v.
 */
export type TestTimeVariant =
  'grey' | 'dark' | 'blur7' | 'lowlight-dn' | 'lowlight-gamma' | 'whole-centre' | `${Condition}-centre`
export type Variant =
  'whole' | Condition | 'crop' | TestTimeVariant | `aug${number}` | `cam${number}` | `cropcam${number}`

const CENTRE: Box = { x: 0.1, y: 0.1, width: 0.8, height: 0.8 }

export function variantImage(image: RgbImage, variant: Variant, seed: number): { image: RgbImage; box: Box } {
  if (variant.endsWith('-centre'))
    return { image: variantImage(image, variant.slice(0, -7) as Variant, seed).image, box: CENTRE }
  switch (variant) {
    case 'grey':
      return { image: greyscale(image), box: WHOLE_IMAGE }
    case 'dark':
      return { image: darkened(image, seed), box: WHOLE_IMAGE }
    case 'blur7':
      return { image: motionBlur(image, 7), box: WHOLE_IMAGE }
    case 'lowlight-dn':
      return { image: boxDenoise(lowLight(image, seed)), box: WHOLE_IMAGE }
    case 'lowlight-gamma':
      return { image: gammaLift(boxDenoise(lowLight(image, seed))), box: WHOLE_IMAGE }
    case 'ir':
      return { image: infraredLike(image), box: WHOLE_IMAGE }
    case 'lowlight':
      return { image: lowLight(image, seed), box: WHOLE_IMAGE }
    case 'blur':
      return { image: motionBlur(image), box: WHOLE_IMAGE }
    case 'occluded':
      return { image: occlude(image, seed), box: WHOLE_IMAGE }
    default:
      if (variant.startsWith('aug')) return trainingAugment(image, seed * 31 + Number(variant.slice(3)))
      if (variant.startsWith('cam')) return cameraAugment(image, seed * 37 + Number(variant.slice(3)))
      if (variant.startsWith('cropcam'))
        return { image: cameraAugment(image, seed * 41 + Number(variant.slice(7))).image, box: WHOLE_IMAGE }
      return { image, box: WHOLE_IMAGE }
  }
}

type DetectionsFile = Record<string, { plain: Detection[]; flip: Detection[] }>
type FeaturesFile = Record<string, string>

/** Best pet box among cached detections (score ≥ minScore), else none. */
export function bestPet(detections: readonly Detection[], minScore: number): Detection | undefined {
  return detections
    .filter((d) => (d.species === 'dog' || d.species === 'cat') && d.score >= minScore)
    .sort((a, b) => b.score - a.score)[0]
}

export const CROP_MIN_SCORE = 0.1

/** One cache per data folder: detections are shared, features are kept per crop preprocessing. */
export class FeatureCache {
  private constructor(
    private readonly files: { detections: string; features: string },
    private readonly data: { detections: DetectionsFile; features: FeaturesFile },
    private readonly dataDir: string,
    private readonly models: Models,
  ) {}
  private dirty = 0

  /**
   * Caches are kept per runtime too, so figures from onnxruntime are never mixed with tfjs ones, and per
   * detector (detections, and the pet crops features are taken from).
   */
  static async open(
    dataDir: string,
    settings: FeatureSettings,
    runtime: RuntimeOptions = {},
    cacheDir = 'reports/cache',
  ) {
    const models = await loadFrozenModels(settings, runtime)
    const key = `${createHash('sha1').update(resolve(dataDir)).digest('hex').slice(0, 10)}-${models.runtime}-${settings.detectorId}`
    await mkdir(cacheDir, { recursive: true })
    const flip = settings.flipAverage ? '' : '-noflip'
    const files = {
      detections: join(cacheDir, `detections-${key}.json`),
      features: join(cacheDir, `features-${key}-${settings.exposure}${flip}.json`),
    }
    const read = async <T>(file: string, empty: T): Promise<T> =>
      existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as T) : empty
    const data = {
      detections: await read<DetectionsFile>(files.detections, {}),
      features: await read<FeaturesFile>(files.features, {}),
    }
    return new FeatureCache(files, data, dataDir, models)
  }

  get runtime(): VisionRuntime {
    return this.models.runtime
  }

  private decode(path: string) {
    return readFile(join(this.dataDir, path)).then((buf) => decodeImage(buf))
  }

  async detections(path: string) {
    const hit = this.data.detections[path]
    if (hit) return hit
    const image = await this.decode(path)
    const entry = {
      plain: await this.models.detector.detect(image, { thresholds: LOW }),
      flip: await this.models.detector.detect(image, { thresholds: LOW, flipTta: true }),
    }
    this.data.detections[path] = entry
    await this.tick()
    return entry
  }

  /** The cached feature, or undefined (never computes: for reading a cache another process is filling). */
  cached(path: string, variant: Variant): Float32Array | undefined {
    const hit = this.data.features[`${variant}|${path}`]
    return hit ? new Float32Array(new Uint8Array(Buffer.from(hit, 'base64')).buffer) : undefined
  }

  /** Pooled backbone feature of `path` under `variant` ('crop' = best detected pet, whole image if none). */
  async feature(path: string, variant: Variant, seed = 0): Promise<Float32Array> {
    const key = `${variant}|${path}`
    const hit = this.data.features[key]
    if (hit) return new Float32Array(new Uint8Array(Buffer.from(hit, 'base64')).buffer)
    const decoded = await this.decode(path)
    const { image, box: variantBox } = variantImage(decoded, variant, seed)
    let box = variantBox
    if (variant === 'crop' || variant.startsWith('cropcam')) {
      const pet = bestPet((await this.detections(path)).plain, CROP_MIN_SCORE)
      box = pet ? squareCropBox(pet.box, image.width, image.height) : WHOLE_IMAGE
    }
    const [feature] = await this.models.embedder.backboneFeatures(image, [box])
    if (!feature) throw new Error(`no feature for ${key}`)
    this.data.features[key] = Buffer.from(feature.buffer, feature.byteOffset, feature.byteLength).toString('base64')
    await this.tick()
    return feature
  }

  /** Pooled backbone feature of a detected pet's crop (its box made square, as analyze does), cached by the box. */
  async petBoxFeature(path: string, petBox: Box): Promise<Float32Array> {
    const key = `box:${[petBox.x, petBox.y, petBox.width, petBox.height].map((v) => v.toFixed(4)).join(',')}|${path}`
    const hit = this.data.features[key]
    if (hit) return new Float32Array(new Uint8Array(Buffer.from(hit, 'base64')).buffer)
    const image = await this.decode(path)
    const [feature] = await this.models.embedder.backboneFeatures(image, [
      squareCropBox(petBox, image.width, image.height),
    ])
    if (!feature) throw new Error(`no feature for ${key}`)
    this.data.features[key] = Buffer.from(feature.buffer, feature.byteOffset, feature.byteLength).toString('base64')
    await this.tick()
    return feature
  }

  private async tick() {
    if (++this.dirty % 100 === 0) await this.save()
  }

  async save() {
    await writeFile(this.files.detections, JSON.stringify(this.data.detections))
    await writeFile(this.files.features, JSON.stringify(this.data.features))
  }
}
