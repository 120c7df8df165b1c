import sharp from 'sharp'
import type { Asset } from './assets.ts'

/** The home-screen icons, drawn from static/icon.svg at start-up: sizes browsers ask for, plus a maskable one. */
export async function renderIcons(svg: Uint8Array): Promise<Map<string, Asset>> {
  const icons = new Map<string, Asset>()
  for (const size of [192, 512]) {
    const body = await sharp(svg, { density: 300 }).resize(size, size).png().toBuffer()
    icons.set(`icon-${size}.png`, { body, contentType: 'image/png' })
  }
  // Maskable: the artwork inside the 80 % safe zone on a full-bleed background, so launchers may crop it round.
  const inner = await sharp(svg, { density: 300 }).resize(410, 410).png().toBuffer()
  const maskable = await sharp({ create: { width: 512, height: 512, channels: 4, background: '#0b5cad' } })
    .composite([{ input: inner, gravity: 'center' }])
    .png()
    .toBuffer()
  icons.set('icon-maskable-512.png', { body: maskable, contentType: 'image/png' })
  icons.set('apple-touch-icon.png', {
    body: await sharp(svg, { density: 300 }).resize(180, 180).flatten({ background: '#0b5cad' }).png().toBuffer(),
    contentType: 'image/png',
  })
  return icons
}
