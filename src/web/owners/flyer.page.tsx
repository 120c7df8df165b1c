import { Layout, type PageContext } from '../layout.tsx'
import { coarsePlace, LocalTime, speciesNoun } from './owner-format.tsx'
import type { OwnerSearch } from './search.page.tsx'

interface Props {
  readonly ctx: PageContext
  readonly search: OwnerSearch
  readonly petUrl: string
  readonly qrSvg: string
}

/** One printable page: no phone number, no email, no exact place. People answer through the relay. */
export function FlyerPage({ ctx, search, petUrl, qrSvg }: Props) {
  const photo = search.photos[0]
  return (
    <Layout ctx={ctx} title={`Lost ${speciesNoun(search.species)}: ${search.name}`} scripts={['owner-flyer']}>
      <div class="flyer stack">
        <p class="no-print actions">
          <button type="button" id="print-flyer">
            Print this flyer
          </button>
          <a class="button secondary" href={`/lost/${search.id}`}>
            Back to the search
          </a>
        </p>
        {photo && <img class="flyer-photo" src={photo.url} alt={`${search.name}, the lost ${speciesNoun(search.species)}`} />}
        <p class="flyer-facts">
          <strong>{search.name}</strong>, {speciesNoun(search.species)}. Last seen <LocalTime at={search.lastSeenAt} /> near {coarsePlace(search.area.center)}.
        </p>
        {search.description && <p class="flyer-description">{search.description}</p>}
        <div class="flyer-contact">
          <div class="flyer-qr" role="img" aria-label={`QR code for ${petUrl}`} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <div>
            <p>
              <strong>Seen {search.name}?</strong> Scan the code, or open the address below, to message the owner through Homeward. No phone number or email needed, and
              neither side’s is shown.
            </p>
            <p class="flyer-url">
              <a href={petUrl}>{petUrl}</a>
            </p>
          </div>
        </div>
      </div>
    </Layout>
  )
}
