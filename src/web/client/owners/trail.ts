import { pageLocale, t } from '../../i18n/client.ts'

export interface LatLng {
  readonly lat: number
  readonly lng: number
}

export interface TrailPoint {
  readonly capturedAt: string
  readonly area: { readonly center: LatLng; readonly areaKm2: number }
  /** How many likely sightings the area holds in that hour; a shared snapshot is one. */
  readonly sightings?: number
}

export interface TrailStep {
  readonly capturedAt: string
  /** Metres from the last-seen point to the centre of the coarse area, rounded to 100 m. */
  readonly distanceM: number
  readonly direction: Direction
  readonly hoursAfterLastSeen: number
  readonly sightings: number
}

const R = 6_371_000
const rad = (d: number) => (d * Math.PI) / 180
const DIRECTIONS = ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'] as const
type Direction = (typeof DIRECTIONS)[number]

function distanceM(a: LatLng, b: LatLng): number {
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2
  return 2 * R * Math.asin(Math.sqrt(h))
}

function bearing(a: LatLng, b: LatLng): number {
  const y = Math.sin(rad(b.lng - a.lng)) * Math.cos(rad(b.lat))
  const x =
    Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) -
    Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lng - a.lng))
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360
}

/**
 * The coarse sightings in time order, each as "about N m <direction> of where the pet was last seen". Only
 * coarse areas go in (about 0.7 km² each), so nothing finer than the area can come out.
 */
export function trailSteps(lastSeen: LatLng, lastSeenAt: string, points: readonly TrailPoint[]): TrailStep[] {
  const start = Date.parse(lastSeenAt)
  return [...points]
    .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))
    .map((p) => ({
      capturedAt: p.capturedAt,
      distanceM: Math.round(distanceM(lastSeen, p.area.center) / 100) * 100,
      direction: DIRECTIONS[Math.round(bearing(lastSeen, p.area.center) / 45) % 8]!,
      hoursAfterLastSeen: Math.max(0, Math.round((Date.parse(p.capturedAt) - start) / 3_600_000)),
      sightings: p.sightings ?? 1,
    }))
}

export function describeTrailStep(step: TrailStep): string {
  const where =
    step.distanceM < 100
      ? t('trail.inArea')
      : t('trail.away', { distance: formatDistance(step.distanceM), direction: t(`trail.dir.${step.direction}`) })
  const when =
    step.hoursAfterLastSeen < 1 ? t('trail.withinHour') : t('trail.after', { hours: step.hoursAfterLastSeen })
  const count = step.sightings > 1 ? t('trail.count', { count: step.sightings }) : ''
  return `${where}, ${when}${count}`
}

const tenths = new Intl.NumberFormat(pageLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })

function formatDistance(m: number): string {
  return m < 1000 ? `${m} m` : `${tenths.format(m / 1000)} km`
}
