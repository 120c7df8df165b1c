import sharp from 'sharp'

const SIGNATURES: readonly [string, Buffer][] = [
  ['jpeg', Buffer.from([0xff, 0xd8, 0xff])],
  ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['webp', Buffer.from('WEBPVP8')],
  ['riff', Buffer.from('RIFF')],
  ['gif', Buffer.from('GIF8')],
]

/**
 * The part of a signature's base64 form fixed by its bytes alone, at each of the three byte alignments;
 * forms shorter than 4 characters would turn up by chance in random ids, so they are left to the decoder.
 */
function base64Forms(signature: Buffer): string[] {
  return [0, 1, 2]
    .map((pad) => {
      const text = Buffer.concat([Buffer.alloc(pad), signature, Buffer.alloc(3)]).toString('base64')
      return text.slice(Math.ceil((8 * pad) / 6), Math.floor((8 * (pad + signature.length)) / 6))
    })
    .filter((s) => s.length >= 4)
}

const decodes = async (bytes: Buffer) => {
  try {
    const meta = await sharp(bytes).metadata()
    return Boolean(meta.width && meta.height)
  } catch {
    return false
  }
}

/**
 * Why this request body carries an image, or undefined: raw signatures, their base64 forms (also
 * base64url), a body or any long string in it that an image decoder accepts, or a numeric array that
 * is no embedding (could be pixels).
 */
export async function findImageContent(body: Buffer, embeddingDimension: number): Promise<string | undefined> {
  for (const [name, sig] of SIGNATURES) {
    if (body.includes(sig)) return `raw ${name} signature`
    for (const form of base64Forms(sig)) {
      const text = body.toString('latin1')
      if (text.includes(form) || text.includes(form.replace(/\+/g, '-').replace(/\//g, '_')))
        return `base64 ${name} signature (${form})`
    }
  }
  if (body.includes(Buffer.from('data:image'))) return 'data: URL'
  if (body.length && (await decodes(body))) return 'the body decodes as an image'
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    return body.length ? 'a body that is not JSON' : undefined
  }
  const problems: string[] = []
  const walk = async (value: unknown, where: string): Promise<void> => {
    if (typeof value === 'string' && value.length > 64) {
      if (await decodes(Buffer.from(value, 'base64'))) problems.push(`${where}: base64 that decodes as an image`)
    } else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'number')) {
        if (
          value.length > 16 &&
          (value.length !== embeddingDimension || value.some((v) => Math.abs(v as number) > 1.0001))
        )
          problems.push(`${where}: ${value.length} numbers that are no unit embedding (pixels?)`)
      } else for (const [i, v] of value.entries()) await walk(v, `${where}[${i}]`)
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) await walk(v, `${where}.${k}`)
    }
  }
  await walk(json, '$')
  return problems[0]
}
