import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { MODELS_DIR } from '../../models/loaders.ts'
import type { DetectorModelInfo, EmbeddingModelInfo } from '../../models/registry.ts'

/** One frozen graph: a float32 NHWC batch in, its single float32 output out (row-major). */
export interface GraphRunner {
  run(input: Float32Array, dims: readonly number[]): Promise<Float32Array>
}

/**
 * 'onnxruntime': the converted graphs on onnxruntime-node (native, multi-threaded; the default).
 * 'tfjs': the original graphs on tfjs-wasm (one thread; the fallback where onnxruntime cannot load).
 * 'auto': onnxruntime if it loads, else tfjs.
 */
export type VisionRuntime = 'onnxruntime' | 'tfjs'

export interface RuntimeOptions {
  readonly runtime?: VisionRuntime | 'auto'
  /** onnxruntime intra-op threads per graph; default: min(2, cores). */
  readonly threads?: number
}

export interface LoadedRunners {
  readonly runtime: VisionRuntime
  readonly detector: GraphRunner
  readonly backbone?: GraphRunner
}

// tfjs graph tensors our runners read (the ONNX files expose the same values under registry names).
const TFJS_DETECTIONS = 'tower_0/detections'
const TFJS_BACKBONE_FEATURES =
  'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/Conv_1/Relu6'

async function loadOnnx(
  detector: DetectorModelInfo,
  embedder: EmbeddingModelInfo | undefined,
  threads?: number,
): Promise<LoadedRunners> {
  const files = [detector.onnxFile, embedder?.backboneOnnxFile].filter((f): f is string => f !== undefined)
  const missing = files.find((f) => !existsSync(join(MODELS_DIR, f)))
  if (missing || !detector.onnxFile)
    throw new Error(`no ONNX graph ${missing ?? `for ${detector.id}`}: run scripts/convert-tfjs-to-onnx.ts`)
  if (embedder && !embedder.backboneOnnxFile) throw new Error(`${embedder.id} has no ONNX backbone`)
  const { loadOnnxRunner } = await import('./onnxruntime.ts')
  const [det, backbone] = await Promise.all([
    loadOnnxRunner(join(MODELS_DIR, detector.onnxFile), threads),
    embedder?.backboneOnnxFile ? loadOnnxRunner(join(MODELS_DIR, embedder.backboneOnnxFile), threads) : undefined,
  ])
  return { runtime: 'onnxruntime', detector: det, ...(backbone ? { backbone } : {}) }
}

async function loadTfjs(detector: DetectorModelInfo, embedder: EmbeddingModelInfo | undefined): Promise<LoadedRunners> {
  // Imported only here: tfjs and its WASM heap cost memory a pipeline on onnxruntime never needs.
  const { loadTfjsRunner } = await import('./tf.ts')
  const [det, backbone] = await Promise.all([
    loadTfjsRunner(detector.modelDir, TFJS_DETECTIONS, false, detector.inputSize),
    embedder ? loadTfjsRunner(embedder.backboneDir, TFJS_BACKBONE_FEATURES, true) : undefined,
  ])
  return { runtime: 'tfjs', detector: det, ...(backbone ? { backbone } : {}) }
}

/** Loads the detector and (unless `embedder` is undefined) the embedding backbone on one runtime. */
export async function loadRunners(
  detector: DetectorModelInfo,
  embedder: EmbeddingModelInfo | undefined,
  options: RuntimeOptions = {},
): Promise<LoadedRunners> {
  const runtime = options.runtime ?? 'auto'
  if (runtime === 'tfjs') return loadTfjs(detector, embedder)
  if (runtime === 'onnxruntime') return loadOnnx(detector, embedder, options.threads)
  return loadOnnx(detector, embedder, options.threads).catch(() => loadTfjs(detector, embedder))
}
