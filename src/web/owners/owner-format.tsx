import type { SearchStatus, Species } from '../../searches/search.table.ts'

/** A moment as `<time>`: UTC until the page's script rewrites it into the reader's own zone. */
export function LocalTime({ at }: { at: Date | string }) {
  const date = typeof at === 'string' ? new Date(at) : at
  const utc = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  return (
    <time datetime={date.toISOString()} data-local="">
      {utc}
    </time>
  )
}

export const statusLabels: Record<SearchStatus, { label: string; meaning: string }> = {
  active: { label: 'Searching', meaning: 'Nearby cameras and found-pet reports are being matched against the photos.' },
  found: { label: 'Found', meaning: 'You marked this pet as found. Matching has stopped.' },
  closed: { label: 'Closed', meaning: 'You closed this search. Matching has stopped.' },
  expired: { label: 'Lapsed', meaning: 'Searches last 30 days at a time. Renew it to keep matching.' },
  held: { label: 'On hold', meaning: 'Another person is already searching for a pet that looks like this one nearby. They decide whether your search goes ahead; until then nothing is matched.' },
}

export const speciesNoun = (species: Species) => (species === 'cat' ? 'cat' : 'dog')

/** A coarse area in words, for paper: rounded to about 100 m, which the area is far larger than. */
export function coarsePlace(center: { lat: number; lng: number }): string {
  const lat = `${Math.abs(center.lat).toFixed(3)}° ${center.lat >= 0 ? 'N' : 'S'}`
  const lng = `${Math.abs(center.lng).toFixed(3)}° ${center.lng >= 0 ? 'E' : 'W'}`
  return `${lat}, ${lng}`
}
