import type { Bucketed, Metric } from '../../transparency/transparency.rules.ts'
import { METRICS } from '../../transparency/transparency.rules.ts'
import type { TransparencyReport } from '../../transparency/transparency.service.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { Layout, type PageContext } from '../layout.tsx'

export function NotFoundPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('notFound.title')}>
      <p class="lead">{t('notFound.lead')}</p>
      <ul class="actions">
        <li>
          <a class="button" href="/">
            {t('notFound.home')}
          </a>
        </li>
        <li>
          <a class="button secondary" href="/feed">
            {t('notFound.feed')}
          </a>
        </li>
      </ul>
    </Layout>
  )
}

const requestLabels: Record<string, MessageKey> = {
  refused: 'transparency.requests.refused',
  'no-data-held': 'transparency.requests.noData',
  'disclosed-by-court-order': 'transparency.requests.court',
}

function Counts({ ctx, counts }: { ctx: PageContext; counts: Record<Metric, Bucketed> }) {
  const shown = (value: Bucketed) =>
    typeof value === 'number' ? new Intl.NumberFormat(ctx.locale).format(value) : ctx.t('transparency.fewer', { k: 5 })
  return (
    <dl class="counts">
      {METRICS.map((metric) => (
        <div>
          <dt>{ctx.t(`transparency.${metric}`)}</dt>
          <dd>{shown(counts[metric])}</dd>
        </div>
      ))}
    </dl>
  )
}

export function TransparencyPage({ ctx, report }: { ctx: PageContext; report: TransparencyReport }) {
  const { t } = ctx
  const active = report.days.filter((day) => METRICS.some((m) => day[m] !== 0)).reverse()
  return (
    <Layout ctx={ctx} title={t('transparency.title')}>
      <p class="lead">{t('transparency.lead', { k: report.smallCountsBelow })}</p>
      <p>
        {t('transparency.period', { from: report.from, to: report.to })}{' '}
        <a href="/transparency.json">{t('transparency.json')}</a>
      </p>
      <section class="card" aria-labelledby="totals">
        <h2 id="totals">{t('transparency.totals', { days: report.days.length })}</h2>
        <Counts ctx={ctx} counts={report.totals} />
      </section>
      <section aria-labelledby="requests">
        <h2 id="requests">{t('transparency.requests')}</h2>
        <p>{t('transparency.requestsLead')}</p>
        <dl class="counts">
          {Object.entries(requestLabels).map(([answer, label]) => (
            <div>
              <dt>{t(label)}</dt>
              <dd>{report.thirdPartyDataRequests[answer] ?? 0}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="daily">
        <h2 id="daily">{t('transparency.daily')}</h2>
        {active.length === 0 && <p>{t('transparency.none')}</p>}
        {active.map((day) => (
          <details>
            <summary>
              <time datetime={day.day}>{day.day}</time>
            </summary>
            <Counts ctx={ctx} counts={day} />
          </details>
        ))}
      </section>
    </Layout>
  )
}
