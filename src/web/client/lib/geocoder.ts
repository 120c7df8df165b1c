import type { GeocoderSettings } from '../../geocoder-settings.ts'
import type { LatLng } from './place-map.ts'

export type { GeocoderSettings }

/** A place an address search found. */
export interface GeocodedPlace {
  readonly label: string
  readonly point: LatLng
}

/** Turns an address into places. Requests go from the browser straight to the provider, never to Homeward. */
export interface Geocoder {
  search(query: string, signal?: AbortSignal): Promise<readonly GeocodedPlace[]>
}

export const MAX_PLACES = 5

export class GeocoderError extends Error {}

/** The URL one search asks, in the provider's own dialect. */
export function searchUrl(settings: GeocoderSettings, query: string, language: string): string {
  const url = new URL(settings.url)
  url.searchParams.set('q', query)
  url.searchParams.set('limit', String(MAX_PLACES))
  if (settings.kind === 'nominatim') {
    url.searchParams.set('format', 'jsonv2')
    url.searchParams.set('accept-language', language)
  } else {
    const lang = language.slice(0, 2)
    if (['en', 'de', 'fr', 'it'].includes(lang)) url.searchParams.set('lang', lang) // Photon knows only these
  }
  return url.toString()
}

const finite = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number.parseFloat(value) : typeof value === 'number' ? value : Number.NaN
  return Number.isFinite(n) ? n : undefined
}

const inRange = (lat: number | undefined, lng: number | undefined): LatLng | undefined =>
  lat !== undefined && lng !== undefined && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined

/**
 * Reads a Nominatim (`[{lat, lon, display_name}]`) or Photon (GeoJSON features) reply. Whatever the provider sends
 * is untrusted: entries without a valid point are dropped, labels are plain text of bounded length.
 */
export function parsePlaces(kind: GeocoderSettings['kind'], body: unknown): GeocodedPlace[] {
  const places: GeocodedPlace[] = []
  const rows: unknown[] =
    kind === 'nominatim'
      ? Array.isArray(body)
        ? body
        : []
      : Array.isArray((body as { features?: unknown })?.features)
        ? (body as { features: unknown[] }).features
        : []
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue
    let point: LatLng | undefined
    let label: string
    if (kind === 'nominatim') {
      const r = row as { lat?: unknown; lon?: unknown; display_name?: unknown }
      point = inRange(finite(r.lat), finite(r.lon))
      label = typeof r.display_name === 'string' ? r.display_name : ''
    } else {
      const f = row as { geometry?: { coordinates?: unknown }; properties?: Record<string, unknown> }
      const coordinates = Array.isArray(f.geometry?.coordinates) ? f.geometry.coordinates : []
      point = inRange(finite(coordinates[1]), finite(coordinates[0]))
      const p = f.properties ?? {}
      const street = [p.housenumber, p.street].filter((v) => typeof v === 'string').join(' ')
      label = [p.name, street, p.postcode, p.city, p.country]
        .filter((v): v is string => typeof v === 'string' && v !== '')
        .join(', ')
    }
    if (point)
      places.push({ label: (label || `${point.lat.toFixed(4)}, ${point.lng.toFixed(4)}`).slice(0, 200), point })
    if (places.length === MAX_PLACES) break
  }
  return places
}

/** A geocoder for a Nominatim- or Photon-compatible endpoint, asked with no cookies and no referrer. */
export function httpGeocoder(settings: GeocoderSettings, language: string): Geocoder {
  return {
    async search(query, signal) {
      let response: Response
      try {
        response = await fetch(searchUrl(settings, query, language), {
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          signal: signal ?? null,
          headers: { accept: 'application/json' },
        })
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error
        throw new GeocoderError('unreachable')
      }
      if (!response.ok) throw new GeocoderError(`status ${response.status}`)
      return parsePlaces(settings.kind, await response.json().catch(() => undefined))
    },
  }
}
