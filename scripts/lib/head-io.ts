// Writes a trained projection head in the format models/loaders.ts reads (JSON + float32 .bin).
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { MODELS_DIR } from '../../models/loaders.ts'

export interface HeadTensors {
  mean: Float32Array
  std: Float32Array
  layers: { weights: Float32Array; bias: Float32Array; shape: [number, number] }[]
}

export async function saveHead(file: string, head: HeadTensors, metadata: Record<string, unknown>) {
  const path = join(MODELS_DIR, file)
  await mkdir(dirname(path), { recursive: true })
  const binFile = basename(file).replace(/\.json$/, '.bin')
  const tensors = [
    { name: 'mean', shape: [head.mean.length], data: head.mean },
    { name: 'std', shape: [head.std.length], data: head.std },
    ...head.layers.flatMap((l, i) => [
      { name: `w${i}`, shape: l.shape, data: l.weights },
      { name: `b${i}`, shape: [l.bias.length], data: l.bias },
    ]),
  ]
  const bin = Buffer.concat(tensors.map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)))
  const lastLayer = head.layers[head.layers.length - 1]
  const json = {
    inputDim: head.mean.length,
    outputDim: lastLayer?.bias.length ?? 0,
    binFile,
    tensors: tensors.map(({ name, shape }) => ({ name, shape })),
    ...metadata,
  }
  await writeFile(path, `${JSON.stringify(json, null, 2)}\n`)
  await writeFile(join(dirname(path), binFile), bin)
}
