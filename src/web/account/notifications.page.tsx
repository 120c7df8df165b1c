import { Layout, type PageContext } from '../layout.tsx'
import type { MessageKey } from '../i18n/messages.ts'
import { formatDateTime } from '../i18n/messages.ts'

type Channel = 'email' | 'push' | 'inApp'
type Kind = 'alert' | 'share' | 'trail' | 'found' | 'relay'

export interface NotificationsPageProps {
  readonly ctx: PageContext
  readonly timeZone: string
  readonly kinds: Record<Kind, Partial<Record<Channel, boolean>>>
  readonly notices: readonly {
    readonly id: string
    readonly title: string
    readonly body: string
    readonly url: string
    readonly at: string
  }[]
}

const KINDS: readonly Kind[] = ['share', 'trail', 'found', 'relay', 'alert']
const CHANNELS: readonly Channel[] = ['email', 'push', 'inApp']

/** Per kind × channel switches, Web Push for this browser, and the in-app list (client/notifications.ts saves). */
export function NotificationsPage({ ctx, timeZone, kinds, notices }: NotificationsPageProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('notify.title')} scripts={['notifications']}>
      <p class="lead">{t('notify.lead')}</p>
      <section aria-labelledby="device-heading" class="card stack">
        <h2 id="device-heading">{t('notify.device.heading')}</h2>
        <p>{t('notify.device.text')}</p>
        <p class="actions">
          <button type="button" id="push-enable" class="secondary">
            {t('notify.device.button')}
          </button>{' '}
          <button type="button" id="push-disable" class="link">
            {t('notify.device.off')}
          </button>
        </p>
        <p id="push-status" class="hint" role="status"></p>
      </section>
      <section aria-labelledby="kinds-heading" class="stack">
        <h2 id="kinds-heading">{t('notify.kinds.heading')}</h2>
        <form id="notice-kinds" class="stack" novalidate>
          <div class="table-scroll">
            <table class="notice-matrix">
              <caption>{t('notify.kinds.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notify.kind')}</th>
                  {CHANNELS.map((channel) => (
                    <th scope="col">{t(`notify.channel.${channel}` as MessageKey)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {KINDS.map((kind) => (
                  <tr>
                    <th scope="row" id={`kind-${kind}`}>
                      {t(`notify.kind.${kind}` as MessageKey)}
                    </th>
                    {CHANNELS.map((channel) => (
                      <td>
                        {kinds[kind][channel] !== undefined && (
                          <input
                            type="checkbox"
                            name={`${kind}.${channel}`}
                            checked={kinds[kind][channel]}
                            aria-labelledby={`kind-${kind} channel-${kind}-${channel}`}
                          />
                        )}
                        <span id={`channel-${kind}-${channel}`} class="visually-hidden">
                          {t(`notify.channel.${channel}` as MessageKey)}
                        </span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <button type="submit">{t('notify.save')}</button>
          </p>
          <p id="kinds-status" role="status" class="hint"></p>
        </form>
      </section>
      <section aria-labelledby="zone-heading" class="stack">
        <h2 id="zone-heading">{t('notify.zone.heading')}</h2>
        <p id="time-zone">{t('notify.zone.text', { zone: timeZone })}</p>
      </section>
      <section aria-labelledby="inbox-heading" class="stack">
        <h2 id="inbox-heading">{t('notify.inbox.heading')}</h2>
        {notices.length === 0 ? (
          <p class="muted">{t('notify.inbox.empty')}</p>
        ) : (
          <ul id="inbox" class="stack">
            {notices.map((n) => (
              <li class="card">
                <a href={n.url}>{n.title}</a>
                <p>{n.body}</p>
                <p class="muted">
                  <time datetime={n.at}>{formatDateTime(ctx.locale, new Date(n.at), timeZone)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  )
}
