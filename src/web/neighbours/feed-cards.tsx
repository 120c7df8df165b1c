import type { FeedItem } from '../../feed/feed.schema.ts'
import { formatDistance, formatRelative, type Locale, type Translate } from '../i18n/messages.ts'

type LatLng = { readonly lat: number; readonly lng: number }

const EDGES_KM = [1, 2, 5, 10, 20] as const

function kmBetween(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Distances between coarse areas are coarse too: a band, never a figure that suggests precision. */
export function distanceBand(locale: Locale, t: Translate, distanceKm: number): string {
  const dist = (km: number) => formatDistance(locale, km)
  const index = EDGES_KM.findIndex((edge) => distanceKm < edge)
  if (index === 0) return t('feed.band.under', { km: dist(EDGES_KM[0]) })
  if (index < 0) return t('feed.band.over', { km: dist(EDGES_KM[EDGES_KM.length - 1]!) })
  return t('feed.band.between', {
    from: new Intl.NumberFormat(locale).format(EDGES_KM[index - 1]!),
    to: dist(EDGES_KM[index]!),
  })
}

export interface FeedCardsProps {
  readonly locale: Locale
  readonly t: Translate
  readonly items: readonly FeedItem[]
  /** The place the neighbour looks around, for the distance bands. */
  readonly from: LatLng
  readonly now: Date
  /** The first page's first photo is what a phone shows first: fetched early, not lazily. */
  readonly firstPhotoEager?: boolean
}

/** The feed's cards, as the /feed page renders them and the /feed/cards fragment adds them. */
export function FeedCards({ locale, t, items, from, now, firstPhotoEager = false }: FeedCardsProps) {
  return (
    <>
      {items.map((item, i) => {
        const species = item.species === 'cat' ? 'cat' : 'dog'
        const found = item.kind === 'found'
        const title = found ? t(`feed.card.found.${species}`) : item.name
        const home = !found && item.status === 'found'
        const at = found ? item.foundAt : item.lastSeenAt
        const eager = firstPhotoEager && i === 0
        return (
          <li class="card pet-card stack">
            {item.photoUrl && (
              <img
                src={item.photoUrl}
                alt={
                  found ? t(`feed.card.photoFound.${species}`) : t(`feed.card.photoLost.${species}`, { name: title })
                }
                loading={eager ? undefined : 'lazy'}
                fetchpriority={eager ? 'high' : undefined}
                decoding={eager ? undefined : 'async'}
              />
            )}
            <h3>
              <a href={found ? `/found/${item.id}` : `/pets/${item.id}`}>{title}</a>
            </h3>
            {/* A reunion is good news, not an alarm: its own calm colour, never the red of a lost pet. */}
            <span class={home ? 'badge home-again' : `badge kind-${item.kind}`}>
              {home ? t('feed.card.homeAgain') : t(`feed.card.${found ? 'found' : 'lost'}.${species}`)}
            </span>
            <p>
              {t(found ? 'feed.card.foundAt' : 'feed.card.lastSeen')}
              <time datetime={at}>{formatRelative(locale, new Date(at), now)}</time>
            </p>
            <p class="muted">{distanceBand(locale, t, kmBetween(from, item.area.center))}</p>
          </li>
        )
      })}
    </>
  )
}
