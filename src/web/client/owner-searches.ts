import { api, pageData } from './lib/api.ts'
import { planShareKey } from './owners/key-file.ts'
import { currentShareKey, listShareKeys } from './owners/key-store.ts'
import { localiseTimes } from './owners/local-time.ts'
import { t } from '../i18n/client.ts'

interface SearchKeys {
  readonly searches: readonly { id: string; sharePublicKey: string | null }[]
}

localiseTimes()

/** Every search gets this device's key if it has none yet; searches keyed elsewhere are pointed out. */
async function registerKeys({ searches }: SearchKeys) {
  const status = document.querySelector<HTMLElement>('#key-status')!
  const held = (await listShareKeys()).map((k) => k.publicKey)
  const plans = searches.map((s) => ({ id: s.id, plan: planShareKey(s.sharePublicKey, held) }))
  const toRegister = plans.filter((p) => p.plan === 'register')
  if (toRegister.length) {
    const key = await currentShareKey()
    for (const { id } of toRegister)
      await api(`/api/searches/${id}/share-key`, { method: 'PUT', json: { publicKey: key.publicKey } })
  }
  const missing = plans.filter((p) => p.plan === 'missing').length
  if (missing) {
    status.hidden = false
    status.className = 'warning'
    status.replaceChildren(
      t(missing === 1 ? 'me.keyMissing.one' : 'me.keyMissing.other', { count: missing }),
      Object.assign(document.createElement('a'), { href: '/key', textContent: t('me.importKey') }),
    )
  }
}

registerKeys(pageData<SearchKeys>()).catch((error) => console.error('share keys', error))
