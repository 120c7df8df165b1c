import { describe, expect, it } from 'vitest'
import { checkSealedPreview, MAX_SEALED_PREVIEW_BYTES, wantsPreview } from './preview.rules.ts'

const jpegStart = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]

describe('checkSealedPreview', () => {
  it.each([
    ['an AEAD tag or less', new Uint8Array(16), 'too-short'],
    ['a plain JPEG', Uint8Array.from([...jpegStart, ...new Uint8Array(64)]), 'plaintext-image'],
    ['one byte over 48 KB + tag', new Uint8Array(MAX_SEALED_PREVIEW_BYTES + 1).fill(7), 'too-large'],
    ['48 KB + tag of ciphertext', new Uint8Array(MAX_SEALED_PREVIEW_BYTES).fill(7), undefined],
  ] as const)('%s → %s', (_name, bytes, problem) => {
    expect(checkSealedPreview(bytes)).toBe(problem)
  })
})

describe('wantsPreview', () => {
  it.each([
    [undefined, undefined, false], // the owner has no key
    ['aaaa', undefined, true], // none stored yet
    ['aaaa', 'aaaa', false], // already sealed to this key
    ['bbbb', 'aaaa', true], // sealed to a replaced key
  ] as const)('key %s, stored %s → %s', (key, stored, wanted) => {
    expect(wantsPreview(key, stored)).toBe(wanted)
  })
})
