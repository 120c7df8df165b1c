import type { Species } from '../../contracts/species.ts'
import { api, ApiError, pageData } from './lib/api.ts'
import { onSubmit, showError, text } from './lib/forms.ts'
import { attachPlacePicker } from './lib/place-picker.ts'
import { progressBox } from './lib/progress.ts'
import { uploadForm } from './lib/upload.ts'
import { localInputToIso, toLocalInputValue } from './owners/local-time.ts'
import { askAboutPhotos, cancelPhotoQuestions, photoCheckOf } from './owners/photo-decisions.ts'
import { checkPhotoSelection } from './owners/photo-errors.ts'
import {
  affectsMatching,
  patchBody,
  searchChanges,
  type EditableSearch,
  type SearchChange,
} from './owners/search-changes.ts'
import { pageLocale, t } from '../i18n/client.ts'
import { formatDistance } from '../i18n/locales.ts'

interface Search extends EditableSearch {
  readonly id: string
  readonly species: Species
  readonly status: string
}

let saved = pageData<Search>()
const form = document.querySelector<HTMLFormElement>('#edit-search')!
const result = document.querySelector<HTMLElement>('#edit-result')!
const lastSeenAt = form.querySelector<HTMLInputElement>('#lastSeenAt')!
const lat = form.querySelector<HTMLInputElement>('[name=lastSeenLat]')!
const lng = form.querySelector<HTMLInputElement>('[name=lastSeenLng]')!

lastSeenAt.value = toLocalInputValue(new Date(saved.lastSeenAt))
lastSeenAt.max = toLocalInputValue(new Date(Date.now() + 60_000))
lat.value = String(saved.lastSeen.lat)
lng.value = String(saved.lastSeen.lng)
attachPlacePicker(form.querySelector<HTMLElement>('#last-seen-place')!)

const when = new Intl.DateTimeFormat(pageLocale, { dateStyle: 'medium', timeStyle: 'short' })
const distance = (m: number) => formatDistance(pageLocale, m / 1000)

function describe(change: SearchChange): string {
  switch (change.kind) {
    case 'area':
      return t('edit.change.area', { cell: change.to })
    case 'point':
      return t('edit.change.point')
    case 'radius':
      return t(change.to > change.from ? 'edit.change.radiusMore' : 'edit.change.radiusFewer', {
        from: distance(change.from),
        to: distance(change.to),
      })
    case 'lastSeenAt':
      return t('edit.change.lastSeenAt', {
        from: when.format(new Date(change.from)),
        to: when.format(new Date(change.to)),
      })
    case 'photos':
      return t('edit.change.photos', {
        changes: [
          change.added && t('edit.change.added', { count: change.added }),
          change.removed && t('edit.change.removed', { count: change.removed }),
        ]
          .filter(Boolean)
          .join(', '),
        count: change.count,
      })
    case 'shown':
      return t(
        change.fields.length > 1
          ? 'edit.change.both'
          : change.fields[0] === 'name'
            ? 'edit.change.name'
            : 'edit.change.description',
      )
  }
}

function showChanges(before: Search, after: Search) {
  const changes = searchChanges(before, after)
  result.hidden = false
  const heading = document.createElement('p')
  heading.textContent =
    changes.length === 0
      ? t('edit.nothing')
      : affectsMatching(changes)
        ? t('edit.savedMatching')
        : t('edit.savedNotMatching')
  const list = document.createElement('ul')
  list.append(...changes.map((c) => Object.assign(document.createElement('li'), { textContent: describe(c) })))
  const back = Object.assign(document.createElement('a'), {
    href: `/lost/${after.id}`,
    textContent: t('edit.backToSearch'),
  })
  result.replaceChildren(heading, list, back)
  result.focus()
}

onSubmit(form, async (data) => {
  const iso = localInputToIso(text(data, 'lastSeenAt'))
  if (!iso) throw new ApiError(400, 'INVALID_INPUT', t('report.needTime'))
  const body = patchBody(saved, {
    name: text(data, 'name'),
    description: text(data, 'description'),
    lastSeenAt: iso,
    lastSeen: { lat: Number(text(data, 'lastSeenLat')), lng: Number(text(data, 'lastSeenLng')) },
    radiusM: Number(text(data, 'radiusM')),
  })
  if (Object.keys(body).length === 0) return showChanges(saved, saved)
  const updated = await api<Search>(`/api/searches/${saved.id}`, { method: 'PATCH', json: body })
  showChanges(saved, updated)
  saved = updated
})

// Photos change one at a time, each saved at once; the page reloads to show the new set, with what changed.
const photoForm = document.querySelector<HTMLFormElement>('#add-photo')!
const photoInput = photoForm.querySelector<HTMLInputElement>('#photo')!
const progress = progressBox('photo-progress')
const photoCheck = photoForm.querySelector<HTMLElement>('#photo-check')!
photoInput.addEventListener('change', () => cancelPhotoQuestions(photoCheck))
let preview: { file: File; url: string } | undefined
function previewOf(file: File): string {
  if (preview?.file !== file) preview = { file, url: URL.createObjectURL(file) }
  return preview.url
}
onSubmit(photoForm, async () => {
  const file = photoInput.files?.[0]
  const problem = file ? checkPhotoSelection([file]) : t('edit.choosePhoto')
  if (problem) return showError(photoForm, problem)
  const flags = { keepWithoutPet: false, confirmSpecies: false }
  for (;;) {
    const body = new FormData()
    body.append('photo', file!, file!.name)
    if (flags.keepWithoutPet) body.append('keepWithoutPet', 'true')
    if (flags.confirmSpecies) body.append('confirmSpecies', 'true')
    try {
      await uploadForm<Search>(`/api/searches/${saved.id}/photos`, body, (phase) =>
        progress.upload(phase, t('edit.checking')),
      )
      return afterPhotoChange()
    } catch (error) {
      progress.hide()
      const check = photoCheckOf(error)
      if (!check) throw error
      // The species of a search is fixed once it runs: a mismatch is confirmed, or the photo is not added.
      const answers = await askAboutPhotos(photoCheck, check, [previewOf(file!)], { canRemove: true, canSwitch: false })
      if (!answers || answers.remove.size > 0) {
        photoInput.value = ''
        return
      }
      flags.keepWithoutPet ||= answers.keepWithoutPet
      flags.confirmSpecies ||= answers.confirmSpecies
    }
  }
})

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-remove]'))
  button.addEventListener('click', async () => {
    button.disabled = true
    try {
      await api<Search>(`/api/searches/${saved.id}/photos/${button.dataset.remove}`, { method: 'DELETE' })
      afterPhotoChange()
    } catch (error) {
      button.disabled = false
      showError(photoForm, error instanceof ApiError ? error.message : t('edit.removeFailed'))
    }
  })

function afterPhotoChange() {
  sessionStorage.setItem(`edited:${saved.id}`, JSON.stringify(saved))
  window.location.reload()
}

// After a photo change the page reloads: say what changed against the version from before it.
const previous = sessionStorage.getItem(`edited:${saved.id}`)
if (previous) {
  sessionStorage.removeItem(`edited:${saved.id}`)
  showChanges(JSON.parse(previous) as Search, saved)
}
