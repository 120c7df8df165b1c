import { api, ApiError, pageData } from './lib/api.ts'
import { onSubmit, text } from './lib/forms.ts'
import { attachPlacePicker } from './lib/place-picker.ts'
import { progressBox } from './lib/progress.ts'
import { uploadForm } from './lib/upload.ts'
import { currentShareKey } from './owners/key-store.ts'
import { localInputToIso, toLocalInputValue } from './owners/local-time.ts'
import { checkPhotoSelection, MAX_PHOTO_COUNT, photoProblem } from './owners/photo-errors.ts'

const { defaultRadiusM } = pageData<{ defaultRadiusM: Record<'cat' | 'dog', number> }>()
const form = document.querySelector<HTMLFormElement>('#report-lost')!
const photos = form.querySelector<HTMLInputElement>('#photos')!
const photoError = form.querySelector<HTMLElement>('#photos-error')!
const previews = form.querySelector<HTMLUListElement>('#photo-previews')!
const radius = form.querySelector<HTMLInputElement>('#radiusM')!
const lastSeenAt = form.querySelector<HTMLInputElement>('#lastSeenAt')!

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
  previewUrls.forEach((url) => URL.revokeObjectURL(url))
  const files = [...(photos.files ?? [])]
  previewUrls = files.slice(0, MAX_PHOTO_COUNT).map((file) => URL.createObjectURL(file))
  previews.replaceChildren(
    ...previewUrls.map((url, i) => {
      const item = document.createElement('li')
      const img = document.createElement('img')
      img.src = url
      img.alt = `Photo ${i + 1}: ${files[i]!.name}`
      item.append(img)
      return item
    }),
  )
  showPhotoError(files.length ? checkPhotoSelection(files) : undefined)
})

for (const choice of form.querySelectorAll<HTMLInputElement>('input[name=species]'))
  choice.addEventListener('change', () => {
    const species = choice.value as 'cat' | 'dog'
    radius.placeholder = `${defaultRadiusM[species]} (usual for a ${species})`
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
  if (!when) throw new ApiError(400, 'INVALID_INPUT', 'Last seen: enter a date and time.')

  const body = new FormData()
  body.append('species', text(data, 'species'))
  body.append('name', text(data, 'name'))
  if (text(data, 'description')) body.append('description', text(data, 'description'))
  body.append('lastSeenAt', when)
  body.append('lastSeenLat', text(data, 'lastSeenLat'))
  body.append('lastSeenLng', text(data, 'lastSeenLng'))
  if (text(data, 'radiusM')) body.append('radiusM', text(data, 'radiusM'))
  for (const file of files) body.append('photos', file, file.name)

  let search: { id: string }
  const progress = progressBox('report-progress')
  try {
    search = await uploadForm<{ id: string }>('/api/searches', body, (phase) =>
      progress.upload(phase, `Checking ${files.length === 1 ? 'the photo' : `the ${files.length} photos`} for your pet and starting the search. This can take up to a minute; keep this page open.`),
    )
  } catch (error) {
    progress.hide()
    // A refused photo is shown next to the photos; everything typed stays in the form.
    const photoMessage = error instanceof ApiError ? photoProblem(error.message) : undefined
    if (!photoMessage) throw error
    showPhotoError(photoMessage)
    photos.focus()
    return
  }
  progress.show('Search started. Preparing this device to open snapshots camera owners share…')
  try {
    const key = await currentShareKey()
    await api(`/api/searches/${search.id}/share-key`, { method: 'PUT', json: { publicKey: key.publicKey } })
  } catch (error) {
    console.warn('share key not registered yet; the search page tries again', error)
  }
  window.location.assign(`/lost/${search.id}`)
})
