/** The address-search provider the operator configured (`GEOCODER_URL`, `GEOCODER_KIND`); none by default. */
export interface GeocoderSettings {
  readonly kind: 'nominatim' | 'photon'
  /** The provider's search endpoint, e.g. `https://nominatim.example/search` or `https://photon.example/api`. */
  readonly url: string
}
