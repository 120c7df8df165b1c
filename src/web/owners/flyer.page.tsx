import { Layout, type PageContext } from '../layout.tsx'
import { coarsePlace, WithTime } from './owner-format.tsx'
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
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t(`flyer.title.${search.species}`, { name: search.name })} scripts={['owner-flyer']}>
      <div class="flyer stack">
        <p class="no-print actions">
          <button type="button" id="print-flyer">
            {t('flyer.print')}
          </button>
          <a class="button secondary" href={`/lost/${search.id}`}>
            {t('flyer.back')}
          </a>
        </p>
        {photo && (
          <img class="flyer-photo" src={photo.url} alt={t(`flyer.photo.${search.species}`, { name: search.name })} />
        )}
        <p class="flyer-facts">
          <strong>{search.name}</strong>
          <WithTime
            text={t(`flyer.facts.${search.species}`, { place: coarsePlace(search.area.center, ctx.locale) })}
            at={search.lastSeenAt}
          />
        </p>
        {search.description && <p class="flyer-description">{search.description}</p>}
        <div class="flyer-contact">
          <div
            class="flyer-qr"
            role="img"
            aria-label={t('flyer.qr', { url: petUrl })}
            dangerouslySetInnerHTML={{ __html: qrSvg }}
          />
          <div>
            <p>
              <strong>{t('flyer.seen', { name: search.name })}</strong> {t('flyer.how')}
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
