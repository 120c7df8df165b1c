import type { Hono } from 'hono'
import { listOwnAlerts, listSearchesTouchingCamera } from '../../alerts/alert.service.ts'
import { getOwnCamera, listOwnCameras } from '../../cameras/camera.service.ts'
import { withAgentStatus } from '../../cameras/camera-status.service.ts'
import { toOwnerCamera } from '../../cameras/camera.view.ts'
import type { AppEnv } from '../../http/env.ts'
import { notFound } from '../../errors.ts'
import { isUuid, orNotFound } from '../components/not-found.tsx'
import { signedInPage, type WebDeps } from '../page-context.ts'
import { AlertsPage } from './camera-alerts.tsx'
import { CameraPage } from './camera-detail.tsx'
import { NewCameraPage } from './camera-new.tsx'
import { CamerasPage } from './cameras-list.tsx'

/** The camera owner's pages: their cameras, registering one, one camera's settings, and their alerts. */
export function cameraPages(app: Hono<AppEnv>, deps: WebDeps) {
  app.get(
    '/cameras',
    signedInPage(deps, async (c, ctx) => {
      const [cameras, pending] = await Promise.all([
        listOwnCameras(c.var.deps, ctx.user.id),
        listOwnAlerts(c.var.deps, ctx.user.id, 'pending'),
      ])
      const views = (await withAgentStatus(c.var.deps, ctx.user.id, cameras)).map(({ camera, agent }) =>
        toOwnerCamera(camera, agent),
      )
      return c.html(<CamerasPage ctx={ctx} cameras={views} pendingAlerts={pending.length} />)
    }),
  )
  app.get(
    '/cameras/new',
    signedInPage(deps, (c, ctx) => c.html(<NewCameraPage ctx={ctx} />)),
  )
  app.get(
    '/cameras/alerts',
    signedInPage(deps, (c, ctx) => c.html(<AlertsPage ctx={ctx} />)),
  )
  app.get(
    '/cameras/:id',
    signedInPage(deps, async (c, ctx) => {
      const id = c.req.param('id') ?? ''
      return orNotFound(c, ctx, 'camera', async () => {
        if (!isUuid(id)) throw notFound('Camera')
        const camera = await getOwnCamera(c.var.deps, ctx.user.id, id)
        const [searches, [status]] = await Promise.all([
          listSearchesTouchingCamera(c.var.deps, ctx.user.id, camera.id),
          withAgentStatus(c.var.deps, ctx.user.id, [camera]),
        ])
        return (
          <CameraPage
            ctx={ctx}
            camera={toOwnerCamera(camera, status!.agent)}
            searches={searches}
            justRegistered={c.req.query('registered') !== undefined}
            serverUrl={deps.publicUrl}
          />
        )
      })
    }),
  )
}
