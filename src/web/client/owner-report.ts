import { api, ApiError, pageData } from './lib/api.ts'
import { onSubmit, text } from './lib/forms.ts'
import { attachPlacePicker } from './lib/place-picker.ts'
import { progressBox } from './lib/progress.ts'
import { uploadForm } from './lib/upload.ts'
import { currentShareKey } from './owners/key-store.ts'
import { localInputToIso, toLocalInputValue } from './owners/local-time.ts'
import { askAboutPhotos, cancelPhotoQuestions, photoCheckOf } from './owners/photo-decisions.ts'
import { checkPhotoSelection, MAX_PHOTO_COUNT, photoProblem } from './owners/photo-errors.ts'
import { t } from '../i18n/client.ts'

const { defaultRadiusM } = pageData<{ defaultRadiusM: Record<'cat' | 'dog', number> }>()
const form = document.querySelector<HTMLFormElement>('#report-lost')!
const photos = form.querySelector<HTMLInputElement>('#photos')!
const photoError = form.querySelector<HTMLElement>('#photos-error')!
const previews = form.querySelector<HTMLUListElement>('#photo-previews')!
const radius = form.querySelector<HTMLInputElement>('#radiusM')!
const lastSeenAt = form.querySelector<HTMLInputElement>('#lastSeenAt')!
const photoCheck = form.querySelector<HTMLElement>('#photo-check')!
const speciesNow = () => form.querySelector<HTMLInputElement>('input[name=species]:checked')?.value

lastSeenAt.value = toLocalInputValue(new Date())
lastSeenAt.max = toLocalInputValue(new Date(Date.now() + 60_000))
attachPlacePicker(form.querySelector<HTMLElement>('#last-seen-place')!)

function showPhotoError(message: string | undefined) {
  photoError.textContent = message ?? ''
  if (message) photos.setAttribute('aria-invalid', 'true')
  else photos.removeAttribute('aria-invalid')
}

let previewUrls: string[] = []
photos.addEventListener('change', () => {
  cancelPhotoQuestions(photoCheck)
  previewUrls.forEach((url) => URL.revokeObjectURL(url))
  const files = [...(photos.files ?? [])]
  previewUrls = files.slice(0, MAX_PHOTO_COUNT).map((file) => URL.createObjectURL(file))
  previews.replaceChildren(
    ...previewUrls.map((url, i) => {
      const item = document.createElement('li')
      const img = document.createElement('img')
      img.src = url
      img.alt = t('report.preview', { n: i + 1, file: files[i]!.name })
      item.append(img)
      return item
    }),
  )
  showPhotoError(files.length ? checkPhotoSelection(files) : undefined)
})

for (const choice of form.querySelectorAll<HTMLInputElement>('input[name=species]'))
  choice.addEventListener('change', () => {
    const species = choice.value as 'cat' | 'dog'
    radius.placeholder = t(`report.radiusUsual.${species}`, { m: defaultRadiusM[species] })
  })

onSubmit(form, async (data) => {
  showPhotoError(undefined)
  const files = [...(photos.files ?? [])]
  const problem = checkPhotoSelection(files)
  if (problem) {
    showPhotoError(problem)
    photos.focus()
    return
  }
  const when = localInputToIso(text(data, 'lastSeenAt'))
  if (!when) throw new ApiError(400, 'INVALID_INPUT', t('report.needTime'))

  // The photo check may ask about photos (no pet found, the other species): the answers go with the next try.
  let sending = files
  const flags = { keepWithoutPet: false, confirmSpecies: false }
  let search: { id: string } | undefined
  const progress = progressBox('report-progress')
  while (!search) {
    const body = new FormData()
    body.append('species', speciesNow() ?? text(data, 'species'))
    body.append('name', text(data, 'name'))
    if (text(data, 'description')) body.append('description', text(data, 'description'))
    body.append('lastSeenAt', when)
    body.append('lastSeenLat', text(data, 'lastSeenLat'))
    body.append('lastSeenLng', text(data, 'lastSeenLng'))
    if (text(data, 'radiusM')) body.append('radiusM', text(data, 'radiusM'))
    if (flags.keepWithoutPet) body.append('keepWithoutPet', 'true')
    if (flags.confirmSpecies) body.append('confirmSpecies', 'true')
    for (const file of sending) body.append('photos', file, file.name)
    try {
      search = await uploadForm<{ id: string }>('/api/searches', body, (phase) =>
        progress.upload(
          phase,
          t(sending.length === 1 ? 'report.checking.one' : 'report.checking.other', { count: sending.length }),
        ),
      )
    } catch (error) {
      progress.hide()
      const check = photoCheckOf(error)
      if (check) {
        const answers = await askAboutPhotos(
          photoCheck,
          check,
          sending.map((f) => previewUrls[files.indexOf(f)]),
          { canRemove: sending.length > 1 },
        )
        if (!answers) return
        sending = sending.filter((_, i) => !answers.remove.has(i))
        if (sending.length === 0) return showPhotoError(checkPhotoSelection([]))
        flags.keepWithoutPet ||= answers.keepWithoutPet
        flags.confirmSpecies ||= answers.confirmSpecies
        if (answers.species)
          form.querySelector<HTMLInputElement>(`input[name=species][value=${answers.species}]`)!.checked = true
        continue
      }
      // A refused photo is shown next to the photos; everything typed stays in the form.
      const photoMessage = error instanceof ApiError ? photoProblem(error.message) : undefined
      if (!photoMessage) throw error
      showPhotoError(photoMessage)
      photos.focus()
      return
    }
  }
  progress.show(t('report.started'))
  try {
    const key = await currentShareKey()
    await api(`/api/searches/${search.id}/share-key`, { method: 'PUT', json: { publicKey: key.publicKey } })
  } catch (error) {
    console.warn('share key not registered yet; the search page tries again', error)
  }
  window.location.assign(`/lost/${search.id}`)
})
