// Builds the zip that Gradescope's "Configure Autograder" page takes, or a student's upload.
//   node gradescope/make-zip.js [--out FILE]
//     the autograder: setup.sh and run_autograder at the root (Gradescope looks for them there) and the grader
//     beside them (package.json, package-lock.json, grader/, solutions/, exercises/, datasets/ generators,
//     gradescope/); never node_modules, reports, datasets/.cache or hidden files. Default out:
//     reports/gradescope/autograder.zip. With PARLAB_SECRET set, the secret goes in as gradescope/parlab-secret;
//     run_autograder reads it and deletes it before any student code runs. --grade-args "FLAGS" (extra flags for
//     `npm run grade`, e.g. "--only sum --quick") and --timeout SECONDS go in as gradescope/settings, which
//     run_autograder reads (Gradescope has no place for environment variables).
//   node gradescope/make-zip.js --submission DIR [--out FILE]
//     a student's upload: DIR (e.g. exercises) zipped as DIR/… (default out: exercises.zip).
// Plain JavaScript on Node's own modules (zlib.crc32 needs Node 20.15 or later); entries are sorted and dated
// 1980-01-01, so the same tree gives the same zip.
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { crc32, deflateRawSync } from 'node:zlib'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** What the autograder needs, relative to the repository; the first group must exist. */
const required = ['package.json', 'package-lock.json', 'grader', 'solutions', 'gradescope/results.js']
const optional = ['tsconfig.json', 'README.md', 'exercises', 'datasets', 'gradescope']
const skippedNames = new Set(['node_modules', 'reports', '__MACOSX'])
/** Written into the zip from the options and the environment, never taken from disk. */
const skippedPaths = new Set(['gradescope/parlab-secret', 'gradescope/settings'])

/** Files under `dir` (relative, POSIX), without hidden entries, links, node_modules or logs. */
function listFiles(root, dir) {
  const here = join(root, dir)
  if (!lstatSync(here).isDirectory()) return [dir]
  const files = []
  for (const name of readdirSync(here).sort()) {
    if (name.startsWith('.') || skippedNames.has(name) || name.endsWith('.log')) continue
    const path = dir ? `${dir}/${name}` : name
    if (skippedPaths.has(path)) continue
    const stat = lstatSync(join(root, path))
    if (stat.isDirectory()) files.push(...listFiles(root, path))
    else if (stat.isFile()) files.push(path)
  }
  return files
}

/** Unix mode of a file: executable when it is executable on disk. */
function modeOf(path) {
  return lstatSync(path).mode & 0o111 ? 0o100755 : 0o100644
}

/**
 * A zip archive (deflate, or stored when that is smaller; UTF-8 names; Unix modes in the external attributes).
 * @param {{ name: string, data: Buffer, mode: number }[]} entries
 */
function zip(entries) {
  const locals = []
  const centrals = []
  let offset = 0
  const dosTime = 0
  const dosDate = (0 << 9) | (1 << 5) | 1 // 1980-01-01
  for (const { name, data, mode } of entries) {
    const deflated = deflateRawSync(data, { level: 9 })
    const stored = deflated.length >= data.length
    const body = stored ? data : deflated
    const crc = crc32(data)
    const fileName = Buffer.from(name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8)
    local.writeUInt16LE(dosTime, 10)
    local.writeUInt16LE(dosDate, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(fileName.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, 2.0
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(stored ? 0 : 8, 10)
    central.writeUInt16LE(dosTime, 12)
    central.writeUInt16LE(dosDate, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(fileName.length, 28)
    central.writeUInt32LE(((mode & 0xffff) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, fileName, body)
    centrals.push(central, fileName)
    offset += local.length + fileName.length + body.length
  }
  const directory = Buffer.concat(centrals)
  if (offset + directory.length > 0xffffffff || entries.length > 0xffff) {
    throw new Error('too large for a zip without zip64: leave the big files out')
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

function entriesFor(root, files, prefix = '') {
  return files.map((file) => ({
    name: prefix + file,
    data: readFileSync(join(root, file)),
    mode: modeOf(join(root, file)),
  }))
}

function autograderEntries({ gradeArgs, timeout }) {
  for (const path of required) {
    if (!existsSync(join(repo, path)))
      throw new Error(`${path} is missing from ${repo}: is this the parlab repository?`)
  }
  const files = [...required, ...optional]
    .filter((path) => existsSync(join(repo, path)))
    .flatMap((path) => listFiles(repo, path))
  const entries = entriesFor(repo, [...new Set(files)])
  for (const script of ['setup.sh', 'run_autograder']) {
    entries.push({ name: script, data: readFileSync(join(repo, 'gradescope', script)), mode: 0o100755 })
  }
  const settings = []
  if (gradeArgs !== undefined) {
    if (/[\n\r]/.test(gradeArgs)) throw new Error('--grade-args must be one line')
    settings.push(`PARLAB_GRADE_ARGS=${gradeArgs}`)
  }
  if (timeout !== undefined) {
    if (!/^[1-9][0-9]*$/.test(timeout)) throw new Error(`--timeout "${timeout}" must be a number of seconds`)
    settings.push(`PARLAB_TIMEOUT=${timeout}`)
  }
  if (settings.length > 0) {
    entries.push({
      name: 'gradescope/settings',
      data: Buffer.from(`${settings.join('\n')}\n`),
      mode: 0o100644,
    })
  }
  const secret = process.env.PARLAB_SECRET
  if (secret) {
    entries.push({ name: 'gradescope/parlab-secret', data: Buffer.from(secret), mode: 0o100600 })
    const fingerprint = createHash('sha256').update(secret).digest('hex').slice(0, 12)
    process.stdout.write(
      `PARLAB_SECRET (fingerprint ${fingerprint}) is in the zip as gradescope/parlab-secret\n`,
    )
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      submission: { type: 'string' },
      'grade-args': { type: 'string' },
      timeout: { type: 'string' },
    },
  })
  let entries
  let out
  if (values.submission !== undefined) {
    const dir = resolve(values.submission)
    if (!existsSync(dir) || !lstatSync(dir).isDirectory())
      throw new Error(`${values.submission}: no such folder`)
    entries = entriesFor(dirname(dir), listFiles(dirname(dir), basename(dir)))
    if (entries.length === 0) throw new Error(`${values.submission} holds no files`)
    out = resolve(values.out ?? 'exercises.zip')
  } else {
    entries = autograderEntries({ gradeArgs: values['grade-args'], timeout: values.timeout })
    out = resolve(values.out ?? join(repo, 'reports', 'gradescope', 'autograder.zip'))
  }
  mkdirSync(dirname(out), { recursive: true })
  const archive = zip(entries)
  writeFileSync(out, archive)
  const size = `${(archive.length / 1024).toFixed(0)} KiB`
  const shown = relative(process.cwd(), out)
  process.stdout.write(`${shown.startsWith('..') ? out : shown}: ${entries.length} files, ${size}\n`)
}

try {
  main(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`gradescope/make-zip.js: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
