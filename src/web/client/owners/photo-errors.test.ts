import { describe, expect, it } from 'vitest'
import { checkPhotoSelection, photoProblem } from './photo-errors.ts'

describe('photoProblem', () => {
  it.each([
    ['photos[0]: no pet found (no dog or cat in this photo)', 'Photo 1: No pet found (no dog or cat in this photo)'],
    [
      'photos[2]: a person is the main subject; send a photo of the pet',
      'Photo 3: A person is the main subject; send a photo of the pet',
    ],
    ['photos: at most 5 photos', 'Photos: At most 5 photos'],
    ['lastSeenAt: is in the future', undefined],
    ['Something went wrong', undefined],
  ])('%s', (message, shown) => {
    expect(photoProblem(message)).toBe(shown)
  })
})

describe('checkPhotoSelection', () => {
  const jpeg = (name: string, size = 1000) => ({ name, size, type: 'image/jpeg' })
  it.each([
    [[], 'Add at least one photo of your pet.'],
    [[jpeg('a.jpg')], undefined],
    [Array.from({ length: 6 }, (_, i) => jpeg(`${i}.jpg`)), 'Choose at most 5 photos (you chose 6).'],
    [[jpeg('big.jpg', 11 * 1024 * 1024)], 'big.jpg is larger than 10 MB.'],
    [[{ name: 'cat.gif', size: 10, type: 'image/gif' }], 'cat.gif is not a JPEG, PNG or WebP picture.'],
  ])('%#', (files, problem) => {
    expect(checkPhotoSelection(files)).toBe(problem)
  })
})
