import type { CoarseArea } from '../../geo/cells.ts'
import type { Locale, Translate } from '../i18n/messages.ts'

/**
 * A coarse H3 area's outline as a small inline SVG, drawn on the server: no tiles, no script. The
 * hexagon is scaled to fill the box, so it shows the area's shape, never a position on a map.
 */
export function AreaSketch({ area, label }: { area: CoarseArea; label: string }) {
  const cos = Math.cos((area.center.lat * Math.PI) / 180)
  const xs = area.boundary.map(([, lng]) => lng * cos)
  const ys = area.boundary.map(([lat]) => -lat)
  const minX = Math.min(...xs)
  const minY = Math.min(...ys)
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY) || 1
  const points = xs
    .map((x, i) => `${(8 + ((x - minX) / span) * 84).toFixed(1)},${(8 + ((ys[i]! - minY) / span) * 84).toFixed(1)}`)
    .join(' ')
  return (
    <svg class="cell-outline" viewBox="0 0 100 100" role="img" aria-label={label}>
      <polygon points={points} fill="rgba(11,92,173,.18)" stroke="#0b5cad" stroke-width="3" />
    </svg>
  )
}

/** "about 0.74 km²": the size of a coarse area in words. */
export const areaSize = (area: CoarseArea, locale: Locale, t: Translate) =>
  t('area.size', {
    size: new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 2 })
      .format(area.areaKm2)
      .replace(/km$/, 'km²'),
  })
