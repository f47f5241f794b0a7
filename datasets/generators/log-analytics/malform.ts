// About 1% of each source's records come out broken, the way real logs break.
import type { Random } from '../access-logs/random.js'

export function malform(random: Random, text: string, kind: 'access' | 'app' | 'auth'): string {
  const r = random.float()
  // A line cut short (a crash mid-write, a rotated file's tail).
  if (r < 0.45) return text.slice(0, random.between(1, Math.max(1, text.length - 2)))
  if (kind === 'app') {
    if (r < 0.6) return text.replace(/"/g, "'")
    if (r < 0.75) return text.replace(/"type":"[^"]*",/, '')
    if (r < 0.9) return text.replace(/,"created_at":"[^"]*"/, '')
    return (
      text
        .replace(/"payload":/, '"payload":"')
        .replace(/,"public"/, '","public"')
        .slice(0, -1) + ',}'
    )
  }
  if (kind === 'access') {
    if (r < 0.65) return text.replace(/" (\d{3}) /, '" - ')
    if (r < 0.8) return text.replace(/ HTTP\/\d\.\d"/, '"')
    return `\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\ufffd\ufffd${text.slice(0, 12)}`
  }
  if (r < 0.7) return text.replace(/^(\w{3}) ( ?\d+) /, '2024-$1-$2T')
  return text.slice(16)
}
