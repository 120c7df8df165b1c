import type { PageContext } from '../layout.tsx'
import { LocalTime } from './owner-format.tsx'

interface Props {
  readonly ctx: PageContext
  readonly search: {
    readonly id: string
    readonly name: string
    readonly status: string
    readonly reopenUntil: string | null
  }
}

/** "… is home" asks first; for a day after, it can be undone; and the owner may thank who helped, through the relay. */
export function HomeConfirmDialog({ ctx, search }: Props) {
  const { t } = ctx
  return (
    <dialog id="home-confirm" class="confirm" aria-labelledby="home-confirm-heading">
      <form method="dialog" class="stack">
        <h2 id="home-confirm-heading">{t('home.confirm.heading', { name: search.name })}</h2>
        <p>{t('home.confirm.body', { name: search.name })}</p>
        <ul class="actions">
          <li>
            <button type="submit" value="yes" data-confirm-home="">
              {t('home.confirm.yes', { name: search.name })}
            </button>
          </li>
          <li>
            <button type="submit" value="cancel" class="secondary">
              {t('home.confirm.cancel')}
            </button>
          </li>
        </ul>
      </form>
    </dialog>
  )
}

export function HomeAgainSection({ ctx, search }: Props) {
  const { t } = ctx
  if (search.status !== 'found') return null
  const undoable = search.reopenUntil !== null && Date.parse(search.reopenUntil) > Date.now()
  const [before, after] = t('home.undoUntil').split('{when}')
  return (
    <section class="card stack" aria-labelledby="home-heading">
      {undoable && (
        <div class="stack">
          <p id="home-heading">
            {before}
            <LocalTime at={search.reopenUntil!} />
            {after}
          </p>
          <p>
            <button type="button" class="secondary" data-action="reopen">
              {t('home.undo', { name: search.name })}
            </button>
          </p>
        </div>
      )}
      <div id="thanks" class="stack" hidden>
        <h2 id={undoable ? 'thanks-heading' : 'home-heading'}>{t('home.thanks.heading')}</h2>
        <p class="hint">{t('home.thanks.hint')}</p>
        <form id="thanks-form" class="stack" novalidate>
          <div class="field">
            <label for="thanks-to">{t('home.thanks.to')}</label>
            <select id="thanks-to" name="to" required></select>
          </div>
          <div class="field">
            <label for="thanks-body">{t('home.thanks.message')}</label>
            <textarea id="thanks-body" name="body" required maxlength={2000} rows={3}></textarea>
          </div>
          <p class="form-error" role="alert"></p>
          <p id="thanks-sent" role="status" class="notice" hidden>
            {t('home.thanks.sent')}
          </p>
          <button type="submit">{t('home.thanks.send')}</button>
        </form>
      </div>
    </section>
  )
}
