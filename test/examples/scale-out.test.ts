// The scale-out examples (examples/github-actions, examples/kubernetes): neither service runs here, so their
// shape is checked against the real schemas (GitHub's workflow schema from @actions/workflow-parser, the
// Kubernetes OpenAPI schemas from kubernetes-models, dockerfile-utils' linter), and the exact shard and merge
// commands they contain are run on a small class, in folders laid out as the services would lay them out.
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { expect } from 'chai'
import { validate as lintDockerfile } from 'dockerfile-utils'
import { Job } from 'kubernetes-models/batch/v1/Job'
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim'
import { Pod } from 'kubernetes-models/v1/Pod'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tar from 'tar'
import { parse, parseAllDocuments } from 'yaml'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const examples = join(repo, 'examples')
const fixtures = join(repo, 'test/fixtures/submissions')
const flags = '--only sum --no-bench'
const secret = 'scale-out-test-secret'

interface Shell {
  status: number | null
  output: string
}

/** Runs a command the way the service would (a shell, a working folder, an environment) and collects its output. */
function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Shell> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: '1', ...env } })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, output }))
  })
}

function expectRan(shell: Shell, what: string): void {
  expect(shell.status, `${what} failed:\n${shell.output}`).to.equal(0)
}

/** A fresh checkout of the project, as CI or the image has it: the project's files (linked) and its node_modules. */
function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-checkout-'))
  for (const name of readdirSync(repo)) {
    if (['.git', 'reports', 'out', '.parlab-tmp'].includes(name)) continue
    symlinkSync(join(repo, name), join(dir, name))
  }
  return dir
}

/** Five students: two full marks (one as a .tar.gz), a classic mistake, a crash and the stubs. */
async function makeClass(): Promise<{ dir: string; students: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-scale-class-'))
  cpSync(join(repo, 'solutions'), join(dir, 'ana'), { recursive: true })
  const ben = mkdtempSync(join(tmpdir(), 'parlab-ben-'))
  cpSync(join(repo, 'solutions/sum'), join(ben, 'ben/sum'), { recursive: true })
  await tar.create({ gzip: true, file: join(dir, 'ben.tar.gz'), cwd: ben }, ['ben'])
  rmSync(ben, { recursive: true, force: true })
  cpSync(join(fixtures, 'dropped-remainder'), join(dir, 'cleo'), { recursive: true })
  cpSync(join(fixtures, 'throws-error'), join(dir, 'dan'), { recursive: true })
  cpSync(join(repo, 'exercises'), join(dir, 'eve'), { recursive: true })
  return { dir, students: ['ana', 'ben', 'cleo', 'dan', 'eve'] }
}

/** gradebook.csv as rows of cells (RFC 4180 lines; no cell of this class holds a comma or a quote). */
function gradebook(dir: string): string[][] {
  return readFileSync(join(dir, 'gradebook.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','))
}

function expectWholeClass(rows: string[][], students: string[]): void {
  const [header, ...body] = rows
  expect(header?.slice(0, 3)).to.deep.equal(['student', 'total', 'max'])
  expect(header).to.include('sum')
  expect(body.map((row) => row[0]).sort()).to.deep.equal(students)
  const byStudent = new Map(body.map((row) => [row[0], row]))
  for (const full of ['ana', 'ben']) {
    const row = byStudent.get(full)!
    expect(row[1], `${full}: ${row.join(',')}`).to.equal(row[2])
    expect(Number(row[1])).to.be.greaterThan(0)
  }
  expect(byStudent.get('eve')?.[1]).to.equal('0')
  expect(Number(byStudent.get('cleo')?.[1])).to.be.lessThan(Number(byStudent.get('cleo')?.[2]))
  for (const row of body) expect(row[header!.indexOf('status')], row.join(',')).to.equal('graded')
}

/** Replaces every `${{ expression }}` with its value; an expression the test does not know fails the test. */
function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    const value = values[expression]
    if (value === undefined) throw new Error(`no value for \${{ ${expression} }} in: ${text}`)
    return value
  })
}

interface Step {
  name?: string
  uses?: string
  run?: string
  with?: Record<string, string | number | boolean>
}

interface WorkflowJob {
  name?: string
  needs?: string | string[]
  'runs-on': string
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown> }
  steps: Step[]
}

interface Workflow {
  on: Record<string, { inputs?: Record<string, { default?: string }> } | null>
  env: Record<string, string>
  jobs: Record<string, WorkflowJob>
}

const stepUsing = (job: WorkflowJob, action: string): Step[] =>
  job.steps.filter((step) => step.uses?.split('@')[0] === action)
const stepRunning = (job: WorkflowJob, pattern: RegExp): Step => {
  const found = job.steps.filter((step) => step.run && pattern.test(step.run))
  expect(found, `one step runs ${pattern}`).to.have.length(1)
  return found[0]!
}
const glob = (pattern: string): RegExp =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`)

describe('scale-out examples', function () {
  this.timeout(240_000)
  let theClass: { dir: string; students: string[] }
  let workflowGradebook: string[][] | undefined
  const cleanup: string[] = []

  before(async () => {
    theClass = await makeClass()
    cleanup.push(theClass.dir)
  })
  after(() => {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true })
  })

  describe('GitHub Actions: examples/github-actions/grade-class.yml', () => {
    const file = join(examples, 'github-actions/grade-class.yml')
    const text = readFileSync(file, 'utf8')
    const workflow = parse(text) as Workflow
    const grade = workflow.jobs.grade!
    const merge = workflow.jobs.merge!

    it("is valid against GitHub's workflow schema", async () => {
      const parsed = parseWorkflow({ name: 'grade-class.yml', content: text }, new NoOperationTraceWriter())
      expect(parsed.context.errors.getErrors().map((e) => e.message)).to.deep.equal([])
      const template = await convertWorkflowTemplate(parsed.context, parsed.value!)
      expect(template.errors ?? []).to.deep.equal([])
      expect(template.jobs?.map((job) => job.id.value)).to.deep.equal(['grade', 'merge'])
    })

    it('runs N shards from a matrix 1..N, then a merge that needs them all', () => {
      expect(workflow.on).to.have.property('workflow_dispatch')
      const shards = grade.strategy?.matrix.shard as number[]
      expect(shards).to.deep.equal(Array.from({ length: shards.length }, (_, i) => i + 1))
      expect(shards.length).to.be.greaterThan(1)
      expect(grade.strategy?.['fail-fast']).to.equal(false)
      expect([merge.needs].flat()).to.deep.equal(['grade'])
      for (const job of [grade, merge]) {
        expect(stepUsing(job, 'actions/checkout')).to.have.length(1)
        const node = stepUsing(job, 'actions/setup-node')[0]?.with?.['node-version']
        expect(String(node), 'Node 20 (its latest release is ≥ 20.19) or 22+').to.match(/^(20|2[2-9])(\.x)?$/)
        stepRunning(job, /^npm ci\b/)
      }
      const command = stepRunning(grade, /npm run grade/).run!
      expect(command).to.include('--shard ${{ matrix.shard }}/${{ strategy.job-total }}')
      expect(command).to.include('--out out/shard-${{ matrix.shard }}')
      expect(stepRunning(grade, /apt-get install/).run).to.include('bubblewrap')
    })

    it('runs the exact shard commands of the matrix and the merge on the downloaded artifacts', async () => {
      const shards = grade.strategy?.matrix.shard as number[]
      const total = shards.length
      const inputs = {
        'inputs.submissions': theClass.dir,
        'inputs.flags': flags,
        'secrets.PARLAB_SECRET': secret,
      }
      const env = Object.fromEntries(
        Object.entries(workflow.env).map(([key, value]) => [key, expand(String(value), inputs)]),
      )
      const gradeStep = stepRunning(grade, /npm run grade/)
      const upload = stepUsing(grade, 'actions/upload-artifact')[0]!
      const runner = checkout()
      cleanup.push(runner)
      // The matrix runs its jobs at once; each job runs its step with GitHub's default shell, `bash -e {0}`.
      const ran = await Promise.all(
        shards.map((shard) => {
          const values = { 'matrix.shard': String(shard), 'strategy.job-total': String(total) }
          return run(
            'bash',
            ['--noprofile', '--norc', '-e', '-c', expand(gradeStep.run!, values)],
            runner,
            env,
          )
        }),
      )
      ran.forEach((shell, i) => expectRan(shell, `shard ${i + 1}/${total}`))

      // upload-artifact of each shard, then download-artifact (pattern, path): each artifact in path/<its name>.
      const download = stepUsing(merge, 'actions/download-artifact')[0]!
      const pattern = glob(String(download.with?.pattern))
      const merger = checkout()
      cleanup.push(merger)
      for (const shard of shards) {
        const values = { 'matrix.shard': String(shard), 'strategy.job-total': String(total) }
        const name = expand(String(upload.with?.name), values)
        const path = expand(String(upload.with?.path), values)
        expect(name).to.match(pattern)
        expect(existsSync(join(runner, path, `shard-${shard}-of-${total}.jsonl`)), path).to.equal(true)
        cpSync(join(runner, path), join(merger, String(download.with?.path), name), { recursive: true })
      }
      const mergeStep = stepRunning(merge, /npm run grade -- merge/)
      expectRan(
        await run('bash', ['--noprofile', '--norc', '-e', '-c', mergeStep.run!], merger, env),
        'merge',
      )

      const report = join(merger, String(stepUsing(merge, 'actions/upload-artifact')[0]?.with?.path))
      expect(existsSync(join(report, 'index.html'))).to.equal(true)
      workflowGradebook = gradebook(report)
      expectWholeClass(workflowGradebook, theClass.students)
    })
  })

  describe('Kubernetes: examples/kubernetes', () => {
    const dir = join(examples, 'kubernetes')
    const load = (name: string): Record<string, unknown>[] =>
      parseAllDocuments(readFileSync(join(dir, name), 'utf8')).map((doc) => {
        expect(doc.errors.map((e) => e.message)).to.deep.equal([])
        return doc.toJS() as Record<string, unknown>
      })
    const volume = load('class-volume.yaml')
    const shardJob = load('grade-class-job.yaml')
    const mergeJob = load('merge-job.yaml')
    const objects = [...volume, ...shardJob, ...mergeJob]
    const pvc = new PersistentVolumeClaim(volume.find((o) => o.kind === 'PersistentVolumeClaim'))
    const shell = new Pod(volume.find((o) => o.kind === 'Pod'))
    const grading = new Job(shardJob[0])
    const merging = new Job(mergeJob[0])
    const containerOf = (job: Job) => job.spec!.template.spec!.containers[0]!
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8')

    it('every object is valid against the Kubernetes OpenAPI schemas (kubernetes-models)', () => {
      expect(objects.map((o) => `${String(o.apiVersion)} ${String(o.kind)}`)).to.deep.equal([
        'v1 PersistentVolumeClaim',
        'v1 Pod',
        'batch/v1 Job',
        'batch/v1 Job',
      ])
      for (const model of [pvc, shell, grading, merging]) expect(() => model.validate()).not.to.throw()
    })

    it('is an Indexed Job of N pods that write to one ReadWriteMany volume, and a merge Job', () => {
      // The OpenAPI schemas do not reject unknown fields (only a server with strict field validation does):
      // the fields this example relies on are checked here by name.
      expect(pvc.spec?.accessModes).to.include('ReadWriteMany')
      const spec = grading.spec!
      const shards = Number(containerOf(grading).env?.find((e) => e.name === 'SHARDS')?.value)
      expect(spec.completionMode).to.equal('Indexed')
      expect(spec.completions).to.equal(shards)
      expect(spec.parallelism).to.equal(shards)
      expect(shards).to.be.greaterThan(1)
      for (const [job, kind] of [
        [grading, 'grade'],
        [merging, 'merge'],
      ] as const) {
        const pod = job.spec!.template.spec!
        expect(pod.restartPolicy, kind).to.be.oneOf(['Never', 'OnFailure'])
        const claim = pod.volumes?.find((v) => v.persistentVolumeClaim)
        expect(claim?.persistentVolumeClaim?.claimName, kind).to.equal(pvc.metadata?.name)
        const mount = containerOf(job).volumeMounts?.find((m) => m.name === claim?.name)
        expect(mount?.mountPath, kind).to.equal(shell.spec?.containers[0]?.volumeMounts?.[0]?.mountPath)
        expect(containerOf(job).image, kind).to.equal(containerOf(grading).image)
        expect(containerOf(job).workingDir, `${kind}: the Dockerfile's WORKDIR`).to.equal(
          /^WORKDIR\s+(\S+)/m.exec(dockerfile)?.[1],
        )
      }
      const script = containerOf(grading).args!.join(' ')
      expect(script).to.include('--shard $((JOB_COMPLETION_INDEX + 1))/$SHARDS')
      expect(script).to.include('--out /class/out/shard-$((JOB_COMPLETION_INDEX + 1))')
    })

    it('runs the exact commands of the shard pods (N = 2) and of the merge on a shared folder', async () => {
      const shared = mkdtempSync(join(tmpdir(), 'parlab-pvc-'))
      cleanup.push(shared)
      const mountPath = containerOf(grading).volumeMounts![0]!.mountPath
      cpSync(theClass.dir, join(shared, 'submissions'), { recursive: true }) // kubectl cp into the shell pod
      const image = checkout() // the image's WORKDIR
      cleanup.push(image)
      const podCommand = (job: Job): [string, string[]] => {
        const container = containerOf(job)
        const argv = [...container.command!, ...(container.args ?? [])].map((part) =>
          part.replaceAll(`${mountPath}/`, `${shared}/`),
        )
        return [argv[0]!, argv.slice(1)]
      }
      const env = (job: Job): Record<string, string> =>
        Object.fromEntries(
          (containerOf(job).env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value]])),
        )
      const n = 2
      const [command, args] = podCommand(grading)
      const pods = await Promise.all(
        Array.from({ length: n }, (_, index) =>
          run(command, args, image, {
            ...env(grading),
            SHARDS: String(n),
            GRADE_FLAGS: flags,
            PARLAB_SECRET: secret,
            JOB_COMPLETION_INDEX: String(index),
          }),
        ),
      )
      pods.forEach((pod, index) => expectRan(pod, `pod ${index} (shard ${index + 1}/${n})`))
      expect(readdirSync(join(shared, 'out')).sort()).to.deep.equal(['shard-1', 'shard-2'])

      const [mergeCommand, mergeArgs] = podCommand(merging)
      expectRan(await run(mergeCommand, mergeArgs, image, env(merging)), 'the merge Job')
      const merged = join(shared, 'reports/class')
      expectWholeClass(gradebook(merged), theClass.students)
      // Two shards here, three in the workflow: the same class gives the same gradebook.
      if (workflowGradebook) expect(gradebook(merged)).to.deep.equal(workflowGradebook)
    })

    it('builds its image from a Dockerfile that parses and lints clean (no Docker engine here)', () => {
      const problems = lintDockerfile(dockerfile).map(
        (d) =>
          `line ${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
      )
      expect(problems).to.deep.equal([])
      // Logical lines: comments dropped, continuations joined.
      const instructions = dockerfile
        .replace(/\\\n/g, ' ')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => ({ keyword: line.split(/\s+/)[0]!, rest: line.slice(line.indexOf(' ') + 1) }))
      const known = [
        'ADD',
        'ARG',
        'CMD',
        'COPY',
        'ENTRYPOINT',
        'ENV',
        'EXPOSE',
        'FROM',
        'HEALTHCHECK',
        'LABEL',
        'MAINTAINER',
        'ONBUILD',
        'RUN',
        'SHELL',
        'STOPSIGNAL',
        'USER',
        'VOLUME',
        'WORKDIR',
      ]
      for (const { keyword } of instructions) expect(known, keyword).to.include(keyword)
      expect(instructions.find((i) => i.keyword !== 'ARG')?.keyword).to.equal('FROM')
      expect(instructions.find((i) => i.keyword === 'FROM')?.rest).to.match(/^node:20\b/)
      const runs = instructions.filter((i) => i.keyword === 'RUN').map((i) => i.rest)
      expect(runs.some((r) => /apt-get install .*\bbubblewrap\b/.test(r))).to.equal(true)
      expect(runs.some((r) => /^npm ci\b/.test(r))).to.equal(true)
      for (const copy of instructions.filter((i) => i.keyword === 'COPY')) {
        const sources = copy.rest
          .split(/\s+/)
          .filter((part) => !part.startsWith('--'))
          .slice(0, -1)
        for (const source of sources) expect(existsSync(join(repo, source)), `COPY ${source}`).to.equal(true)
      }
      const ignored = readFileSync(join(dir, 'Dockerfile.dockerignore'), 'utf8').split('\n')
      for (const entry of ['.git', '**/node_modules', 'reports', 'datasets/.cache'])
        expect(ignored, entry).to.include(entry)
    })
  })
})
