import type { Context, Hono } from 'hono'
import { AppError } from '../../errors.ts'
import { listFoundMatches } from '../../found/found.service.ts'
import type { AppEnv } from '../../http/env.ts'
import { getThread, listThreads } from '../../relay/relay.service.ts'
import { getOwnSearch, listOwnSearches, photosOf } from '../../searches/search.service.ts'
import { toOwnerSearch } from '../../searches/search.view.ts'
import { Layout, type PageContext } from '../layout.tsx'
import { signedInPageContext, type WebDeps } from '../page-context.ts'
import { publicPetUrl, qrCodeSvg } from './flyer-qr.ts'
import { FlyerPage } from './flyer.page.tsx'
import { KeyPage } from './key.page.tsx'
import { MySearchesPage } from './my-searches.page.tsx'
import { ReportLostPetPage } from './report.page.tsx'
import { OwnerSearchPage } from './search.page.tsx'
import { ThreadPage, ThreadsPage } from './threads.page.tsx'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The pet owner's pages: report a lost pet, follow the search, open shared snapshots, answer messages, print a flyer. */
export function ownerPages(app: Hono<AppEnv>, deps: WebDeps) {
  app.get('/me', async (c) => {
    const ctx = await signedInPageContext(c, deps)
    if (ctx instanceof Response) return ctx
    const rows = await listOwnSearches(deps.services, ctx.user!.id)
    const photos = await photosOf(deps.services, rows.map((r) => r.id))
    const searches = rows.map((row) => toOwnerSearch(row, photos.filter((p) => p.search_id === row.id)))
    return c.html(<MySearchesPage ctx={ctx} searches={searches} />)
  })

  app.get('/lost/new', async (c) => {
    const ctx = await signedInPageContext(c, deps)
    if (ctx instanceof Response) return ctx
    return c.html(<ReportLostPetPage ctx={ctx} />)
  })

  app.get('/lost/:id', async (c) => {
    const ctx = await signedInPageContext(c, deps)
    if (ctx instanceof Response) return ctx
    const search = await ownSearch(deps, ctx, c.req.param('id'))
    if (!search) return notFoundPage(c, ctx, 'search')
    const [foundMatches, threads] = await Promise.all([listFoundMatches(deps.services, ctx.user!.id, search.id), listThreads(deps.services, ctx.user!.id)])
    return c.html(<OwnerSearchPage ctx={ctx} search={search} foundMatches={foundMatches} threads={threads.filter((t) => t.pet.searchId === search.id && t.you === 'pet owner')} />)
  })

  app.get('/lost/:id/flyer', async (c) => {
    const ctx = await signedInPageContext(c, deps)
    if (ctx instanceof Response) return ctx
    const search = await ownSearch(deps, ctx, c.req.param('id'))
    if (!search) return notFoundPage(c, ctx, 'search')
    const petUrl = publicPetUrl(deps.publicUrl, search.id)
    return c.html(<FlyerPage ctx={ctx} search={search} petUrl={petUrl} qrSvg={await qrCodeSvg(petUrl)} />)
  })

  app.get('/key', async (c) => {
    const ctx = await signedInPageContext(c, deps)
    if (ctx instanceof Response) return ctx
    return c.html(<KeyPage ctx={ctx} />)
  })

  app.get('/threads', async (c) => {
    const ctx = await signedInPageContext(c, deps)
    if (ctx instanceof Response) return ctx
    return c.html(<ThreadsPage ctx={ctx} threads={await listThreads(deps.services, ctx.user!.id)} />)
  })

  app.get('/threads/:id', async (c) => {
    const ctx = await signedInPageContext(c, deps)
    if (ctx instanceof Response) return ctx
    const id = c.req.param('id')
    const thread = UUID.test(id) ? await getThread(deps.services, ctx.user!.id, id).catch(ifNotFound) : undefined
    if (!thread) return notFoundPage(c, ctx, 'conversation')
    return c.html(<ThreadPage ctx={ctx} thread={thread} />)
  })
}

async function ownSearch(deps: WebDeps, ctx: PageContext, id: string) {
  if (!UUID.test(id)) return undefined
  const search = await getOwnSearch(deps.services, ctx.user!.id, id).catch(ifNotFound)
  return search && toOwnerSearch(search, await photosOf(deps.services, [search.id]))
}

/** Another user's search or thread is simply not there, as in the API. */
function ifNotFound(error: unknown): undefined {
  if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined
  throw error
}

function notFoundPage(c: Context<AppEnv>, ctx: PageContext, what: string) {
  return c.html(
    <Layout ctx={ctx} title={`No such ${what}`}>
      <p>
        This {what} does not exist, or it is not yours. <a href="/me">Back to my searches</a>
      </p>
    </Layout>,
    404,
  )
}
