/**
 * The server names a refused photo by its form field (`photos[1]: no pet found …`); the page speaks of
 * "Photo 2". Undefined when the message is not about one photo.
 */
export function photoProblem(message: string): string | undefined {
  const match = /^photos(?:\[(\d+)\])?:\s*(.+)$/s.exec(message)
  if (!match) return undefined
  const [, index, problem] = match
  const which = index === undefined ? 'Photos' : `Photo ${Number(index) + 1}`
  return `${which}: ${problem!.charAt(0).toUpperCase()}${problem!.slice(1)}`
}

export const MAX_PHOTO_COUNT = 5
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024

/** What is wrong with a selection of files before it is sent, if anything. */
export function checkPhotoSelection(files: readonly { name: string; size: number; type: string }[]): string | undefined {
  if (files.length === 0) return 'Add at least one photo of your pet.'
  if (files.length > MAX_PHOTO_COUNT) return `Choose at most ${MAX_PHOTO_COUNT} photos (you chose ${files.length}).`
  const big = files.find((f) => f.size > MAX_PHOTO_BYTES)
  if (big) return `${big.name} is larger than 10 MB.`
  const odd = files.find((f) => f.type && !/^image\/(jpeg|png|webp)$/.test(f.type))
  if (odd) return `${odd.name} is not a JPEG, PNG or WebP picture.`
  return undefined
}
