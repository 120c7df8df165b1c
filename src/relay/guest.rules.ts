import { randomBytesOf, toBase64Url } from '../web-crypto.ts'
import { hashSecret } from '../cameras/camera.rules.ts'

/** A guest's reading link: 256 random bits, like a device token; only its SHA-256 is stored. */
export const GUEST_TOKEN_PREFIX = 'hwg_'
export const GUEST_TOKEN_PATTERN = /^hwg_[A-Za-z0-9_-]{43}$/
/** How long a guest can read replies: long enough for a search, not forever. */
export const GUEST_LINK_DAYS = 30

export const newGuestToken = () => GUEST_TOKEN_PREFIX + toBase64Url(randomBytesOf(32))
export const hashGuestToken = hashSecret
export const guestLinkExpiry = (now: Date) => new Date(now.getTime() + GUEST_LINK_DAYS * 24 * 3600 * 1000)

/** The page that reads the thread: the token rides in the fragment, which browsers never send to a server. */
export const guestLinkPath = (token: string) => `/guest#${token}`
