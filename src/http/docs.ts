import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './env.ts'

const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Homeward API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="api"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>`

const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true, withCredentials: true })`

/**
 * The reference runs with the visitor's session (withCredentials: "try it out" acts as them), so it must not
 * be framed by another site, nor run any script but its own. Swagger UI sets inline style attributes.
 */
const docsHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
})

/** Reads one of Swagger UI's files; undefined when this runtime does not serve them. */
export type DocsAssetReader = (file: keyof typeof ASSETS) => Promise<Uint8Array<ArrayBuffer> | undefined>

let swaggerDir: string | undefined
/** On Node, from the installed swagger-ui-dist (resolved on first use: a Worker has no file system to resolve in). */
export const readSwaggerAsset: DocsAssetReader = async (file) => {
  swaggerDir ??= path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  return fs.readFile(path.join(swaggerDir, file))
}

/** The interactive reference, served from the installed swagger-ui-dist: no CDN, works offline. */
export function mountDocs(app: Hono<AppEnv>, readAsset: DocsAssetReader = readSwaggerAsset) {
  app.use('/docs', docsHeaders)
  app.use('/docs/*', docsHeaders)
  app.get('/docs', (c) => c.html(page))
  app.get('/docs/assets/init.js', (c) => c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    if (!Object.hasOwn(ASSETS, file)) return c.notFound()
    const body = await readAsset(file as keyof typeof ASSETS)
    if (!body) return c.notFound()
    return c.body(body, 200, {
      'content-type': ASSETS[file as keyof typeof ASSETS],
      'cache-control': 'public, max-age=86400',
    })
  })
}
