import type { Species } from '../../contracts/species.ts'
import { distanceM, type CoarseArea } from '../../geo/cells.ts'
import { formatDistance, type Translate } from '../i18n/messages.ts'
import { AreaSketch, areaSize } from '../components/area-sketch.tsx'
import { LocalTime } from '../owners/owner-format.tsx'
import { Layout, type PageContext } from '../layout.tsx'
import { AgentStatusLines } from './agent-status.tsx'
import { RetentionSelect } from './camera-new.tsx'
import { ConsentBox } from './consent-box.tsx'
import { ConsentStatus, retentionWords, type OwnerCamera } from './consent-status.tsx'

export interface TouchingSearch {
  readonly at: string
  readonly species: Species
  readonly area: CoarseArea
  readonly alertStatus: string
}

interface Props {
  readonly ctx: PageContext
  readonly camera: OwnerCamera
  readonly searches: readonly TouchingSearch[]
  readonly justRegistered: boolean
  /** The server's public address, as the agent on another computer must reach it. */
  readonly serverUrl: string
}

export function CameraPage({ ctx, camera, searches, justRegistered, serverUrl }: Props) {
  const active = camera.consent.status === 'active'
  const { t } = ctx
  return (
    <Layout
      ctx={ctx}
      title={camera.name}
      scripts={['camera-detail']}
      data={{ cameraId: camera.id, area: camera.area, serverUrl }}
    >
      {justRegistered && (
        <p class="notice" role="status">
          {t('camera.detail.registered')}
        </p>
      )}
      <p>
        <a href="/cameras">{t('camera.detail.all')}</a> · <a href="/cameras/alerts">{t('camera.list.alerts')}</a>
      </p>

      <div class="stack">
        <section class="card stack" aria-labelledby="agent-heading" id="agent">
          <h2 id="agent-heading">{ctx.t('agent.heading')}</h2>
          <AgentStatusLines ctx={ctx} agent={camera.agent} />
          <p class="muted">{ctx.t('agent.coarse')}</p>
        </section>

        {active && (
          <section class="card stack" aria-labelledby="pair-heading" id="pairing">
            {/* Once paired, pairing again is the rare case (a new computer): folded away, not the page's call to action. */}
            <PairingBox
              paired={camera.agent.paired}
              heading={t('camera.detail.pair.heading')}
              label={ctx.t('agent.pairAgain')}
            >
              <p>{t('camera.detail.pair.text')}</p>
              <button type="button" id="pairing-code">
                {t('camera.detail.pair.button')}
              </button>
              <p class="form-error" role="alert" aria-live="assertive"></p>
              <div id="pairing-result" hidden>
                <p>
                  {t('camera.detail.pair.code')} <strong class="pairing-code" id="code"></strong> (
                  {t('camera.detail.pair.expires')} <span id="code-expiry"></span>)
                </p>
                <p>{t('camera.detail.pair.run')}</p>
                <pre class="command" tabindex={0} aria-label={t('camera.detail.pair.command')}>
                  <code id="pair-command"></code>
                </pre>
              </div>
            </PairingBox>
          </section>
        )}

        <section class="card stack" aria-labelledby="consent-heading" id="consent-section">
          <h2 id="consent-heading">{t('camera.detail.consent')}</h2>
          <ConsentStatus ctx={ctx} camera={camera} />
          {camera.consent.version && (
            <p class="muted">{t('camera.detail.agreedVersion', { version: camera.consent.version })}</p>
          )}
          <div id="revoke-result" role="status" aria-live="polite"></div>
          <form id="renew" class="stack" novalidate>
            <details open={!active}>
              <summary>{active ? t('camera.detail.renewSummary') : t('camera.detail.optInSummary')}</summary>
              <div class="stack">
                <ConsentBox ctx={ctx} id="renew-consent" heading={t('camera.detail.renewAgree')} />
                <p class="form-error" role="alert" aria-live="assertive"></p>
                <button type="submit" class="secondary">
                  {active ? t('camera.detail.renew') : t('camera.detail.optIn')}
                </button>
              </div>
            </details>
          </form>
          {active && (
            <div class="stack" id="revoke">
              <button
                type="button"
                class="danger"
                id="revoke-start"
                aria-controls="revoke-confirm"
                aria-expanded="false"
              >
                {t('camera.detail.revoke')}
              </button>
              <div id="revoke-confirm" class="card stack" hidden>
                <p>
                  <strong>{t('camera.detail.revoke.question', { name: camera.name })}</strong>{' '}
                  {t('camera.detail.revoke.text')}
                </p>
                <p class="form-error" role="alert" aria-live="assertive"></p>
                <ul class="actions">
                  <li>
                    <button type="button" class="danger" id="revoke-yes">
                      {t('camera.detail.revoke.yes')}
                    </button>
                  </li>
                  <li>
                    <button type="button" class="secondary" id="revoke-no">
                      {t('camera.detail.revoke.no')}
                    </button>
                  </li>
                </ul>
              </div>
            </div>
          )}
        </section>

        <section class="card stack" aria-labelledby="retention-heading">
          <h2 id="retention-heading">{t('camera.detail.retention')}</h2>
          <form id="retention-form" class="stack" novalidate>
            <div class="field">
              <label for="retention">{t('camera.keep')}</label>
              <RetentionSelect t={t} id="retention" current={camera.retentionHours} />
              <p class="hint" id="retention-hint">
                {t('camera.detail.retentionNow', { time: retentionWords(t, camera.retentionHours) })}
              </p>
            </div>
            <p class="form-error" role="alert" aria-live="assertive"></p>
            <p class="saved" role="status" aria-live="polite"></p>
            <button type="submit" class="secondary">
              {t('camera.detail.save')}
            </button>
          </form>
        </section>

        <section class="card stack" aria-labelledby="area-heading">
          <h2 id="area-heading">{t('camera.detail.stored')}</h2>
          <p>{t('camera.detail.storedText', { size: areaSize(camera.area, ctx.locale, t) })}</p>
          <div id="area-map">
            <AreaSketch area={camera.area} label={t('camera.outline', { name: camera.name })} />
          </div>
        </section>

        <section class="card stack" aria-labelledby="searches-heading">
          <h2 id="searches-heading">{t('camera.detail.searches')}</h2>
          <p class="muted">{t('camera.detail.searchesText')}</p>
          {searches.length === 0 ? (
            <p id="touching-searches">{t('camera.detail.searchesNone')}</p>
          ) : (
            <table id="touching-searches">
              <thead>
                <tr>
                  <th scope="col">{t('camera.detail.col.when')}</th>
                  <th scope="col">{t('camera.detail.col.species')}</th>
                  <th scope="col">{t('camera.detail.col.lost')}</th>
                  <th scope="col">{t('camera.detail.col.answer')}</th>
                </tr>
              </thead>
              <tbody>
                {searches.map((s) => (
                  <tr>
                    <td>
                      <LocalTime at={s.at} />
                    </td>
                    <td>{t(`camera.detail.species.${s.species}`)}</td>
                    <td>{lostWhere(ctx, camera.area, s.area)}</td>
                    <td>{answerWords(t, s.alertStatus)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </Layout>
  )
}

/** Where the pet was lost, relative to the camera's own coarse area, in coarse words. */
function lostWhere({ t, locale }: PageContext, camera: CoarseArea, lost: CoarseArea): string {
  if (camera.cell === lost.cell) return t('camera.detail.lost.same')
  const km = distanceM(camera.center, lost.center) / 1000
  return km < 1.5
    ? t('camera.detail.lost.near')
    : t('camera.detail.lost.far', { km: formatDistance(locale, Math.round(km)) })
}

/** Unpaired: the heading ("Pair the agent") and the steps. Paired: the steps inside a closed "pair again" fold. */
function PairingBox({
  paired,
  heading,
  label,
  children,
}: {
  paired: boolean
  heading: string
  label: string
  children?: unknown
}) {
  if (!paired)
    return (
      <>
        <h2 id="pair-heading">{heading}</h2>
        {children}
      </>
    )
  return (
    <details class="stack">
      <summary id="pair-heading">{label}</summary>
      <div class="stack">{children}</div>
    </details>
  )
}

const ANSWERS = ['pending', 'dismissed', 'shared', 'withdrawn'] as const
const answerWords = (t: Translate, status: string) =>
  ANSWERS.includes(status as (typeof ANSWERS)[number])
    ? t(`camera.detail.answer.${status as (typeof ANSWERS)[number]}`)
    : status
