/**
 * Vision pipeline benchmark on 640×480 camera-like JPEG frames; prints JSON.
 *   npm run bench:vision [-- --frames 40 --workers 2 --runtime onnxruntime|tfjs --threads 2 --model ID --detector ID --tiles off|adaptive|always]
 * Frames are breed/negative/people photos from ../shared/data resized to 640×480 when present,
 * synthetic scenes otherwise. The timed pipeline uses `--threads` intra-op threads (onnxruntime; tfjs-wasm
 * has one); the worker run puts one single-threaded pipeline on each of `--workers` threads.
 */
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import sharp from 'sharp'
import { findEmbeddingModel } from '../models/registry.ts'
import { createVisionPipeline, decodeImage, type VisionRuntime } from '../src/vision/index.ts'

const shared = join(dirname(fileURLToPath(import.meta.url)), '../../shared/data')

async function frames(count: number): Promise<Buffer[]> {
  const sources: Buffer[] = []
  if (existsSync(join(shared, 'pets/breeds'))) {
    const breeds = readdirSync(join(shared, 'pets/breeds')).sort()
    for (const breed of breeds) {
      const file = readdirSync(join(shared, 'pets/breeds', breed)).sort()[0]
      if (file) sources.push(await readFile(join(shared, 'pets/breeds', breed, file)))
    }
    for (const f of ['negatives/home.jpg', 'negatives/leuvenA.jpg', 'people/vtest_01.jpg', 'people/vtest_05.jpg']) {
      if (existsSync(join(shared, f))) sources.push(await readFile(join(shared, f)))
    }
  }
  while (sources.length < 8) {
    sources.push(
      await sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 40 * sources.length, g: 120, b: 90 } },
      })
        .jpeg()
        .toBuffer(),
    )
  }
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp(sources[i % sources.length])
        .resize(640, 480, { fit: 'cover' })
        .jpeg({ quality: 85 })
        .toBuffer(),
    ),
  )
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 10) / 10
}
const stats = (values: number[]) => ({
  p50_ms: percentile(values, 0.5),
  p95_ms: percentile(values, 0.95),
  mean_ms: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10,
})

/** Which models to time (registry ids); the defaults when unset. */
interface Models {
  embeddingModelId?: string
  detectorModelId?: string
  analyze?: { tiles: 'off' | 'adaptive' | 'always' }
}

async function timeAnalyze(images: Buffer[], runtime: VisionRuntime, models: Models) {
  const pipeline = await createVisionPipeline({ runtime, threads: 1, ...models })
  const started = performance.now()
  for (const image of images) await pipeline.analyze(image)
  return { frames: images.length, seconds: (performance.now() - started) / 1000 }
}

if (!isMainThread) {
  const { images, runtime, models } = workerData as { images: Uint8Array[]; runtime: VisionRuntime; models: Models }
  parentPort?.postMessage(
    await timeAnalyze(
      images.map((i) => Buffer.from(i)),
      runtime,
      models,
    ),
  )
} else {
  const { values } = parseArgs({
    options: {
      frames: { type: 'string', default: '40' },
      workers: { type: 'string', default: '2' },
      runtime: { type: 'string', default: 'onnxruntime' },
      threads: { type: 'string', default: '2' },
      model: { type: 'string' },
      detector: { type: 'string' },
      tiles: { type: 'string' },
    },
  })
  if (values.runtime !== 'onnxruntime' && values.runtime !== 'tfjs')
    throw new Error('--runtime must be onnxruntime or tfjs')
  const runtime: VisionRuntime = values.runtime
  const threads = Number(values.threads)
  const images = await frames(Number(values.frames))
  const models: Models = {
    ...(values.model ? { embeddingModelId: values.model } : {}),
    ...(values.detector ? { detectorModelId: values.detector } : {}),
    ...(values.tiles ? { analyze: { tiles: values.tiles as 'off' | 'adaptive' | 'always' } } : {}),
  }
  const pipeline = await createVisionPipeline({ runtime, threads, ...models })
  const decode: number[] = []
  const detect: number[] = []
  const embed: number[] = []
  const analyze: number[] = []
  let pets = 0
  let analyzeCpuUs = 0
  for (const image of images) {
    let t = performance.now()
    const frame = await decodeImage(image)
    decode.push(performance.now() - t)
    t = performance.now()
    await pipeline.detect(frame)
    detect.push(performance.now() - t)
    t = performance.now()
    await pipeline.embed({ ...frame, data: frame.data }) // one crop of the frame: the per-pet cost
    embed.push(performance.now() - t)
    t = performance.now()
    const cpu = process.cpuUsage()
    pets += (await pipeline.analyze(image)).pets.length
    analyze.push(performance.now() - t)
    const used = process.cpuUsage(cpu)
    analyzeCpuUs += used.user + used.system
  }
  const singleRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
  const workers = Number(values.workers)
  const started = performance.now()
  const results = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<{ frames: number; seconds: number }>((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), {
            workerData: { images, runtime, models },
            execArgv: process.execArgv,
          })
          worker.once('message', resolve)
          worker.once('error', reject)
        }),
    ),
  )
  const parallelSeconds = (performance.now() - started) / 1000
  const parallelFrames = results.reduce((a, r) => a + r.frames, 0)
  const analyzeStats = stats(analyze)
  console.log(
    JSON.stringify(
      {
        model_id: pipeline.modelId,
        detector_id: pipeline.detectorId,
        tiles: models.analyze?.tiles ?? 'default',
        frame: '640x480 JPEG',
        frames: images.length,
        pets_found: pets,
        model_load_ms: Math.round(pipeline.loadMs),
        decode: stats(decode),
        detect: stats(detect),
        embed: {
          ...stats(embed),
          note: findEmbeddingModel(pipeline.modelId)?.flipAverage
            ? 'one pet crop and its mirror image'
            : 'one pet crop',
        },
        analyze: {
          ...analyzeStats,
          per_s: Math.round((1000 / analyzeStats.mean_ms) * 100) / 100,
          threads: pipeline.runtime === 'onnxruntime' ? threads : 1,
          per_s_workers: Math.round((parallelFrames / Math.max(...results.map((r) => r.seconds))) * 100) / 100,
          workers,
          threads_per_worker: 1,
          // CPU time (all threads) per analysed frame: far less sensitive to other load than wall time.
          cpu_ms_per_frame: Math.round(analyzeCpuUs / 1000 / images.length),
          per_s_if_2_cores_free: Math.round(2e8 / (analyzeCpuUs / images.length)) / 100,
        },
        workers_wall_s_incl_load: Math.round(parallelSeconds * 10) / 10,
        rss_mb: singleRssMb,
        rss_mb_peak_with_workers: Math.round(process.resourceUsage().maxRSS / 1024),
        runtime:
          pipeline.runtime === 'onnxruntime'
            ? `onnxruntime-node ${threads} intra-op thread(s)`
            : 'tfjs-wasm (SIMD, 1 thread per pipeline)',
        load_avg_1m_at_end: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        cpus: cpus().length,
      },
      null,
      2,
    ),
  )
}
