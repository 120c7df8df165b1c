import type { Context } from 'hono'
import { AppError } from '../../errors.ts'
import type { AppEnv } from '../../http/env.ts'
import { Layout, type PageContext } from '../layout.tsx'

/** Renders a page, or a readable 404 page when the service says the thing is not there (or not yours). */
export async function orNotFound(c: Context<AppEnv>, ctx: PageContext, what: string, render: () => Promise<string | Promise<string>>) {
  try {
    return c.html(await render())
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error
    return c.html(
      <Layout ctx={ctx} title={`${what} not found`}>
        <p>This {what.toLowerCase()} does not exist, is no longer public, or is not yours to see.</p>
        <p>
          <a href="/">Back to the start</a>
        </p>
      </Layout>,
      404,
    )
  }
}

/** Whether a path segment can be an id at all, so a typo gets the 404 page rather than a database error. */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
