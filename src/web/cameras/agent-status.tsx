import type { AgentStatus } from '../../cameras/camera-status.service.ts'
import { CHECK_IN_STEP_MS } from '../../cameras/check-in.rules.ts'
import { formatDateTime, type Locale, type Translate } from '../i18n/messages.ts'
import type { PageContext } from '../layout.tsx'

/**
 * "10 minutes ago", "2 hours ago", "yesterday" in the reader's language. The stored time is rounded
 * down to 5 minutes, so anything newer than one step reads as "in the last 5 minutes", never "3 minutes ago".
 */
export function formatAgo(t: Translate, locale: Locale, at: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000))
  if (now.getTime() - at.getTime() < CHECK_IN_STEP_MS) return t('agent.withinStep')
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  if (minutes < 60) return rtf.format(-minutes, 'minute')
  if (minutes < 48 * 60) return rtf.format(-Math.round(minutes / 60), 'hour')
  return rtf.format(-Math.round(minutes / 1440), 'day')
}

type AgentState = 'online' | 'offline' | 'notPaired'
const stateOf = (agent: AgentStatus): AgentState => (!agent.paired ? 'notPaired' : agent.online ? 'online' : 'offline')
const badgeClass = { online: 'status-active', offline: 'status-expired', notPaired: 'status-none' } as const

/** The agent's state as a badge: paired or not, online or not. Shown on the owner's own pages only. */
export function AgentBadge({ ctx, agent }: { ctx: PageContext; agent: AgentStatus }) {
  const state = stateOf(agent)
  return (
    <span class={`badge ${badgeClass[state]}`} data-agent-state={state}>
      {ctx.t(`agent.${state}`)}
    </span>
  )
}

/** Badge, last check-in in plain words and the owner's time zone, and today's sightings. */
export function AgentStatusLines({
  ctx,
  agent,
  now = new Date(),
}: {
  ctx: PageContext
  agent: AgentStatus
  now?: Date
}) {
  const { t, locale } = ctx
  const last = agent.lastCheckInAt ? new Date(agent.lastCheckInAt) : null
  return (
    <div class="agent-status stack" id="agent-status">
      <p>
        <AgentBadge ctx={ctx} agent={agent} /> {!agent.paired && t('agent.notPaired.text')}
        {agent.paired && !last && t('agent.never')}
        {agent.paired && last && (
          <span id="agent-last-seen">
            {t('agent.lastSeen', {
              ago: formatAgo(t, locale, last, now),
              time: formatDateTime(locale, last, agent.timeZone),
            })}
          </span>
        )}
      </p>
      {agent.paired && last && !agent.online && <p class="hint">{t('agent.offline.text')}</p>}
      {agent.paired && <p id="agent-sightings-today">{t('agent.sightingsToday', { count: agent.sightingsToday })}</p>}
    </div>
  )
}
