import type { ServiceDeps } from '../app.ts'
import type { Logger } from '../logger.ts'

export interface SessionUser {
  readonly id: string
  readonly email: string
  readonly name: string
}

export interface DeviceIdentity {
  readonly tokenId: string
  readonly cameraId: string
}

export interface AppEnv {
  Variables: {
    requestId: string
    logger: Logger
    user: SessionUser
    device: DeviceIdentity
    /** What handlers and middleware use for this request (src/app.ts `resolveDeps`): long-lived on Node, per request on Workers. */
    deps: ServiceDeps
  }
}
