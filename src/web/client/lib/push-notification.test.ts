import { describe, expect, it } from 'vitest'
import { applicationServerKey, notificationFor, notificationOf } from './push-notification.ts'

describe('alert notifications', () => {
  const push = {
    type: 'alert.created',
    alertId: '0b7e3f5c-8f57-4a53-9a3c-2f1f0c4f2a11',
    pet: { name: 'Chelsea', species: 'cat' as const, photoUrl: 'https://homeward.example/api/lost-pets/x/photos/y' },
    sighting: { capturedAt: '2026-11-25T21:05:00.000Z' },
  }

  it('names the pet, its species and the sighting time, one notification per alert, opening the alerts page', () => {
    const note = notificationFor(push, 'en-GB')
    expect(note.title).toBe('Your camera may have seen Chelsea')
    expect(note.body).toMatch(/^A lost cat, seen 25 Nov 2026, \d\d:05\./)
    expect(note).toMatchObject({
      tag: `alert-${push.alertId}`,
      icon: push.pet.photoUrl,
      url: `/cameras/alerts#alert-${push.alertId}`,
    })
  })

  it('speaks the browser’s language when it is one the pages are written in', () => {
    const note = notificationFor(push, 'es-ES')
    expect(note.title).toBe('Puede que tu cámara haya visto a Chelsea')
    expect(note.body).toMatch(/^Un gato perdido, visto el 25 nov 2026, \d\d:05\./)
  })

  it('has no icon when the pet has no public photo', () => {
    expect(notificationFor({ ...push, pet: { ...push.pet, photoUrl: null } })).not.toHaveProperty('icon')
  })

  it('shows a pet owner’s notice as the server wrote it, opening only a same-site page', () => {
    const notice = {
      type: 'share.notice',
      noticeId: 'share-1',
      title: 'A snapshot of Chelsea was shared with you',
      body: 'Taken today at 14:05 UTC.',
      url: '/lost/x#shares-heading',
    }
    expect(notificationOf(notice)).toEqual({
      title: notice.title,
      body: notice.body,
      tag: 'notice-share-1',
      url: '/lost/x#shares-heading',
    })
    expect(notificationOf({ ...notice, url: 'https://evil.example/' })?.url).toBe('/notifications')
    expect(notificationOf({ ...notice, url: '//evil.example/' })?.url).toBe('/notifications')
    expect(notificationOf({ type: 'x' } as never)).toBeUndefined()
  })

  it('turns a base64url VAPID key into the 65 raw bytes of a P-256 point', () => {
    const raw = new Uint8Array(65).map((_, i) => (i === 0 ? 4 : (i * 37) % 256))
    const key = applicationServerKey(Buffer.from(raw).toString('base64url'))
    expect([...key]).toEqual([...raw])
  })
})
