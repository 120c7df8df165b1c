import { describe, expect, it } from 'vitest'
import { MAX_PLACES, parsePlaces, searchUrl } from './geocoder.ts'

describe('geocoder replies, read as untrusted input', () => {
  it('reads Nominatim’s jsonv2 places', () => {
    const body = [{ lat: '51.46172', lon: '-0.11633', display_name: '12 Acre Lane, London' }]
    expect(parsePlaces('nominatim', body)).toEqual([
      { label: '12 Acre Lane, London', point: { lat: 51.46172, lng: -0.11633 } },
    ])
  })

  it('reads Photon’s GeoJSON features, building a label from the address parts', () => {
    const body = {
      features: [
        {
          geometry: { coordinates: [-0.11633, 51.46172] },
          properties: { housenumber: '12', street: 'Acre Lane', city: 'London', country: 'United Kingdom' },
        },
      ],
    }
    expect(parsePlaces('photon', body)).toEqual([
      { label: '12 Acre Lane, London, United Kingdom', point: { lat: 51.46172, lng: -0.11633 } },
    ])
  })

  it('drops entries without a valid point, bounds labels, and keeps at most five places', () => {
    const body = [
      { lat: 'x', lon: '1', display_name: 'no latitude' },
      { lat: '95', lon: '1', display_name: 'off the globe' },
      { lat: '1', lon: '2', display_name: 'y'.repeat(1000) },
      null,
      ...Array.from({ length: 10 }, (_, i) => ({ lat: String(i), lon: String(i), display_name: `place ${i}` })),
    ]
    const places = parsePlaces('nominatim', body)
    expect(places).toHaveLength(MAX_PLACES)
    expect(places[0]!.label).toHaveLength(200)
    expect(parsePlaces('nominatim', { error: 'rate limited' })).toEqual([])
    expect(parsePlaces('photon', 'not json')).toEqual([])
  })

  it('asks each provider in its own dialect', () => {
    const nominatim = new URL(
      searchUrl({ kind: 'nominatim', url: 'https://geo.example/search?key=k' }, '12 Acre Lane', 'es-ES'),
    )
    expect(Object.fromEntries(nominatim.searchParams)).toEqual({
      key: 'k',
      q: '12 Acre Lane',
      limit: '5',
      format: 'jsonv2',
      'accept-language': 'es-ES',
    })
    const photon = new URL(searchUrl({ kind: 'photon', url: 'https://photon.example/api' }, 'Acre Lane', 'de'))
    expect(Object.fromEntries(photon.searchParams)).toEqual({ q: 'Acre Lane', limit: '5', lang: 'de' })
  })
})
