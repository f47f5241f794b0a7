// One chunk of the SSH auth log (syslog, no year, day padded with a space): logins from offices, sshd's
// disconnects and PAM lines, lines of other daemons, internet noise (single invalid users), and the brute-force
// campaigns of the chunk's time range.
import { mixSeed, Random, Weighted } from '../access-logs/random.js'
import { attackUsers } from './attacks.js'
import { syslogTime } from './format.js'
import { malform } from './malform.js'
import type { ChunkSpan } from './plan.js'

const hosts = ['bastion', 'web-01', 'web-02', 'db-01']
const staff = ['deploy', 'alice', 'bob', 'ops', 'ci']
const kinds = new Weighted<string>([
  ['accepted', 14],
  ['session', 14],
  ['disconnect', 12],
  ['typo', 2],
  ['cron', 24],
  ['logind', 8],
  ['sudo', 6],
  ['ufw', 10],
  ['noise', 3],
  ['pam-fail', 2],
])

export function authChunk(span: ChunkSpan): string {
  const { seed, index, first, count, total, pools, attacks, timeAt } = span
  const random = new Random(mixSeed(seed, 0xa7a7, index))
  const out: string[] = []
  const prefix = (ms: number, program: string, withPid = true): string =>
    `${syslogTime(ms)} ${random.pick(hosts)} ${program}${withPid ? `[${random.between(300, 65000)}]` : ''}:`
  const sshd = (ms: number, message: string): string => `${prefix(ms, 'sshd')} ${message}`
  const pamFail = (ms: number, ip: string, user: string): string =>
    sshd(
      ms,
      `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`,
    )
  let next = 0
  const flushAttacks = (until: number): void => {
    while (next < attacks.length && attacks[next]!.timeMs <= until) {
      const a = attacks[next++]!
      const port = a.port
      if (a.kind === 'ssh-fail') {
        if (random.chance(0.5)) out.push(pamFail(a.timeMs, a.ip, a.user))
        out.push(sshd(a.timeMs, `Failed password for ${a.user} from ${a.ip} port ${port} ssh2`))
      } else if (a.kind === 'ssh-invalid') {
        out.push(sshd(a.timeMs, `Invalid user ${a.user} from ${a.ip} port ${port}`))
        out.push(sshd(a.timeMs, `Failed password for invalid user ${a.user} from ${a.ip} port ${port} ssh2`))
        out.push(sshd(a.timeMs, `Connection closed by invalid user ${a.user} ${a.ip} port ${port} [preauth]`))
      } else if (a.kind === 'ssh-repeat') {
        out.push(
          sshd(
            a.timeMs,
            `message repeated ${a.count} times: [ Failed password for ${a.user} from ${a.ip} port ${port} ssh2]`,
          ),
        )
      }
    }
  }
  for (let i = first; i < first + count; i++) {
    const ms = timeAt((i + random.float()) / total)
    flushAttacks(ms)
    const office = random.pick(pools.office)
    const user = random.pick(staff)
    const port = random.between(1024, 65535)
    let text: string
    switch (kinds.pick(random)) {
      case 'accepted':
        text = random.chance(0.8)
          ? sshd(
              ms,
              `Accepted publickey for ${user} from ${office} port ${port} ssh2: ED25519 SHA256:${random.uint32().toString(36)}${random.uint32().toString(36)}`,
            )
          : sshd(ms, `Accepted password for ${user} from ${office} port ${port} ssh2`)
        break
      case 'session':
        text = sshd(
          ms,
          `pam_unix(sshd:session): session ${random.chance(0.5) ? 'opened' : 'closed'} for user ${user}(uid=${random.between(1000, 1010)}) by (uid=0)`,
        )
        break
      case 'disconnect':
        text = random.chance(0.5)
          ? sshd(ms, `Received disconnect from ${office} port ${port}:11: disconnected by user`)
          : sshd(ms, `Disconnected from user ${user} ${office} port ${port}`)
        break
      case 'typo':
        text = sshd(ms, `Failed password for ${user} from ${office} port ${port} ssh2`)
        break
      case 'cron':
        text = `${prefix(ms, 'CRON')} pam_unix(cron:session): session ${random.chance(0.5) ? 'opened' : 'closed'} for user root${random.chance(0.5) ? '(uid=0) by (uid=0)' : ''}`
        break
      case 'logind':
        text = `${prefix(ms, 'systemd-logind')} New session ${random.between(1, 9999)} of user ${user}.`
        break
      case 'sudo':
        text = `${prefix(ms, 'sudo', false)}   ${user} : TTY=pts/${random.between(0, 4)} ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`
        break
      case 'ufw':
        text = `${prefix(ms, 'kernel', false)} [${random.between(1000, 999999)}.${random.between(100000, 999999)}] [UFW BLOCK] IN=eth0 OUT= SRC=${pools.clients.pick(random)} DST=10.0.3.7 PROTO=TCP DPT=${random.pick([23, 3389, 5900, 8080])}`
        break
      case 'noise': {
        const ip = pools.clients.pick(random)
        const tried = random.pick(attackUsers)
        text = sshd(ms, `Invalid user ${tried} from ${ip} port ${port}`)
        break
      }
      default:
        text = pamFail(ms, office, user)
    }
    out.push(random.chance(0.01) ? malform(random, text, 'auth') : text)
  }
  flushAttacks(Infinity)
  return out.join('\n') + '\n'
}
