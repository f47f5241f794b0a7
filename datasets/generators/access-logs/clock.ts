// Line index → timestamp: lines are in time order, spread over the real log's span with a daily rhythm. The time
// of line i depends only on i and the line count, so chunks generated apart (in workers) agree.
import { crawlerShare, firstSecond, humanHourWeights, lastSecond, offset } from './shape.js'

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const startMs = Date.UTC(2019, 0, firstSecond.day, firstSecond.hour, firstSecond.minute, firstSecond.second)
const endMs = Date.UTC(2019, 0, lastSecond.day, lastSecond.hour, lastSecond.minute, lastSecond.second)
export const spanSeconds = (endMs - startMs) / 1000 + 1

// Fridays (25 Jan 2019) are the Iranian weekend: a little quieter.
const weekendFactor = 0.85

/** Human traffic at a local time of day (hours as a fraction), the hourly weights interpolated linearly. */
function humanWeight(hourOfDay: number): number {
  const x = hourOfDay - 0.5
  const lo = Math.floor(x)
  const t = x - lo
  const a = humanHourWeights[(lo + 24) % 24]!
  const b = humanHourWeights[(lo + 25) % 24]!
  return a + (b - a) * t
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

export interface Stamp {
  /** Day of the month (22…26): the rotated files are cut at midnight. */
  day: number
  /** The text between the brackets, e.g. "22/Jan/2019:03:56:14 +0330". */
  text: string
  /** The chance that a request at this second comes from a crawler. */
  crawlerChance: number
}

export class LogClock {
  readonly #lines: number
  readonly #cumulative: Float64Array
  readonly #crawler: Float32Array
  #second = 0
  #cachedSecond = -1
  #cached: Stamp | undefined

  constructor(lines: number) {
    this.#lines = lines
    const human = new Float64Array(spanSeconds)
    let humanTotal = 0
    for (let s = 0; s < spanSeconds; s++) {
      const date = new Date(startMs + s * 1000)
      const hourOfDay = date.getUTCHours() + date.getUTCMinutes() / 60 + date.getUTCSeconds() / 3600
      const weekend = date.getUTCDate() === 25 ? weekendFactor : 1
      humanTotal += human[s] = humanWeight(hourOfDay) * weekend
    }
    // Crawlers at a constant rate, sized so that they make `crawlerShare` of all requests.
    const crawlerRate = (crawlerShare * humanTotal) / ((1 - crawlerShare) * spanSeconds)
    this.#cumulative = new Float64Array(spanSeconds)
    this.#crawler = new Float32Array(spanSeconds)
    let total = 0
    for (let s = 0; s < spanSeconds; s++) {
      const weight = human[s]! + crawlerRate
      this.#cumulative[s] = total += weight
      this.#crawler[s] = crawlerRate / weight
    }
    for (let s = 0; s < spanSeconds; s++) this.#cumulative[s]! /= total
  }

  /** The second (from the first) of line `index`: the inverse of the traffic's distribution at (i + ½) / n. */
  secondOf(index: number): number {
    const u = (index + 0.5) / this.#lines
    const cumulative = this.#cumulative
    // Lines are asked for in order: walk forward from the last answer, bisect only on a jump back or far ahead.
    let s = this.#second
    if (s > 0 && cumulative[s - 1]! > u) s = 0
    if (cumulative[Math.min(s + 64, spanSeconds - 1)]! <= u) {
      let lo = s
      let hi = spanSeconds - 1
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (cumulative[mid]! > u) hi = mid
        else lo = mid + 1
      }
      s = lo
    }
    while (s < spanSeconds - 1 && cumulative[s]! <= u) s++
    this.#second = s
    return s
  }

  stampOf(index: number): Stamp {
    const second = this.secondOf(index)
    if (this.#cached && this.#cachedSecond === second) return this.#cached
    const date = new Date(startMs + second * 1000)
    const text =
      `${pad2(date.getUTCDate())}/${months[date.getUTCMonth()]!}/${date.getUTCFullYear()}:` +
      `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} ${offset}`
    this.#cachedSecond = second
    this.#cached = { day: date.getUTCDate(), text, crawlerChance: this.#crawler[second]! }
    return this.#cached
  }
}
