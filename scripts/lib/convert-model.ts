// Converts one vendored tfjs graph folder under models/ to ONNX bytes (see scripts/convert-tfjs-to-onnx.ts).
import * as tf from '@tensorflow/tfjs'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { CENTERNET_VENDORED_SIZE, resizeCenterNet } from '../../models/centernet-size.ts'
import { MODELS_DIR } from '../../models/loaders.ts'
import { DETECTOR_ONNX_OUTPUT, EMBEDDER_ONNX_OUTPUT, listDetectorModels } from '../../models/registry.ts'
import { encodeModel } from './onnx-proto.ts'
import { type ConstTensor, convertTfjsGraph, type TfNode } from './tfjs-to-onnx.ts'

const MOBILENET_FEATURES =
  'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/Conv_1/Relu6'

export interface ConversionTarget {
  readonly dir: string
  /** ONNX file written into `dir`. */
  readonly file: string
  /** CenterNet only: the square input size the graph is rebuilt for (default: the vendored 512). */
  readonly inputSize?: number
  readonly outputs: readonly { readonly tensor: string; readonly name: string; readonly pool?: boolean }[]
}

export const CONVERSION_TARGETS: readonly ConversionTarget[] = [
  // Every registered detector size: CenterNet is fully convolutional, only its size constants change.
  ...listDetectorModels().flatMap((d) =>
    d.onnxFile
      ? [
          {
            dir: d.modelDir,
            file: relative(d.modelDir, d.onnxFile),
            ...(d.inputSize !== CENTERNET_VENDORED_SIZE && { inputSize: d.inputSize }),
            outputs: [{ tensor: 'tower_0/detections', name: DETECTOR_ONNX_OUTPUT }],
          },
        ]
      : [],
  ),
  // The pooled 1792-d feature is what the head needs: averaging inside the graph saves copying 7×7 maps out.
  {
    dir: 'mobilenet-v2',
    file: 'model.onnx',
    outputs: [{ tensor: MOBILENET_FEATURES, name: EMBEDDER_ONNX_OUTPUT, pool: true }],
  },
]

interface ModelJson {
  modelTopology: { node: TfNode[] }
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
}

/** Weights as tfjs decodes them (dequantised float32), each with the storage it had in model.json. */
async function decodeWeights(folder: string, json: ModelJson): Promise<Map<string, ConstTensor>> {
  const buffers = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(folder, p))))
  const all = Buffer.concat(buffers)
  const entries = json.weightsManifest.flatMap((g) => g.weights)
  const named = tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), entries)
  const quantization = new Map(entries.map((w) => [w.name, w.quantization]))
  const out = new Map<string, ConstTensor>()
  for (const [name, t] of Object.entries(named)) {
    if (t.dtype !== 'float32' && t.dtype !== 'int32') throw new Error(`${name}: ${t.dtype} weights`)
    const q = quantization.get(name)
    const stored =
      q?.dtype === 'float16' || q?.dtype === 'uint8'
        ? {
            quantization: {
              dtype: q.dtype,
              ...(q.scale !== undefined ? { scale: q.scale } : {}),
              ...(q.min !== undefined ? { min: q.min } : {}),
            },
          }
        : {}
    out.set(name, { shape: t.shape, dtype: t.dtype, data: t.dataSync() as Float32Array | Int32Array, ...stored })
    t.dispose()
  }
  return out
}

export async function convertModelDir(target: ConversionTarget) {
  const folder = join(MODELS_DIR, target.dir)
  const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as ModelJson
  const weights = await decodeWeights(folder, json)
  if (target.inputSize !== undefined) {
    resizeCenterNet(
      json.modelTopology.node,
      {
        read: (name) => {
          const c = weights.get(name)
          return c?.dtype === 'int32' ? Array.from(c.data) : undefined
        },
        write: (name, values) => weights.set(name, { ...weights.get(name)!, data: Int32Array.from(values) }),
      },
      target.inputSize,
    )
  }
  const graph = convertTfjsGraph({
    nodes: json.modelTopology.node,
    weights,
    outputs: target.outputs,
    graphName: target.dir,
  })
  return { graph, bytes: encodeModel(graph, 18, 'homeward scripts/convert-tfjs-to-onnx.ts') }
}
