import type { Species } from '../../../contracts/species.ts'
import { t } from '../../i18n/client.ts'
import { ApiError } from '../lib/api.ts'

export interface PhotoProblem {
  readonly index: number
  readonly problem: 'no-pet' | 'species-mismatch'
  readonly seen?: Species
}
export interface PhotoCheck {
  readonly chosen: Species
  readonly photos: readonly PhotoProblem[]
}
export interface PhotoAnswers {
  /** Indices (of the photos sent) the owner removed. */
  readonly remove: ReadonlySet<number>
  readonly keepWithoutPet: boolean
  readonly confirmSpecies: boolean
  /** The owner switched to the species the detector saw. */
  readonly species?: Species
}

/** The server's questions about the photos (422 PHOTO_WITHOUT_PET, 409 SPECIES_MISMATCH), or undefined for any other error. */
export function photoCheckOf(error: unknown): PhotoCheck | undefined {
  if (!(error instanceof ApiError) || (error.code !== 'PHOTO_WITHOUT_PET' && error.code !== 'SPECIES_MISMATCH'))
    return undefined
  const details = error.details as { chosenSpecies?: Species; photos?: PhotoProblem[] } | undefined
  if (!details?.chosenSpecies || !Array.isArray(details.photos)) return undefined
  return { chosen: details.chosenSpecies, photos: details.photos }
}

/** Pure: the answers the chosen options give (`choice` per problem index: 'remove' | 'keep' | 'confirm' | 'switch'). */
export function answersOf(check: PhotoCheck, choice: ReadonlyMap<number, string>): PhotoAnswers {
  const remove = new Set(check.photos.filter((p) => choice.get(p.index) === 'remove').map((p) => p.index))
  const switched = check.photos.find((p) => p.problem === 'species-mismatch' && choice.get(p.index) === 'switch')
  return {
    remove,
    keepWithoutPet: check.photos.some((p) => p.problem === 'no-pet' && choice.get(p.index) === 'keep'),
    confirmSpecies: check.photos.some((p) => p.problem === 'species-mismatch' && choice.get(p.index) === 'confirm'),
    ...(switched?.seen && { species: switched.seen }),
  }
}

function option(name: string, value: string, label: string): HTMLLabelElement {
  const wrap = Object.assign(document.createElement('label'), { className: 'choice' })
  wrap.append(
    Object.assign(document.createElement('input'), { type: 'radio', name, value, required: true }),
    ` ${label}`,
  )
  return wrap
}

/** Drops the open question (the owner chose other photos instead): its promise resolves undefined. */
export function cancelPhotoQuestions(box: HTMLElement) {
  box.dispatchEvent(new Event('photo-check-cancel'))
}

/**
 * Asks, photo by photo, what to do: a photo with no pet found is removed or kept (shown, not matched); one that
 * looks like the other species is confirmed or switches the species. Resolves when the owner presses Continue.
 */
export function askAboutPhotos(
  box: HTMLElement,
  check: PhotoCheck,
  previews: readonly (string | undefined)[],
  options: { canRemove: boolean; canSwitch?: boolean },
): Promise<PhotoAnswers | undefined> {
  const chosen = t(`photoCheck.species.${check.chosen}`)
  const list = document.createElement('ul')
  list.className = 'stack'
  for (const p of check.photos) {
    const item = Object.assign(document.createElement('li'), { className: 'photo-check stack' })
    item.dataset.photoIndex = String(p.index)
    const src = previews[p.index]
    if (src)
      item.append(Object.assign(document.createElement('img'), { src, alt: t('photoCheck.photo', { n: p.index + 1 }) }))
    const name = `photo-check-${p.index}`
    if (p.problem === 'no-pet') {
      item.append(
        Object.assign(document.createElement('p'), { textContent: t('photoCheck.noPet', { n: p.index + 1 }) }),
      )
      if (options.canRemove) item.append(option(name, 'remove', t('photoCheck.remove')))
      item.append(option(name, 'keep', t('photoCheck.keep')))
    } else {
      const seen = t(`photoCheck.species.${p.seen ?? 'dog'}`)
      item.append(
        Object.assign(document.createElement('p'), {
          textContent: t('photoCheck.mismatch', { n: p.index + 1, seen, chosen }),
        }),
      )
      item.append(option(name, 'confirm', t('photoCheck.confirm', { chosen })))
      if (options.canSwitch !== false) item.append(option(name, 'switch', t('photoCheck.switch', { seen })))
      else if (options.canRemove) item.append(option(name, 'remove', t('photoCheck.remove')))
    }
    list.append(item)
  }
  const heading = Object.assign(document.createElement('h3'), { textContent: t('photoCheck.heading'), tabIndex: -1 })
  const error = Object.assign(document.createElement('p'), { className: 'field-error' })
  error.setAttribute('role', 'alert')
  const next = Object.assign(document.createElement('button'), {
    type: 'button',
    textContent: t('photoCheck.continue'),
  })
  box.replaceChildren(
    heading,
    Object.assign(document.createElement('p'), { className: 'hint', textContent: t('photoCheck.why') }),
    list,
    error,
    next,
  )
  box.hidden = false
  heading.focus()
  return new Promise((resolve) => {
    const cancel = () => {
      box.hidden = true
      box.replaceChildren()
      resolve(undefined)
    }
    box.addEventListener('photo-check-cancel', cancel, { once: true })
    next.addEventListener('click', () => {
      const choice = new Map<number, string>()
      for (const p of check.photos) {
        const picked = box.querySelector<HTMLInputElement>(`input[name="photo-check-${p.index}"]:checked`)
        if (picked) choice.set(p.index, picked.value)
      }
      if (choice.size < check.photos.length) {
        error.textContent = t('photoCheck.answerAll')
        return
      }
      box.removeEventListener('photo-check-cancel', cancel)
      box.hidden = true
      box.replaceChildren()
      resolve(answersOf(check, choice))
    })
  })
}
