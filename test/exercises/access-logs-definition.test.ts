import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeAccessLogs } from '../../datasets/generators/access-logs.js'
import { accessLogsRound } from '../../grader/exercises/access-logs/bench-round.js'
import { logFiles, type InputFile } from '../../grader/exercises/access-logs/check-inputs.js'
import { reportOf } from '../../grader/exercises/access-logs/counts.js'
import { accessLogsDefinition } from '../../grader/exercises/access-logs/definition.js'
import {
  buildCheckFiles,
  buildSampleFiles,
  prepareAccessLogsRound,
  type CheckFilesParams,
} from '../../grader/exercises/access-logs/inputs.js'
import { judgeReport } from '../../grader/exercises/access-logs/judge.js'
import { courseRegex, linesOf, parseLine } from '../../grader/exercises/access-logs/oracle.js'
import type { AccessLogsRoundParams } from '../../grader/exercises/access-logs/samples.js'
import type { CheckContext, JudgeContext, ValueCheck } from '../../grader/exercises/definition.js'
import { analyzeLogsSequential } from '../../solutions/access-logs/sequential.js'
import type { LogReport } from '../../solutions/access-logs/types.js'
import { inFolder } from '../helpers.js'

describe('the access-logs grader definition', function () {
  this.timeout(60_000)
  const root = mkdtempSync(join(tmpdir(), 'parlab-logs-definition-'))
  const dataDir = join(root, 'tiny')
  const scratch = join(root, 'scratch')
  before(async () => {
    mkdirSync(scratch)
    await writeAccessLogs({ lines: 20_000, seed: 11, dir: dataDir })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  const ctx = (entry: string): CheckContext => ({ entry, seed: 5, dataDir })
  const valueChecks = Object.entries(accessLogsDefinition.checks).filter(
    (entry): entry is [string, ValueCheck] => entry[1].kind === 'value',
  )

  it('has an implementation for every check of the manifest', () => {
    expect(Object.keys(accessLogsDefinition.checks).sort()).to.deep.equal(
      accessLogsDefinition.manifest.checks.map((check) => check.id).sort(),
    )
  })

  it('expects for each check what the oracle reads in the files the child is given', async () => {
    for (const [id, check] of valueChecks) {
      const args = check.args(ctx('sequential'))
      const files = await inFolder(scratch, () => {
        return buildCheckFiles(
          args[0]!.kind === 'input' ? (args[0]!.params as CheckFilesParams) : { dir: id, files: [] },
        )
      })
      const options = args[1]?.kind === 'value' ? (args[1].value as { top?: number }) : {}
      const lines = files.flatMap((path) => linesOf({ name: path, bytes: readFileSync(path) }))
      const oracle = reportOf(
        lines.length,
        lines.map(parseLine).filter((line) => line !== undefined),
        options.top ?? 5,
      )
      expect(await check.expected(ctx('sequential')), id).to.deep.equal(oracle)
    }
  })

  it("recognises the course's regex and says which lines it kept", async () => {
    const check = accessLogsDefinition.checks['real-lines'] as ValueCheck
    const files: InputFile[] = [{ kind: 'fixture', name: 'zanbil-22.log' }]
    const lines = linesOf(logFiles(files, dataDir)[0]!)
    const kept = lines.filter((line) => courseRegex.test(line)).map((line) => parseLine(line)!)
    const received = reportOf(lines.length, kept)
    const expected = (await check.expected(ctx('parallel'))) as LogReport
    const judgeCtx: JudgeContext = { ...ctx('parallel'), scratchDir: scratch, progressCalls: 0 }
    const judgement = await check.judge(received, expected, judgeCtx)
    expect(judgement.passed).to.equal(false)
    expect(judgement.message).to.include('parsedLines: expected 22, received 11')
    expect(judgement.hint).to.include('Only the 11 of 22 lines whose referer is "-" were counted')
    expect((await check.judge(expected, expected, judgeCtx)).passed).to.equal(true)
  })

  it('names the hour-key mix-up without needing any file', () => {
    const expected = reportOf(1, [
      { resource: '/', agent: 'a', status: '200', hour: '03', dateHour: '2019-01-22 03' },
    ])
    const swapped = { ...expected, requestsPerHour: { '2019-01-22 03': 1 }, requestsPerDateHour: { '03': 1 } }
    const judgement = judgeReport(swapped, expected, { files: [], top: 5, entry: 'sequential' })
    expect(judgement.hint).to.include('The two hour keys are mixed up')
  })

  it('gives only the hint that explains the difference (a dropped last line is not a CRLF problem)', () => {
    const files = logFiles(
      ['crlf.log', 'empty.log', 'blank-lines.log', 'no-final-newline.log'].map((name) => ({
        kind: 'fixture',
        name,
      })),
      dataDir,
    )
    const all = files.flatMap((file) => linesOf(file))
    const lastLines = files
      .filter((file) => file.bytes.length > 0 && file.bytes[file.bytes.length - 1] !== 0x0a)
      .map((file) => linesOf(file).at(-1))
    const kept = all.filter((line) => !lastLines.includes(line))
    const parsedOf = (lines: string[]) => lines.map(parseLine).filter((line) => line !== undefined)
    const expected = reportOf(all.length, parsedOf(all))
    const judgement = judgeReport(reportOf(kept.length, parsedOf(kept)), expected, {
      files,
      top: 5,
      entry: 'sequential',
    })
    expect(judgement.hint).to.equal(
      'A last line without a final newline was not counted (crlf.log, no-final-newline.log): it is a line all the same.',
    )
  })

  it('cuts blocks of a data file whose last line has no newline, and verifies samples of it', async () => {
    const dir = join(root, 'no-final-newline')
    mkdirSync(dir)
    const text = readFileSync(join(dataDir, 'access.log'), 'latin1').split('\n').slice(0, 1_000).join('\n')
    writeFileSync(join(dir, 'access.log'), text, 'latin1')
    const round = accessLogsRound(7, 'tiny', dir)
    const params = round.prepare.params as AccessLogsRoundParams
    expect(params.ranges).to.deep.equal([
      params.ranges[0],
      params.ranges[1],
      params.ranges[1],
      Buffer.byteLength(text, 'latin1'),
    ])
    const store = new Map<string, unknown>()
    await inFolder(scratch, () => prepareAccessLogsRound({ ...params, prewritten: 1 }, store))
    const [path] = await inFolder(scratch, () => buildSampleFiles({ sample: 0, call: 0 }, store))
    const report = await analyzeLogsSequential([path!])
    expect(report.totalLines).to.equal(1_000)
    expect(round.verify(0, 0, report, scratch)).to.equal(undefined)
  })

  describe('benchmark rounds', () => {
    const store = new Map<string, unknown>()
    let round: ReturnType<typeof accessLogsRound>
    let params: AccessLogsRoundParams
    before(() => {
      round = accessLogsRound(0xbeef, 'tiny', dataDir)
      params = round.prepare.params as AccessLogsRoundParams
    })

    it('cuts 40 blocks of 500 lines from the tiny set, and samples 36 of them', () => {
      expect(params.ranges).to.have.length(80)
      expect(params.blocksPerSample).to.equal(36)
      expect(accessLogsDefinition.bench!.itemsPerCall('tiny')).to.equal(18_000)
    })

    it('gives each strategy a file of its own (same lines, other order), and verifies the right report', async () => {
      await inFolder(scratch, () => prepareAccessLogsRound(params, store))
      for (const sample of [0, 1, 7]) {
        const paths = await inFolder(scratch, () =>
          [0, 1, 2].map(() => buildSampleFiles({ sample, call: 0 }, store)[0]!),
        )
        expect(new Set(paths).size).to.equal(3)
        const contents = paths.map((path) => readFileSync(path))
        expect(contents[0]!.equals(contents[1]!)).to.equal(false)
        const sorted = contents.map((bytes) => bytes.toString('latin1').split('\n').sort().join('\n'))
        expect(sorted[1]).to.equal(sorted[0])
        for (const path of paths) {
          const report = await analyzeLogsSequential([path])
          expect(report.totalLines).to.equal(18_000)
          expect(round.verify(sample, 0, report, scratch)).to.equal(undefined)
        }
      }
      const report = await analyzeLogsSequential([
        await inFolder(scratch, () => buildSampleFiles({ sample: 2, call: 0 }, store)[0]!),
      ])
      expect(round.verify(2, 0, { ...report, parsedLines: report.parsedLines - 1 }, scratch)).to.include(
        'parsedLines',
      )
      expect(round.verify(3, 0, report, scratch)).to.be.a('string')
    })

    it('gives another round other samples', () => {
      const other = accessLogsRound(0xbeef + 1, 'tiny', dataDir)
      const a = accessLogsRound(0xbeef, 'tiny', dataDir)
      expect(other.verify(0, 0, undefined, scratch)).to.be.a('string')
      expect(JSON.stringify(a.prepare.params)).to.not.equal(JSON.stringify(other.prepare.params))
    })
  })
})
