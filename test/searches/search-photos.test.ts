import fs from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { SearchSchema } from '../../src/searches/search.schema.ts'
import { type TestUser, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto, catPng, makeJpeg } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

describe.each(testDatabases())('editing a search’s photos on $name', (testDb) => {
  const t = useTestApp(testDb, { vision: 'real' })
  let owner: TestUser
  let other: TestUser
  let searchId: string

  beforeAll(async () => {
    owner = await t.signUp('Owner')
    other = await t.signUp('Other')
    searchId = (await openCatSearch(t, owner)).id
  })

  const photoForm = (bytes: Uint8Array, type = 'image/jpeg') => {
    const form = new FormData()
    form.append('photo', new File([new Uint8Array(bytes)], 'pet.jpg', { type }))
    return form
  }
  const add = (user: TestUser, form: FormData, id = searchId) =>
    t.request(`/api/searches/${id}/photos`, { method: 'POST', body: form, user })
  const remove = (user: TestUser, photoId: string, id = searchId) =>
    t.request(`/api/searches/${id}/photos/${photoId}`, { method: 'DELETE', user })
  const get = async () =>
    SearchSchema.parse(await (await t.request(`/api/searches/${searchId}`, { user: owner })).json())
  const storedFiles = async () =>
    (await fs.readdir(t.storageDir, { recursive: true })).filter((f) => f.endsWith('.jpg')).length
  const embeddedPhotos = async () =>
    (
      await t.database.db
        .selectFrom('search_photos')
        .select(['id', 'embedding'])
        .where('search_id', '=', searchId)
        .execute()
    ).filter((p) => p.embedding !== null).length

  it('adds a photo, embedded for matching, and removes one', async () => {
    const before = await get()
    const res = await add(owner, photoForm(await catPng(), 'image/png'))
    expect(res.status).toBe(200)
    const after = SearchSchema.parse(await res.json())
    expect(after.photos).toHaveLength(2)
    expect(await embeddedPhotos()).toBe(2)
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt))

    const files = await storedFiles()
    const removed = await remove(owner, before.photos[0]!.id)
    expect(removed.status).toBe(200)
    const left = SearchSchema.parse(await removed.json())
    expect(left.photos.map((p) => p.id)).toEqual([after.photos[1]!.id])
    expect(await storedFiles()).toBe(files - 1)
    expect((await t.request(`/api/searches/${searchId}/photos/${before.photos[0]!.id}`, { user: owner })).status).toBe(
      404,
    )
  })

  it('refuses to remove the last photo, a photo with no pet, a sixth photo, and another owner’s search, changing nothing', async () => {
    const only = (await get()).photos
    expect(only).toHaveLength(1)
    expect((await remove(owner, only[0]!.id)).status).toBe(409)

    const files = await storedFiles()
    const noPet = await add(owner, photoForm(await makeJpeg()))
    expect(noPet.status).toBe(422)
    expect(await storedFiles()).toBe(files)

    expect((await add(other, photoForm(await catPhoto()))).status).toBe(404)
    expect((await remove(other, only[0]!.id)).status).toBe(404)

    for (let i = 0; i < 4; i++) expect((await add(owner, photoForm(await catPhoto()))).status).toBe(200)
    const full = await storedFiles()
    const sixth = await add(owner, photoForm(await catPhoto()))
    expect(sixth.status).toBe(409)
    expect(await storedFiles()).toBe(full)
    expect((await get()).photos).toHaveLength(5)
    const positions = await t.database.db
      .selectFrom('search_photos')
      .select('position')
      .where('search_id', '=', searchId)
      .orderBy('position')
      .execute()
    expect(positions.map((p) => p.position)).toEqual([0, 1, 2, 3, 4]) // the freed position was taken again
  })

  it('refuses changes to a closed search', async () => {
    const closed = await openCatSearch(t, owner)
    await t.request(`/api/searches/${closed.id}/close`, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'found' }),
      headers: { 'content-type': 'application/json' },
      user: owner,
    })
    expect((await add(owner, photoForm(await catPhoto()), closed.id)).status).toBe(409)
  })
})
