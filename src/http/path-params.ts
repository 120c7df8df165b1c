import { z } from '@hono/zod-openapi'

const uuidPathParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } })

/** `/…/{id}`: the one path parameter most routes take. */
export const IdParam = z.object({ id: uuidPathParam('id') })

/** `/…/{id}/…/{<name>}`: a resource of the one named by `id`. */
export const idWith = <N extends string>(name: N) =>
  IdParam.extend({ [name]: uuidPathParam(name) } as Record<N, ReturnType<typeof uuidPathParam>>)
