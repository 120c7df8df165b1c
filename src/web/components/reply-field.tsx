import type { Translate } from '../i18n/messages.ts'

/**
 * The reply box of a relayed conversation, the same for an owner (threads page) and a guest (guest page): the
 * textarea, the safety hint, the form's error line and the send button. The caller's `<form>` holds it.
 */
export function ReplyField({ t }: { t: Translate }) {
  return (
    <>
      <div class="field">
        <label for="reply-body">{t('reply.label')}</label>
        <textarea
          id="reply-body"
          name="body"
          rows={4}
          required
          maxlength={2000}
          aria-describedby="reply-hint"
        ></textarea>
        <p class="hint" id="reply-hint">
          {t('reply.hint')}
        </p>
      </div>
      <p class="form-error" role="alert" aria-live="assertive"></p>
      <button type="submit">{t('reply.send')}</button>
    </>
  )
}
