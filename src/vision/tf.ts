import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { loadGraphModelFromDir } from '../../models/loaders.ts'
import type { GraphRunner } from './runtime.ts'

let ready: Promise<void> | undefined

/**
 * Selects the WebAssembly backend once per process: the same code then runs on a camera and on the
 * server with no native build. Falls back to the (slow) pure-JS CPU backend if WASM cannot start.
 */
export function initTensorflow(): Promise<void> {
  ready ??= (async () => {
    const ok = await tf.setBackend('wasm').catch(() => false)
    if (!ok) await tf.setBackend('cpu')
    await tf.ready()
  })()
  return ready
}

/**
 * A tfjs graph under models/ as a runner of one output; `pool` averages an NHWC map over H and W;
 * `centerNetInputSize` rebuilds the CenterNet graph for that input size.
 */
export async function loadTfjsRunner(
  dir: string,
  output: string,
  pool: boolean,
  centerNetInputSize?: number,
): Promise<GraphRunner> {
  await initTensorflow()
  const model = await loadGraphModelFromDir(dir, centerNetInputSize)
  return {
    async run(data, dims) {
      const result = tf.tidy(() => {
        const out = model.execute(tf.tensor(data, [...dims], 'float32'), output) as tf.Tensor
        return pool ? out.mean([1, 2]) : out
      })
      const values = (await result.data()) as Float32Array
      result.dispose()
      return values
    },
  }
}

export { tf }
