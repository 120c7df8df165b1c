import type { Hono } from 'hono'
import type { AppEnv } from '../../http/env.ts'
import { readInbox, readPreferences } from '../../notifications/notice-settings.service.ts'
import { signedInPage, type WebDeps } from '../page-context.ts'
import { NotificationsPage } from './notifications.page.tsx'

/** /notifications: what reaches the account, where, and the recent in-app notices. */
export function notificationPages(app: Hono<AppEnv>, deps: WebDeps) {
  app.get(
    '/notifications',
    signedInPage(deps, async (c, ctx) => {
      const [preferences, notices] = await Promise.all([
        readPreferences(c.var.deps.db, ctx.user.id),
        readInbox(c.var.deps.db, ctx.user.id),
      ])
      return c.html(
        <NotificationsPage ctx={ctx} timeZone={preferences.timeZone} kinds={preferences.kinds} notices={notices} />,
      )
    }),
  )
}
