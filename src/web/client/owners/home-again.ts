import { api } from '../lib/api.ts'
import { onSubmit, text } from '../lib/forms.ts'
import { localiseTimes } from './local-time.ts'

interface Recipient {
  readonly kind: 'finder' | 'camera owner'
  readonly foundReportId?: string
  readonly shareId?: string
  readonly at: string
}

/** Asks before "… is home"; resolves true only when the owner confirms in the dialog. */
export function confirmHome(): Promise<boolean> {
  const dialog = document.querySelector<HTMLDialogElement>('#home-confirm')
  if (!dialog) return Promise.resolve(false)
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true })
    dialog.showModal()
  })
}

const when = (iso: string) =>
  new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium' }).format(new Date(iso))

/** The optional thank-you, once the pet is home: shown only when there is someone to thank. */
export async function wireThanks(searchId: string, labels: { finder: string; camera: string }) {
  const box = document.querySelector<HTMLElement>('#thanks')
  const form = document.querySelector<HTMLFormElement>('#thanks-form')
  if (!box || !form) return
  const { recipients } = await api<{ recipients: Recipient[] }>(`/api/searches/${searchId}/thanks/recipients`)
  if (recipients.length === 0) return
  const select = form.querySelector<HTMLSelectElement>('#thanks-to')!
  select.replaceChildren(
    ...recipients.map((r) => {
      const label = (r.kind === 'finder' ? labels.finder : labels.camera).replace('{when}', when(r.at))
      return Object.assign(document.createElement('option'), {
        value: JSON.stringify(
          r.kind === 'finder' ? { kind: r.kind, foundReportId: r.foundReportId } : { kind: r.kind, shareId: r.shareId },
        ),
        textContent: label,
      })
    }),
  )
  box.hidden = false
  onSubmit(form, async (data) => {
    await api(`/api/searches/${searchId}/thanks`, {
      method: 'POST',
      json: { to: JSON.parse(text(data, 'to')) as unknown, body: text(data, 'body') },
    })
    form.querySelector<HTMLTextAreaElement>('#thanks-body')!.value = ''
    form.querySelector<HTMLElement>('#thanks-sent')!.hidden = false
  })
  localiseTimes(box)
}
