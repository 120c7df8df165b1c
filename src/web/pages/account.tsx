import { Layout, type PageContext } from '../layout.tsx'

export function SignInPage({ ctx, next }: { ctx: PageContext; next: string }) {
  return (
    <Layout ctx={ctx} title="Sign in" scripts={['account']}>
      <form id="sign-in" class="card stack" data-next={next} novalidate>
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required minlength={10} />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/forgot-password">{ctx.t('forgot.link')}</a>
      </p>
      <p>
        New here? <a href={`/sign-up?next=${encodeURIComponent(next)}`}>Create an account</a>
      </p>
    </Layout>
  )
}

export function SignUpPage({ ctx, next }: { ctx: PageContext; next: string }) {
  return (
    <Layout ctx={ctx} title="Create an account" scripts={['account']}>
      <form id="sign-up" class="card stack" data-next={next} novalidate>
        <div class="field">
          <label for="name">Your name</label>
          <input id="name" name="name" autocomplete="name" required maxlength={80} />
          <p class="hint" id="name-hint">Only shown to people you choose to message.</p>
        </div>
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-hint" />
          <p class="hint" id="email-hint">Never shown to anyone: messages go through Homeward’s relay.</p>
        </div>
        <div class="field">
          <label for="password">Password (at least 10 characters)</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength={10} />
        </div>
        <p class="form-error" role="alert" aria-live="assertive"></p>
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have an account? <a href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</a>
      </p>
    </Layout>
  )
}
