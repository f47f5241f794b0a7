// One chunk of the log: lines [first, first + count) of a log of `totalLines`, as bytes. A chunk depends only on
// the seed and its own position, so chunks made in any order, on any number of workers, give the same file.
import { crawlerAddress, crawlers, humanAddress, humans, oddAgents } from './agents.js'
import { LogClock } from './clock.js'
import { mixSeed, Random, Weighted } from './random.js'
import {
  crawlerKinds,
  humanKinds,
  notFoundPath,
  okSize,
  pathOf,
  redirectPath,
  refererOf,
  type RequestKind,
} from './resources.js'
import {
  crawlerShare,
  hotPaths,
  humanNoRefererShare,
  malformedShare,
  malformedShares,
  postShare,
  statusShares,
} from './shape.js'

export interface ChunkRequest {
  seed: number
  first: number
  count: number
  totalLines: number
}

export interface Chunk {
  bytes: Uint8Array
  /** Where each day's lines end in `bytes`, in order (the rotated files are cut there). */
  days: { day: number; end: number }[]
}

const statuses = new Weighted(statusShares)
const malformedKinds = new Weighted(
  Object.entries(malformedShares) as [keyof typeof malformedShares, number][],
)
// 404s and redirects go to their own kinds of paths half of the time; the hot paths are asked for by humans only.
const specialShare = 0.5 * (0.0101 + 0.0065 + 0.0193)
const hotShareOfHumans =
  hotPaths.reduce((a, [, share]) => a + share, 0) /
  ((1 - malformedShare) * (1 - crawlerShare) * (1 - specialShare))
const humanKindTable = humanKinds(hotShareOfHumans)
const posts = ['/basket/add', '/user/login', '/order/checkout', '/comment/add', '/ajax/compare/add']

const handshake = (random: Random): string =>
  Array.from(
    { length: random.between(6, 14) },
    () => `\\x${random.below(256).toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('')

function sizeOf(status: number, kind: RequestKind, path: string, random: Random): string {
  switch (status) {
    case 200:
      return String(okSize(kind, path, random))
    case 404:
      return String(32_400 + random.below(60))
    case 301:
      return random.chance(0.5) ? '0' : '178'
    case 500:
      return random.chance(0.5) ? '0' : String(random.between(480, 560))
    case 206:
      return String(random.between(1, 200_000))
    case 403:
    case 400:
    case 405:
    case 502:
    case 504:
      return String(random.between(162, 175))
    default:
      return '0' // 304, 302, 499, 408, 401
  }
}

class ChunkWriter {
  bytes: Buffer
  length = 0

  constructor(capacity: number) {
    this.bytes = Buffer.allocUnsafe(capacity)
  }

  #reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra))
    this.bytes.copy(grown, 0, 0, this.length)
    this.bytes = grown
  }

  text(text: string): void {
    this.#reserve(text.length * 3)
    this.length += this.bytes.write(text, this.length, 'utf8')
  }

  raw(bytes: Uint8Array): void {
    this.#reserve(bytes.length)
    this.bytes.set(bytes, this.length)
    this.length += bytes.length
  }

  byte(value: number): void {
    this.#reserve(1)
    this.bytes[this.length++] = value
  }
}

// Building a clock costs a pass over the span's seconds: keep the last one (a worker makes many chunks of one log).
let lastClock: { lines: number; clock: LogClock } | undefined
function clockFor(lines: number): LogClock {
  if (lastClock?.lines !== lines) lastClock = { lines, clock: new LogClock(lines) }
  return lastClock.clock
}

export function generateChunk({ seed, first, count, totalLines }: ChunkRequest): Chunk {
  const random = new Random(mixSeed(seed, first))
  const clock = clockFor(totalLines)
  const out = new ChunkWriter(count * 360 + 1024)
  const days: Chunk['days'] = []
  let day = -1
  for (let i = first; i < first + count; i++) {
    const stamp = clock.stampOf(i)
    if (stamp.day !== day) {
      if (day !== -1) days.push({ day, end: out.length })
      day = stamp.day
    }
    if (random.chance(malformedShare)) writeMalformed(out, stamp.text, random)
    else writeLine(out, stamp, random)
    out.byte(0x0a)
  }
  if (day !== -1) days.push({ day, end: out.length })
  return { bytes: out.bytes.subarray(0, out.length), days }
}

function requestLine(
  stamp: { text: string; crawlerChance: number },
  random: Random,
): { head: string; tail: string } {
  const crawler = random.chance(stamp.crawlerChance)
  const status = statuses.pick(random)
  let kind: RequestKind = 'misc'
  let path: string
  let method = 'GET'
  if (status === 404 && random.chance(0.5)) path = notFoundPath(random)
  else if ((status === 301 || status === 302) && random.chance(0.5)) path = redirectPath(random)
  else if (!crawler && random.chance(postShare)) {
    method = 'POST'
    path = random.pick(posts)
  } else {
    kind = crawler ? crawlerKinds.pick(random) : humanKindTable.pick(random)
    path = pathOf(kind, random)
  }
  if (!crawler && method === 'GET' && random.chance(0.0003)) method = 'HEAD'
  const protocol = random.chance(0.01) ? 'HTTP/1.0' : 'HTTP/1.1'
  const size = sizeOf(status, kind, path, random)
  let address: string
  let referer = '-'
  let agent: string
  if (crawler) {
    const bot = crawlers.pick(random)
    address = crawlerAddress(bot, random)
    agent = bot.agent
  } else {
    address = humanAddress(random)
    if (!random.chance(humanNoRefererShare)) referer = refererOf(random)
    const odd = random.float()
    agent =
      odd < 0.003
        ? oddAgents.dash
        : odd < 0.0035
          ? oddAgents.empty
          : odd < 0.0037
            ? oddAgents.quoted
            : humans.pick(random)
  }
  return {
    head: `${address} - - [${stamp.text}] "${method} ${path}`,
    tail: ` ${protocol}" ${status} ${size} "${referer}" "${agent}" "-"`,
  }
}

function writeLine(out: ChunkWriter, stamp: { text: string; crawlerChance: number }, random: Random): void {
  const { head, tail } = requestLine(stamp, random)
  out.text(head)
  // Now and then a byte that is not UTF-8 (as Apache writes raw bytes; nginx would have escaped it).
  if (random.chance(0.0001)) out.byte(0xd9)
  out.text(tail)
}

function writeMalformed(out: ChunkWriter, timestamp: string, random: Random): void {
  const kind = malformedKinds.pick(random)
  const address = humanAddress(random)
  switch (kind) {
    case 'truncated': {
      const { head, tail } = requestLine({ text: timestamp, crawlerChance: 0.1 }, random)
      const line = Buffer.from(head + tail)
      // Cut before the user agent's closing quote (the 5th byte from the end), so the line cannot be complete.
      out.raw(line.subarray(0, random.between(1, line.length - 5)))
      return
    }
    case 'junk':
      for (let n = random.between(5, 200); n > 0; n--) {
        const b = random.below(256)
        out.byte(b === 0x0a || b === 0x0d ? 0x20 : b)
      }
      return
    case 'handshake':
      out.text(`${address} - - [${timestamp}] "${handshake(random)}" 400 166 "-" "-" "-"`)
      return
    case 'dashRequest':
      out.text(`${address} - - [${timestamp}] "-" 400 0 "-" "-" "-"`)
      return
    case 'empty':
      return
  }
}
