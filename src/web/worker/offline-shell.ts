// The offline shell: versioned assets and the public pages (home, feed), kept so the feed opens with no network.
// Pages for signed-in users are never kept: they can hold an owner's exact last-seen point.

import { pickLocale } from '../i18n/locales.ts'
import { workerTranslator, type WorkerKey } from '../i18n/worker.ts'

interface FetchEvent extends Event {
  readonly request: Request
  respondWith(response: Promise<Response> | Response): void
  waitUntil(promise: Promise<unknown>): void
}

export const PUBLIC_PAGES = ['/', '/feed'] as const

export function shellCacheName(shell: readonly string[]): string {
  let hash = 0
  for (const ch of shell.join('|')) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0
  return `homeward-shell-${(hash >>> 0).toString(36)}`
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A page served when offline and the asked-for page was never kept, in the browser's language (a worker has no page to follow). */
function offlinePage(): Response {
  const lang = pickLocale(self.navigator.languages)
  const t = (key: WorkerKey) => escapeHtml(workerTranslator(lang)(key))
  const html = `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('offline.title')} · Homeward</title><main style="font-family:system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>${t('offline.heading')}</h1><p>${t('offline.before')}<a href="/feed">${t('offline.link')}</a>${t('offline.after')}</p></main></html>`
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } })
}

/** Best effort, URL by URL: a shell that failed to download in part must not keep alerts' push from working. */
export async function installShell(cacheName: string, shell: readonly string[]) {
  const cache = await caches.open(cacheName)
  await Promise.allSettled([...shell, ...PUBLIC_PAGES].map((url) => cache.add(url)))
}

export async function dropOldShells(current: string) {
  for (const name of await caches.keys())
    if (name.startsWith('homeward-shell-') && name !== current) await caches.delete(name)
}

/** Assets: cache first (they are versioned). Public pages: network first, the kept copy when offline. */
export function handleFetch(event: FetchEvent, cacheName: string) {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)))
    return
  }
  if (request.mode !== 'navigate') return
  const publicPage = (PUBLIC_PAGES as readonly string[]).includes(url.pathname)
  event.respondWith(
    fetch(request)
      .then((response) => {
        // Keep the page as a signed-out visitor would see it is not possible here; keep it only when it is public.
        if (publicPage && response.ok) {
          const copy = response.clone()
          event.waitUntil(caches.open(cacheName).then((cache) => cache.put(url.pathname, copy)))
        }
        return response
      })
      .catch(async () =>
        publicPage ? ((await caches.match(url.pathname, { cacheName })) ?? offlinePage()) : offlinePage(),
      ),
  )
}
