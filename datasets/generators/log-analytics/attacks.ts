// The attack campaigns of a data set, drawn once from the seed: SSH brute force (fast bursts, some from inside),
// slow guessers that never reach the threshold within a window, scanners that burst 404s, and brute force against
// /login. Each campaign is a list of timed events; a chunk takes those that fall in its time range.
import { mixSeed, Random } from '../access-logs/random.js'
import type { AddressPools } from './addresses.js'
import { attacksBySize, windowEndMs, windowStartMs, type PlanName } from './plan.js'

export interface AttackEvent {
  timeMs: number
  ip: string
  kind: 'ssh-fail' | 'ssh-invalid' | 'ssh-repeat' | 'web-login' | 'web-scan' | 'console-fail'
  user: string
  /** Repeats of a folded syslog message. */
  count: number
  port: number
  path: string
}

export const attackUsers = [
  'root',
  'admin',
  'test',
  'oracle',
  'ubuntu',
  'pi',
  'postgres',
  'git',
  'user',
  'guest',
  'ftpuser',
  'deploy',
]
const scanPaths = [
  '/wp-login.php',
  '/.env',
  '/phpmyadmin/index.php',
  '/.git/config',
  '/admin/config.php',
  '/cgi-bin/luci',
  '/api/v1/../../etc/passwd',
  '/vendor/phpunit/src/Util/PHP/eval-stdin.php',
  '/boaform/admin/formLogin',
  '/solr/admin/info/system',
]

function campaign(
  random: Random,
  ip: string,
  startMs: number,
  count: number,
  gapMs: () => number,
  fast: boolean,
): AttackEvent[] {
  const events: AttackEvent[] = []
  let t = startMs
  for (let i = 0; i < count && t < windowEndMs; i++) {
    const user = random.pick(attackUsers)
    const port = random.between(1024, 65535)
    const r = random.float()
    const kind: AttackEvent['kind'] = fast && r < 0.08 ? 'ssh-repeat' : r < 0.35 ? 'ssh-invalid' : 'ssh-fail'
    events.push({
      timeMs: t,
      ip,
      kind,
      user,
      count: kind === 'ssh-repeat' ? random.between(2, 5) : 1,
      port,
      path: '',
    })
    t += gapMs()
  }
  return events
}

/** Every attack event of the data set, sorted by time. */
export function attackEvents(seed: number, size: PlanName, pools: AddressPools): AttackEvent[] {
  const random = new Random(mixSeed(seed, 0xa77ac))
  const plan = attacksBySize[size]
  const span = windowEndMs - windowStartMs
  const events: AttackEvent[] = []
  for (let i = 0; i < plan.bruteForce; i++) {
    // The last campaigns come from inside (a misconfigured script is a brute force too).
    const ip = i === plan.bruteForce - 1 ? '10.23.4.5' : pools.attackers[i % 40]!
    const start = windowStartMs + random.float() * (span - 3_600_000)
    events.push(
      ...campaign(
        random,
        ip,
        Math.floor(start),
        random.between(25, 160),
        () => random.between(2_000, 15_000),
        true,
      ),
    )
    // The same address tries the web login and the AWS console.
    let t = Math.floor(start + random.between(0, 600_000))
    for (let j = random.between(15, 60); j > 0; j--) {
      events.push({ timeMs: t, ip, kind: 'web-login', user: '', count: 1, port: 0, path: '/login' })
      t += random.between(500, 4_000)
    }
    if (i % 2 === 0) {
      for (let j = random.between(2, 6); j > 0; j--)
        events.push({
          timeMs: Math.floor(start + random.float() * 3_600_000),
          ip,
          kind: 'console-fail',
          user: 'admin',
          count: 1,
          port: 0,
          path: '',
        })
    }
  }
  for (let i = 0; i < plan.slow; i++) {
    // Many failures in all, never 5 within 10 minutes: a total-count threshold flags it, a window does not.
    const ip = pools.attackers[(20 + i) % 40]!
    const start = windowStartMs + random.float() * (span / 2)
    events.push(
      ...campaign(
        random,
        ip,
        Math.floor(start),
        random.between(30, 60),
        () => random.between(260_000, 540_000),
        false,
      ),
    )
  }
  for (let i = 0; i < plan.scanners; i++) {
    const ip = pools.attackers[(30 + i) % 40]!
    let t = Math.floor(windowStartMs + random.float() * (span - 3_600_000))
    for (let j = random.between(40, 220); j > 0; j--) {
      events.push({
        timeMs: t,
        ip,
        kind: 'web-scan',
        user: '',
        count: 1,
        port: 0,
        path: random.pick(scanPaths),
      })
      t += random.between(50, 1_500)
    }
  }
  return events.sort((a, b) => a.timeMs - b.timeMs)
}
