import type { Context } from 'hono'
import { AppError } from '../../errors.ts'
import type { AppEnv } from '../../http/env.ts'
import { Layout, type PageContext } from '../layout.tsx'

/** What a page shows; each has a "not found" title and text in the catalogues. */
export type MissingThing = 'camera' | 'search' | 'conversation' | 'lostPet' | 'foundPet'

/** Renders a page, or a readable 404 page when the service says the thing is not there (or not yours). */
export async function orNotFound(
  c: Context<AppEnv>,
  ctx: PageContext,
  what: MissingThing,
  render: () => Promise<string | Promise<string>>,
) {
  try {
    return c.html(await render())
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error
    return c.html(
      <Layout ctx={ctx} title={ctx.t(`missing.${what}.title`)}>
        <p>{ctx.t(`missing.${what}.body`)}</p>
        <p>
          <a href="/">{ctx.t('notFound.home')}</a>
        </p>
      </Layout>,
      404,
    )
  }
}

/** Whether a path segment can be an id at all, so a typo gets the 404 page rather than a database error. */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
