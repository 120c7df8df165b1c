import { Layout, type PageContext } from '../layout.tsx'
import { AreaSketch, areaSize } from '../components/area-sketch.tsx'
import { AgentStatusLines } from './agent-status.tsx'
import { ConsentStatus, retentionWords, type OwnerCamera } from './consent-status.tsx'

export function CamerasPage({ ctx, cameras, pendingAlerts }: { ctx: PageContext; cameras: readonly OwnerCamera[]; pendingAlerts: number }) {
  return (
    <Layout ctx={ctx} title="My cameras" scripts={['camera-list']}>
      <p class="lead">
        Your opted-in cameras look for lost dogs and cats on your own machine and send Homeward only numbers describing
        them. If one may have seen a lost pet, only you are told.
      </p>
      <ul class="actions">
        <li>
          <a class="button" href="/cameras/new">
            Register a camera
          </a>
        </li>
        <li>
          <a class="button secondary" href="/cameras/alerts">
            Alerts{pendingAlerts > 0 ? ` (${pendingAlerts} new)` : ''}
          </a>
        </li>
      </ul>
      {cameras.length === 0 ? (
        <p class="card">You have not registered a camera yet.</p>
      ) : (
        <ul class="camera-list stack" aria-label="Your cameras">
          {cameras.map((camera) => (
            <li class="card camera-card">
              <AreaSketch area={camera.area} label={`Outline of the coarse area stored for ${camera.name}`} />
              <div>
                <h2>
                  <a href={`/cameras/${camera.id}`}>{camera.name}</a>
                </h2>
                <ConsentStatus camera={camera} />
                <AgentStatusLines ctx={ctx} agent={camera.agent} />
                <p>Sightings kept for {retentionWords(camera.retentionHours)}.</p>
                <p class="muted">
                  Stored location: a coarse area of {areaSize(camera.area)}, shown to nobody but you.
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
