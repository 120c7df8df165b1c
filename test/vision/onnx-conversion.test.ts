// The default pipeline runs ONNX graphs converted from the vendored tfjs models; the embeddings keep the
// tfjs model ids, so the two runtimes must agree. Tolerances: both run the same float32 weights, and
// differ only in summation order (MLAS vs. XNNPACK-on-WASM) and in onnxruntime expanding uint8 filters
// with two float32 roundings instead of one — measured worst case 1.6e-4 on pooled features of ~4
// and 1.2e-4 px on 512-px boxes. The 384² detector is the same weights with its size constants rewritten,
// once by the converter and once by the tfjs loader, so this also checks the two rewrites agree. Limits are ~10× that, far below anything a match threshold can see.
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { MODELS_DIR } from '../../models/loaders.ts'
import {
  BASELINE_EMBEDDING_MODEL_ID,
  DEFAULT_DETECTOR_MODEL_ID,
  findEmbeddingModel,
  listDetectorModels,
} from '../../models/registry.ts'
import { CONVERSION_TARGETS, convertModelDir } from '../../scripts/lib/convert-model.ts'
import { squareCropBox, WHOLE_IMAGE } from '../../src/vision/boxes.ts'
import { createDetector, type Detector } from '../../src/vision/detect.ts'
import { createEmbedder, type Embedder } from '../../src/vision/embed.ts'
import { decodeImage, type RgbImage } from '../../src/vision/image.ts'
import { loadRunners } from '../../src/vision/runtime.ts'
import { cosineSimilarity } from '../../src/vision/vector.ts'

const sharedData = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data')
const hasSharedData = existsSync(join(sharedData, 'pets/labels.csv'))

/** Real photos when ../shared/data is present, else synthetic scenes. */
async function photos(): Promise<{ name: string; image: RgbImage }[]> {
  if (!hasSharedData) {
    console.warn(`onnx-conversion: ${sharedData} is absent, comparing on synthetic scenes only`)
    return Promise.all(
      [0, 1, 2].map(async (i) => ({
        name: `synthetic-${i}`,
        image: await decodeImage(
          await sharp({
            create: { width: 320 + 80 * i, height: 240, channels: 3, background: { r: 60 * i, g: 140, b: 90 } },
          })
            .composite([
              {
                input: await sharp({ create: { width: 90, height: 70, channels: 3, background: '#d0a070' } })
                  .png()
                  .toBuffer(),
                left: 40 * i,
                top: 60,
              },
            ])
            .jpeg()
            .toBuffer(),
        ),
      })),
    )
  }
  // Every third breed (cats and dogs), people and a scene: enough boxes, bearable on a shared 2-core box.
  const breeds = readdirSync(join(sharedData, 'pets/breeds'))
    .filter((b) => !b.includes('.'))
    .sort()
    .filter((_, i) => i % 3 === 0)
  const files = [
    ...breeds.map(
      (b) =>
        `pets/breeds/${b}/${
          readdirSync(join(sharedData, 'pets/breeds', b))
            .filter((f) => f.endsWith('.jpg'))
            .sort()[0]
        }`,
    ),
    'people/vtest_01.jpg',
    'people/messi5.jpg',
    'negatives/home.jpg',
  ]
  return Promise.all(
    files.map(async (name) => ({ name, image: await decodeImage(await readFile(join(sharedData, name))) })),
  )
}

let images: { name: string; image: RgbImage }[]
type Runtimes<T> = Record<'onnxruntime' | 'tfjs', T>
const embedders: Runtimes<Embedder> = {} as never
/** Every registered detector (each input size is its own converted graph) on both runtimes. */
const detectors = new Map<string, Runtimes<Detector>>()
beforeAll(async () => {
  const embedInfo = findEmbeddingModel(BASELINE_EMBEDDING_MODEL_ID)!
  for (const detectorInfo of listDetectorModels()) {
    const pair: Runtimes<Detector> = {} as never
    for (const runtime of ['onnxruntime', 'tfjs'] as const) {
      const withBackbone = detectorInfo.id === DEFAULT_DETECTOR_MODEL_ID
      const runners = await loadRunners(detectorInfo, withBackbone ? embedInfo : undefined, { runtime })
      pair[runtime] = createDetector(runners.detector, detectorInfo)
      if (withBackbone) embedders[runtime] = createEmbedder(runners.backbone!, embedInfo)
    }
    detectors.set(detectorInfo.id, pair)
  }
  images = await photos()
}, 180_000)

describe('ONNX graphs converted from the tfjs models', () => {
  it('are the files scripts/convert-tfjs-to-onnx.ts writes today', async () => {
    for (const target of CONVERSION_TARGETS) {
      const { bytes } = await convertModelDir(target)
      const committed = await readFile(join(MODELS_DIR, target.dir, target.file))
      expect(
        Buffer.compare(Buffer.from(bytes), committed),
        `${target.dir}/${target.file} is stale: re-run the converter`,
      ).toBe(0)
    }
  })

  it.each(listDetectorModels().map((d) => d.id))(
    '%s detects the same boxes, species and scores as tfjs',
    async (id) => {
      const models = detectors.get(id)!
      const low = { thresholds: { pet: 0.05, petWithoutPeople: 0.05, person: 0.05, other: 0.05 } }
      let compared = 0
      for (const { name, image } of images) {
        const [onnx, tfjs] = await Promise.all([models.onnxruntime.detect(image, low), models.tfjs.detect(image, low)])
        // Boxes with scores right at the 0.05 cut could fall on either side of it; compare those clear of it.
        const clear = (d: typeof onnx) => d.filter((x) => x.score > 0.051)
        expect(
          clear(onnx).map((d) => d.label),
          name,
        ).toEqual(clear(tfjs).map((d) => d.label))
        clear(onnx).forEach((d, i) => {
          const t = clear(tfjs)[i]!
          expect(Math.abs(d.score - t.score), name).toBeLessThan(1e-4)
          for (const k of ['x', 'y', 'width', 'height'] as const)
            expect(Math.abs(d.box[k] - t.box[k]), `${name} ${k}`).toBeLessThan(1e-5)
          compared++
        })
      }
      expect(compared).toBeGreaterThan(images.length / 2)
    },
    180_000,
  )

  it('give the same pooled backbone features as tfjs on whole images and pet crops', async () => {
    for (const { name, image } of images) {
      const [pet] = (await detectors.get(DEFAULT_DETECTOR_MODEL_ID)!.onnxruntime.detect(image)).filter(
        (d) => d.species === 'dog' || d.species === 'cat',
      )
      const boxes = [WHOLE_IMAGE, ...(pet ? [squareCropBox(pet.box, image.width, image.height)] : [])]
      const [onnx, tfjs] = await Promise.all([
        embedders.onnxruntime.backboneFeatures(image, boxes),
        embedders.tfjs.backboneFeatures(image, boxes),
      ])
      onnx.forEach((feature, i) => {
        const reference = tfjs[i]!
        expect(cosineSimilarity(feature, reference), name).toBeGreaterThan(0.99999)
        expect(Math.max(...feature.map((v, k) => Math.abs(v - reference[k]!))), name).toBeLessThan(2e-3)
      })
    }
  }, 180_000)
})
