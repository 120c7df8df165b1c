import { t } from '../../i18n/client.ts'
import { api, ApiError } from '../lib/api.ts'
import { isShareSuite, openSealed, type ShareKey } from '../owners/share-suite.ts'
import { groupFingerprint, previewKeyFingerprint } from './preview-fingerprint.ts'
import { listPreviewKeys, newPreviewKey } from './preview-key-store.ts'

interface ServerKey {
  readonly publicKey: string
  readonly fingerprint: string
}
interface SealedPreview {
  readonly suite: { kem: string; kdf: string; aead: string }
  readonly enc: string
  readonly ciphertext: string
}

/** Whether this browser can show previews: the server's key is one this browser holds. */
let state: { keys: ShareKey[]; ready: boolean } = { keys: [], ready: false }
/** Opened previews, by alert: a redraw of the list neither reads (an audited read) nor decrypts again. */
const opened = new Map<string, string>()

function paint(status: HTMLElement, button: HTMLButtonElement, server: ServerKey | null) {
  const held = server !== null && state.keys.some((k) => k.publicKey === server.publicKey)
  state = { ...state, ready: held }
  button.hidden = held
  button.textContent = t(server ? 'preview.replace' : 'preview.enable')
  if (!server) status.textContent = t('preview.off')
  else
    status.textContent = t(held ? 'preview.on' : 'preview.elsewhere', {
      fingerprint: groupFingerprint(server.fingerprint),
    })
}

/** The alerts page's key section: make the key here, register its public half, show its fingerprint. */
export async function setUpPreviewKey(section: HTMLElement, onChange: () => void): Promise<void> {
  const status = section.querySelector<HTMLElement>('#preview-key-status')!
  const button = section.querySelector<HTMLButtonElement>('#preview-key-enable')!
  if (!('indexedDB' in window)) {
    status.textContent = t('preview.unsupported')
    button.hidden = true
    return
  }
  const [keys, { key }] = await Promise.all([listPreviewKeys(), api<{ key: ServerKey | null }>('/api/me/preview-key')])
  state = { keys, ready: false }
  paint(status, button, key)
  button.addEventListener('click', async () => {
    button.disabled = true
    try {
      const made = await newPreviewKey()
      const set = await api<ServerKey>('/api/me/preview-key', { method: 'PUT', json: { publicKey: made.publicKey } })
      const local = await previewKeyFingerprint(made.publicKey)
      state = { keys: [made, ...state.keys], ready: false }
      opened.clear()
      if (set.fingerprint !== local) {
        status.textContent = t('preview.mismatch', {
          server: groupFingerprint(set.fingerprint),
          local: groupFingerprint(local),
        })
        return
      }
      paint(status, button, set)
      onChange()
    } catch {
      status.textContent = t('preview.failed')
    } finally {
      button.disabled = false
    }
  })
}

/** One pending alert's own frame, opened in this browser, or why it is not shown. */
export function previewFigure(alert: { id: string; camera: { name: string } }): HTMLElement {
  const figure = document.createElement('figure')
  figure.className = 'alert-preview'
  figure.dataset.preview = 'loading'
  const note = document.createElement('p')
  note.className = 'hint'
  note.setAttribute('role', 'status')
  const caption = document.createElement('figcaption')
  caption.textContent = t('preview.caption')
  figure.append(caption, note)
  const show = (kind: string, text: string) => {
    figure.dataset.preview = kind
    note.textContent = text
  }
  const showImage = (url: string) => {
    const img = Object.assign(document.createElement('img'), {
      src: url,
      alt: t('preview.alt', { camera: alert.camera.name }),
      className: 'preview-photo',
    })
    figure.dataset.preview = 'shown'
    note.remove()
    figure.insertBefore(img, caption)
  }
  const cached = opened.get(alert.id)
  if (cached) {
    showImage(cached)
    return figure
  }
  if (!state.ready) {
    show('no-key', t('preview.noKey'))
    return figure
  }
  show('loading', t('preview.loading'))
  void (async () => {
    try {
      const sealed = await api<SealedPreview>(`/api/alerts/${alert.id}/preview`)
      const bytes = isShareSuite(sealed.suite) ? await openSealed(state.keys, sealed.enc, sealed.ciphertext) : undefined
      if (!bytes) return show('failed', t('preview.undecryptable'))
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }))
      opened.set(alert.id, url)
      showImage(url)
    } catch (err) {
      show(
        err instanceof ApiError && err.status === 404 ? 'none' : 'failed',
        t(err instanceof ApiError && err.status === 404 ? 'preview.none' : 'preview.undecryptable'),
      )
    }
  })()
  return figure
}
