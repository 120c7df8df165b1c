import { listOwnFoundReports } from '../../found/found.service.ts'
import type { Hono } from 'hono'
import { notFound } from '../../errors.ts'
import { listFoundMatches } from '../../found/found.service.ts'
import type { AppEnv } from '../../http/env.ts'
import { getThread, listThreads } from '../../relay/relay.service.ts'
import { listHolds } from '../../searches/search-hold.service.ts'
import { getOwnSearch, listOwnSearches, photosOf, type SearchDeps } from '../../searches/search.service.ts'
import { toOwnerSearch } from '../../searches/search.view.ts'
import { isUuid, orNotFound } from '../components/not-found.tsx'
import { signedInPage, type SignedInPageContext, type WebDeps } from '../page-context.ts'
import { publicPetUrl, qrCodeSvg } from './flyer-qr.ts'
import { EditSearchPage } from './edit.page.tsx'
import { FlyerPage } from './flyer.page.tsx'
import { KeyPage } from './key.page.tsx'
import { MySearchesPage } from './my-searches.page.tsx'
import { ReportLostPetPage } from './report.page.tsx'
import { OwnerSearchPage } from './search.page.tsx'
import { ThreadPage, ThreadsPage } from './threads.page.tsx'

/** The pet owner's pages: report a lost pet, follow the search, open shared snapshots, answer messages, print a flyer. */
export function ownerPages(app: Hono<AppEnv>, deps: WebDeps) {
  app.get(
    '/me',
    signedInPage(deps, async (c, ctx) => {
      const rows = await listOwnSearches(c.var.deps, ctx.user.id)
      const photos = await photosOf(
        c.var.deps,
        rows.map((r) => r.id),
      )
      const searches = rows.map((row) =>
        toOwnerSearch(
          row,
          photos.filter((p) => p.search_id === row.id),
        ),
      )
      return c.html(
        <MySearchesPage ctx={ctx} searches={searches} found={await listOwnFoundReports(c.var.deps, ctx.user.id)} />,
      )
    }),
  )

  app.get(
    '/lost/new',
    signedInPage(deps, (c, ctx) => c.html(<ReportLostPetPage ctx={ctx} />)),
  )

  app.get(
    '/lost/:id',
    signedInPage(deps, (c, ctx) =>
      orNotFound(c, ctx, 'search', async () => {
        const search = await ownSearch(c.var.deps, ctx, c.req.param('id') ?? '')
        const [foundMatches, threads, holds] = await Promise.all([
          listFoundMatches(c.var.deps, ctx.user.id, search.id),
          listThreads(c.var.deps, ctx.user.id),
          listHolds(c.var.deps, ctx.user.id, search.id),
        ])
        return (
          <OwnerSearchPage
            ctx={ctx}
            search={search}
            foundMatches={foundMatches}
            threads={threads.filter((t) => t.pet.searchId === search.id && t.you === 'pet owner')}
            holds={holds}
          />
        )
      }),
    ),
  )

  app.get(
    '/lost/:id/edit',
    signedInPage(deps, (c, ctx) =>
      orNotFound(c, ctx, 'search', async () => (
        <EditSearchPage ctx={ctx} search={await ownSearch(c.var.deps, ctx, c.req.param('id') ?? '')} />
      )),
    ),
  )

  app.get(
    '/lost/:id/flyer',
    signedInPage(deps, (c, ctx) =>
      orNotFound(c, ctx, 'search', async () => {
        const search = await ownSearch(c.var.deps, ctx, c.req.param('id') ?? '')
        const petUrl = publicPetUrl(deps.publicUrl, search.id)
        return <FlyerPage ctx={ctx} search={search} petUrl={petUrl} qrSvg={await qrCodeSvg(petUrl)} />
      }),
    ),
  )

  app.get(
    '/key',
    signedInPage(deps, (c, ctx) => c.html(<KeyPage ctx={ctx} />)),
  )

  app.get(
    '/threads',
    signedInPage(deps, async (c, ctx) => {
      return c.html(<ThreadsPage ctx={ctx} threads={await listThreads(c.var.deps, ctx.user.id)} />)
    }),
  )

  app.get(
    '/threads/:id',
    signedInPage(deps, (c, ctx) =>
      orNotFound(c, ctx, 'conversation', async () => {
        const id = c.req.param('id') ?? ''
        if (!isUuid(id)) throw notFound('Conversation')
        return <ThreadPage ctx={ctx} thread={await getThread(c.var.deps, ctx.user.id, id)} />
      }),
    ),
  )
}

/** Another user's search is simply not there, as in the API. */
async function ownSearch(services: SearchDeps, ctx: SignedInPageContext, id: string) {
  if (!isUuid(id)) throw notFound('Search')
  const search = await getOwnSearch(services, ctx.user.id, id)
  return toOwnerSearch(search, await photosOf(services, [search.id]))
}
