// One chunk of application events: GitHub-shaped JSON lines (id, type, actor, repo, payload of varying size,
// public, created_at in UTC). PullRequestEvent payloads carry the pull request's own created_at, hours or days
// before the event: the wrong field to take the event's hour from.
import { mixSeed, Random, Weighted } from '../access-logs/random.js'
import { isoTime } from './format.js'
import { malform } from './malform.js'
import type { ChunkSpan } from './plan.js'

const types = new Weighted<string>([
  ['PushEvent', 45],
  ['CreateEvent', 12],
  ['WatchEvent', 12],
  ['PullRequestEvent', 10],
  ['IssueCommentEvent', 8],
  ['IssuesEvent', 6],
  ['DeleteEvent', 3],
  ['ForkEvent', 3],
  ['ReleaseEvent', 1],
])
const words = [
  'fix',
  'add',
  'update',
  'refactor',
  'parser',
  'tests',
  'docs',
  'build',
  'cache',
  'worker',
  'pool',
  'race',
  'timeout',
  'café',
  'naïve',
  'emoji 🚀',
  'CI',
  'deps',
  'lint',
  'typo',
]

const sentence = (random: Random, n: number): string =>
  Array.from({ length: n }, () => random.pick(words)).join(' ')
const sha = (random: Random): string =>
  Array.from({ length: 5 }, () => random.uint32().toString(16).padStart(8, '0')).join('')

function payload(
  random: Random,
  type: string,
  ms: number,
  repo: string,
  login: string,
): Record<string, unknown> {
  switch (type) {
    case 'PushEvent': {
      const size = Math.min(20, 1 + Math.floor(-Math.log(1 - random.float()) * 1.6))
      return {
        repository_id: random.between(1e6, 9e8),
        push_id: random.between(1e9, 2e10),
        size,
        distinct_size: size,
        ref: random.chance(0.7) ? 'refs/heads/main' : `refs/heads/${random.pick(words).replace(/\W/g, '')}`,
        head: sha(random),
        before: sha(random),
        commits: Array.from({ length: size }, () => ({
          sha: sha(random),
          author: { email: `${login}@users.noreply.github.com`, name: login },
          message: sentence(random, random.between(2, 30)),
          distinct: true,
          url: `https://api.github.com/repos/${repo}/commits/${sha(random)}`,
        })),
      }
    }
    case 'PullRequestEvent': {
      const number = random.between(1, 5000)
      const opened = ms - random.between(0, 6 * 86_400_000)
      return {
        action: random.pick(['opened', 'closed', 'reopened', 'synchronize']),
        number,
        pull_request: {
          url: `https://api.github.com/repos/${repo}/pulls/${number}`,
          id: random.between(1e8, 2e9),
          number,
          state: random.chance(0.7) ? 'open' : 'closed',
          title: sentence(random, random.between(2, 8)),
          user: { login },
          body: sentence(random, random.between(0, 120)),
          created_at: isoTime(opened),
          updated_at: isoTime(ms),
          merged: random.chance(0.3),
          additions: random.between(0, 2000),
          deletions: random.between(0, 800),
          changed_files: random.between(1, 40),
        },
      }
    }
    case 'IssuesEvent':
      return {
        action: random.pick(['opened', 'closed', 'reopened']),
        issue: {
          number: random.between(1, 9000),
          title: sentence(random, random.between(2, 10)),
          user: { login },
          labels: Array.from({ length: random.between(0, 3) }, () => ({
            name: random.pick(['bug', 'enhancement', 'question', 'good first issue']),
          })),
          body: sentence(random, random.between(0, 200)),
        },
      }
    case 'IssueCommentEvent':
      return {
        action: 'created',
        issue: { number: random.between(1, 9000), title: sentence(random, 4) },
        comment: { id: random.between(1e8, 2e9), body: sentence(random, random.between(1, 80)) },
      }
    case 'CreateEvent':
      return {
        ref: random.chance(0.3)
          ? null
          : `v${random.between(0, 9)}.${random.between(0, 20)}.${random.between(0, 9)}`,
        ref_type: random.pick(['branch', 'tag', 'repository']),
        master_branch: 'main',
        description: random.chance(0.5) ? null : sentence(random, random.between(2, 12)),
        pusher_type: 'user',
      }
    case 'DeleteEvent':
      return {
        ref: `feature/${random.pick(words).replace(/\W/g, '')}`,
        ref_type: 'branch',
        pusher_type: 'user',
      }
    case 'ForkEvent':
      return {
        forkee: {
          id: random.between(1e6, 9e8),
          full_name: `${login}/${repo.split('/')[1]!}`,
          private: false,
        },
      }
    case 'ReleaseEvent':
      return {
        action: 'published',
        release: {
          tag_name: `v${random.between(1, 9)}.0.0`,
          name: sentence(random, 3),
          body: sentence(random, random.between(10, 300)),
        },
      }
    default:
      return { action: 'started' }
  }
}

export function appEventsChunk(span: ChunkSpan): string {
  const { seed, index, first, count, total, timeAt } = span
  const random = new Random(mixSeed(seed, 0xa99e, index))
  const out: string[] = []
  for (let i = first; i < first + count; i++) {
    const ms = timeAt((i + random.float()) / total)
    const type = types.pick(random)
    const login = `user${random.between(1, 3000)}`
    const repo = `org${random.between(1, 300)}/repo-${random.between(1, 50)}`
    const event = {
      id: String(35_000_000_000 + i),
      type,
      actor: {
        id: random.between(1, 9e7),
        login,
        display_login: login,
        url: `https://api.github.com/users/${login}`,
      },
      repo: { id: random.between(1, 9e8), name: repo, url: `https://api.github.com/repos/${repo}` },
      payload: payload(random, type, ms, repo, login),
      public: true,
      created_at: isoTime(ms),
    }
    const text = JSON.stringify(event)
    out.push(random.chance(0.01) ? malform(random, text, 'app') : text)
  }
  return out.join('\n') + '\n'
}
