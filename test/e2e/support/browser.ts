import fs from 'node:fs'
import path from 'node:path'
import axe from 'axe-core'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const chromiumMissing = !fs.existsSync(CHROMIUM_PATH)
if (chromiumMissing) console.info(`${CHROMIUM_PATH} is missing (apt-get install -y chromium): browser tests skip`)

export const ARTEFACTS_DIR = path.resolve('test-results/e2e')

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly { readonly target: readonly string[] }[]
}

/** Runs axe-core in the page (through the debugger protocol, so the page's CSP does not block it). */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source)
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String) })),
    }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** Saves a full-page screenshot as a test artefact and checks the page has no serious accessibility violation. */
export async function checkPage(page: Page, name: string) {
  fs.mkdirSync(ARTEFACTS_DIR, { recursive: true })
  await page.screenshot({ path: path.join(ARTEFACTS_DIR, `${name}.png`), fullPage: true })
  const violations = await seriousA11yViolations(page)
  expect(
    violations,
    `${name}: ${violations.map((v) => `${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`,
  ).toEqual([])
}

/** Signs up through the web page and comes back signed in. */
export async function signUpInBrowser(
  page: Page,
  baseUrl: string,
  who: { name: string; email: string },
  password = 'correct horse battery',
) {
  await page.goto(`${baseUrl}/sign-up`)
  await page.getByLabel('Your name').fill(who.name)
  await page.getByLabel('Email').fill(who.email)
  await page.getByLabel(/^Password/).fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL(`${baseUrl}/me`)
}
