import { t } from '../../i18n/client.ts'

/**
 * The server names a refused photo by its form field (`photos[1]: no pet found …`); the page speaks of
 * "Photo 2". Undefined when the message is not about one photo.
 */
export function photoProblem(message: string): string | undefined {
  const match = /^photos(?:\[(\d+)\])?:\s*(.+)$/s.exec(message)
  if (!match) return undefined
  const [, index, problem] = match
  const which = index === undefined ? t('photos.all') : t('photos.which', { n: Number(index) + 1 })
  return `${which}: ${problem!.charAt(0).toUpperCase()}${problem!.slice(1)}`
}

export const MAX_PHOTO_COUNT = 5
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024

/** What is wrong with a selection of files before it is sent, if anything. */
export function checkPhotoSelection(
  files: readonly { name: string; size: number; type: string }[],
): string | undefined {
  if (files.length === 0) return t('photos.none')
  if (files.length > MAX_PHOTO_COUNT) return t('photos.tooMany', { max: MAX_PHOTO_COUNT, count: files.length })
  const big = files.find((f) => f.size > MAX_PHOTO_BYTES)
  if (big) return t('photos.tooBig', { file: big.name })
  const odd = files.find((f) => f.type && !/^image\/(jpeg|png|webp)$/.test(f.type))
  if (odd) return t('photos.notPicture', { file: odd.name })
  return undefined
}
