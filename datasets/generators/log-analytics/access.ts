// One chunk of the web access log: combined format, a daily rhythm, /api/ /login /admin endpoints, 4xx and 5xx,
// with the attacks of the chunk's time range (scanner bursts of 404s, brute force on /login) mixed in by time.
import { mixSeed, Random, Weighted } from '../access-logs/random.js'
import { accessTime } from './format.js'
import { malform } from './malform.js'
import type { ChunkSpan } from './plan.js'

const agents = new Weighted<string>([
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36',
    40,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
    18,
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0', 10],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    16,
  ],
  ['okhttp/4.12.0', 6],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 5],
  ['curl/8.5.0', 2],
  ['', 0.3],
])
const scannerAgents = [
  'Mozilla/5.0 zgrab/0.x',
  'sqlmap/1.7.2#stable (https://sqlmap.org)',
  'python-requests/2.31.0',
  'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)',
]

type Route = [method: string, path: () => string, weight: number, statuses: Weighted<number>, size: number]

function routes(random: Random): Route[] {
  const ok = (...extra: [number, number][]): Weighted<number> => new Weighted<number>([[200, 100], ...extra])
  const id = (): number => random.between(1, 99_999)
  return [
    ['GET', () => '/', 10, ok([304, 8], [500, 0.3]), 14_000],
    ['GET', () => `/products/${id()}`, 18, ok([404, 3], [304, 5], [500, 0.5]), 22_000],
    [
      'GET',
      () =>
        `/search?q=${random.pick(['shoes', 'red+dress', 'caf%C3%A9', 'laptop', 'usb-c'])}&page=${random.between(1, 9)}`,
      6,
      ok([500, 0.8], [503, 0.4]),
      30_000,
    ],
    [
      'GET',
      () => `/static/${random.pick(['app.js', 'app.css', 'logo.svg', 'fonts/inter.woff2'])}`,
      20,
      ok([304, 30], [404, 0.5]),
      60_000,
    ],
    ['GET', () => `/images/p/${id()}.jpg`, 14, ok([304, 12], [404, 2]), 90_000],
    ['GET', () => `/api/v1/products/${id()}`, 9, ok([404, 4], [500, 1], [502, 0.6], [504, 0.3]), 1_800],
    ['POST', () => '/api/v1/cart', 3, ok([400, 4], [401, 2], [500, 1.2]), 400],
    ['GET', () => `/api/v1/orders?user=${id()}`, 3, ok([401, 4], [403, 1], [500, 0.8]), 5_000],
    ['GET', () => '/login', 3, ok([304, 4]), 6_000],
    [
      'POST',
      () => (random.chance(0.3) ? '/login?next=%2Fadmin' : '/login'),
      2,
      new Weighted<number>([
        [302, 80],
        [401, 20],
      ]),
      300,
    ],
    [
      'GET',
      () => random.pick(['/admin', '/admin/', '/admin/users', '/admin/settings']),
      1,
      new Weighted<number>([
        [200, 30],
        [302, 40],
        [403, 30],
      ]),
      9_000,
    ],
    ['GET', () => '/healthz', 2, ok(), 2],
  ]
}

const httpVersion = (random: Random): string => (random.chance(0.85) ? 'HTTP/1.1' : 'HTTP/2.0')

function line(
  ip: string,
  ms: number,
  method: string,
  path: string,
  version: string,
  status: number,
  size: string,
  referer: string,
  agent: string,
): string {
  return `${ip} - - [${accessTime(ms)}] "${method} ${path} ${version}" ${status} ${size} "${referer}" "${agent}"`
}

function sizeOf(random: Random, status: number, median: number): string {
  if (status === 304 || status === 302) return '0'
  if (status >= 400) return random.chance(0.1) ? '-' : String(random.between(150, 700))
  if (random.chance(0.02)) return '-'
  return String(Math.max(1, Math.round(random.logNormal(median, 0.9))))
}

export function accessChunk(span: ChunkSpan): string {
  const { seed, index, first, count, total, pools, attacks, timeAt } = span
  const random = new Random(mixSeed(seed, 0xacce55, index))
  const table = routes(random)
  const pick = new Weighted<number>(table.map((route, i) => [i, route[2]] as const))
  const out: string[] = []
  let next = 0
  const flushAttacks = (until: number): void => {
    while (next < attacks.length && attacks[next]!.timeMs <= until) {
      const a = attacks[next++]!
      if (a.kind === 'web-login') {
        out.push(
          line(
            a.ip,
            a.timeMs,
            'POST',
            '/login',
            'HTTP/1.1',
            401,
            String(random.between(180, 320)),
            '-',
            'python-requests/2.31.0',
          ),
        )
      } else if (a.kind === 'web-scan') {
        out.push(
          line(
            a.ip,
            a.timeMs,
            'GET',
            a.path,
            'HTTP/1.1',
            random.chance(0.93) ? 404 : 403,
            String(random.between(150, 560)),
            '-',
            scannerAgents[a.ip.length % scannerAgents.length]!,
          ),
        )
      }
    }
  }
  for (let i = first; i < first + count; i++) {
    const ms = timeAt((i + random.float()) / total)
    flushAttacks(ms)
    const route = table[pick.pick(random)]!
    const status = route[3].pick(random)
    const referer = random.chance(0.55)
      ? `https://shop.example.com${random.chance(0.5) ? '/' : '/products/' + random.between(1, 999)}`
      : '-'
    const text = line(
      pools.clients.pick(random),
      ms,
      route[0],
      route[1](),
      httpVersion(random),
      status,
      sizeOf(random, status, route[4]),
      referer,
      agents.pick(random),
    )
    out.push(random.chance(0.01) ? malform(random, text, 'access') : text)
  }
  flushAttacks(Infinity)
  return out.join('\n') + '\n'
}
