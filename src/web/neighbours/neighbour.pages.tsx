import type { Hono } from 'hono'
import { getFoundPetFor } from '../../found/found.service.ts'
import { invalidInput, notFound } from '../../errors.ts'
import { FeedQuery } from '../../feed/feed.schema.ts'
import { readFeedPage } from '../../feed/feed.service.ts'
import type { AppEnv } from '../../http/env.ts'
import { getPublicSearch, photosOf } from '../../searches/search.service.ts'
import { toPublicLostPet } from '../../searches/search.view.ts'
import { isUuid, orNotFound } from '../components/not-found.tsx'
import { pageContext, signedInPage, type WebDeps } from '../page-context.ts'
import { FeedCards } from './feed-cards.tsx'
import { FeedPage } from './feed.tsx'
import { NewFoundPetPage } from './found-new.tsx'
import { FoundPetPage } from './found-page.tsx'
import { GuestThreadPage } from './guest-thread.page.tsx'
import { PetPage } from './pet-page.tsx'
import { publicStatusOf } from '../../searches/search.rules.ts'

/** The neighbour's pages: the feed, a lost pet's public page with the relay, and reporting a found pet. */
export function neighbourPages(app: Hono<AppEnv>, deps: WebDeps) {
  // A place in the URL (a shared link, the back button, a search made here) gets its first page with the page.
  app.get('/feed', async (c) => {
    const ctx = await pageContext(c, deps)
    const query = FeedQuery.safeParse(c.req.query())
    if (!query.success) return c.html(<FeedPage ctx={ctx} />)
    const now = c.var.deps.now()
    const page = await readFeedPage(c.var.deps.db, query.data, now)
    return c.html(<FeedPage ctx={ctx} results={{ query: query.data, page, now }} />)
  })
  // More cards, and the cards of a new place, as the page renders them; the next page's cursor in a header.
  app.get('/feed/cards', async (c) => {
    const query = FeedQuery.safeParse(c.req.query())
    if (!query.success)
      throw invalidInput(query.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '))
    const { locale, t } = await pageContext(c, deps)
    const now = c.var.deps.now()
    const page = await readFeedPage(c.var.deps.db, query.data, now)
    c.header('feed-next-cursor', page.nextCursor ?? '')
    c.header('cache-control', 'no-store')
    return c.html(<FeedCards locale={locale} t={t} items={page.items} from={query.data} now={now} />)
  })
  app.get('/pets/:id', async (c) => {
    const ctx = await pageContext(c, deps)
    const id = c.req.param('id')
    return orNotFound(c, ctx, 'lostPet', async () => {
      if (!isUuid(id)) throw notFound('Lost pet')
      const search = await getPublicSearch(c.var.deps, id)
      const photos = await photosOf(c.var.deps, [search.id])
      const pet = toPublicLostPet({ ...search, status: publicStatusOf(search.status) }, photos)
      return <PetPage ctx={ctx} pet={pet} yours={ctx.user?.id === search.owner_id} />
    })
  })
  // The same page for every guest: the token in the link's fragment is read by the page's script only.
  app.get('/guest', async (c) => c.html(<GuestThreadPage ctx={await pageContext(c, deps)} />))
  app.get(
    '/found/new',
    signedInPage(deps, (c, ctx) => c.html(<NewFoundPetPage ctx={ctx} />)),
  )
  app.get('/found/:id', async (c) => {
    const ctx = await pageContext(c, deps)
    const id = c.req.param('id')
    return orNotFound(c, ctx, 'foundPet', async () => {
      if (!isUuid(id)) throw notFound('Found pet')
      const { report, mine } = await getFoundPetFor(c.var.deps, id, ctx.user?.id)
      return <FoundPetPage ctx={ctx} pet={report} mine={mine} justReported={c.req.query('reported') !== undefined} />
    })
  })
}
