// Timestamps as each source writes them.
import { localOffsetMinutes } from './plan.js'

export const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number): string => String(n).padStart(2, '0')
const local = (ms: number): Date => new Date(ms + localOffsetMinutes * 60_000)

/** Apache's `[26/Feb/2024:13:05:09 +0100]` contents, at the servers' local time. */
export function accessTime(ms: number): string {
  const d = local(ms)
  return `${two(d.getUTCDate())}/${monthNames[d.getUTCMonth()]!}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0100`
}

/** Syslog's `Feb 26 13:05:09` (day padded with a space, no year), at the servers' local time. */
export function syslogTime(ms: number): string {
  const d = local(ms)
  return `${monthNames[d.getUTCMonth()]!} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
}

/** ISO 8601 in UTC without milliseconds, as GitHub and CloudTrail write it. */
export const isoTime = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
