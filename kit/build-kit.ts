// npm run kit -- --out DIR: the student kit (CONTRACT.md §7). Stubs, grader, generators and public checks; the
// references only as a minified bundle for local benchmarks; no readable solutions, no quiz keys, no hidden checks.
import { transform } from 'esbuild'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = fileURLToPath(new URL('../', import.meta.url))

/** Copied as they are (folders whole), apart from what `keep` leaves out. */
const shipped = [
  'package-lock.json',
  // package.json installs the greyscale codec from packages/jpeg, copied into node_modules as .npmrc says.
  '.npmrc',
  'packages',
  'tsconfig.json',
  'eslint.config.js',
  '.prettierrc.json',
  '.prettierignore',
  '.gitignore',
  'grader',
  'datasets/generate.ts',
  'datasets/generators',
  'datasets/fixtures',
  'exercises',
]

function keep(path: string): boolean {
  const rel = relative(root, path)
  if (basename(rel) === 'quiz-key.json') return false // the quiz key stays with the instructor
  return !rel.split('/').some((part) => part === '.cache' || part === 'node_modules')
}

/** The grader's manifests without the hidden checks (they run only in the instructor's grading). */
function stripHiddenChecks(kitDir: string): number {
  let stripped = 0
  for (const id of readdirSync(join(kitDir, 'grader', 'exercises'))) {
    const path = join(kitDir, 'grader', 'exercises', id, 'manifest.json')
    if (!existsSync(path)) continue
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { checks: { visibility: string }[] }
    const visible = manifest.checks.filter((check) => check.visibility !== 'after_published')
    stripped += manifest.checks.length - visible.length
    writeFileSync(path, `${JSON.stringify({ ...manifest, checks: visible }, null, 2)}\n`)
  }
  return stripped
}

/** Every reference source file, minified (names mangled, comments and layout gone) into a .js beside its name. */
async function bundleReferences(kitDir: string): Promise<number> {
  let files = 0
  for (const id of readdirSync(join(root, 'solutions'))) {
    for (const file of readdirSync(join(root, 'solutions', id), { recursive: true }) as string[]) {
      if (!file.endsWith('.ts')) continue // quiz.json holds the right answers: not shipped
      const source = readFileSync(join(root, 'solutions', id, file), 'utf8')
      const { code } = await transform(source, {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        minify: true,
      })
      const out = join(kitDir, 'solutions', id, file.replace(/\.ts$/, '.js'))
      mkdirSync(dirname(out), { recursive: true })
      writeFileSync(out, code)
      files++
    }
  }
  return files
}

/**
 * The grader's exercise modules hold answers in readable form (the luma formula, a complete log parser, the expected
 * values' code): in the kit each is minified into a .js of the same name, which the other modules' `./x.js` imports
 * load as they are. The kit's type check covers the students' exercises only.
 */
async function minifyGraderExercises(kitDir: string): Promise<number> {
  const dir = join(kitDir, 'grader', 'exercises')
  const sources = (readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'))
  for (const file of sources) {
    const path = join(dir, file)
    const { code } = await transform(readFileSync(path, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      minify: true,
    })
    writeFileSync(path.replace(/\.ts$/, '.js'), code)
    rmSync(path)
  }
  const tsconfigPath = join(kitDir, 'tsconfig.json')
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8')) as Record<string, unknown>
  writeFileSync(tsconfigPath, `${JSON.stringify({ ...tsconfig, include: ['exercises'] }, null, 2)}\n`)
  return sources.length
}

function kitPackageJson(kitDir: string): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  const { grade, datasets, typecheck } = pkg.scripts
  writeFileSync(
    join(kitDir, 'package.json'),
    `${JSON.stringify({ ...pkg, scripts: { grade, datasets, typecheck } }, null, 2)}\n`,
  )
}

const readme = `# parlab — student kit

\`\`\`sh
npm ci && npm run grade            # grade your exercises/ on generated sample data
npm run grade -- --only sum --quick
\`\`\`

Fill in the stubs in \`exercises/\` (each folder's README.md says what to write), then open
\`reports/latest/index.html\`. The kit grades the public checks and times your code against the reference
solutions, which it holds only as a compiled bundle (\`solutions/\`).

Local grades are advisory. Your instructor grades every submission again with a secret seed
(\`PARLAB_SECRET\`), hidden checks and the quiz key, none of which are in this kit; that run is the grade. Since the
bundle is runnable code, the class report flags submissions whose code matches the references'.
`

async function main(): Promise<number> {
  let out: string | undefined
  try {
    out = parseArgs({ options: { out: { type: 'string' } }, strict: true }).values.out
  } catch (error) {
    console.error(`parlab kit: ${(error as Error).message.split('\n')[0]}. Usage: npm run kit -- --out DIR`)
    return 2
  }
  if (!out) {
    console.error(
      'parlab kit: --out DIR is required (the folder to write the kit to). Usage: npm run kit -- --out DIR',
    )
    return 2
  }
  const kitDir = resolve(out)
  if (kitDir === root.replace(/\/$/, '') || kitDir.startsWith(root)) {
    console.error(`parlab kit: --out ${out} is inside the project; choose a folder outside it`)
    return 2
  }
  rmSync(kitDir, { recursive: true, force: true })
  for (const item of shipped) cpSync(join(root, item), join(kitDir, item), { recursive: true, filter: keep })
  kitPackageJson(kitDir)
  writeFileSync(join(kitDir, 'README.md'), readme)
  const hidden = stripHiddenChecks(kitDir)
  const references = await bundleReferences(kitDir)
  const graderModules = await minifyGraderExercises(kitDir)
  console.log(
    `student kit in ${kitDir}: ${references} reference files bundled, ${graderModules} grader exercise modules ` +
      `minified, ${hidden} hidden checks left out`,
  )
  return 0
}

process.exitCode = await main()
