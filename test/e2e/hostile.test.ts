import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { bubblewrapWorks, childIsUnprivileged, hashTree, noBubblewrap, skipBecause } from '../helpers.js'
import { gradeClassSumOnly } from './run-grade.js'

const fixtures = 'test/fixtures/submissions'
const hostile = [
  'hostile-worker-loop',
  'hostile-heap',
  'hostile-flood',
  'hostile-spawn',
  'hostile-forger',
  'hostile-proxy',
  'memory-hog',
  'exits',
  'infinite-loop',
  'patched-clock',
  'hostile-channel-bytes',
  'hostile-channel-close',
  'hostile-channel-internal',
]

// Known only to the grader: no report may show it.
const secret = `parlab-secret-${process.pid}-${Date.now()}`

const grade = (classDir: string, out: string): ReturnType<typeof gradeClassSumOnly> =>
  gradeClassSumOnly(classDir, out, { PARLAB_SECRET: secret })

interface Results {
  score: number
  tests: { name: string; status: string; output: string }[]
}
const results = (out: string, id: string): Results =>
  JSON.parse(readFileSync(join(out, 'students', id, 'results.json'), 'utf8')) as Results
const output = (out: string, id: string, name: string): string =>
  results(out, id).tests.find((t) => t.name === name)?.output ?? `no test "${name}"`

describe('hostile submissions, graded in one batch beside a full-marks one', function () {
  this.timeout(300_000)
  const classDir = mkdtempSync(join(tmpdir(), 'parlab-hostile-'))
  const out = mkdtempSync(join(tmpdir(), 'parlab-hostile-out-'))
  const aloneOut = mkdtempSync(join(tmpdir(), 'parlab-alone-out-'))
  // What the hostile ones aim at (other folders may change while the suite runs, e.g. in development).
  const guarded = ['solutions/sum', 'grader/exercises/sum', 'grader/run', 'exercises/sum']
  const hashesBefore = new Map<string, string>()
  // Outside the sandbox: a root-only Unix socket in /tmp, one outside the temporary folders, and a TCP server.
  const socketDirs = [mkdtempSync(join(tmpdir(), 'parlab-wall-')), mkdtempSync(resolve('.wall-'))]
  const servers: Server[] = []
  const reached: string[] = []
  const listen = (server: Server, where: string | number): Promise<void> =>
    new Promise((done) => server.listen(where, () => done()))

  after(function () {
    for (const server of servers) server.close()
    for (const dir of socketDirs) rmSync(dir, { recursive: true, force: true })
  })

  before(async function () {
    for (const dir of socketDirs) chmodSync(dir, 0o711)
    const sockets = socketDirs.map((dir) => join(dir, 'grader.sock'))
    for (const where of [...sockets, 0]) {
      const server = createServer((socket) => {
        reached.push(String(where))
        // The child hangs up as soon as it reads: a write after that is no failure of the test's.
        socket.on('error', () => undefined)
        socket.end('hello from outside')
      })
      servers.push(server)
      await listen(server, where)
    }
    for (const socket of sockets) chmodSync(socket, 0o600)
    const port = (servers[2]!.address() as { port: number }).port
    mkdirSync(join(classDir, 'hostile-wall', 'sum'), { recursive: true })
    writeFileSync(
      join(classDir, 'hostile-wall', 'sum', 'parallel.ts'),
      `import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
const reach = (where: string | { host: string; port: number }): Promise<string> =>
  new Promise((done) => {
    const socket = typeof where === 'string' ? connect(where) : connect(where)
    socket.setTimeout(3000, () => { socket.destroy(); done('timeout') })
    socket.on('data', (data) => { socket.destroy(); done('REACHED ' + String(data)) })
    socket.on('error', (error) => done('refused ' + String((error as { code?: string }).code)))
  })
const read = (path: string): string => {
  try { return 'READ ' + readFileSync(path, 'utf8') } catch (error) { return 'denied ' + String((error as { code?: string }).code) }
}
export async function parallelSum(values: Float64Array): Promise<number> {
  const seen = [
    'env ' + JSON.stringify(process.env),
    read('/proc/self/environ'),
    read('/proc/' + process.ppid + '/environ'),
    read('/proc/' + process.ppid + '/cmdline'),
    read('/proc/1/environ'),
    ...(await Promise.all([
      reach(${JSON.stringify(sockets[0])}),
      reach(${JSON.stringify(sockets[1])}),
      reach({ host: '127.0.0.1', port: ${port} }),
    ])),
  ]
  throw new Error(seen.join(' | ') + ' ' + values.length)
}
`,
    )
    cpSync('solutions', join(classDir, 'ana'), { recursive: true })
    for (const name of hostile) cpSync(join(fixtures, name), join(classDir, name), { recursive: true })
    // Absolute paths, known only when the test runs: another student's files, the references, the grader, the data.
    const targets = {
      read: [
        resolve('solutions/sum/sequential.ts'),
        resolve('grader/exercises/sum/quiz-key.json'),
        join(classDir, 'ana', 'sum', 'parallel.ts'),
      ],
      write: [
        join(out, 'students', 'ana', 'index.html'),
        resolve('grader/config.json'),
        resolve('datasets/.cache/owned.txt'),
      ],
    }
    mkdirSync(join(classDir, 'hostile-reader', 'sum'), { recursive: true })
    writeFileSync(
      join(classDir, 'hostile-reader', 'sum', 'sequential.ts'),
      `import { readFileSync } from 'node:fs'
export function sequentialSum(values: Float64Array): number {
  const seen = ${JSON.stringify(targets.read)}.map((path) => {
    try { return 'READ ' + readFileSync(path, 'utf8').slice(0, 12) } catch (error) { return 'denied ' + (error as { code?: string }).code }
  })
  throw new Error(seen.join(' | ') + ' ' + values.length)
}
`,
    )
    mkdirSync(join(classDir, 'hostile-writer', 'sum'), { recursive: true })
    writeFileSync(
      join(classDir, 'hostile-writer', 'sum', 'sequential.ts'),
      `import { writeFileSync } from 'node:fs'
export function sequentialSum(values: Float64Array): number {
  const done = ${JSON.stringify(targets.write)}.map((path) => {
    try { writeFileSync(path, 'owned'); return 'WROTE ' + path } catch (error) { return 'denied ' + (error as { code?: string }).code }
  })
  throw new Error(done.join(' | ') + ' ' + values.length)
}
`,
    )
    if (bubblewrapWorks)
      cpSync(join(fixtures, 'kills-parent'), join(classDir, 'kills-parent'), { recursive: true })
    else rmSync(join(classDir, 'hostile-wall'), { recursive: true })
    for (const dir of guarded) hashesBefore.set(dir, hashTree(dir))
    const alone = mkdtempSync(join(tmpdir(), 'parlab-alone-'))
    cpSync('solutions', join(alone, 'ana'), { recursive: true })
    const aloneRun = grade(alone, aloneOut)
    expect(aloneRun.status, aloneRun.stderr).to.equal(0)
  })

  it('survives them all and grades every one, the full-marks student exactly as without them', function () {
    const run = grade(classDir, out)
    expect(run.status, run.stderr).to.equal(0)
    const gradebook = readFileSync(join(out, 'gradebook.csv'), 'utf8')
    const count = hostile.length + 3 + (bubblewrapWorks ? 2 : 0)
    expect(gradebook.trim().split('\r\n')).to.have.length(count + 1)
    expect(gradebook).to.not.match(/,(crashed|timed-out),/)
    const strip = (r: Results): unknown =>
      r.tests.map(({ name, status, output }) => ({ name, status, output }))
    expect(strip(results(out, 'ana'))).to.deep.equal(strip(results(aloneOut, 'ana')))
    expect(results(out, 'ana').score).to.equal(39)
  })

  it('contains each of them, with a reason a student can act on', function () {
    const course = '1..10,000,000 gives 50,000,005,000,000'
    expect(output(out, 'hostile-worker-loop', `sum › parallel › ${course}`)).to.include(
      'did not finish within',
    )
    expect(output(out, 'hostile-heap', `sum › sequential › ${course}`)).to.include('ran out of memory')
    expect(output(out, 'memory-hog', `sum › sequential › ${course}`)).to.include('ran out of memory')
    expect(
      results(out, 'hostile-flood').tests.find((t) => t.name === 'sum › sequential › one value')!.status,
    ).to.equal('passed')
    expect(output(out, 'hostile-spawn', 'sum › sequential › one value')).to.include('ERR_ACCESS_DENIED')
    expect(output(out, 'hostile-forger', 'sum › sequential › one value')).to.include('posing as results')
    expect(output(out, 'hostile-proxy', 'sum › sequential › one value')).to.match(
      /threw Error: gotcha|cannot be sent to the grader: gotcha/,
    )
    expect(output(out, 'exits', 'sum › parallel › one value')).to.include('process.exit()')
    const ended = 'the grader ended the process during the call: '
    expect(output(out, 'hostile-channel-bytes', 'sum › sequential › one value')).to.include(
      `${ended}it sent the grader a message of 1367 MB, over the 64 MB limit`,
    )
    expect(output(out, 'hostile-channel-bytes', 'sum › parallel › one value')).to.include(
      `${ended}it sent the grader a message of 1024 MB`,
    )
    expect(output(out, 'hostile-channel-close', 'sum › sequential › one value')).to.include(
      `${ended}it closed its channel to the grader`,
    )
    for (const strategy of ['sequential', 'parallel'])
      expect(output(out, 'hostile-channel-internal', `sum › ${strategy} › one value`)).to.include(
        `${ended}it sent the grader a message that is not a reply of the runtime`,
      )
    const reader = output(out, 'hostile-reader', 'sum › sequential › one value')
    expect(reader).to.not.include('READ')
    expect(reader.match(/denied ERR_ACCESS_DENIED/g)).to.have.length(3)
    const writer = output(out, 'hostile-writer', 'sum › sequential › one value')
    expect(writer).to.not.include('WROTE')
    expect(writer.match(/denied ERR_ACCESS_DENIED/g)).to.have.length(3)
    if (bubblewrapWorks)
      expect(output(out, 'kills-parent', 'sum › sequential › one value')).to.include(
        'expected 42, received 1',
      )
  })

  it('keeps the secret and every socket out of reach: environment, /proc, Unix sockets, the network', function () {
    if (noBubblewrap) skipBecause(this, noBubblewrap)
    const wall = output(out, 'hostile-wall', 'sum › parallel › one value')
    expect(wall).to.not.match(/\bREAD /)
    // The socket outside the temporary folders is kept out by the host user alone: where the children cannot be
    // nobody (a root grader whose project nobody cannot read), the reports say that this guarantee dropped. (There
    // the connection waits for this process, busy in spawnSync, and the call may time out instead of answering.)
    const outside = String(socketDirs[1] ? join(socketDirs[1], 'grader.sock') : '')
    if (childIsUnprivileged) {
      expect(wall).to.match(/^threw Error: env \{/)
      expect(wall).to.not.include('REACHED')
      expect(wall.match(/refused /g), wall).to.have.length(3)
      expect(reached).to.deep.equal([])
    } else {
      const report = JSON.parse(
        readFileSync(join(out, 'students', 'hostile-wall', 'results.json'), 'utf8'),
      ) as {
        extra_data: { sandbox: { dropped: string[] } }
      }
      expect(report.extra_data.sandbox.dropped.join(' ')).to.include('nobody (uid 65534) cannot run')
      expect(reached.filter((where) => where !== outside)).to.deep.equal([])
    }
    for (const student of ['hostile-wall', 'hostile-reader', 'ana']) {
      expect(readFileSync(join(out, 'students', student, 'results.json'), 'utf8')).to.not.include(secret)
      expect(readFileSync(join(out, 'students', student, 'index.html'), 'utf8')).to.not.include(secret)
    }
  })

  it('lets nothing escape: no file written outside the scratch folders, no process left behind', function () {
    for (const dir of guarded) expect(hashTree(dir), dir).to.equal(hashesBefore.get(dir))
    expect(existsSync('datasets/.cache/owned.txt')).to.equal(false)
    expect(readFileSync('grader/config.json', 'utf8')).to.not.equal('owned')
    expect(readFileSync(join(out, 'students', 'ana', 'index.html'), 'utf8')).to.not.equal('owned')
    expect(existsSync('/tmp/parlab-owned')).to.equal(false)
    const sleepers = spawnSync('pgrep', ['-fx', 'sleep 301.0417'], { encoding: 'utf8' }).stdout.trim()
    expect(sleepers).to.equal('')
  })
})
