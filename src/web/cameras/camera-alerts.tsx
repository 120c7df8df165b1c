import { Layout, type PageContext } from '../layout.tsx'

/** The alerts are drawn by `client/camera-alerts.ts` from `GET /api/alerts`, and redrawn live from the event stream. */
export function AlertsPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Camera alerts" scripts={['camera-alerts']}>
      <p class="lead">
        When one of your cameras may have seen a lost pet, it shows up here — only for you. You decide: share one
        snapshot, encrypted so only the pet’s owner can open it, or dismiss the alert. The owner learns nothing about your
        camera unless you share.
      </p>
      <p>
        <a href="/cameras">← My cameras</a>
      </p>
      <section aria-labelledby="device-heading" class="card stack">
        <h2 id="device-heading">Alerts on this device</h2>
        <p>Get a notification on this phone or computer when one of your cameras may have seen a lost pet.</p>
        <button type="button" id="push-enable" class="secondary">
          Notify me on this device
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
        Loading alerts…
      </p>
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">Waiting for your answer</h2>
        <ul id="pending-alerts" class="alert-list stack"></ul>
      </section>
      <section aria-labelledby="answered-heading">
        <h2 id="answered-heading">Answered</h2>
        <ul id="answered-alerts" class="alert-list stack"></ul>
      </section>
    </Layout>
  )
}
