import { api, pageData } from './lib/api.ts'
import { onSubmit, text } from './lib/forms.ts'
import { localiseTimes } from './owners/local-time.ts'

localiseTimes()

const form = document.querySelector<HTMLFormElement>('#reply')
if (form) {
  const { threadId } = pageData<{ threadId: string }>()
  onSubmit(form, async (data) => {
    await api(`/api/threads/${threadId}/messages`, { method: 'POST', json: { body: text(data, 'body') } })
    window.location.reload()
  })
}
