import { coarseCellOf, type CoarseCell } from './lib/coarse-cell.ts'
import { onSubmit, showError, text } from './lib/forms.ts'
import { attachPlacePicker } from './lib/place-picker.ts'
import { progressBox } from './lib/progress.ts'
import { uploadForm } from './lib/upload.ts'
import { localInputToIso, toLocalInputValue } from './owners/local-time.ts'
import { askAboutPhotos, cancelPhotoQuestions, photoCheckOf } from './owners/photo-decisions.ts'
import type { LazyPlaceMap } from './lib/lazy-map.ts'
import { t } from '../i18n/client.ts'

const form = document.querySelector<HTMLFormElement>('#found-new')!
const foundAt = form.querySelector<HTMLInputElement>('#found-at')!
form
  .querySelector<HTMLInputElement>('#photo')!
  .addEventListener('change', () => cancelPhotoQuestions(form.querySelector<HTMLElement>('#photo-check')!))
let area: CoarseCell | undefined

// datetime-local shows the reader's own wall-clock time: default to now, and no later than now.
foundAt.value = toLocalInputValue(new Date())
foundAt.max = foundAt.value

const map: LazyPlaceMap = attachPlacePicker(form.querySelector<HTMLElement>('fieldset.place')!, (point) => {
  area = coarseCellOf(point)
  map.setOutline(area.outline)
})

onSubmit(form, async (data) => {
  if (!area) {
    showError(form, t('foundNew.needPlace'))
    return
  }
  const body = new FormData()
  body.set('species', text(data, 'species'))
  const when = localInputToIso(text(data, 'foundAt'))
  if (!when) {
    showError(form, t('foundNew.needTime'))
    return
  }
  body.set('foundAt', when)
  // The area's centre stands for the place: the server keeps the same coarse cell, and the pin stays here.
  body.set('lat', area.center.lat.toFixed(6))
  body.set('lng', area.center.lng.toFixed(6))
  const description = text(data, 'description')
  if (description) body.set('description', description)
  const photo = data.get('photo') as File
  body.set('photo', photo)
  const progress = progressBox('found-progress')
  let report: { id: string } | undefined
  while (!report) {
    try {
      report = await uploadForm<{ id: string }>('/api/found-pets', body, (phase) =>
        progress.upload(phase, t('foundNew.checking')),
      )
    } catch (error) {
      progress.hide()
      const check = photoCheckOf(error)
      if (!check) throw error
      // One photo: removing it means choosing another, so the choice is to keep it or to answer about the species.
      const answers = await askAboutPhotos(
        form.querySelector<HTMLElement>('#photo-check')!,
        check,
        [URL.createObjectURL(photo)],
        { canRemove: false },
      )
      if (!answers) return
      if (answers.keepWithoutPet) body.set('keepWithoutPet', 'true')
      if (answers.confirmSpecies) body.set('confirmSpecies', 'true')
      if (answers.species) {
        body.set('species', answers.species)
        form.querySelector<HTMLInputElement>(`input[name=species][value=${answers.species}]`)!.checked = true
      }
    }
  }
  progress.hide()
  window.location.assign(`/found/${report.id}?reported`)
})
