import { describe, expect, it } from 'vitest'
import { maskPeople } from '../../src/vision/analyze.ts'

describe('maskPeople', () => {
  const image = { data: new Uint8Array(10 * 10 * 3).fill(200), width: 10, height: 10 }
  const at = (img: { data: Uint8Array }, x: number, y: number) => img.data[(y * 10 + x) * 3]

  it('paints a person grey outside the pet’s box and leaves the pet and the original alone', () => {
    const person = { x: 0, y: 0, width: 0.6, height: 1 }
    const pet = { x: 0.4, y: 0.5, width: 0.5, height: 0.5 }
    const masked = maskPeople(image, [person], pet)
    expect(at(masked, 1, 1)).toBe(128) // person only
    expect(at(masked, 5, 2)).toBe(128) // person, above the pet
    expect(at(masked, 5, 7)).toBe(200) // where person and pet overlap: the pet stays
    expect(at(masked, 8, 1)).toBe(200) // neither
    expect(at(image, 1, 1)).toBe(200)
  })
})
