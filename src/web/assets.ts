import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const webDir = path.dirname(fileURLToPath(import.meta.url))
const clientDir = path.join(webDir, 'client')
const staticDir = path.join(webDir, 'static')
const serviceWorkerEntry = path.join(webDir, 'worker', 'service-worker.ts')
/** Stylesheets of libraries the pages bundle, served from node_modules as they are. */
const libraryStyles = { 'leaflet.css': createRequire(import.meta.url).resolve('leaflet/dist/leaflet.css') }

export interface Asset {
  readonly body: Uint8Array
  readonly contentType: string
}

export interface WebAssets {
  /** `/assets/<name>?v=<hash>`: the hash changes with the content, so browsers may cache for a year. */
  url(name: string): string
  get(name: string): Asset | undefined
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

/**
 * Bundles every `client/<page>.ts` entry (and the libraries they import, such as HPKE) with esbuild once at
 * start-up, in memory, with the alerts service worker (`worker/`), and loads `static/*`. No build step, no files written, nothing fetched from a CDN.
 */
export async function loadWebAssets(): Promise<WebAssets> {
  const entries = (await readdir(clientDir)).filter((f) => f.endsWith('.ts')).map((f) => path.join(clientDir, f))
  const result = await build({
    entryPoints: entries,
    bundle: true,
    write: false,
    format: 'esm',
    splitting: true,
    minify: true,
    target: 'es2022',
    outdir: '/assets',
    chunkNames: 'chunk-[hash]',
    logLevel: 'silent',
  })
  // The service worker is a classic script of its own: served from /sw.js, it cannot import page chunks.
  const worker = await build({ entryPoints: [serviceWorkerEntry], bundle: true, write: false, format: 'iife', minify: true, target: 'es2022', logLevel: 'silent' })
  const assets = new Map<string, Asset>()
  assets.set('sw.js', { body: worker.outputFiles[0]!.contents, contentType: contentTypes['.js']! })
  for (const file of result.outputFiles) {
    assets.set(path.basename(file.path), { body: file.contents, contentType: contentTypes['.js']! })
  }
  for (const [name, file] of Object.entries(libraryStyles)) assets.set(name, { body: await readFile(file), contentType: contentTypes['.css']! })
  for (const name of await readdir(staticDir)) {
    const type = contentTypes[path.extname(name)]
    if (type) assets.set(name, { body: await readFile(path.join(staticDir, name)), contentType: type })
  }
  const versions = new Map([...assets].map(([name, asset]) => [name, createHash('sha256').update(asset.body).digest('hex').slice(0, 12)]))
  return {
    url(name) {
      const version = versions.get(name)
      if (!version) throw new Error(`no web asset named ${name}`)
      return `/assets/${name}?v=${version}`
    },
    get: (name) => assets.get(name),
  }
}
