import type { toOwnerCamera } from '../../cameras/camera.view.ts'
import type { Translate } from '../i18n/messages.ts'
import type { PageContext } from '../layout.tsx'
import { LocalTime } from '../owners/owner-format.tsx'

export type OwnerCamera = ReturnType<typeof toOwnerCamera>

/** The consent state in words, with the date that matters for it. */
export function ConsentStatus({ ctx, camera }: { ctx: PageContext; camera: OwnerCamera }) {
  const { consent } = camera
  const { t } = ctx
  const at =
    consent.status === 'active'
      ? consent.expiresAt
      : consent.status === 'revoked'
        ? consent.revokedAt
        : consent.status === 'expired'
          ? consent.expiresAt
          : undefined
  const [before, after] = t(consent.status === 'active' ? 'camera.status.until' : 'camera.status.on').split('{when}')
  return (
    <p class="consent-status">
      <span class={`badge status-${consent.status}`}>{t(`camera.status.${consent.status}`)}</span>{' '}
      {at && (
        <>
          {before}
          <LocalTime at={at} />
          {after}
        </>
      )}
    </p>
  )
}

export const hoursWords = (t: Translate, n: number) => t(n === 1 ? 'camera.hours.one' : 'camera.hours.other', { n })

/** "2 days" or "6 hours", in the page's language. */
export const retentionWords = (t: Translate, hours: number) =>
  hours % 24 === 0 ? t(hours === 24 ? 'camera.days.one' : 'camera.days.other', { n: hours / 24 }) : hoursWords(t, hours)
