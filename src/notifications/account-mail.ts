import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { Logger } from '../logger.ts'
import type { MailSettings } from './notification.channels.ts'

export interface AccountMail {
  readonly to: string
  readonly subject: string
  readonly text: string
}

/** Mail about the account itself (a password reset link): through the same mail server, or .eml files in development. */
export interface AccountMailer {
  /** Returns at once: the caller's answer must not wait on the mail server (its timing would tell who has an account). */
  send(mail: AccountMail): void
}

export function createAccountMailer(mail: MailSettings, logger: Logger): AccountMailer {
  const transport = mail.smtpUrl
    ? nodemailer.createTransport(mail.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true })
  const deliver = async (message: AccountMail) => {
    const info = await transport.sendMail({
      from: mail.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    })
    if (mail.smtpUrl) return
    await fs.mkdir(mail.logDir, { recursive: true })
    const name = `account-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.eml`
    await fs.writeFile(path.join(mail.logDir, name), (info as { message: Buffer }).message)
  }
  return {
    send(message) {
      // Not in the outbox: a reset link is a credential, so it is never stored; a lost one is asked for again.
      deliver(message).catch((err: unknown) => logger.error({ err }, 'account mail failed'))
    },
  }
}
