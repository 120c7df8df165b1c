import { beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, type TestUser, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { openCatSearch } from '../support/searches.ts'

describe.each(testDatabases())('relay messages on $name', (testDb) => {
  const t = useTestApp(testDb)
  let owner: TestUser
  let finder: TestUser
  let stranger: TestUser
  let searchId: string

  beforeAll(async () => {
    owner = await t.signUp('Pet owner')
    finder = await t.signUp('Finder')
    stranger = await t.signUp('Stranger')
    searchId = (await openCatSearch(t, owner)).id
  })

  it('lets a finder and the pet owner talk without either seeing the other’s identity', async () => {
    const first = await t.request(
      `/api/lost-pets/${searchId}/messages`,
      jsonInit('POST', { body: 'I think she is in my garden shed' }, finder),
    )
    expect(first.status).toBe(201)
    const thread = await first.json()
    expect(thread).toMatchObject({ you: 'contact', with: 'pet owner', pet: { searchId, name: 'Chelsea' } })

    const inbox = (await (await t.request('/api/threads', { user: owner })).json()).threads
    expect(inbox.map((x: { id: string }) => x.id)).toEqual([thread.id])
    const answered = await (
      await t.request(`/api/threads/${thread.id}/messages`, jsonInit('POST', { body: 'Thank you! On my way.' }, owner))
    ).json()
    expect(answered.messages.map((m: { fromYou: boolean; body: string }) => [m.fromYou, m.body])).toEqual([
      [false, 'I think she is in my garden shed'],
      [true, 'Thank you! On my way.'],
    ])
    const seenByFinder = await (await t.request(`/api/threads/${thread.id}`, { user: finder })).text()
    for (const secret of [owner.email, owner.id, 'Pet owner']) expect(seenByFinder).not.toContain(secret)
    const seenByOwner = await (await t.request(`/api/threads/${thread.id}`, { user: owner })).text()
    for (const secret of [finder.email, finder.id, 'Finder']) expect(seenByOwner).not.toContain(secret)

    // A second message from the same finder stays in the same thread.
    const again = await (
      await t.request(`/api/lost-pets/${searchId}/messages`, jsonInit('POST', { body: 'Still here' }, finder))
    ).json()
    expect(again.id).toBe(thread.id)
  })

  it('keeps everyone else out and refuses bad input', async () => {
    const { id } = await (
      await t.request(`/api/lost-pets/${searchId}/messages`, jsonInit('POST', { body: 'hello' }, finder))
    ).json()
    expect((await t.request(`/api/threads/${id}`, { user: stranger })).status).toBe(404)
    expect(
      (await t.request(`/api/threads/${id}/messages`, jsonInit('POST', { body: 'me too' }, stranger))).status,
    ).toBe(404)
    expect((await t.request(`/api/threads/${id}`)).status).toBe(401)
    expect(
      (await t.request(`/api/lost-pets/${searchId}/messages`, jsonInit('POST', { body: 'talking to myself' }, owner)))
        .status,
    ).toBe(409)
    expect(
      (await t.request(`/api/lost-pets/${searchId}/messages`, jsonInit('POST', { body: '' }, finder))).status,
    ).toBe(400)
    expect(
      (await t.request(`/api/lost-pets/${searchId}/messages`, jsonInit('POST', { body: 'x'.repeat(2001) }, finder)))
        .status,
    ).toBe(400)
    expect(
      (
        await t.request(
          '/api/lost-pets/00000000-0000-4000-8000-000000000000/messages',
          jsonInit('POST', { body: 'hi' }, finder),
        )
      ).status,
    ).toBe(404)
    const messages = (await (await t.request(`/api/threads/${id}`, { user: finder })).json()).messages
    expect(messages.every((m: { body: string }) => m.body !== 'me too' && m.body !== '')).toBe(true)
  })
})
