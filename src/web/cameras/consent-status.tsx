import type { toOwnerCamera } from '../../cameras/camera.view.ts'
import { LocalTime } from '../owners/owner-format.tsx'

export type OwnerCamera = ReturnType<typeof toOwnerCamera>

const labels = { active: 'Opted in', revoked: 'Revoked', expired: 'Consent expired', none: 'Not opted in' } as const

/** The consent state in words, with the date that matters for it. */
export function ConsentStatus({ camera }: { camera: OwnerCamera }) {
  const { consent } = camera
  return (
    <p class="consent-status">
      <span class={`badge status-${consent.status}`}>{labels[consent.status]}</span>{' '}
      {consent.status === 'active' && consent.expiresAt && (
        <>
          until <LocalTime at={consent.expiresAt} />
        </>
      )}
      {consent.status === 'revoked' && consent.revokedAt && (
        <>
          on <LocalTime at={consent.revokedAt} />
        </>
      )}
      {consent.status === 'expired' && consent.expiresAt && (
        <>
          on <LocalTime at={consent.expiresAt} />
        </>
      )}
    </p>
  )
}

export const retentionWords = (hours: number) => (hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`)
