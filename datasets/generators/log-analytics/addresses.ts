// The address pools the four sources share: external clients (Zipf-popular), internal hosts in every private
// range (including those a string-prefix check misses: 10.200/16, 172.20/16, 127.0.0.1, IPv6), and look-alikes
// that are public (172.32.x, 172.15.x, 192.169.x).
import { mixSeed, Random, Weighted, zipfWeights } from '../access-logs/random.js'
import type { PlanName } from './plan.js'

export interface AddressPools {
  /** Web clients: mostly external, some internal. */
  clients: Weighted<string>
  external: string[]
  internal: string[]
  /** Offices and bastions: accepted SSH logins, console logins, API calls. */
  office: string[]
  /** Brute-force and scanner sources (their index picks one). */
  attackers: string[]
}

const externalCount: Record<PlanName, number> = { tiny: 400, small: 4_000, full: 20_000, bench: 10_000 }

function isPrivateV4(a: number, b: number): boolean {
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  )
}

function publicV4(random: Random): string {
  for (;;) {
    const a = random.between(1, 223)
    const b = random.between(0, 255)
    if (isPrivateV4(a, b) || a === 100) continue
    return `${a}.${b}.${random.between(0, 255)}.${random.between(1, 254)}`
  }
}

const hex = (random: Random): string => random.below(0x10000).toString(16)

const lookAlikes = [
  '172.32.5.9',
  '172.15.200.3',
  '192.169.4.20',
  '11.0.0.7',
  '2001:db8:85a3::8a2e:370:7334',
  '2a03:2880:f003:c07:face:b00c::2',
]

export function addressPools(seed: number, size: PlanName): AddressPools {
  const random = new Random(mixSeed(seed, 0xadd7))
  const external = [...lookAlikes]
  const seen = new Set(external)
  while (external.length < externalCount[size]) {
    const ip = random.chance(0.04) ? `2001:db8:${hex(random)}::${hex(random)}` : publicV4(random)
    if (seen.has(ip)) continue
    external.push(ip)
    seen.add(ip)
  }
  const internal = [
    '10.0.1.15',
    '10.0.3.7',
    '10.20.30.40',
    '10.200.4.2',
    '172.16.0.12',
    '172.20.3.4',
    '172.31.255.1',
    '192.168.1.20',
    '192.168.10.5',
    '127.0.0.1',
    '169.254.169.254',
    '::1',
    'fd12:3456:789a::5',
    'fe80::1:2',
  ]
  const office = [
    '10.0.1.15',
    '172.20.3.4',
    '192.168.1.20',
    '10.200.4.2',
    'fd12:3456:789a::5',
    external[6]!,
    external[7]!,
  ]
  const attackers = [
    ...Array.from({ length: 40 }, (_, i) => external[(i * 97 + 11) % external.length]!),
    '10.23.4.5',
    '172.29.0.8',
  ]
  const weights = zipfWeights(external.length, 1.05)
  const clients = new Weighted<string>([
    ...external.map((ip, i) => [ip, weights[i]! * 6] as const),
    ...internal.map((ip) => [ip, 0.12] as const),
  ])
  return { clients, external, internal, office, attackers }
}
