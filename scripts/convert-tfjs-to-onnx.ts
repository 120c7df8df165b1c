/**
 * Converts the vendored TF.js graph models to ONNX for onnxruntime-node (no Python, no network):
 *   node --import tsx scripts/convert-tfjs-to-onnx.ts
 * writes models/centernet/model.onnx and models/mobilenet-v2/model.onnx. The weights are the numbers
 * tfjs runs: filters stay float16 / uint8 as vendored (so the files stay small) and are expanded to
 * float32 inside the graph, which onnxruntime constant-folds once at load.
 * test/vision/onnx-conversion.test.ts checks the files are current and match tfjs on real photos.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MODELS_DIR } from '../models/loaders.ts'
import { CONVERSION_TARGETS, convertModelDir } from './lib/convert-model.ts'

for (const target of CONVERSION_TARGETS) {
  const { graph, bytes } = await convertModelDir(target)
  await writeFile(join(MODELS_DIR, target.dir, target.file), bytes)
  const ops = [...new Set(graph.nodes.map((n) => n.op))].sort().join(', ')
  console.log(
    `${target.dir}/${target.file}: ${(bytes.length / 1e6).toFixed(1)} MB, ${graph.nodes.length} nodes (${ops})`,
  )
}
