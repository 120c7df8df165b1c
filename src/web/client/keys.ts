import { onSubmit, showError } from './lib/forms.ts'
import { keyFingerprint, parseKeyFile, toKeyFile } from './owners/key-file.ts'
import { addShareKeys, listShareKeys } from './owners/key-store.ts'
import { isKeyPair, SHARE_SUITE } from './owners/share-suite.ts'

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

async function showKeys() {
  const keys = await listShareKeys()
  $('#key-summary').textContent = keys.length
    ? `This browser holds ${keys.length === 1 ? '1 key' : `${keys.length} keys`}. Compare fingerprints to check two devices hold the same key.`
    : 'This browser holds no key yet. It makes one when you report a lost pet here, or you can import one from another device below.'
  $('#key-list').replaceChildren(
    ...keys.map((k) => {
      const item = document.createElement('li')
      item.textContent = `Fingerprint ${keyFingerprint(k.publicKey)} · made or imported ${dateFormat.format(new Date(k.createdAt))}`
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
  $('#export-status').textContent = `Saved ${name}. Keep it private, import it on your other device, then delete the copy.`
})

const form = $<HTMLFormElement>('#import-key')
onSubmit(form, async () => {
  $('#import-status').hidden = true
  const file = $<HTMLInputElement>('#key-file').files?.[0]
  if (!file) return showError(form, 'Choose the key file to import.')
  const parsed = parseKeyFile(await file.text())
  if (parsed.kind === 'invalid') return showError(form, parsed.reason)
  for (const key of parsed.keys)
    if (!(await isKeyPair(key))) return showError(form, 'A key in this file does not work (its two halves do not belong together). Export it again.')
  await addShareKeys(parsed.keys)
  await showKeys()
  const status = $('#import-status')
  status.hidden = false
  status.textContent = `Imported ${parsed.keys.length === 1 ? 'your key' : `${parsed.keys.length} keys`}. This device can now open the snapshots shared with you.`
  form.reset()
})

showKeys().catch((error) => {
  console.error(error)
  $('#key-summary').textContent = 'This browser cannot keep keys (storage is blocked, perhaps by a private window).'
})
