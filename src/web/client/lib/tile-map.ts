export interface LatLng {
  readonly lat: number
  readonly lng: number
}

export interface TileMapOptions {
  /** `{z}/{x}/{y}` template; when tiles cannot load the map still draws the pin and outline. */
  readonly tileUrl: string
  readonly center: LatLng
  readonly zoom?: number
  readonly pin?: LatLng
  /** A coarse area to draw, as [lat, lng] corners. */
  readonly outline?: readonly (readonly [number, number])[]
  /** Makes the map a picker: click, tap or Enter sets the pin. */
  readonly onPick?: (point: LatLng) => void
  readonly label: string
}

const TILE = 256
const MIN_ZOOM = 3
const MAX_ZOOM = 18

function project({ lat, lng }: LatLng, zoom: number) {
  const scale = TILE * 2 ** zoom
  const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180)
  return { x: ((lng + 180) / 360) * scale, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale }
}

function unproject(x: number, y: number, zoom: number): LatLng {
  const scale = TILE * 2 ** zoom
  const lng = (x / scale) * 360 - 180
  const n = Math.PI - (2 * Math.PI * y) / scale
  return { lat: (180 / Math.PI) * Math.atan(Math.sinh(n)), lng }
}

/** A small dependency-free slippy map: tiles, a pin and an outline, usable by keyboard and without tiles. */
export class TileMap {
  private center: LatLng
  private zoom: number
  private pin: LatLng | undefined
  private outline: readonly (readonly [number, number])[] | undefined
  private readonly tiles = document.createElement('div')
  private readonly overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg')

  constructor(
    private readonly container: HTMLElement,
    private readonly options: TileMapOptions,
  ) {
    this.center = options.center
    this.zoom = options.zoom ?? 15
    this.pin = options.pin
    this.outline = options.outline
    container.classList.add('map')
    container.tabIndex = 0
    container.setAttribute('role', 'application')
    container.setAttribute(
      'aria-label',
      options.onPick ? `${options.label}. Arrow keys move the map; Enter puts the pin at its centre.` : options.label,
    )
    this.overlay.setAttribute('aria-hidden', 'true')
    container.append(this.tiles, this.overlay, this.controls(), this.attribution())
    this.listen()
    new ResizeObserver(() => this.render()).observe(container)
    this.render()
  }

  setPin(pin: LatLng | undefined, recenter = false) {
    this.pin = pin
    if (pin && recenter) this.center = pin
    this.render()
  }

  setOutline(outline: readonly (readonly [number, number])[] | undefined) {
    this.outline = outline
    this.render()
  }

  private controls() {
    const box = document.createElement('div')
    box.className = 'map-controls'
    for (const [label, delta] of [['Zoom in', 1], ['Zoom out', -1]] as const) {
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'secondary'
      button.textContent = delta > 0 ? '+' : '−'
      button.setAttribute('aria-label', label)
      button.addEventListener('click', () => this.setZoom(this.zoom + delta))
      box.append(button)
    }
    return box
  }

  private attribution() {
    const note = document.createElement('span')
    note.className = 'attribution'
    note.textContent = '© OpenStreetMap contributors'
    return note
  }

  private setZoom(zoom: number) {
    this.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom))
    this.render()
  }

  private pan(dx: number, dy: number) {
    const c = project(this.center, this.zoom)
    this.center = unproject(c.x + dx, c.y + dy, this.zoom)
    this.render()
  }

  private pick(point: LatLng) {
    if (!this.options.onPick) return
    this.pin = point
    this.options.onPick(point)
    this.render()
  }

  private listen() {
    this.container.addEventListener('keydown', (event) => {
      const step = 64
      const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }
      const move = moves[event.key]
      if (move) this.pan(...move)
      else if (event.key === '+' || event.key === '=') this.setZoom(this.zoom + 1)
      else if (event.key === '-') this.setZoom(this.zoom - 1)
      else if (event.key === 'Enter' && event.target === this.container) this.pick(this.center)
      else return
      event.preventDefault()
    })
    let drag: { x: number; y: number; moved: boolean } | undefined
    this.container.addEventListener('pointerdown', (event) => {
      if ((event.target as Element).closest('button')) return
      drag = { x: event.clientX, y: event.clientY, moved: false }
      this.container.setPointerCapture(event.pointerId)
    })
    this.container.addEventListener('pointermove', (event) => {
      if (!drag) return
      const dx = event.clientX - drag.x
      const dy = event.clientY - drag.y
      if (!drag.moved && Math.hypot(dx, dy) < 5) return
      drag = { x: event.clientX, y: event.clientY, moved: true }
      this.pan(-dx, -dy)
    })
    this.container.addEventListener('pointerup', (event) => {
      if (drag && !drag.moved) {
        const rect = this.container.getBoundingClientRect()
        const c = project(this.center, this.zoom)
        this.pick(unproject(c.x + event.clientX - rect.left - rect.width / 2, c.y + event.clientY - rect.top - rect.height / 2, this.zoom))
      }
      drag = undefined
    })
  }

  private render() {
    const width = this.container.clientWidth || 300
    const height = this.container.clientHeight || 300
    const c = project(this.center, this.zoom)
    const left = c.x - width / 2
    const top = c.y - height / 2
    const n = 2 ** this.zoom
    this.tiles.replaceChildren()
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx++) {
      for (let ty = Math.max(0, Math.floor(top / TILE)); ty <= Math.min(n - 1, Math.floor((top + height) / TILE)); ty++) {
        const img = document.createElement('img')
        img.className = 'tile'
        img.alt = ''
        img.loading = 'lazy'
        img.referrerPolicy = 'no-referrer'
        img.style.left = `${tx * TILE - left}px`
        img.style.top = `${ty * TILE - top}px`
        img.addEventListener('error', () => img.remove())
        const x = ((tx % n) + n) % n
        img.src = this.options.tileUrl.replace('{z}', String(this.zoom)).replace('{x}', String(x)).replace('{y}', String(ty))
        this.tiles.append(img)
      }
    }
    const toScreen = (p: LatLng) => {
      const q = project(p, this.zoom)
      return `${(q.x - left).toFixed(1)},${(q.y - top).toFixed(1)}`
    }
    const parts: string[] = []
    if (this.outline?.length) {
      const points = this.outline.map(([lat, lng]) => toScreen({ lat, lng })).join(' ')
      parts.push(`<polygon points="${points}" fill="rgba(11,92,173,.18)" stroke="#0b5cad" stroke-width="3"/>`)
    }
    if (this.pin) {
      const [x, y] = toScreen(this.pin).split(',')
      parts.push(`<circle cx="${x}" cy="${y}" r="9" fill="#a4161a" stroke="#fff" stroke-width="3"/>`)
    }
    this.overlay.setAttribute('viewBox', `0 0 ${width} ${height}`)
    this.overlay.innerHTML = parts.join('')
  }
}
