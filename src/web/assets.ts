import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { LOCALES, type Locale } from './i18n/locales.ts'
import { renderIcons } from './install.ts'

const webDir = path.dirname(fileURLToPath(import.meta.url))
const clientDir = path.join(webDir, 'client')
const staticDir = path.join(webDir, 'static')
const serviceWorkerEntry = path.join(webDir, 'worker', 'service-worker.ts')
const cataloguesImporter = path.join(webDir, 'i18n', 'messages.ts')
/** Stylesheets of libraries the pages bundle, served from node_modules as they are. */
const libraryStyles = { 'leaflet.css': createRequire(import.meta.url).resolve('leaflet/dist/leaflet.css') }

export interface Asset {
  readonly body: Uint8Array
  readonly contentType: string
}

/**
 * Bundles for one language: messages.ts's import of every other catalogue resolves to this one, so a page
 * downloads one language's text, not all of them (it is chosen on the server, where the page is rendered).
 */
function onlyCatalogue(locale: Locale): Plugin {
  return {
    name: `only-${locale}-catalogue`,
    setup(build) {
      build.onResolve({ filter: /^\.\/[a-z]{2}\.ts$/ }, (args) => {
        const other = path.basename(args.path, '.ts')
        if (args.importer !== cataloguesImporter || other === locale || !LOCALES.includes(other as Locale))
          return undefined
        return { path: other, namespace: 'other-catalogue', pluginData: { resolveDir: args.resolveDir } }
      })
      build.onLoad({ filter: /.*/, namespace: 'other-catalogue' }, (args) => ({
        contents: `export { ${locale} as ${args.path} } from './${locale}.ts'`,
        resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
        loader: 'ts',
      }))
    },
  }
}

export interface WebAssets {
  /** `/assets/<name>?v=<hash>`: the hash changes with the content, so browsers may cache for a year. */
  url(name: string): string
  get(name: string): Asset | undefined
  /** Every versioned asset URL: what the service worker keeps for offline use. */
  readonly shell: readonly string[]
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/**
 * Bundles every `client/<page>.ts` entry (and the libraries they import, such as HPKE) with esbuild once at
 * start-up, in memory, with the alerts service worker (`worker/`), and loads `static/*`. No build step, no files written, nothing fetched from a CDN.
 */
export async function loadWebAssets(): Promise<WebAssets> {
  const entries = (await readdir(clientDir)).filter((f) => f.endsWith('.ts')).map((f) => path.join(clientDir, f))
  const pages = await Promise.all(
    LOCALES.map((locale) =>
      build({
        entryPoints: entries,
        bundle: true,
        write: false,
        format: 'esm',
        splitting: true,
        minify: true,
        target: 'es2022',
        outdir: '/assets',
        entryNames: locale === 'en' ? '[name]' : `[name].${locale}`,
        chunkNames: 'chunk-[hash]',
        plugins: [onlyCatalogue(locale)],
        logLevel: 'silent',
      }),
    ),
  )
  // The service worker is a classic script of its own: served from /sw.js, it cannot import page chunks.
  const worker = await build({
    entryPoints: [serviceWorkerEntry],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'es2022',
    logLevel: 'silent',
  })
  const assets = new Map<string, Asset>()
  for (const file of pages.flatMap((result) => result.outputFiles)) {
    assets.set(path.basename(file.path), { body: file.contents, contentType: contentTypes['.js']! })
  }
  for (const [name, file] of Object.entries(libraryStyles))
    assets.set(name, { body: await readFile(file), contentType: contentTypes['.css']! })
  for (const name of await readdir(staticDir)) {
    const type = contentTypes[path.extname(name)]
    if (type) assets.set(name, { body: await readFile(path.join(staticDir, name)), contentType: type })
  }
  for (const [name, icon] of await renderIcons(assets.get('icon.svg')!.body)) assets.set(name, icon)
  const versions = new Map(
    [...assets].map(([name, asset]) => [name, createHash('sha256').update(asset.body).digest('hex').slice(0, 12)]),
  )
  const url = (name: string) => {
    const version = versions.get(name)
    if (!version) throw new Error(`no web asset named ${name}`)
    return `/assets/${name}?v=${version}`
  }
  // Chunks are imported by their (content-hashed) name alone, so that is the URL to keep.
  const shell = [...assets.keys()]
    .filter((name) => !name.endsWith('.svg'))
    .map((name) => (name.startsWith('chunk-') ? `/assets/${name}` : url(name)))
  // The worker learns the shell's URLs (and so a new cache on every release) from a line put before its code.
  const workerBody = new TextEncoder().encode(
    `self.HOMEWARD_SHELL=${JSON.stringify(shell)};\n${worker.outputFiles[0]!.text}`,
  )
  assets.set('sw.js', { body: workerBody, contentType: contentTypes['.js']! })
  return { url, get: (name) => assets.get(name), shell }
}
