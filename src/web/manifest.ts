/** The web app manifest: opens on the feed, standalone, in Homeward's colours. */
export function webManifest(iconUrl: (name: string) => string) {
  return {
    name: 'Homeward — lost & found pets near you',
    short_name: 'Homeward',
    description: 'Report a lost or found dog or cat and see the pets reported near you. Privacy first: cameras never send images.',
    id: '/',
    start_url: '/feed',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b5cad',
    icons: [
      { src: iconUrl('icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: iconUrl('icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: iconUrl('icon-maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  }
}
