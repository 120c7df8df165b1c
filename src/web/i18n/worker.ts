import { fill, type Locale } from './locales.ts'
import { workerEn } from './worker.en.ts'
import { workerEs } from './worker.es.ts'

export type WorkerKey = keyof typeof workerEn

const workerCatalogues: Record<Locale, Record<WorkerKey, string>> = { en: workerEn, es: workerEs }

/** The service worker's few texts: the same catalogue entries as the pages', without bundling every page's. */
export const workerTranslator = (locale: Locale) => (key: WorkerKey, params?: Record<string, string | number>) =>
  fill(workerCatalogues[locale][key], params)
