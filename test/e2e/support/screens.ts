import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'

/** Where phone-width screenshots of new flows go for review (outside the repository; override with SCREENS_DIR). */
export const SCREENS_DIR = process.env.SCREENS_DIR ?? path.resolve('test-results/screens')

/** A full-page screenshot at a phone's 390 px width, then back to the page's own size. */
export async function phoneScreenshot(page: Page, name: string) {
  const size = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  fs.mkdirSync(SCREENS_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true })
  if (size) await page.setViewportSize(size)
}
