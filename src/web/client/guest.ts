import { formatDateTime } from '../i18n/locales.ts'
import { pageLocale, t } from '../i18n/client.ts'
import { api, ApiError } from './lib/api.ts'
import { onSubmit, text } from './lib/forms.ts'

interface GuestMessage {
  readonly id: string
  readonly fromYou: boolean
  readonly body: string
  readonly at: string
  readonly sighting: { readonly seenAt: string; readonly area: { readonly areaKm2: number } } | null
}
interface GuestThread {
  readonly pet: { readonly name: string }
  readonly expiresAt: string
  readonly messages: readonly GuestMessage[]
}

// The token is the fragment: it never reaches a server log, a proxy or a Referer.
const token = decodeURIComponent(window.location.hash.slice(1))
// Another link opened in this tab changes only the fragment, which reloads nothing: read the new one afresh.
window.addEventListener('hashchange', () => window.location.reload())
const status = document.querySelector<HTMLElement>('#guest-status')!
const form = document.querySelector<HTMLFormElement>('#guest-reply')!
const when = (iso: string) => formatDateTime(pageLocale, new Date(iso))
const size = (km2: number) =>
  t('area.size', {
    size: new Intl.NumberFormat(pageLocale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 2 })
      .format(km2)
      .replace(/km$/, 'km²'),
  })

function messageItem(m: GuestMessage, name: string): HTMLLIElement {
  const item = document.createElement('li')
  item.className = m.fromYou ? 'message from-you' : 'message'
  const meta = document.createElement('p')
  meta.className = 'muted'
  meta.textContent = `${m.fromYou ? t('guest.you') : t('guest.owner', { name })}, ${when(m.at)}`
  item.append(meta)
  if (m.sighting) {
    const seen = document.createElement('p')
    seen.textContent = t('guest.sightingLine', { when: when(m.sighting.seenAt), size: size(m.sighting.area.areaKm2) })
    item.append(seen)
  }
  if (m.body) {
    const body = document.createElement('p')
    body.className = 'message-body'
    body.textContent = m.body
    item.append(body)
  }
  return item
}

function show(thread: GuestThread) {
  const about = document.querySelector<HTMLElement>('#guest-about')!
  about.textContent = t('guest.page.about', { name: thread.pet.name })
  about.hidden = false
  document.querySelector('#messages')!.replaceChildren(...thread.messages.map((m) => messageItem(m, thread.pet.name)))
  document.querySelector('#guest-expires')!.textContent = t('guest.page.expires', { when: when(thread.expiresAt) })
  status.textContent = ''
  form.hidden = false
}

const headers = { authorization: `Bearer ${token}` }
async function load() {
  try {
    show(await api<GuestThread>('/api/guest/thread', { headers }))
  } catch (error) {
    status.textContent =
      error instanceof ApiError && [400, 401, 404].includes(error.status)
        ? t('guest.page.missing')
        : error instanceof Error
          ? error.message
          : String(error)
  }
}

onSubmit(form, async (data) => {
  show(
    await api<GuestThread>('/api/guest/thread/messages', {
      method: 'POST',
      headers,
      json: { body: text(data, 'body') },
    }),
  )
  form.reset()
})
void load()
