import { availableParallelism } from 'node:os'
import * as ort from 'onnxruntime-node'
import type { GraphRunner } from './runtime.ts'

/**
 * A converted graph on onnxruntime-node's CPU provider, tuned for small shared boxes (see models/README.md,
 * Speed): up to two intra-op threads that sleep rather than spin when idle (spinning threads starve
 * everything else on 2 busy cores and made us 2× slower there), and no memory arena — it keeps the
 * largest activation buffers of every run for good, 100–180 MB of RSS for a few % of speed.
 */
export async function loadOnnxRunner(
  file: string,
  threads = Math.min(2, availableParallelism()),
): Promise<GraphRunner> {
  const session = await ort.InferenceSession.create(file, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: false,
    extra: { session: { intra_op: { allow_spinning: '0' } } },
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
