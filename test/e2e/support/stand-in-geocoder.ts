import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandInPlace {
  readonly label: string
  readonly lat: number
  readonly lng: number
}

export interface StandInGeocoder {
  /** The Nominatim-style search endpoint to configure as GEOCODER_URL. */
  readonly url: string
  /** Every query it was asked, in order. */
  readonly queries: string[]
  stop(): Promise<void>
}

/**
 * A local stand-in for a Nominatim-compatible geocoder on 127.0.0.1: answers `/search?q=…&format=jsonv2` with the
 * places whose label contains the query (case-insensitive), as Nominatim's JSON, with CORS open as Nominatim's is.
 */
export async function startStandInGeocoder(places: readonly StandInPlace[], port = 0): Promise<StandInGeocoder> {
  const queries: string[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    res.setHeader('access-control-allow-origin', '*')
    if (url.pathname !== '/search' || url.searchParams.get('format') !== 'jsonv2') {
      res.writeHead(400).end()
      return
    }
    const q = (url.searchParams.get('q') ?? '').toLowerCase()
    queries.push(q)
    const limit = Number(url.searchParams.get('limit') ?? 10)
    const found = places.filter((p) => p.label.toLowerCase().includes(q)).slice(0, limit)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify(
        found.map((p, i) => ({ place_id: i + 1, lat: String(p.lat), lon: String(p.lng), display_name: p.label })),
      ),
    )
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}/search`,
    queries,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
