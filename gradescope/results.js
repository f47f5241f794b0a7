// The last step of run_autograder: Gradescope's results.json.
//   node gradescope/results.js finish --grader OUT/results.json --out RESULTS/results.json
//     copies the grader's results.json and adds a leaderboard of normalised speed-ups;
//   node gradescope/results.js fail --reason TEXT --out RESULTS/results.json [--log FILE] [--submission DIR]
//                                  [--args "GRADER FLAGS"] [--seconds N] [--source DIR]
//     writes a valid results.json that says why the submission could not be graded (Gradescope shows nothing
//     to the student without one).
// Plain JavaScript on Node's own modules only, so that it still runs when the project's install is broken.
import { createHash } from 'node:crypto'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'

const round = (value) => Math.round(value * 1000) / 1000

/**
 * Gradescope's leaderboard: per exercise and benchmarked strategy, the student's speed relative to the
 * reference's in the same run (reference time / student time: 1 is as fast as the reference, higher is better),
 * and for the strategies that scale, the student's speed-up over their own sequential strategy relative to the
 * reference's (the strategies with a "speed-up over sequential" test). A strategy that failed or timed out in the
 * benchmark gets 0.
 * @param {any} results the grader's results.json
 * @returns {{ name: string, value: number, order: 'desc' }[]}
 */
function leaderboard(results) {
  const entries = []
  for (const bench of results?.extra_data?.benchmarks ?? []) {
    const timings = Array.isArray(bench.timings) ? bench.timings : []
    const strategies = [...new Set(timings.filter((t) => t.origin === 'student').map((t) => t.strategy))]
    for (const strategy of strategies) {
      const ratio = bench.ratioToReference?.[strategy]?.median
      entries.push({
        name: `${bench.exerciseId} › ${strategy} › speed (reference = 1)`,
        value: typeof ratio === 'number' && ratio > 0 ? round(1 / ratio) : 0,
        order: 'desc',
      })
    }
    // Only the strategies graded on their speed-up (the parallel ones) have a test named so.
    const graded = (strategy) =>
      (results.tests ?? []).some(
        (t) => t.name === `${bench.exerciseId} › ${strategy} › speed-up over sequential`,
      )
    for (const strategy of strategies.filter(graded)) {
      const ratio = bench.speedupRatio?.[strategy]?.median
      entries.push({
        name: `${bench.exerciseId} › ${strategy} › speed-up over sequential (reference = 1)`,
        value: typeof ratio === 'number' && ratio > 0 ? round(ratio) : 0,
        order: 'desc',
      })
    }
  }
  return entries
}

/** sha256 over the sorted relative paths and contents of the submission's files (links and dot files left out). */
function hashFolder(dir) {
  const hash = createHash('sha256')
  const walk = (relative) => {
    const here = join(dir, relative)
    for (const name of readdirSync(here).sort()) {
      if (name.startsWith('.')) continue
      const path = join(here, name)
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(join(relative, name))
      else if (stat.isFile())
        hash
          .update(`${join(relative, name)}\0`)
          .update(readFileSync(path))
          .update('\0')
    }
  }
  try {
    if (existsSync(dir) && lstatSync(dir).isDirectory()) walk('')
  } catch {
    // an unreadable submission still gets a results.json
  }
  return hash.digest('hex')
}

function graderVersion(source) {
  try {
    return String(JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version)
  } catch {
    return 'unknown'
  }
}

/**
 * One argument for POSIX shells, as grader/report/shell.ts quotes it: a path with $, quotes or spaces is pasted as
 * written.
 * @param {string} argument
 */
function shellQuote(argument) {
  if (/^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/.test(argument)) return argument
  return `'${argument.replaceAll("'", `'\\''`)}'`
}

function tail(file, lines = 40, chars = 4000) {
  if (!file || !existsSync(file)) return ''
  const text = readFileSync(file, 'utf8')
    .replace(/\r/g, '\n')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n')
  return text.length > chars ? `…${text.slice(-chars)}` : text
}

/**
 * A results.json for a submission that could not be graded: score 0, the reason in the top-level output and in
 * one failed test, and the extra_data the grader's own results carry (it matches grader/report/results.schema.json).
 */
function failureResults({ reason, log, submission, args = '', seconds = 0, source = process.cwd() }) {
  const logTail = tail(log)
  const seedFlag = /(?:^|\s)--seed[=\s]+(\d+)/.exec(args)
  const secret = process.env.PARLAB_SECRET
  const regrade = [
    secret ? 'PARLAB_SECRET="$PARLAB_SECRET" ' : '',
    `npm run grade -- --submission ${shellQuote(submission ?? '/autograder/submission')}`,
    args.trim() ? ` ${args.trim()}` : '',
  ].join('')
  const advice =
    'Upload your exercises/ folder as a zip (or the folders inside it, e.g. sum/), then submit again. ' +
    'If this keeps happening, tell your instructor and include this message.'
  return {
    score: 0,
    execution_time: Math.max(0, Math.round(seconds)),
    output: `The autograder could not grade this submission: ${reason}\n\n${advice}`,
    tests: [
      {
        name: 'submission › all › could be graded',
        score: 0,
        max_score: 0,
        status: 'failed',
        output: logTail ? `${reason}\n\nThe grader's last lines:\n${logTail}` : reason,
        tags: ['submission', 'correctness'],
        visibility: 'visible',
      },
    ],
    extra_data: {
      schemaVersion: 1,
      graderVersion: graderVersion(source),
      seed: seedFlag ? Number(seedFlag[1]) : 1,
      ...(secret
        ? { secretFingerprint: createHash('sha256').update(secret).digest('hex').slice(0, 12) }
        : {}),
      submissionHash: hashFolder(submission ?? ''),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: availableParallelism(),
        loadAverage: loadavg(),
        node: process.version,
      },
      benchmarks: [],
      regradeCommand: regrade,
      failure: reason,
    },
  }
}

/** Writes beside the target and renames, so Gradescope never reads half a file. */
function writeJson(file, value) {
  mkdirSync(dirname(file), { recursive: true })
  const partial = `${file}.partial`
  writeFileSync(partial, `${JSON.stringify(value, null, 2)}\n`)
  renameSync(partial, file)
}

function finish(graderResults, out) {
  const results = JSON.parse(readFileSync(graderResults, 'utf8'))
  if (typeof results?.score !== 'number' || !Array.isArray(results.tests)) {
    throw new Error(`${graderResults} is not a results.json: no score or no tests`)
  }
  const board = leaderboard(results)
  writeJson(out, board.length > 0 ? { ...results, leaderboard: board } : results)
  return results
}

function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      grader: { type: 'string' },
      out: { type: 'string' },
      reason: { type: 'string' },
      log: { type: 'string' },
      submission: { type: 'string' },
      args: { type: 'string' },
      seconds: { type: 'string' },
      source: { type: 'string' },
    },
  })
  const command = positionals[0]
  if (!values.out || (command === 'finish' && !values.grader) || (command === 'fail' && !values.reason)) {
    process.stderr.write(
      'usage: node gradescope/results.js finish --grader FILE --out FILE\n' +
        '       node gradescope/results.js fail --reason TEXT --out FILE [--log FILE] [--submission DIR] ' +
        '[--args FLAGS] [--seconds N] [--source DIR]\n',
    )
    return 2
  }
  if (command === 'finish') {
    const results = finish(resolve(values.grader), resolve(values.out))
    process.stdout.write(`results.json: score ${results.score} → ${values.out}\n`)
    return 0
  }
  if (command === 'fail') {
    writeJson(
      resolve(values.out),
      failureResults({
        reason: values.reason,
        log: values.log,
        submission: values.submission,
        args: values.args,
        seconds: Number(values.seconds ?? 0) || 0,
        source: values.source ?? process.cwd(),
      }),
    )
    process.stdout.write(`results.json: not graded (${values.reason}) → ${values.out}\n`)
    return 0
  }
  process.stderr.write(`unknown command "${command}": use finish or fail\n`)
  return 2
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`gradescope/results.js: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
