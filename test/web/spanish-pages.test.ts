import { beforeAll, describe, expect, it } from 'vitest'
import { catalogues } from '../../src/web/i18n/messages.ts'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { registerCamera } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

/**
 * Every page, rendered through the app under `Accept-Language: es`, must read in Spanish: no English catalogue
 * sentence in it, and no common English word in its visible text or its labels (alt, aria-label, title,
 * placeholder, map labels). The fixtures' own words are Spanish, so any English found is the page's.
 */

// Short function words English pages cannot avoid and Spanish never uses as words of their own.
const ENGLISH_WORDS =
  /\b(the|your|you|and|with|this|that|not|for|of|to|is|are|have|will|can|from|only|here|when|where|what|near|lost|found|search|page|photo|camera|sign|message|messages|share|shared|please|yet|none)\b/i

/** What a reader sees or hears: text nodes and the labelling attributes, without scripts, data blocks or the English-only opt-in text. */
function readable(html: string): string {
  const body = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<pre\b[^>]*lang="en"[^>]*>[\s\S]*?<\/pre>/gi, ' ') // the camera opt-in: the versioned text agreed to, English on purpose
    .replace(/<li class="language-switch">[\s\S]*?<\/li>/gi, ' ') // the switch names each language in itself
    .replace(/<ul id="inbox"[\s\S]*?<\/ul>/gi, ' ') // notices are written once by src/notifications (also for mail and push), in English for now
  const labels = [...body.matchAll(/\s(?:alt|aria-label|title|placeholder|data-map-label|content)="([^"]*)"/g)].map(
    (m) => m[1],
  )
  const text = body.replace(/<[^>]+>/g, ' ')
  return [text, ...labels]
    .join(' ')
    .replace(/&#39;|&quot;|&amp;|&lt;|&gt;/g, ' ')
    .replace(/\s+/g, ' ')
}

/** English catalogue sentences (three words or more) that Spanish words differently: none may appear in a Spanish page. */
const englishSentences = Object.entries(catalogues.en)
  .filter(([key, text]) => text.split(' ').length >= 3 && text !== catalogues.es[key as keyof typeof catalogues.es])
  .flatMap(([, text]) =>
    text
      .split(/\{\w+\}/)
      .map((part) => part.trim())
      .filter((part) => part.split(' ').length >= 3),
  )

describe.each(testDatabases())('every page in Spanish on $name', (testDb) => {
  const t = useTestApp(testDb, { web: true })
  let owner: TestUser
  let neighbour: TestUser
  const paths: Record<string, { path: string; user?: 'owner' | 'neighbour'; status?: number }> = {}

  const spanish = async (path: string, user?: TestUser) => {
    const res = await t.request(path, {
      headers: { 'accept-language': 'es-ES,es;q=0.9', accept: 'text/html' },
      redirect: 'manual',
      ...(user && { user }),
    })
    return { status: res.status, html: await res.text() }
  }

  beforeAll(async () => {
    owner = await t.signUp('Ana')
    neighbour = await t.signUp('Berta')
    const camera = await registerCamera(t, owner, { name: 'Jardín' })
    const search = await openCatSearch(t, owner, {
      fields: { name: 'Luna', description: 'Gata negra con calcetines blancos' },
    })
    const sent = await t.request(
      `/api/lost-pets/${search.id}/messages`,
      jsonInit('POST', { body: 'Creo que la vi ayer' }, neighbour),
    )
    const thread = (await sent.json()) as { id: string }
    const form = new FormData()
    const fields = {
      species: 'cat',
      foundAt: new Date(Date.now() - 600_000).toISOString(),
      lat: '51.4613',
      lng: '-0.1156',
      description: 'Sentada en el muro',
    }
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'gata.jpg', { type: 'image/jpeg' }))
    const found = (await (
      await t.request('/api/found-pets', { method: 'POST', body: form, user: neighbour })
    ).json()) as { id: string }

    Object.assign(paths, {
      home: { path: '/' },
      signIn: { path: '/sign-in' },
      signUp: { path: '/sign-up' },
      forgot: { path: '/forgot-password' },
      reset: { path: '/reset-password' },
      feed: { path: '/feed' },
      pet: { path: `/pets/${search.id}` },
      petSignedIn: { path: `/pets/${search.id}`, user: 'neighbour' },
      guest: { path: '/guest' },
      foundPage: { path: `/found/${found.id}?reported`, user: 'neighbour' },
      foundNew: { path: '/found/new', user: 'owner' },
      me: { path: '/me', user: 'owner' },
      meFinder: { path: '/me', user: 'neighbour' },
      report: { path: '/lost/new', user: 'owner' },
      search: { path: `/lost/${search.id}`, user: 'owner' },
      edit: { path: `/lost/${search.id}/edit`, user: 'owner' },
      flyer: { path: `/lost/${search.id}/flyer`, user: 'owner' },
      key: { path: '/key', user: 'owner' },
      threads: { path: '/threads', user: 'owner' },
      thread: { path: `/threads/${thread.id}`, user: 'owner' },
      cameras: { path: '/cameras', user: 'owner' },
      cameraNew: { path: '/cameras/new', user: 'owner' },
      camera: { path: `/cameras/${camera.id}?registered`, user: 'owner' },
      alerts: { path: '/cameras/alerts', user: 'owner' },
      account: { path: '/account', user: 'owner' },
      data: { path: '/account/data', user: 'owner' },
      delete: { path: '/account/delete', user: 'owner' },
      deleted: { path: '/account/deleted' },
      notifications: { path: '/notifications', user: 'owner' },
      transparency: { path: '/transparency' },
      missingPage: { path: '/no-such-page', status: 404 },
      missingPet: { path: '/pets/00000000-0000-4000-8000-000000000000', status: 404 },
      missingCamera: { path: '/cameras/00000000-0000-4000-8000-000000000000', user: 'owner', status: 404 },
    })
  })

  it('has English sentences to look for', () => {
    expect(englishSentences.length).toBeGreaterThan(300)
  })

  it.each([
    'home',
    'signIn',
    'signUp',
    'forgot',
    'reset',
    'feed',
    'pet',
    'petSignedIn',
    'guest',
    'foundPage',
    'foundNew',
    'me',
    'meFinder',
    'report',
    'search',
    'edit',
    'flyer',
    'key',
    'threads',
    'thread',
    'cameras',
    'cameraNew',
    'camera',
    'alerts',
    'account',
    'data',
    'delete',
    'deleted',
    'notifications',
    'transparency',
    'missingPage',
    'missingPet',
    'missingCamera',
  ])('%s reads in Spanish', async (name) => {
    const { path, user, status = 200 } = paths[name]!
    const res = await spanish(path, user === 'owner' ? owner : user === 'neighbour' ? neighbour : undefined)
    expect(res.status, path).toBe(status)
    expect(res.html).toContain('<html lang="es">')
    const text = readable(res.html)
    expect(
      text.match(ENGLISH_WORDS)?.[0],
      `${path}: …${text.slice(Math.max(0, (text.match(ENGLISH_WORDS)?.index ?? 0) - 80), (text.match(ENGLISH_WORDS)?.index ?? 0) + 80)}…`,
    ).toBeUndefined()
    for (const sentence of englishSentences)
      expect(res.html, `${path} has English: ${sentence}`).not.toContain(sentence)
  })

  it('names the installed app in Spanish too', async () => {
    const manifest = (await (
      await t.request('/manifest.webmanifest', { headers: { 'accept-language': 'es' } })
    ).json()) as { name: string; lang: string }
    expect(manifest).toMatchObject({ name: catalogues.es['manifest.name'], lang: 'es' })
  })

  it('the same pages in English are English (the check above can tell)', async () => {
    const res = await t.request(`/lost/new`, {
      headers: { 'accept-language': 'en-GB', accept: 'text/html' },
      user: owner,
    })
    expect(readable(await res.text())).toMatch(ENGLISH_WORDS)
  })
})
