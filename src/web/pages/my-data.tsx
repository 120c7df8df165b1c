import type { AccountDataCounts } from '../../accounts/account-data.repository.ts'
import type { AuditRow } from '../../audit/audit.table.ts'
import { catalogues, formatDateTime, type MessageKey } from '../i18n/messages.ts'
import { Layout, type PageContext, type PageUser } from '../layout.tsx'

type Ctx = PageContext & { readonly user: PageUser }

const holdings: readonly { key: keyof AccountDataCounts & string; label: MessageKey; href?: string }[] = [
  { key: 'searches', label: 'data.searches', href: '/me' },
  { key: 'photos', label: 'data.photos', href: '/me' },
  { key: 'cameras', label: 'data.cameras', href: '/cameras' },
  { key: 'sightings', label: 'data.sightings', href: '/cameras' },
  { key: 'alerts', label: 'data.alerts', href: '/cameras' },
  { key: 'shares', label: 'data.shares' },
  { key: 'threads', label: 'data.threads', href: '/threads' },
  { key: 'messages', label: 'data.messages', href: '/threads' },
  { key: 'foundReports', label: 'data.foundReports' },
  { key: 'pushSubscriptions', label: 'data.pushSubscriptions' },
  { key: 'sessions', label: 'data.sessions' },
]

export function HoldingsList({ ctx, counts, links }: { ctx: PageContext; counts: AccountDataCounts; links: boolean }) {
  const { t } = ctx
  return (
    <dl class="counts">
      {holdings.map((h) => (
        <div>
          <dt>{links && h.href ? <a href={h.href}>{t(h.label)}</a> : t(h.label)}</dt>
          <dd>{new Intl.NumberFormat(ctx.locale).format(counts[h.key] as number)}</dd>
        </div>
      ))}
      <div>
        <dt>{t('data.webhook')}</dt>
        <dd>{t(counts.webhook ? 'data.webhook.on' : 'data.webhook.off')}</dd>
      </div>
    </dl>
  )
}

/** One audit entry in plain words: who (you, another account, a camera's agent, Homeward) did what. */
export function auditSentence(ctx: Ctx, row: AuditRow): string {
  const { t } = ctx
  const actor =
    row.actor_type === 'user'
      ? t(row.actor_id === ctx.user.id ? 'audit.actor.you' : 'audit.actor.user')
      : t(row.actor_type === 'device' ? 'audit.actor.device' : 'audit.actor.system')
  const key = `audit.${row.action}`
  return key in catalogues.en ? t(key as MessageKey, { actor }) : t('audit.other', { actor, action: row.action })
}

export function MyDataPage({
  ctx,
  counts,
  entries,
  older,
}: {
  ctx: Ctx
  counts: AccountDataCounts
  entries: readonly AuditRow[]
  older: string | undefined
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('data.title')} scripts={['my-data']}>
      <p class="lead">{t('data.lead')}</p>
      <section class="card" aria-labelledby="holds">
        <h2 id="holds">{t('data.holds')}</h2>
        <HoldingsList ctx={ctx} counts={counts} links />
      </section>
      <section aria-labelledby="audit">
        <h2 id="audit">{t('data.audit')}</h2>
        <p class="muted">{t('data.auditLead')}</p>
        {entries.length === 0 && <p>{t('data.auditNone')}</p>}
        <ul class="audit-list">
          {entries.map((row) => (
            <li>
              {/* UTC until the page script rewrites it in the browser's own time zone. */}
              <time datetime={row.at.toISOString()}>{`${formatDateTime(ctx.locale, row.at, 'UTC')} UTC`}</time>
              {auditSentence(ctx, row)}
            </li>
          ))}
        </ul>
        {older && (
          <p>
            <a href={`/account/data?before=${older}`}>{t('data.auditMore')}</a>
          </p>
        )}
      </section>
    </Layout>
  )
}
