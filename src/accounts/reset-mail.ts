import { acceptLanguageTags, pickLocale, translator } from '../web/i18n/messages.ts'
import type { AccountMail } from '../notifications/account-mail.ts'

/** How long a reset link works; better-auth deletes the token when it is used, so it works once. */
export const RESET_LINK_SECONDS = 30 * 60

function localeOf(request: Request | undefined) {
  const cookie = request?.headers.get('cookie')?.match(/(?:^|;\s*)lang=(\w+)/)?.[1]
  return pickLocale([
    ...(cookie ? [cookie] : []),
    ...acceptLanguageTags(request?.headers.get('accept-language') ?? undefined),
  ])
}

/** The reset e-mail, in the language of the page it was asked from. The token sits in the fragment, which browsers never send to a server. */
export function resetMail(to: string, publicUrl: string, token: string, request: Request | undefined): AccountMail {
  const t = translator(localeOf(request))
  const link = `${publicUrl}/reset-password#token=${encodeURIComponent(token)}`
  return {
    to,
    subject: t('mail.reset.subject'),
    text: t('mail.reset.body', { link, minutes: RESET_LINK_SECONDS / 60 }),
  }
}
