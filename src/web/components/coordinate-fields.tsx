import type { Translate } from '../i18n/messages.ts'
import type { PageContext } from '../layout.tsx'

/** How a place can be given on this server: address search only where the operator set up a geocoder. */
export const placeWays = (ctx: PageContext) => ctx.t(ctx.geocoder ? 'place.ways.geocoder' : 'place.ways')

/** The typed latitude and longitude a place picker (client/lib/place-picker.ts) enhances with a map. */
export function CoordinateFields({
  names = ['lat', 'lng'],
  values,
  hintId,
  t,
}: {
  names?: readonly [string, string]
  /** The place already given (the feed's ?lat=&lng=), as typed. */
  values?: readonly [number, number] | undefined
  hintId?: string
  t: Translate
}) {
  const [lat, lng] = names
  return (
    <div class="two-col">
      <div class="field">
        <label for={lat}>{t('place.lat')}</label>
        <input
          id={lat}
          name={lat}
          type="number"
          step="any"
          min={-90}
          max={90}
          value={values?.[0]}
          required
          inputmode="decimal"
          aria-describedby={hintId}
        />
      </div>
      <div class="field">
        <label for={lng}>{t('place.lng')}</label>
        <input
          id={lng}
          name={lng}
          type="number"
          step="any"
          min={-180}
          max={180}
          value={values?.[1]}
          required
          inputmode="decimal"
          aria-describedby={hintId}
        />
      </div>
    </div>
  )
}
