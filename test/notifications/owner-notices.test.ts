import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toCoarseCell } from '../../src/geo/cells.ts'
import { plainTime } from '../../src/notifications/owner-notice.rules.ts'
import { BASE_URL, jsonInit, startTestApp, type TestApp } from '../support/app.ts'
import { CAMERA_POINT, pairedCamera, sendBatch, sighting } from '../support/cameras.ts'
import { testDatabases } from '../support/databases.ts'
import { FIXED_PET_EMBEDDING } from '../support/fake-pet-photos.ts'
import { catPhoto } from '../support/images.ts'
import { CALIBRATED_MATCHING } from '../support/matching.ts'
import { openCatSearch } from '../support/searches.ts'
import { establishCamera } from '../matches/trail-support.ts'
import { outboxOf, recordingChannels, shareOneSnapshot, subscribePush, waitFor } from './owner-support.ts'

describe('plain-language times', () => {
  const now = new Date('2026-12-03T13:30:00Z')
  it.each([
    ['2026-12-03T12:05:00Z', 'UTC', 'today at 12:05 UTC'],
    ['2026-12-02T23:30:00Z', 'Europe/Madrid', 'today at 00:30 CET'],
    ['2026-12-02T23:30:00Z', 'UTC', 'yesterday at 23:30 UTC'],
    ['2026-12-01T02:00:00Z', 'America/New_York', 'on Mon 30 Nov at 21:00 GMT-5'],
    ['2026-12-03T12:05:00Z', 'Not/AZone', 'today at 12:05 UTC'],
  ])('%s in %s → %s', (at, zone, text) => expect(plainTime(new Date(at), now, zone).replace(',', '')).toBe(text))
})

const channelsOf = (rows: { channel: string }[]) => rows.map((r) => r.channel).sort()

describe.each(testDatabases())('pet-owner notices on $name', (testDb) => {
  let t: TestApp
  let rec: Awaited<ReturnType<typeof recordingChannels>>
  let place = 0
  // Each test its own neighbourhood, so one test's sightings never reach another's search (fake vision: every pet matches).
  const nextPlace = () => ({ lat: CAMERA_POINT.lat + 0.3 * ++place, lng: CAMERA_POINT.lng })

  beforeAll(async () => {
    rec = await recordingChannels()
    t = await startTestApp(testDb, {
      vision: 'fake',
      matching: CALIBRATED_MATCHING,
      notifications: { channels: rec.channels },
    })
  })
  afterAll(async () => t?.dispose())

  it('tells the pet owner of a shared snapshot once per channel, in their time zone, linking to the search, naming no camera or person', async () => {
    const at = nextPlace()
    const petOwner = await t.signUp('Pet owner')
    const cameraOwner = await t.signUp('Camera owner')
    const endpoint = await subscribePush(t, petOwner)
    expect(
      (await t.request('/api/me/notifications', jsonInit('PUT', { timeZone: 'Mars/Olympus' }, petOwner))).status,
    ).toBe(400)
    expect(
      (
        await (
          await t.request('/api/me/notifications', jsonInit('PUT', { timeZone: 'Europe/Madrid' }, petOwner))
        ).json()
      ).timeZone,
    ).toBe('Europe/Madrid')
    const search = await openCatSearch(t, petOwner, { at })
    const device = await pairedCamera(t, cameraOwner, at)
    const { shareId, snapshotRef } = await shareOneSnapshot(t, petOwner, search.id, device)

    const rows = await waitFor(async () => {
      const r = await outboxOf(t, petOwner.id, 'share')
      return r.length === 3 && r.every((x) => x.status === 'sent') && r
    }, 'the share notices')
    expect(channelsOf(rows)).toEqual(['email', 'in_app', 'push'])
    expect(new Set(rows.map((r) => JSON.stringify(r.payload))).size).toBe(1)
    const notice = rows[0]!.payload as { title: string; body: string; url: string; eventId: string }
    expect(notice).toMatchObject({
      title: 'A snapshot of Chelsea was shared with you',
      url: `/lost/${search.id}#shares-heading`,
      eventId: shareId,
    })
    expect(notice.body).toMatch(/taken today at \d\d:\d\d CET/)
    expect(rec.pushes.filter((p) => p.endpoint === endpoint)).toHaveLength(1)

    const mail = (await rec.mails()).find((m) => m.includes(petOwner.email))!
    expect(mail).toContain(`${BASE_URL}/lost/${search.id}#shares-heading`)
    const inbox = (await (await t.request('/api/me/inbox', { user: petOwner })).json()).notices
    expect(inbox).toEqual([expect.objectContaining({ kind: 'share', url: notice.url, title: notice.title })])
    // Nothing about the camera or its owner reaches the pet owner.
    const told = JSON.stringify({ rows, mail, inbox, pushes: rec.pushes })
    for (const secret of [
      device.camera.id,
      toCoarseCell(at),
      cameraOwner.email,
      cameraOwner.id,
      snapshotRef,
      'Camera owner',
      'Front door',
    ])
      expect(told).not.toContain(secret)
    // The camera owner's own alert email links to the alert and carries no snapshot reference.
    const alertMail = (await rec.mails()).find((m) => m.includes(cameraOwner.email))!
    expect(alertMail).toMatch(/\/cameras\/alerts#alert-[0-9a-f-]{36}/)
    expect(alertMail).not.toContain(snapshotRef)
  })

  it('tells the pet owner of a relay message, and respects an opt-out per kind and channel', async () => {
    const petOwner = await t.signUp('Pet owner')
    const helper = await t.signUp('Helper')
    await subscribePush(t, petOwner)
    const search = await openCatSearch(t, petOwner, { at: nextPlace() })
    const write = (body: string) =>
      t.request(`/api/lost-pets/${search.id}/messages`, jsonInit('POST', { body }, helper))
    const first = await write('Seen her by the bakery')
    expect(first.status).toBe(201)
    const threadId = (await first.json()).id
    const rows = await waitFor(
      async () =>
        (await outboxOf(t, petOwner.id, 'relay')).filter((r) => r.status === 'sent').length === 3 &&
        outboxOf(t, petOwner.id, 'relay'),
      'relay notices',
    )
    expect(channelsOf(rows)).toEqual(['email', 'in_app', 'push'])
    expect(rows[0]!.payload).toMatchObject({ title: 'New message about Chelsea', url: `/threads/${threadId}` })
    expect(JSON.stringify(rows)).not.toContain('bakery') // the message stays in the relay

    const settings = await (
      await t.request(
        '/api/me/notifications',
        jsonInit('PUT', { kinds: { relay: { email: false, push: false } } }, petOwner),
      )
    ).json()
    expect(settings.kinds.relay).toEqual({ email: false, push: false, inApp: true })
    expect(settings.kinds.share).toEqual({ email: true, push: true, inApp: true })
    expect((await write('And again this morning')).status).toBe(201)
    await waitFor(async () => (await outboxOf(t, petOwner.id, 'relay')).length === 4, 'the second in-app notice')
    await new Promise((r) => setTimeout(r, 500))
    expect(channelsOf(await outboxOf(t, petOwner.id, 'relay'))).toEqual(['email', 'in_app', 'in_app', 'push'])
    // The helper is told of the owner's reply: the relay notice goes to whoever did not write.
    expect(
      (await t.request(`/api/threads/${threadId}/messages`, jsonInit('POST', { body: 'Thank you!' }, petOwner))).status,
    ).toBe(201)
    await waitFor(async () => (await outboxOf(t, helper.id, 'relay')).length === 2, 'the helper’s notices')
  })

  it('tells the pet owner when a found-pet report is linked to their search, once', async () => {
    const at = nextPlace()
    const petOwner = await t.signUp('Pet owner')
    const search = await openCatSearch(t, petOwner, { at })
    const form = new FormData()
    for (const [k, v] of Object.entries({
      species: 'cat',
      foundAt: new Date().toISOString(),
      lat: String(at.lat + 0.001),
      lng: String(at.lng),
      description: 'In our shed',
    }))
      form.append(k, v)
    form.append('photo', new File([new Uint8Array(await catPhoto())], 'found.jpg', { type: 'image/jpeg' }))
    const finder = await t.signUp('Finder')
    const res = await t.request('/api/found-pets', { method: 'POST', body: form, user: finder })
    expect(res.status).toBe(201)
    const found = await res.json()
    const rows = await waitFor(async () => {
      const r = await outboxOf(t, petOwner.id, 'found')
      return r.length === 2 && r
    }, 'found notices')
    expect(channelsOf(rows)).toEqual(['email', 'in_app'])
    expect(rows[0]!.payload).toMatchObject({
      title: 'A found cat looks like Chelsea',
      url: `/lost/${search.id}#found-heading`,
      eventId: found.id,
    })
    expect(JSON.stringify(rows)).not.toContain(finder.email)
    expect(JSON.stringify(rows)).not.toContain('shed')
  })

  it('batches trail activity: one notice per channel for a burst, the next no sooner than an hour later', async () => {
    const at = nextPlace()
    const petOwner = await t.signUp('Pet owner')
    await subscribePush(t, petOwner)
    const search = await openCatSearch(t, petOwner, { at, fields: { radiusM: '2000' } })
    const cameras = [await pairedCamera(t, await t.signUp('A'), at), await pairedCamera(t, await t.signUp('B'), at)]
    for (const c of cameras) await establishCamera(t, c.camera.id)
    const seen = () => sighting({ species: 'cat', embedding: [...FIXED_PET_EMBEDDING] })
    for (const c of cameras) await sendBatch(t, c.token, { sightings: [seen()] })
    const jobs = () =>
      sql<{
        n: number
      }>`select count(*)::int as n from pgboss.job where name = 'notify-trail' and data->>'searchId' = ${search.id}`
        .execute(t.database.db)
        .then((r) => r.rows[0]!.n)
    const state = () =>
      t.database.db.selectFrom('trail_notices').selectAll().where('search_id', '=', search.id).executeTakeFirst()
    await waitFor(async () => (await state())?.scheduled_for, 'the trail notice to be scheduled')
    await waitFor(
      async () =>
        (await t.database.db.selectFrom('alerts').select('id').where('search_id', '=', search.id).execute()).length ===
        2,
      'both cameras matched',
    )
    expect(await jobs()).toBe(1)
    const due = (await state())!.scheduled_for!
    expect(due.getTime() - Date.now()).toBeGreaterThan(4 * 60_000)

    const runDueNow = () =>
      sql`update pgboss.job set start_after = now() where name = 'notify-trail' and data->>'searchId' = ${search.id} and state = 'created'`.execute(
        t.database.db,
      )
    await runDueNow()
    const rows = await waitFor(
      async () => {
        const r = await outboxOf(t, petOwner.id, 'trail')
        return r.length === 3 && r
      },
      'trail notices',
      200,
    )
    expect(channelsOf(rows)).toEqual(['email', 'in_app', 'push'])
    expect(rows[0]!.payload).toMatchObject({
      title: 'New likely sightings of Chelsea',
      url: `/lost/${search.id}#sighting-trail`,
    })
    expect((rows[0]!.payload as { body: string }).body).toMatch(/^2 new likely sightings on Chelsea’s trail/)

    // More sightings: the next notice waits for the hour since the last one.
    for (const c of cameras) await sendBatch(t, c.token, { sightings: [seen()] })
    const next = await waitFor(async () => (await state())?.scheduled_for, 'the next trail notice')
    const last = (await state())!.last_notified_at!
    expect(next!.getTime() - last.getTime()).toBeGreaterThanOrEqual(3600_000)
    expect(await jobs()).toBe(2)
    expect(await outboxOf(t, petOwner.id, 'trail')).toHaveLength(3)
  })
})
