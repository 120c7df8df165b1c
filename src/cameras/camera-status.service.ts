import type { Camera } from './camera.table.ts'
import type { CameraDeps } from './camera.service.ts'
import { findOwnerTimeZone, listAgentFacts } from './camera-status.repository.ts'
import { isOnline, startOfDayIn } from './check-in.rules.ts'

/** What the owner sees of their camera's agent: paired, online, last check-in (coarse), sightings today. */
export interface AgentStatus {
  readonly paired: boolean
  readonly online: boolean
  readonly lastCheckInAt: string | null
  readonly sightingsToday: number
  readonly timeZone: string
}

/** Only for the cameras' owner: callers pass cameras already read as that owner's (getOwnCamera, listOwnCameras). */
export async function agentStatusOf(
  deps: CameraDeps,
  ownerId: string,
  cameras: readonly Camera[],
): Promise<Map<string, AgentStatus>> {
  const now = deps.now()
  const timeZone = await findOwnerTimeZone(deps.db, ownerId)
  const facts = await listAgentFacts(
    deps.db,
    cameras.map((c) => c.id),
    startOfDayIn(timeZone, now),
  )
  const byId = new Map(facts.map((f) => [f.camera_id, f]))
  return new Map(
    cameras.map((camera) => {
      const f = byId.get(camera.id)
      const last = camera.last_check_in_at
      return [
        camera.id,
        {
          paired: f?.paired ?? false,
          online: (f?.paired ?? false) && isOnline(last, now),
          lastCheckInAt: last ? last.toISOString() : null,
          sightingsToday: f?.sightings_today ?? 0,
          timeZone,
        },
      ]
    }),
  )
}

const NO_AGENT: AgentStatus = { paired: false, online: false, lastCheckInAt: null, sightingsToday: 0, timeZone: 'UTC' }

/** The owner's views of several cameras, each with its agent's status, in one pass. */
export async function withAgentStatus(deps: CameraDeps, ownerId: string, cameras: readonly Camera[]) {
  const statuses = await agentStatusOf(deps, ownerId, cameras)
  return cameras.map((camera) => ({ camera, agent: statuses.get(camera.id) ?? NO_AGENT }))
}
