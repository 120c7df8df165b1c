import { describe, expect, it } from 'vitest'
import { acceptLanguageTags, catalogues, formatDistance, LOCALES, pickLocale, translator } from './messages.ts'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message catalogues', () => {
  const reference = catalogues.en
  it.each(LOCALES)('%s has exactly the English keys, none empty, with the same placeholders', (locale) => {
    const messages = catalogues[locale]
    expect(Object.keys(messages).sort()).toEqual(Object.keys(reference).sort())
    for (const [key, text] of Object.entries(messages)) {
      expect(text.trim(), `${locale} ${key}`).not.toBe('')
      expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(reference[key as keyof typeof reference]))
    }
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('es')('pet.about', { name: 'Chelsea' })).toBe('Sobre Chelsea')
    expect(translator('en')('pet.about')).toBe('About {name}')
  })
})

describe('choosing the language', () => {
  it.each([
    ['es-ES,es;q=0.9,en;q=0.8', 'es'],
    ['fr-FR, en;q=0.5, es;q=0.7', 'es'],
    ['de', 'en'],
    [undefined, 'en'],
  ] as const)('Accept-Language %s → %s', (header, locale) => {
    expect(pickLocale(acceptLanguageTags(header))).toBe(locale)
  })

  it('formats distances per locale', () => {
    expect(formatDistance('en', 2.5)).toBe('2.5 km')
    expect(formatDistance('es', 2.5)).toBe('2,5 km')
    expect(formatDistance('es', 0.5)).toBe('500 m')
  })
})
