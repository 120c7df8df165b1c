import fs from 'node:fs/promises'
import path from 'node:path'
import { BASE_URL, type TestApp, type TestUser } from '../support/app.ts'

export const PASSWORD = 'correct horse battery staple'

export const authPost = (t: TestApp, p: string, body: unknown, user?: TestUser) =>
  t.request(p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE_URL },
    body: JSON.stringify(body),
    ...(user && { user }),
  })

export async function signIn(
  t: TestApp,
  email: string,
  password = PASSWORD,
): Promise<{ status: number; cookie: string }> {
  const res = await authPost(t, '/api/auth/sign-in/email', { email, password })
  return {
    status: res.status,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  }
}

/** The mails written so far that are addressed to `to` (the development transport writes .eml files). */
export async function mailsTo(t: TestApp, to: string): Promise<string[]> {
  const names = await fs.readdir(t.mailDir).catch(() => [] as string[])
  const mails = await Promise.all(names.map((name) => fs.readFile(path.join(t.mailDir, name), 'utf8')))
  return mails.filter((mail) => mail.includes(`To: ${to}`))
}

/** Waits for the reset mail (it is sent in the background) and returns the token from its link. */
export async function resetTokenFor(t: TestApp, to: string, already = 0): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mails = await mailsTo(t, to)
    if (mails.length > already) {
      const unfolded = mails[mails.length - 1]!.replace(/=\r?\n/g, '').replace(/=3D/g, '=') // quoted-printable
      const token = /reset-password#token=([A-Za-z0-9_-]+)/.exec(unfolded)?.[1]
      if (token) return token
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no reset mail to ${to}`)
}
