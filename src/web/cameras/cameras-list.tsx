import { Layout, type PageContext } from '../layout.tsx'
import { AreaSketch, areaSize } from '../components/area-sketch.tsx'
import { AgentStatusLines } from './agent-status.tsx'
import { ConsentStatus, retentionWords, type OwnerCamera } from './consent-status.tsx'

export function CamerasPage({
  ctx,
  cameras,
  pendingAlerts,
}: {
  ctx: PageContext
  cameras: readonly OwnerCamera[]
  pendingAlerts: number
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('camera.list.title')} scripts={['camera-list']}>
      <p class="lead">{t('camera.list.lead')}</p>
      <ul class="actions">
        <li>
          <a class="button" href="/cameras/new">
            {t('camera.list.register')}
          </a>
        </li>
        <li>
          <a class="button secondary" href="/cameras/alerts">
            {pendingAlerts > 0 ? t('camera.list.alertsNew', { count: pendingAlerts }) : t('camera.list.alerts')}
          </a>
        </li>
      </ul>
      {cameras.length === 0 ? (
        <p class="card">{t('camera.list.none')}</p>
      ) : (
        <ul class="camera-list stack" aria-label={t('camera.list.label')}>
          {cameras.map((camera) => (
            <li class="card camera-card">
              <AreaSketch area={camera.area} label={t('camera.outline', { name: camera.name })} />
              <div>
                <h2>
                  <a href={`/cameras/${camera.id}`}>{camera.name}</a>
                </h2>
                <ConsentStatus ctx={ctx} camera={camera} />
                <AgentStatusLines ctx={ctx} agent={camera.agent} />
                <p>{t('camera.list.kept', { time: retentionWords(t, camera.retentionHours) })}</p>
                <p class="muted">{t('camera.list.stored', { size: areaSize(camera.area, ctx.locale, t) })}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
