import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createOnnxEmbedder } from '../../src/vision/onnx.ts'
import { tinyOnnxModel } from './support/tiny-onnx.ts'

const folders: string[] = []
afterAll(async () => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))))

async function dropInModel(name: string) {
  const root = await mkdtemp(join(tmpdir(), 'homeward-onnx-'))
  folders.push(root)
  await mkdir(join(root, name, 'onnx'), { recursive: true })
  await writeFile(join(root, name, 'config.json'), JSON.stringify({ model_type: 'homeward-tiny-embedder' }))
  await writeFile(join(root, name, 'onnx', 'model.onnx'), tinyOnnxModel())
  return root
}

const image = (r: number, g: number, b: number) => {
  const data = new Uint8Array(32 * 32 * 3)
  for (let i = 0; i < data.length; i += 3) {
    data[i] = r
    data[i + 1] = g
    data[i + 2] = b
  }
  return { data, width: 32, height: 32 }
}

describe('ONNX drop-in embedder (local folder, no hub)', () => {
  it('loads a local ONNX folder and returns L2-normalised embeddings', async () => {
    const localModelPath = await dropInModel('tiny-embedder')
    const embedder = await createOnnxEmbedder({
      localModelPath,
      modelName: 'tiny-embedder',
      modelId: 'test-tiny-onnx',
      inputSize: 8,
      mean: [0, 0, 0],
      std: [1, 1, 1],
    })
    const red = await embedder.embed(image(255, 0, 0))
    // Mean RGB (1, 0, 0) · W = [1, 0, 0, 0.5] → normalised.
    expect([...red].map((v) => Number(v.toFixed(4)))).toEqual([0.8944, 0, 0, 0.4472])
    const again = await embedder.embed(image(255, 0, 0))
    expect(Math.max(...red.map((v, i) => Math.abs(v - (again[i] ?? 0))))).toBeLessThan(1e-6)
  })

  it('refuses to fetch a model that is not in the local folder', async () => {
    const localModelPath = await dropInModel('present')
    await expect(
      createOnnxEmbedder({
        localModelPath,
        modelName: 'Xenova/clip-vit-base-patch32',
        modelId: 'x',
        inputSize: 8,
        mean: [0, 0, 0],
        std: [1, 1, 1],
      }),
    ).rejects.toThrow(/local|allowRemoteModels|not found/i)
  })
})

describe('ONNX drop-in inside the pipeline', () => {
  it('refuses an ONNX model whose id the registry does not know (its vectors could never be matched)', async () => {
    const localModelPath = await dropInModel('tiny-embedder')
    const { createVisionPipeline } = await import('../../src/vision/index.ts')
    await expect(
      createVisionPipeline({
        onnx: {
          localModelPath,
          modelName: 'tiny-embedder',
          modelId: 'not-registered',
          inputSize: 8,
          mean: [0, 0, 0],
          std: [1, 1, 1],
        },
      }),
    ).rejects.toThrow(/Unknown embedding model: not-registered/)
  })
})
