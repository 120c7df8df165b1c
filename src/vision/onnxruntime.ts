import { availableParallelism } from 'node:os'
import * as ort from 'onnxruntime-node'
import type { GraphRunner } from './runtime.ts'

/**
 * A converted graph on onnxruntime-node's CPU provider. Two intra-op threads by default: the 2-core
 * camera boxes we target gain ~1.5–2× latency from the second core (see models/README.md, Speed).
 */
export async function loadOnnxRunner(file: string, threads = Math.min(2, availableParallelism())): Promise<GraphRunner> {
  const session = await ort.InferenceSession.create(file, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  })
  const [input] = session.inputNames
  const [output] = session.outputNames
  if (!input || !output) throw new Error(`${file}: expected one input and one output`)
  return {
    async run(data, dims) {
      const feeds = { [input]: new ort.Tensor('float32', data, dims) }
      const result = (await session.run(feeds))[output]
      if (!result || result.type !== 'float32') throw new Error(`${file}: no float32 ${output}`)
      return result.data as Float32Array
    },
  }
}
