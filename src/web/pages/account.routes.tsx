import type { Hono } from 'hono'
import { countAccountData } from '../../accounts/account-data.repository.ts'
import { listAuditEntriesAbout } from '../../audit/audit.repository.ts'
import type { AppEnv } from '../../http/env.ts'
import { pageContext, signedInPage, type WebDeps } from '../page-context.ts'
import { AccountDeletedPage, AccountPage, DeleteAccountPage } from './account-settings.tsx'
import { MyDataPage } from './my-data.tsx'
import { ForgotPasswordPage, ResetPasswordPage } from './password.tsx'

const AUDIT_PAGE = 50

/** Account pages: password reset and change, "my data and who read it", and deleting the account. */
export function accountPages(app: Hono<AppEnv>, deps: WebDeps) {
  app.get('/forgot-password', async (c) => c.html(<ForgotPasswordPage ctx={await pageContext(c, deps)} />))
  app.get('/reset-password', async (c) => c.html(<ResetPasswordPage ctx={await pageContext(c, deps)} />))
  app.get(
    '/account',
    signedInPage(deps, (c, ctx) => c.html(<AccountPage ctx={ctx} />)),
  )
  app.get(
    '/account/data',
    signedInPage(deps, async (c, ctx) => {
      const before = c.req.query('before')
      const beforeSeq = before && /^\d{1,19}$/.test(before) ? before : undefined
      const [counts, entries] = await Promise.all([
        countAccountData(c.var.deps.db, ctx.user.id),
        listAuditEntriesAbout(c.var.deps.db, ctx.user.id, { ...(beforeSeq && { beforeSeq }), limit: AUDIT_PAGE }),
      ])
      const older = entries.length === AUDIT_PAGE ? entries[entries.length - 1]!.seq : undefined
      return c.html(<MyDataPage ctx={ctx} counts={counts} entries={entries} older={older} />)
    }),
  )
  app.get(
    '/account/delete',
    signedInPage(deps, async (c, ctx) =>
      c.html(<DeleteAccountPage ctx={ctx} counts={await countAccountData(c.var.deps.db, ctx.user.id)} />),
    ),
  )
  app.get('/account/deleted', async (c) => c.html(<AccountDeletedPage ctx={await pageContext(c, deps)} />))
}
