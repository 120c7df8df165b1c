import { describeCoarseArea } from '../geo/cells.ts'
import { consentStatus } from './camera.rules.ts'
import type { Camera } from './camera.table.ts'
import type { AgentStatus } from './camera-status.service.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** Only ever sent to the camera's owner: it carries the camera's coarse area. */
export function toOwnerCamera(camera: Camera, agent: AgentStatus, now = new Date()) {
  return {
    id: camera.id,
    name: camera.name,
    area: describeCoarseArea(camera.cell),
    retentionHours: camera.retention_hours,
    consent: {
      status: consentStatus(camera, now),
      version: camera.consent_version,
      givenAt: iso(camera.consent_given_at),
      expiresAt: iso(camera.consent_expires_at),
      revokedAt: iso(camera.consent_revoked_at),
    },
    agent,
    createdAt: camera.created_at.toISOString(),
  }
}
