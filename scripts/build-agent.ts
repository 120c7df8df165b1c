/**
 * Builds the camera agent's package (agent/): one ESM bundle of src/agent, the vision code it runs and the
 * wire contracts, with every npm package left external, and the model files the default pipeline loads.
 * Fails if the bundle imports a package agent/package.json does not declare, or declares one it never imports.
 */
import { build } from 'esbuild'
import { cp, mkdir, readFile, rm } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MODELS_DIR } from '../models/loaders.ts'
import {
  DEFAULT_DETECTOR_MODEL_ID,
  DEFAULT_EMBEDDING_MODEL_ID,
  findDetectorModel,
  findEmbeddingModel,
} from '../models/registry.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const AGENT = join(ROOT, 'agent')
/** Loaded only when onnxruntime cannot start (tfjs) or for an operator's own ONNX embedder: not shipped. */
const OPTIONAL = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@huggingface/transformers'])

/** Every file under models/ the agent's default detector and embedder read at run time, and their licences. */
export async function agentModelFiles(): Promise<string[]> {
  const detector = findDetectorModel(DEFAULT_DETECTOR_MODEL_ID)
  const embedder = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)
  if (!detector?.onnxFile || !embedder?.backboneOnnxFile) throw new Error('the default models need their ONNX graphs')
  const files = [
    detector.onnxFile,
    embedder.backboneOnnxFile,
    `${detector.modelDir}/LICENSE`,
    `${embedder.backboneDir}/LICENSE`,
  ]
  if (embedder.headFile) {
    const head = JSON.parse(await readFile(join(MODELS_DIR, embedder.headFile), 'utf8')) as { binFile: string }
    files.push(embedder.headFile, join(dirname(embedder.headFile), head.binFile))
  }
  if (embedder.petCheckFile) files.push(embedder.petCheckFile)
  return files
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')

export async function buildAgent(): Promise<{ imports: string[]; models: string[] }> {
  await rm(join(AGENT, 'dist'), { recursive: true, force: true })
  await rm(join(AGENT, 'models'), { recursive: true, force: true })
  const result = await build({
    entryPoints: { cli: join(ROOT, 'src/agent/cli.ts'), launch: join(ROOT, 'src/agent/launch.mjs') },
    outdir: join(AGENT, 'dist'),
    bundle: true,
    // Chunks, so a lazily imported module's packages (tfjs, transformers) are imported only if it runs.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    define: { HOMEWARD_BUNDLED_MODELS_DIR: JSON.stringify('../models') },
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  })
  const builtins = new Set(builtinModules)
  const imports = [...new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports))]
    .filter((i) => i.external && !i.path.startsWith('node:') && !builtins.has(i.path))
    .map((i) => packageOf(i.path))
  const declared = Object.keys(
    (JSON.parse(await readFile(join(AGENT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
      .dependencies,
  )
  const undeclared = imports.filter((p) => !declared.includes(p) && !OPTIONAL.has(p))
  const unused = declared.filter((p) => !imports.includes(p))
  if (undeclared.length || unused.length)
    throw new Error(
      `agent/package.json: undeclared ${undeclared.join(', ') || '-'}; unused ${unused.join(', ') || '-'}`,
    )
  const models = await agentModelFiles()
  for (const file of models) {
    await mkdir(join(AGENT, 'models', dirname(file)), { recursive: true })
    await cp(join(MODELS_DIR, file), join(AGENT, 'models', file))
  }
  return { imports: [...new Set(imports)].sort(), models }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { imports, models } = await buildAgent()
  process.stdout.write(`agent/dist built; imports ${imports.join(', ')}; models ${models.join(', ')}\n`)
}
