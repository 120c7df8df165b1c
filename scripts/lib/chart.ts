// Renders the similarity-threshold curve as SVG, then PNG with sharp (no chart library needed).
import sharp from 'sharp'

export interface Curve {
  name: string
  colour: string
  points: [number, number][]
}

export async function renderThresholdChart(
  file: string,
  title: string,
  curves: Curve[],
  marker: { x: number; label: string },
) {
  const width = 720
  const height = 440
  const pad = { left: 60, right: 20, top: 40, bottom: 50 }
  const xs = (x: number) => pad.left + x * (width - pad.left - pad.right)
  const ys = (y: number) => height - pad.bottom - y * (height - pad.top - pad.bottom)
  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1]
    .map(
      (v) => `
    <line x1="${xs(0)}" y1="${ys(v)}" x2="${xs(1)}" y2="${ys(v)}" stroke="#ddd"/>
    <text x="${xs(0) - 8}" y="${ys(v) + 4}" text-anchor="end" font-size="12">${v.toFixed(1)}</text>
    <line x1="${xs(v)}" y1="${ys(0)}" x2="${xs(v)}" y2="${ys(1)}" stroke="#eee"/>
    <text x="${xs(v)}" y="${ys(0) + 18}" text-anchor="middle" font-size="12">${v.toFixed(1)}</text>`,
    )
    .join('')
  const lines = curves
    .map(
      (c, i) => `
    <polyline fill="none" stroke="${c.colour}" stroke-width="2" points="${c.points.map(([x, y]) => `${xs(x).toFixed(1)},${ys(y).toFixed(1)}`).join(' ')}"/>
    <rect x="${xs(0.02)}" y="${ys(0.3) + i * 18}" width="12" height="3" fill="${c.colour}"/>
    <text x="${xs(0.02) + 18}" y="${ys(0.3) + i * 18 + 5}" font-size="12">${c.name}</text>`,
    )
    .join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
    <rect width="100%" height="100%" fill="white"/>
    <text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${title}</text>
    ${grid}${lines}
    <line x1="${xs(marker.x)}" y1="${ys(0)}" x2="${xs(marker.x)}" y2="${ys(1)}" stroke="#000" stroke-dasharray="4 3"/>
    <text x="${xs(marker.x) + 4}" y="${ys(0.95)}" font-size="12">${marker.label}</text>
    <text x="${width / 2}" y="${height - 12}" text-anchor="middle" font-size="13">cosine similarity threshold</text>
    <text x="16" y="${height / 2}" font-size="13" transform="rotate(-90 16 ${height / 2})" text-anchor="middle">fraction of pairs at or above</text>
  </svg>`
  await sharp(Buffer.from(svg)).png().toFile(file)
}
