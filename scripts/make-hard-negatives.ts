/**
 * Adds hard negatives to an evaluation folder: cut-out animals that are not pets (Debian's
 * tuxpaint-stamps-default PNGs, with their own alpha) pasted into the folder's empty scenes, 640×480 JPEG.
 *   apt-get download tuxpaint-stamps-default && dpkg -x tuxpaint-stamps-default_*.deb /tmp/tux
 *   node --import tsx scripts/make-hard-negatives.ts --stamps /tmp/tux/usr/share/tuxpaint/stamps/animals --data ../shared/data
 * `--holdout` adds a second set of other animals (label `hard-negative-animal-holdout:`) to report on only.
 * Appends one row per file to negatives/labels.csv (label `hard-negative-animal:<name>`); files already listed are skipped.
 */
import { existsSync } from 'node:fs'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { decodeImage } from '../src/vision/image.ts'
import { FRAME, paste, resizeRgba, toFrame } from './lib/composite.ts'
import { loadDataset, seededRandom } from './lib/data.ts'

const { values } = parseArgs({
  options: {
    stamps: { type: 'string' },
    data: { type: 'string', default: '../shared/data' },
    holdout: { type: 'boolean', default: false },
  },
})
if (!values.stamps || !existsSync(values.stamps)) throw new Error('--stamps must be the tuxpaint stamps/animals folder')

// What doorbell and trail cameras see at night besides pets, plus farm animals and big cats.
const STAMPS = [
  'mammals/rodents/squirrel',
  'mammals/rodents/rat',
  'mammals/rodents/marmot',
  'mammals/rodents/mouse',
  'mammals/rodents/beaver',
  'mammals/rodents/capybara',
  'mammals/bears/european-bear',
  'mammals/bears/bear',
  'mammals/wildboar',
  'mammals/aquatic/otter',
  'mammals/hedgehog',
  'mammals/cats/tiger',
  'mammals/cats/lion',
  'mammals/dogs/fox',
  'mammals/deer/doe',
  'mammals/deer/wapiti',
  'mammals/bovines/sheep',
  'mammals/bovines/goat',
  'mammals/equines/donkey',
  'marsupials/koala',
  'marsupials/wombat',
  'marsupials/kangaroo',
  'mammals/apes/chimp',
  'mammals/pig',
  'birds/owl',
  'birds/crow',
  'birds/pigeon',
  'birds/hen',
  'birds/duck',
  'birds/magpie',
  'birds/turkey',
]
// `--holdout`: other stamps, labelled `hard-negative-animal-holdout:`, that no check is trained on (report only).
const HOLDOUT = [
  'mammals/badger',
  'mammals/deer/deer',
  'mammals/deer/caribou',
  'mammals/rodents/rabbit',
  'mammals/rabbit_little',
  'mammals/apes/gorilla',
  'mammals/apes/tamarin_emperor',
  'mammals/aquatic/sea_lion',
  'mammals/cats/tiger_sumatran',
  'mammals/cats/lion-2',
  'mammals/bovines/bison',
  'mammals/bovines/ram',
  'mammals/bovines/mountaingoat',
  'mammals/bovines/cow',
  'mammals/equines/horse',
  'mammals/equines/zebra',
  'mammals/pig_golden',
  'mammals/echidna',
  'mammals/camel/dromedary',
  'birds/blackbird',
  'birds/seagull',
  'birds/rooster',
  'birds/peacock',
  'birds/guineafowl',
  'birds/heron_greatblue',
  'lizards/iguana',
  'amphibians/frog',
]

const dataset = loadDataset(values.data)
const scenes = dataset.negatives.filter((r) => !/animal/.test(r.label) && !r.path.includes('/wild_'))
const listed = new Set(dataset.negatives.map((r) => r.path))
const random = seededRandom(values.holdout ? 2828 : 1414)
const labels = join(values.data, 'negatives', 'labels.csv')
const csv = await readFile(labels, 'utf8')
if (!csv.endsWith('\n')) await appendFile(labels, '\n')
for (const [i, stamp] of (values.holdout ? HOLDOUT : STAMPS).entries()) {
  const name = basename(stamp)
  const path = `negatives/wild_tux${values.holdout ? 'h' : ''}_${name}.jpg`
  if (listed.has(path)) continue
  const scene = scenes[(i + (values.holdout ? 7 : 0)) % scenes.length]!
  const bg = await toFrame(await decodeImage(await readFile(join(values.data, scene.path))))
  const { data, info } = await sharp(join(values.stamps, `${stamp}.png`))
    .ensureAlpha()
    .trim()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const height = Math.round(FRAME.height * (0.3 + random() * 0.35))
  const fg = await resizeRgba({ data: new Uint8Array(data), width: info.width, height: info.height }, height)
  const clipped =
    fg.width > FRAME.width ? await resizeRgba(fg, Math.floor((height * FRAME.width * 0.9) / fg.width)) : fg
  const frame = paste(bg, clipped, 100 + i).image
  await writeFile(
    join(values.data, path),
    await sharp(Buffer.from(frame.data), { raw: { width: frame.width, height: frame.height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  )
  const source = `Debian package tuxpaint-stamps-default 2022.06.04-1 usr/share/tuxpaint/stamps/animals/${stamp}.png (GPL-2) pasted into ${scene.path} by scripts/make-hard-negatives.ts`
  await appendFile(labels, `${path},hard-negative-animal${values.holdout ? '-holdout' : ''}:${name},"${source}"\n`)
  console.log(path)
}
