import jsQRModule from 'jsqr'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { publicPetUrl, qrCodeSvg } from './flyer-qr.ts'

const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default

describe('the flyer’s QR code', () => {
  it('is an SVG with no script or style that decodes to the public pet page', async () => {
    const url = publicPetUrl('https://homeward.example/', '0556d311-dce2-4379-8357-cf434ac42a3f')
    expect(url).toBe('https://homeward.example/pets/0556d311-dce2-4379-8357-cf434ac42a3f')
    const svg = await qrCodeSvg(url)
    expect(svg).toMatch(/^<svg /)
    expect(svg).not.toMatch(/<script|style=|on\w+=/i)
    const { data, info } = await sharp(Buffer.from(svg), { density: 300 })
      .resize(400)
      .flatten({ background: '#fff' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    expect(
      jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data,
    ).toBe(url)
  })

  it('keeps a sub-path the site is served under', () => {
    expect(publicPetUrl('https://example.org/homeward/', 'x')).toBe('https://example.org/pets/x')
  })
})
