import QRCode from 'qrcode'

/** The public pet page's address as a QR code, drawn as SVG on the server (no script, prints sharply). */
export function qrCodeSvg(url: string): Promise<string> {
  return QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  })
}

export function publicPetUrl(publicUrl: string, searchId: string): string {
  return new URL(`/pets/${searchId}`, publicUrl).toString()
}
