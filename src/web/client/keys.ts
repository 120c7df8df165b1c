import { onSubmit, showError } from './lib/forms.ts'
import { keyFingerprint, parseKeyFile, toKeyFile } from './owners/key-file.ts'
import { addShareKeys, listShareKeys } from './owners/key-store.ts'
import { isKeyPair, SHARE_SUITE } from './owners/share-suite.ts'
import { pageLocale, t } from '../i18n/client.ts'

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!
const dateFormat = new Intl.DateTimeFormat(pageLocale, { dateStyle: 'medium' })

async function showKeys() {
  const keys = await listShareKeys()
  $('#key-summary').textContent = keys.length
    ? t(keys.length === 1 ? 'key.holds.one' : 'key.holds.other', { count: keys.length })
    : t('key.holdsNone')
  $('#key-list').replaceChildren(
    ...keys.map((k) => {
      const item = document.createElement('li')
      item.textContent = t('key.fingerprint', {
        fingerprint: keyFingerprint(k.publicKey),
        when: dateFormat.format(new Date(k.createdAt)),
      })
      return item
    }),
  )
  $<HTMLButtonElement>('#export-key').disabled = keys.length === 0
}

$('#export-key').addEventListener('click', async () => {
  const keys = await listShareKeys()
  const file = new Blob([JSON.stringify(toKeyFile(keys, SHARE_SUITE), null, 2)], { type: 'application/json' })
  const name = `homeward-key-${new Date().toISOString().slice(0, 10)}.json`
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(file), download: name })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
  $('#export-status').textContent = t('key.saved', { file: name })
})

const form = $<HTMLFormElement>('#import-key')
onSubmit(form, async () => {
  $('#import-status').hidden = true
  const file = $<HTMLInputElement>('#key-file').files?.[0]
  if (!file) return showError(form, t('key.choose'))
  const parsed = parseKeyFile(await file.text())
  if (parsed.kind === 'invalid') return showError(form, parsed.reason)
  for (const key of parsed.keys) if (!(await isKeyPair(key))) return showError(form, t('key.broken'))
  await addShareKeys(parsed.keys)
  await showKeys()
  const status = $('#import-status')
  status.hidden = false
  status.textContent = t(parsed.keys.length === 1 ? 'key.imported.one' : 'key.imported.other', {
    count: parsed.keys.length,
  })
  form.reset()
})

showKeys().catch((error) => {
  console.error(error)
  $('#key-summary').textContent = t('key.noStorage')
})
