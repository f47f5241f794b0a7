import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SandboxMode, SubmissionGrade } from '../types.js'
import type { SandboxWrapper } from './child-process.js'

const projectRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface Sandbox {
  report: SubmissionGrade['sandbox']
  wrapper?: SandboxWrapper
  /** Why bubblewrap is not used, when it was asked for and cannot run. */
  refusal?: string
}

const seatBelt = [
  'student code runs in a separate process, never in the grader',
  "Node's permission model: reads limited to the compiled code, the data and node_modules; writes to the scratch folder only; no child processes",
  'a heap cap, a resident-memory watchdog on the whole process tree, and per-call timeouts that kill the tree',
  'a scrubbed environment; timings taken by the grader, from outside the process',
]
const wall = [
  "bubblewrap: read-only root, only the scratch folder writable, solutions/ and the other side's code hidden",
  'bubblewrap: unprivileged uid, new PID, network and IPC namespaces (no network, the grader invisible), killed with the grader',
]

/** Whether bubblewrap can create its namespaces here (some containers forbid user namespaces). */
export function probeBubblewrap(): string | undefined {
  const probe = spawnSync(
    'bwrap',
    [
      '--ro-bind',
      '/',
      '/',
      '--unshare-all',
      '--uid',
      '65534',
      '--gid',
      '65534',
      '--die-with-parent',
      '--',
      'true',
    ],
    { encoding: 'utf8', timeout: 10_000 },
  )
  if (probe.error) return `bwrap is not installed (${probe.error.message}); install Debian's bubblewrap`
  return probe.status === 0
    ? undefined
    : `bwrap cannot run here: ${probe.stderr.trim() || `exit ${probe.status}`}`
}

/**
 * Puts the child in bubblewrap. Everything it needs (compiled code, runtime, node_modules, data) stays readable
 * through the read-only root; no tmpfs is mounted over any of them. Its build root and scratch folder are mounted
 * back on top of the hidden workspace folders, so it sees only its own.
 */
const bubblewrap: SandboxWrapper = (spec, nodeArgs) => {
  const workspace = dirname(dirname(spec.buildRoot))
  return {
    command: 'bwrap',
    args: [
      ['--ro-bind', '/', '/'],
      ['--dev', '/dev'],
      // A workspace in /dev/shm (checks) was hidden by the new /dev: mounted back, read-only like the rest.
      ...(workspace.startsWith('/dev/') ? [['--ro-bind', workspace, workspace]] : []),
      ['--proc', '/proc'],
      ['--tmpfs', join(projectRoot, 'solutions')],
      ['--tmpfs', join(workspace, 'build')],
      ['--tmpfs', join(workspace, 'scratch')],
      ['--ro-bind', spec.buildRoot, spec.buildRoot],
      ['--bind', spec.scratchDir, spec.scratchDir],
      ['--remount-ro', join(projectRoot, 'solutions')],
      ['--chdir', spec.scratchDir],
      ['--unshare-all'],
      ['--uid', '65534', '--gid', '65534'],
      ['--die-with-parent', '--new-session'],
      ['--', process.execPath, ...nodeArgs],
    ].flat(),
  }
}

// Probed once per process: a batch resolves the sandbox for every student.
let probed: { problem: string | undefined } | undefined
function bubblewrapProblem(): string | undefined {
  probed ??= { problem: probeBubblewrap() }
  return probed.problem
}

export function resolveSandbox(mode: SandboxMode): Sandbox {
  const problem = mode === 'none' ? 'bubblewrap was turned off (--sandbox none)' : bubblewrapProblem()
  if (!problem)
    return { report: { mode: 'bwrap', guarantees: [...seatBelt, ...wall], dropped: [] }, wrapper: bubblewrap }
  return {
    report: {
      mode: 'permission-model',
      guarantees: seatBelt,
      dropped: [
        `${problem}: the permission model is a seat belt, not a wall — a child could still signal the grader, see other files read-only, or load native code it wrote`,
      ],
    },
    ...(mode === 'bwrap' ? { refusal: problem } : {}),
  }
}
