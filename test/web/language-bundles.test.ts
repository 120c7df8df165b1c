import { describe, expect, it } from 'vitest'
import { loadWebAssets } from '../../src/web/assets.ts'
import { en } from '../../src/web/i18n/en.ts'
import { es } from '../../src/web/i18n/es.ts'
import { pageScript } from '../../src/web/page-script.ts'

// A page downloads its own language's text only: one bundle per language, chosen where the page is rendered.
describe('client bundles per language', () => {
  it('builds each page script per language, and no script or chunk carries both catalogues', async () => {
    const assets = await loadWebAssets()
    expect(pageScript('feed', 'en')).toBe('feed.js')
    expect(pageScript('feed', 'es')).toBe('feed.es.js')
    for (const page of ['app-shell', 'feed', 'pet', 'owner-report', 'camera-new'])
      for (const locale of ['en', 'es'] as const)
        expect(assets.get(pageScript(page, locale)), `${page} ${locale}`).toBeDefined()

    const english = en['layout.skip']
    const spanish = es['layout.skip']
    const scripts = assets.shell
      .map((url) => url.slice('/assets/'.length).split('?')[0]!)
      .filter((n) => n.endsWith('.js'))
    const holding = (text: string) =>
      scripts.filter((name) => new TextDecoder().decode(assets.get(name)!.body).includes(text))
    expect(holding(english).length).toBeGreaterThan(0)
    expect(holding(spanish).length).toBeGreaterThan(0)
    expect(holding(english).filter((name) => holding(spanish).includes(name))).toEqual([])
  })
})
