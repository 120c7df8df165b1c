import type { Species } from '../../contracts/species.ts'
import { distanceM, type CoarseArea } from '../../geo/cells.ts'
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
  return (
    <Layout ctx={ctx} title={camera.name} scripts={['camera-detail']} data={{ cameraId: camera.id, area: camera.area, serverUrl }}>
      {justRegistered && (
        <p class="notice" role="status">
          Camera registered and opted in. Next, pair the Homeward agent with it.
        </p>
      )}
      <p>
        <a href="/cameras">← All my cameras</a> · <a href="/cameras/alerts">Alerts</a>
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
          <PairingBox paired={camera.agent.paired} label={ctx.t('agent.pairAgain')}>
          <p>
            The Homeward agent runs on a computer at home next to the camera. Get a one-time code (valid for 15 minutes)
            and run the command it shows there.
          </p>
          <button type="button" id="pairing-code">
            Get a pairing code
          </button>
          <p class="form-error" role="alert" aria-live="assertive"></p>
          <div id="pairing-result" hidden>
            <p>
              Code: <strong class="pairing-code" id="code"></strong> (expires <span id="code-expiry"></span>)
            </p>
            <p>On the agent’s computer, run:</p>
            <pre class="command" tabindex={0} aria-label="Pairing command">
              <code id="pair-command"></code>
            </pre>
          </div>
          </PairingBox>
        </section>
      )}

      <section class="card stack" aria-labelledby="consent-heading" id="consent-section">
        <h2 id="consent-heading">Consent</h2>
        <ConsentStatus camera={camera} />
        {camera.consent.version && <p class="muted">You agreed to version {camera.consent.version} of the opt-in.</p>}
        <div id="revoke-result" role="status" aria-live="polite"></div>
        <form id="renew" class="stack" novalidate>
          <details open={!active}>
            <summary>{active ? 'Renew for another 12 months' : 'Opt this camera in again'}</summary>
            <div class="stack">
              <ConsentBox id="renew-consent" heading="The opt-in you agree to" />
              <p class="form-error" role="alert" aria-live="assertive"></p>
              <button type="submit" class="secondary">
                {active ? 'Renew consent' : 'Opt in again'}
              </button>
            </div>
          </details>
        </form>
        {active && (
          <div class="stack" id="revoke">
            <button type="button" class="danger" id="revoke-start" aria-controls="revoke-confirm" aria-expanded="false">
              Revoke consent…
            </button>
            <div id="revoke-confirm" class="card stack" hidden>
              <p>
                <strong>Revoke consent for {camera.name}?</strong> Homeward deletes every sighting of this camera now,
                the agent’s token stops working, and its pending alerts are withdrawn. This cannot be undone; you can opt
                in again later.
              </p>
              <p class="form-error" role="alert" aria-live="assertive"></p>
              <ul class="actions">
                <li>
                  <button type="button" class="danger" id="revoke-yes">
                    Yes, revoke and delete sightings
                  </button>
                </li>
                <li>
                  <button type="button" class="secondary" id="revoke-no">
                    Cancel
                  </button>
                </li>
              </ul>
            </div>
          </div>
        )}
      </section>

      <section class="card stack" aria-labelledby="retention-heading">
        <h2 id="retention-heading">How long sightings are kept</h2>
        <form id="retention-form" class="stack" novalidate>
          <div class="field">
            <label for="retention">Keep sightings for</label>
            <RetentionSelect id="retention" current={camera.retentionHours} />
            <p class="hint" id="retention-hint">
              Now {retentionWords(camera.retentionHours)}. Shortening it deletes older sightings at once.
            </p>
          </div>
          <p class="form-error" role="alert" aria-live="assertive"></p>
          <p class="saved" role="status" aria-live="polite"></p>
          <button type="submit" class="secondary">
            Save
          </button>
        </form>
      </section>

      <section class="card stack" aria-labelledby="area-heading">
        <h2 id="area-heading">Stored location</h2>
        <p>
          Homeward keeps only this coarse area ({areaSize(camera.area)}) for the camera — never its exact spot — and
          shows it to nobody but you.
        </p>
        <div id="area-map">
          <AreaSketch area={camera.area} label={`Outline of the coarse area stored for ${camera.name}`} />
        </div>
      </section>

      <section class="card stack" aria-labelledby="searches-heading">
        <h2 id="searches-heading">Searches that touched this camera</h2>
        <p class="muted">
          Lost-pet searches that raised an alert on this camera: when, which species and roughly where it was lost. Never
          who searched.
        </p>
        {searches.length === 0 ? (
          <p id="touching-searches">None so far.</p>
        ) : (
          <table id="touching-searches">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Species</th>
                <th scope="col">Lost</th>
                <th scope="col">Your answer</th>
              </tr>
            </thead>
            <tbody>
              {searches.map((s) => (
                <tr>
                  <td>
                    <LocalTime at={s.at} />
                  </td>
                  <td>{s.species}</td>
                  <td>{lostWhere(camera.area, s.area)}</td>
                  <td>{s.alertStatus === 'pending' ? 'not answered yet' : s.alertStatus}</td>
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
function lostWhere(camera: CoarseArea, lost: CoarseArea): string {
  if (camera.cell === lost.cell) return 'in this camera’s area'
  const km = distanceM(camera.center, lost.center) / 1000
  return km < 1.5 ? 'in a neighbouring area' : `about ${Math.round(km)} km away`
}

/** Unpaired: the heading "Pair the agent" and the steps. Paired: the steps inside a closed "pair again" fold. */
function PairingBox({ paired, label, children }: { paired: boolean; label: string; children?: unknown }) {
  if (!paired)
    return (
      <>
        <h2 id="pair-heading">Pair the agent</h2>
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
