// .github/workflows/ci.yml cannot run here: it is checked against GitHub's own workflow parser (as the scale-out
// example is), and for what it must do — npm ci, npm test and the demo grading on Linux, macOS and Windows.
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

interface Step {
  uses?: string
  run?: string
  if?: string
  shell?: string
  with?: Record<string, unknown>
}
interface Job {
  'runs-on': string
  strategy: {
    'fail-fast'?: boolean
    matrix: { os: string[]; node: string[]; include?: Record<string, string>[] }
  }
  defaults?: { run?: { shell?: string } }
  steps: Step[]
}

const file = fileURLToPath(new URL('../.github/workflows/ci.yml', import.meta.url))
const text = readFileSync(file, 'utf8')
const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job> }
const job = workflow.jobs.test!
const runs = job.steps.map((step) => step.run?.trim()).filter((run) => run !== undefined)

describe('.github/workflows/ci.yml', () => {
  it("is valid against GitHub's workflow schema", async () => {
    const parsed = parseWorkflow({ name: 'ci.yml', content: text }, new NoOperationTraceWriter())
    expect(parsed.context.errors.getErrors().map((e) => e.message)).to.deep.equal([])
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!)
    expect(template.errors ?? []).to.deep.equal([])
    expect(template.jobs?.map((j) => j.id.value)).to.deep.equal(['test'])
  })

  it('runs on Linux, macOS and Windows with Node 20 (and 22), each to the end', () => {
    expect(workflow.on).to.include.keys('push', 'pull_request')
    expect(job['runs-on']).to.equal('${{ matrix.os }}')
    expect(job.strategy.matrix.os).to.have.members(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    expect(job.strategy.matrix.node).to.deep.equal(['20'])
    expect(job.strategy['fail-fast']).to.equal(false)
    const node = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))
    expect(node?.with?.['node-version']).to.equal('${{ matrix.node }}')
  })

  it('runs npm ci, npm test and npm run grade -- --demo --quick, in that order, in bash', () => {
    const order = ['npm ci', 'npm test', 'npm run grade -- --demo --quick'].map((command) =>
      runs.indexOf(command),
    )
    expect(
      order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!)),
      runs.join(' | '),
    ).to.equal(true)
    expect(job.defaults?.run?.shell).to.equal('bash')
    expect(job.steps.findIndex((step) => step.uses?.startsWith('actions/checkout@'))).to.equal(0)
  })

  it('installs bubblewrap on Linux, and grades from PowerShell on Windows as the README says', () => {
    const linux = job.steps.find((step) => step.if === "runner.os == 'Linux'")
    expect(linux?.run).to.match(/apt-get install .*bubblewrap/)
    const powershell = job.steps.find((step) => step.shell === 'pwsh')
    expect(powershell?.if).to.include("runner.os == 'Windows'")
    expect(powershell?.run).to.equal("npm run grade '--' --demo --only sum --quick")
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
    expect(readme).to.include("npm run grade '--'")
  })
})
