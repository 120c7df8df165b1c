import type { Hono } from 'hono'
import { getFoundPetFor } from '../../found/found.service.ts'
import { notFound } from '../../errors.ts'
import type { AppEnv } from '../../http/env.ts'
import { getPublicSearch, photosOf } from '../../searches/search.service.ts'
import { toPublicLostPet } from '../../searches/search.view.ts'
import { isUuid, orNotFound } from '../components/not-found.tsx'
import { pageContext, signedInPage, type WebDeps } from '../page-context.ts'
import { FeedPage } from './feed.tsx'
import { NewFoundPetPage } from './found-new.tsx'
import { FoundPetPage } from './found-page.tsx'
import { GuestThreadPage } from './guest-thread.page.tsx'
import { PetPage } from './pet-page.tsx'
import { publicStatusOf } from '../../searches/search.rules.ts'

/** The neighbour's pages: the feed, a lost pet's public page with the relay, and reporting a found pet. */
export function neighbourPages(app: Hono<AppEnv>, deps: WebDeps) {
  app.get('/feed', async (c) => c.html(<FeedPage ctx={await pageContext(c, deps)} />))
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
