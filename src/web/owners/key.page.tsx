import { Layout, type PageContext } from '../layout.tsx'

export function KeyPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('key.title')} scripts={['keys']}>
      <p class="lead">{t('key.lead')}</p>
      <div class="stack">
        <section class="card stack" aria-labelledby="this-device">
          <h2 id="this-device">{t('key.device')}</h2>
          <p id="key-summary" role="status">
            {t('key.checking')}
          </p>
          <ul id="key-list"></ul>
        </section>
        <section class="card stack" aria-labelledby="export-heading">
          <h2 id="export-heading">{t('key.export')}</h2>
          <p class="warning">
            <strong>{t('key.private')}</strong> {t('key.privateText')}
          </p>
          <button type="button" id="export-key" disabled>
            {t('key.download')}
          </button>
          <p id="export-status" class="hint" role="status"></p>
        </section>
        <section class="card stack" aria-labelledby="import-heading">
          <h2 id="import-heading">{t('key.import')}</h2>
          <form id="import-key" class="stack" novalidate>
            <div class="field">
              <label for="key-file">{t('key.file')}</label>
              <input
                id="key-file"
                name="keyFile"
                type="file"
                accept="application/json,.json"
                required
                aria-describedby="key-file-hint"
              />
              <p class="hint" id="key-file-hint">
                {t('key.fileHint')}
              </p>
            </div>
            <p class="form-error" role="alert" aria-live="assertive"></p>
            <p id="import-status" class="notice" role="status" hidden></p>
            <button type="submit">{t('key.importButton')}</button>
          </form>
        </section>
      </div>
    </Layout>
  )
}
