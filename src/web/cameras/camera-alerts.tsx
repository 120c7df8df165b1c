import { Layout, type PageContext } from '../layout.tsx'

/** The alerts are drawn by `client/camera-alerts.ts` from `GET /api/alerts`, and redrawn live from the event stream. */
export function AlertsPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('camera.alerts.title')} scripts={['camera-alerts']}>
      <p class="lead">{t('camera.alerts.lead')}</p>
      <p>
        <a href="/cameras">{t('camera.alerts.back')}</a>
      </p>
      <section aria-labelledby="device-heading" class="card stack">
        <h2 id="device-heading">{t('camera.alerts.device')}</h2>
        <p>{t('camera.alerts.deviceText')}</p>
        <button type="button" id="push-enable" class="secondary">
          {t('notify.device.button')}
        </button>
        <p id="push-status" class="hint" role="status"></p>
      </section>
      <section id="preview-key" aria-labelledby="preview-key-heading" class="card stack">
        <h2 id="preview-key-heading">{ctx.t('preview.heading')}</h2>
        <p>{ctx.t('preview.lead')}</p>
        <button type="button" id="preview-key-enable" class="secondary" hidden>
          {ctx.t('preview.enable')}
        </button>
        <p id="preview-key-status" class="hint" role="status"></p>
      </section>
      <p id="alerts-live" class="muted" role="status" aria-live="polite">
        {t('camera.alerts.loading')}
      </p>
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t('camera.alerts.pending')}</h2>
        <ul id="pending-alerts" class="alert-list stack"></ul>
      </section>
      <section aria-labelledby="answered-heading">
        <h2 id="answered-heading">{t('camera.alerts.answered')}</h2>
        <ul id="answered-alerts" class="alert-list stack"></ul>
      </section>
    </Layout>
  )
}
