import { expect } from 'chai'
import { cpSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cachedDataset } from '../../grader/prepare/prepare.js'
import { validateResultsJson } from '../../grader/report/results-json.js'
import { expectDemoVerdicts, maxScore, runGrade, testNamed, type GradeRun } from './run-grade.js'

const fixtures = 'test/fixtures/submissions'
const grade = (fixture: string, exercise: string): GradeRun =>
  runGrade(['--submission', join(fixtures, fixture), '--only', exercise, '--no-bench'])

function expectFailure(run: GradeRun, name: string, ...fragments: string[]): void {
  const test = testNamed(run, name)
  expect(test.status, `${name}: ${test.output}`).to.equal('failed')
  for (const fragment of fragments) expect(test.output, name).to.include(fragment)
}

describe('npm run grade on the explore and greyscale exercises', function () {
  this.timeout(240_000)

  it('gives the untouched stubs 0 points, "not implemented yet" on every code check', function () {
    const run = runGrade(['--only', 'explore,greyscale', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    expect(run.results!.score).to.equal(0)
    const code = run.results!.tests.filter((t) => t.name.split(' › ')[1] !== 'all')
    expect(code.length).to.equal(10 + 1 + 9 * 3)
    for (const test of code) expect(test.output, test.name).to.include('not implemented yet')
  })

  it('gives the reference solutions (--demo) full marks', function () {
    const run = runGrade(['--demo', '--only', 'explore,greyscale', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    const failed = run
      .results!.tests.filter((t) => t.status === 'failed')
      .map((t) => `${t.name}: ${t.output}`)
    expect(failed).to.deep.equal([])
    expect(run.results!.score).to.equal(maxScore(run))
  })

  it('benchmarks on a real CelebA folder given by path, and says so in the report and its regrade command', async function () {
    const real = join(mkdtempSync(join(tmpdir(), 'parlab-celeba-')), 'celeba')
    cpSync(await cachedDataset('greyscale', 'tiny', 3), real, { recursive: true })
    const run = runGrade(['--demo', '--only', 'greyscale', '--quick', '--data', `greyscale=${real}`])
    expect(run.status, run.stderr).to.equal(0)
    expect(run.results!.score).to.equal(maxScore(run))
    expect(readFileSync(join(run.outDir, 'index.html'), 'utf8')).to.include(
      `benchmark on real data at ${real}/`,
    )
    expect(run.results!.extra_data.regradeCommand).to.include(`--data greyscale=${real}`)
  })

  it('refuses --data for an exercise without a benchmark rather than ignore it', function () {
    const run = runGrade(['--demo', '--only', 'explore', '--data', `explore=${tmpdir()}`])
    expect(run.status).to.equal(2)
    expect(run.stderr).to.include('--data explore=…: the explore exercise has no benchmark')
  })

  it("names the course's own mistake: the file name's length printed as the row count", function () {
    const run = grade('explore-name-length', 'explore')
    expectFailure(
      run,
      'explore › describe-csv-files › the four CelebA CSVs: names, row counts, columns and first 5 rows',
      'list_attr_celeba.csv: rows expected 40, received 20',
      'the length of its name',
    )
    expect(
      testNamed(run, "explore › count-files › counts the data set's images, two folders down").status,
    ).to.equal('passed')
  })

  it('catches a CSV split by hand: quoted newlines, the BOM and CRLF', function () {
    const run = grade('explore-naive-csv', 'explore')
    expectFailure(
      run,
      'explore › describe-csv-files › quoted fields holding commas, quotes and newlines',
      'reviews.csv',
    )
    expectFailure(
      run,
      'explore › describe-csv-files › CRLF line endings and a UTF-8 byte-order mark',
      'byte-order mark',
    )
  })

  it('says when hidden files were counted', function () {
    const run = grade('explore-counts-hidden', 'explore')
    expectFailure(
      run,
      'explore › count-files › nested folders; hidden files and folders skipped; extensions in any case',
      'expected 8 files, received 11',
      'Hidden files and folders',
    )
  })

  it("recognises sharp's greyscale() and says why it is not Pillow's luma", function () {
    const run = grade('greyscale-sharp-greyscale', 'greyscale')
    expectFailure(
      run,
      'greyscale › sequential › pixels within tolerance of the exact 601-2 luma, without bias',
      "match sharp's greyscale()",
      'gamma-aware Rec.709',
    )
    expect(
      testNamed(run, 'greyscale › sequential › every image of the data set: same name, same size, greyscale')
        .status,
    ).to.equal('passed')
  })

  it('names plain round(0.299 R + 0.587 G + 0.114 B)', function () {
    const run = grade('greyscale-plain-round', 'greyscale')
    expectFailure(
      run,
      'greyscale › luma › toGreyscale is exact on a grid of colours spanning the RGB cube',
      'is not what Pillow computes',
    )
    expect(
      testNamed(run, 'greyscale › sequential › pixels within tolerance of the exact 601-2 luma, without bias')
        .status,
    ).to.equal('passed')
  })

  const corrupt =
    'greyscale › sequential › corrupt files (truncated, not a JPEG, empty) reported in failed; the rest converted'

  it('says when corrupt files are skipped silently', function () {
    expectFailure(grade('greyscale-skips-corrupt', 'greyscale'), corrupt, 'skipped silently')
  })

  it('fails the corrupt-file check when the first corrupt file aborts the run', function () {
    expectFailure(grade('greyscale-aborts-on-corrupt', 'greyscale'), corrupt, 'threw Error')
  })

  it('says when outputs are written into the input folder', function () {
    const run = grade('greyscale-writes-into-input', 'greyscale')
    expectFailure(
      run,
      'greyscale › sequential › the input folder is left byte for byte as it was',
      'the input folder changed',
      'written into the input folder',
    )
    expectFailure(
      run,
      'greyscale › sequential › every image of the data set: same name, same size, greyscale',
      'read-only',
    )
  })

  it('says when the last image is dropped', function () {
    expectFailure(
      grade('greyscale-drops-last', 'greyscale'),
      'greyscale › sequential › every image of the data set: same name, same size, greyscale',
      'missing from the output folder: 000040.jpg',
      'off-by-one',
    )
  })

  it('says when onProgress is never called', function () {
    expectFailure(
      grade('greyscale-no-progress', 'greyscale'),
      'greyscale › sequential › onProgress called once per image, failed ones included',
      'never called',
    )
  })

  it('gives --demo full marks but for speed with benchmarks (--quick), every speed test with a verdict', function () {
    expectDemoVerdicts('explore,greyscale', 'greyscale')
  })
})
