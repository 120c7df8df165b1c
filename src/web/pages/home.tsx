import { Layout, type PageContext } from '../layout.tsx'

export function HomePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Find lost pets with your neighbours’ cameras — privately">
      <p class="lead">
        Homeward matches a lost pet’s photo against what opted-in doorbell cameras nearby have seen. Cameras send numbers
        describing the dogs and cats they see — never images — and only a matching camera’s owner is asked whether to
        share one snapshot, encrypted so that only you can open it.
      </p>
      <ul class="actions">
        <li>
          <a class="button" href="/lost/new">
            My pet is lost
          </a>
        </li>
        <li>
          <a class="button secondary" href="/found/new">
            I found a pet
          </a>
        </li>
        <li>
          <a class="button secondary" href="/feed">
            Lost &amp; found near me
          </a>
        </li>
        <li>
          <a class="button secondary" href="/cameras">
            Help with my camera
          </a>
        </li>
      </ul>
      <section aria-labelledby="promises">
        <h2 id="promises">What we promise</h2>
        <ul>
          <li>Camera images never leave the camera owner’s home unless they share one, end-to-end encrypted.</li>
          <li>Cameras are opted in one by one, and revoking deletes their data at once.</li>
          <li>Camera locations are kept only as a coarse area, shown to nobody but their owner.</li>
          <li>No police, agency, data broker or Homeward staff member gets footage, bulk data or an API to ask for it.</li>
        </ul>
      </section>
    </Layout>
  )
}
