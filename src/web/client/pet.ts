import { api, pageData } from './lib/api.ts'
import { showAreaMap, type CoarseAreaData } from './lib/area-map.ts'
import { onSubmit, text } from './lib/forms.ts'
import { localiseTimes } from './owners/local-time.ts'

const { petId, name, area } = pageData<{ petId: string; name: string; area: CoarseAreaData }>()
localiseTimes()
showAreaMap(document.querySelector<HTMLElement>('#area-map')!, area, `Map of the coarse area where ${name} was last seen`)

const form = document.querySelector<HTMLFormElement>('#relay-message')
if (form)
  onSubmit(form, async (data) => {
    const thread = await api<{ id: string }>(`/api/lost-pets/${petId}/messages`, { method: 'POST', json: { body: text(data, 'body') } })
    form.reset()
    const sent = document.querySelector<HTMLElement>('#relay-sent')!
    const link = document.createElement('a')
    link.href = `/threads/${thread.id}`
    link.textContent = 'your conversation'
    const notice = document.createElement('p')
    notice.className = 'notice'
    notice.append(`Sent. ${name}’s owner will see your message without your name or email; their replies appear in `, link, '.')
    sent.replaceChildren(notice)
  })
