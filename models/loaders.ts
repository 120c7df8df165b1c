import type * as tfjs from '@tensorflow/tfjs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CENTERNET_VENDORED_SIZE, resizeCenterNet } from './centernet-size.ts'

/** Defined by the agent's bundle (scripts/build-agent.ts): its models sit at this path from its JavaScript. */
declare const HOMEWARD_BUNDLED_MODELS_DIR: string | undefined
/** The folder this file lives in (or the bundle's copy): every model path in the registry is relative to it. */
export const MODELS_DIR = typeof HOMEWARD_BUNDLED_MODELS_DIR === 'string'
  ? join(dirname(fileURLToPath(import.meta.url)), HOMEWARD_BUNDLED_MODELS_DIR)
  : dirname(fileURLToPath(import.meta.url))

interface GraphModelJson {
  format?: string
  modelTopology: object
  weightsManifest: { paths: string[]; weights: tfjs.io.WeightsManifestEntry[] }[]
}

/**
 * Loads a tfjs graph model (model.json + its weight files) from a folder on disk, no network. tfjs is
 * imported here, not at the top: a process on onnxruntime never loads it. `centerNetInputSize` rebuilds
 * the CenterNet graph for another input size (models/centernet-size.ts), as the ONNX converter does.
 */
export async function loadGraphModelFromDir(dir: string, centerNetInputSize?: number): Promise<tfjs.GraphModel> {
  const tf = await import('@tensorflow/tfjs')
  const folder = join(MODELS_DIR, dir)
  const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as GraphModelJson
  const paths = json.weightsManifest.flatMap((group) => group.paths)
  const buffers = await Promise.all(paths.map((path) => readFile(join(folder, path))))
  const weights = Buffer.concat(buffers)
  let weightSpecs = json.weightsManifest.flatMap((group) => group.weights)
  let weightData: ArrayBuffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)
  if (centerNetInputSize !== undefined && centerNetInputSize !== CENTERNET_VENDORED_SIZE) {
    // Decoded (dequantised, as tfjs would) and re-encoded as float32/int32 with the size constants replaced.
    const named = tf.io.decodeWeights(weightData, weightSpecs)
    const nodes = (json.modelTopology as { node: { name: string }[] }).node
    resizeCenterNet(nodes, {
      read: (name) => (named[name]?.dtype === 'int32' ? Array.from(named[name].dataSync()) : undefined),
      write: (name, values) => { named[name]?.dispose(); named[name] = tf.tensor(values, named[name]?.shape, 'int32') },
    }, centerNetInputSize)
    const encoded = await tf.io.encodeWeights(named)
    tf.dispose(Object.values(named))
    weightSpecs = encoded.specs
    weightData = encoded.data
  }
  const handler: tfjs.io.IOHandler = {
    load: async () => ({ modelTopology: json.modelTopology, format: json.format, weightSpecs, weightData }),
  }
  return tf.loadGraphModel(handler)
}

/** A trained projection head: standardise, then one or two affine layers (ReLU between). */
export interface EmbeddingHead {
  readonly inputDim: number
  readonly outputDim: number
  readonly mean: Float32Array
  readonly std: Float32Array
  readonly layers: readonly { readonly weights: Float32Array; readonly bias: Float32Array }[]
}

interface HeadJson {
  inputDim: number
  outputDim: number
  /** Tensors inside the .bin file, float32 little-endian, in this order. */
  tensors: { name: string; shape: number[] }[]
  binFile: string
}

export async function loadEmbeddingHead(file: string): Promise<EmbeddingHead> {
  const path = join(MODELS_DIR, file)
  const meta = JSON.parse(await readFile(path, 'utf8')) as HeadJson
  const bin = await readFile(join(dirname(path), meta.binFile))
  const floats = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength))
  const named = new Map<string, Float32Array>()
  let offset = 0
  for (const t of meta.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1)
    named.set(t.name, floats.slice(offset, offset + size))
    offset += size
  }
  if (offset !== floats.length) throw new Error(`${file}: expected ${offset} floats, found ${floats.length}`)
  const need = (name: string) => {
    const value = named.get(name)
    if (!value) throw new Error(`${file}: missing tensor ${name}`)
    return value
  }
  const layers = []
  for (let i = 0; named.has(`w${i}`); i++) layers.push({ weights: need(`w${i}`), bias: need(`b${i}`) })
  return { inputDim: meta.inputDim, outputDim: meta.outputDim, mean: need('mean'), std: need('std'), layers }
}
