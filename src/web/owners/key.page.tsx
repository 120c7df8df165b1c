import { Layout, type PageContext } from '../layout.tsx'

export function KeyPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Your key for shared snapshots" scripts={['keys']}>
      <p class="lead">
        Snapshots camera owners share with you are encrypted to a key that lives only in this browser. Homeward never receives it, so it cannot open them, and neither can
        anyone else.
      </p>
      <div class="stack">
        <section class="card stack" aria-labelledby="this-device">
          <h2 id="this-device">On this device</h2>
          <p id="key-summary" role="status">
            Checking this browser’s keys…
          </p>
          <ul id="key-list"></ul>
        </section>
        <section class="card stack" aria-labelledby="export-heading">
          <h2 id="export-heading">Copy the key to another device</h2>
          <p class="warning">
            <strong>Keep the key file private.</strong> Anyone who has it can open the snapshots shared with you. Don’t email it, post it or upload it anywhere; move it by USB
            stick or your own file transfer, import it, then delete the copy.
          </p>
          <button type="button" id="export-key" disabled>
            Download my key file
          </button>
          <p id="export-status" class="hint" role="status"></p>
        </section>
        <section class="card stack" aria-labelledby="import-heading">
          <h2 id="import-heading">Import a key from another device</h2>
          <form id="import-key" class="stack" novalidate>
            <div class="field">
              <label for="key-file">Key file</label>
              <input id="key-file" name="keyFile" type="file" accept="application/json,.json" required aria-describedby="key-file-hint" />
              <p class="hint" id="key-file-hint">
                The homeward-key-….json file you downloaded on your other device. Keys already here are kept.
              </p>
            </div>
            <p class="form-error" role="alert" aria-live="assertive"></p>
            <p id="import-status" class="notice" role="status" hidden></p>
            <button type="submit">Import key</button>
          </form>
        </section>
      </div>
    </Layout>
  )
}
