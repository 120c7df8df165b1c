import { api, pageData } from './lib/api.ts'
import { showAreaMap, type CoarseAreaData } from './lib/area-map.ts'
import { onSubmit, text } from './lib/forms.ts'
import { localiseTimes } from './owners/local-time.ts'
import { t } from '../i18n/client.ts'
import { attachGuestHelp } from './guest/guest-help.ts'

const { petId, name, area, mapLabel } = pageData<{
  petId: string
  name: string
  area: CoarseAreaData
  mapLabel: string
}>()
localiseTimes()
showAreaMap(document.querySelector<HTMLElement>('#area-map')!, area, mapLabel)

const form = document.querySelector<HTMLFormElement>('#relay-message')
if (form)
  onSubmit(form, async (data) => {
    const thread = await api<{ id: string }>(`/api/lost-pets/${petId}/messages`, {
      method: 'POST',
      json: { body: text(data, 'body') },
    })
    form.reset()
    const sent = document.querySelector<HTMLElement>('#relay-sent')!
    const link = document.createElement('a')
    link.href = `/threads/${thread.id}`
    link.textContent = t('pet.sent.link')
    const notice = document.createElement('p')
    notice.className = 'notice'
    notice.append(t('pet.sent.before', { name }), link, '.')
    sent.replaceChildren(notice)
  })

attachGuestHelp(petId)
