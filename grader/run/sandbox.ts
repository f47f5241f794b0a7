import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { chmodSync, chownSync, lstatSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { missingMeasures } from '../platform/capabilities.js'
import { listingSource } from '../platform/process-source.js'
import type { SandboxMode, SubmissionGrade } from '../types.js'
import type { SandboxWrapper } from './child-process.js'
import { projectNodeModules } from './workspace.js'

const projectRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface Sandbox {
  report: SubmissionGrade['sandbox']
  wrapper?: SandboxWrapper
  /** Why bubblewrap is not used, when it was asked for and cannot run. */
  refusal?: string
}

const seatBeltLines = (): string[] => [
  'student code runs in a separate process, never in the grader',
  "Node's permission model: reads limited to the compiled code, the data and node_modules; writes to the scratch folder only; no child processes",
  listingSource().kind === 'none'
    ? 'a heap cap, and per-call timeouts that kill the process'
    : 'a heap cap, a resident-memory watchdog on the whole process tree, and per-call timeouts that kill the tree',
  'a scrubbed environment; timings taken by the grader, from outside the process',
]
const wall = [
  "bubblewrap: read-only root, only the scratch folder writable; solutions/, the other side's code and every temporary folder (/tmp, /run, /dev/shm, /var/tmp) hidden but its own",
  'bubblewrap: no capabilities, new PID, network and IPC namespaces (no network and no socket of any family reaching outside, the grader invisible), killed with the grader',
]
const unprivilegedHostUser =
  "bubblewrap: the sandbox runs as an unprivileged user of the host (nobody), never as the grader's own user"

/** nobody on Linux: a grader running as root hands its children to this user, so that root's files stay root's. */
const nobody = { uid: 65534, gid: 65534 }
const runsAsRoot = process.getuid?.() === 0
// Hidden from every child (sockets, other runs' files), then its own folders are mounted back.
const hiddenRoots = ['/tmp', '/var/tmp', '/run', '/dev/shm']
const temporaryRoots = [...new Set([tmpdir(), '/dev/shm', '/tmp'])]

const namespaces = ['--unshare-all', '--unshare-user', '--disable-userns', '--cap-drop', 'ALL']

/** Runs a command in a bare bubblewrap sandbox (the namespaces of the children's), as the grader or as nobody. */
function inBubblewrap(command: string[], asNobody = false): SpawnSyncReturns<string> {
  const args = ['--ro-bind', '/', '/', ...namespaces, '--uid', '65534', '--gid', '65534', '--die-with-parent']
  return spawnSync('bwrap', [...args, '--', ...command], {
    encoding: 'utf8',
    timeout: 10_000,
    ...(asNobody ? nobody : {}),
  })
}

/** Whether bubblewrap can create its namespaces here (some containers forbid user namespaces). */
export function probeBubblewrap(): string | undefined {
  if (process.platform !== 'linux')
    return `bubblewrap runs on Linux only, and this is ${process.platform === 'darwin' ? 'macOS' : process.platform}`
  const probe = inBubblewrap(['true'])
  if (probe.error) return `bwrap is not installed (${probe.error.message}); install Debian's bubblewrap`
  return probe.status === 0
    ? undefined
    : `bwrap cannot run here: ${probe.stderr.trim() || `exit ${probe.status}`}`
}

/**
 * Whether nobody can run Node and read node_modules inside bubblewrap, for a grader that runs as root; else why
 * not (an unreadable home folder, say).
 */
function probeUnprivilegedUser(): string | undefined {
  // A project in a temporary folder (a CI clone, say) is reached the way the workspaces are.
  grantToNobody(projectNodeModules)
  const read = 'require("node:fs").accessSync(process.argv[1], 4)'
  const probe = inBubblewrap([process.execPath, '-e', read, projectNodeModules], true)
  return probe.status === 0
    ? undefined
    : `nobody (uid 65534) cannot run ${process.execPath} or read ${projectNodeModules} (make both readable by all users, chmod o+rX)`
}

const granted = new Set<string>()

/**
 * Lets nobody reach a folder the grader made in a temporary root (mkdtemp makes them 0700): each folder on the way
 * is given to nobody's group, readable and searchable; nothing outside the temporary roots is touched.
 */
function grantToNobody(path: string): void {
  const root = temporaryRoots.find((r) => path.startsWith(r + sep))
  if (!root || granted.has(path)) return
  const parts = path.slice(root.length + 1).split(sep)
  for (let i = 1; i <= parts.length; i++) {
    const dir = join(root, ...parts.slice(0, i))
    const stat = lstatSync(dir, { throwIfNoEntry: false })
    if (!stat?.isDirectory() || stat.mode & 0o005) continue
    chownSync(dir, stat.uid, nobody.gid)
    chmodSync(dir, (stat.mode & 0o7777) | 0o050)
  }
  granted.add(path)
}

/**
 * Puts the child in bubblewrap: a read-only root with every temporary folder hidden behind an empty tmpfs, then
 * only its own folders mounted back (compiled code and runtime read-only, scratch writable), solutions/ hidden;
 * no capabilities, no network, and — for a grader running as root — nobody on the host.
 */
function bubblewrap(asNobody: boolean): SandboxWrapper {
  // Looked up once per run, not once per child.
  const hidden = hiddenRoots.filter((path) => statSync(path, { throwIfNoEntry: false })?.isDirectory())
  return (spec, nodeArgs) => {
    const workspace = dirname(dirname(spec.buildRoot))
    const reads = [dirname(spec.entry), spec.buildRoot, ...spec.readPaths]
    if (asNobody) {
      for (const path of [...reads, spec.scratchDir]) grantToNobody(path)
      chownSync(spec.scratchDir, nobody.uid, nobody.gid)
    }
    return {
      command: 'bwrap',
      args: [
        ['--ro-bind', '/', '/'],
        ['--dev', '/dev'],
        ['--proc', '/proc'],
        ...hidden.map((path) => ['--tmpfs', path]),
        ['--tmpfs', join(projectRoot, 'solutions')],
        ['--remount-ro', join(projectRoot, 'solutions')],
        ['--tmpfs', join(workspace, 'build')],
        ['--tmpfs', join(workspace, 'scratch')],
        ...reads.map((path) => ['--ro-bind-try', path, path]),
        ['--bind', spec.scratchDir, spec.scratchDir],
        ['--chdir', spec.scratchDir],
        namespaces,
        ['--uid', '65534', '--gid', '65534'],
        ['--die-with-parent', '--new-session'],
        ['--', process.execPath, ...nodeArgs],
      ].flat(),
      ...(asNobody ? nobody : {}),
    }
  }
}

// Probed once per process: a batch resolves the sandbox for every student.
let probed: { problem: string | undefined; nobodyProblem: string | undefined } | undefined
function probes(): NonNullable<typeof probed> {
  if (!probed) {
    const problem = probeBubblewrap()
    probed = { problem, nobodyProblem: !problem && runsAsRoot ? probeUnprivilegedUser() : undefined }
  }
  return probed
}

// What this machine cannot measure or do (no process listing, no SIGSTOP): listed with the dropped guarantees.
let platformMissing: string[] | undefined
const platformDropped = (): string[] => (platformMissing ??= missingMeasures())

export function resolveSandbox(mode: SandboxMode): Sandbox {
  const { problem, nobodyProblem } =
    mode === 'none'
      ? { problem: 'bubblewrap was turned off (--sandbox none)', nobodyProblem: undefined }
      : probes()
  if (!problem) {
    const asNobody = runsAsRoot && !nobodyProblem
    return {
      report: {
        mode: 'bwrap',
        guarantees: [...seatBeltLines(), ...wall, ...(runsAsRoot && !asNobody ? [] : [unprivilegedHostUser])],
        dropped: [
          ...(nobodyProblem
            ? [
                `the grader runs as root and ${nobodyProblem}: inside bubblewrap the child is root on the host, so files and sockets only root may use are within its reach`,
              ]
            : []),
          ...platformDropped(),
        ],
      },
      wrapper: bubblewrap(asNobody),
    }
  }
  return {
    report: {
      mode: 'permission-model',
      guarantees: seatBeltLines(),
      dropped: [
        `${problem}: the permission model is a seat belt, not a wall — a child could still signal the grader, see other files read-only, load native code it wrote, or open network connections`,
        ...platformDropped(),
      ],
    },
    ...(mode === 'bwrap' ? { refusal: problem } : {}),
  }
}
