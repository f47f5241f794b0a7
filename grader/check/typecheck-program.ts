import { existsSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { listSourceFiles } from '../util/source-files.js'

/** The largest source file the type check reads (the build refuses the same files). */
export const maxTypeCheckedFileBytes = 1024 * 1024

const typescriptLib = dirname(ts.getDefaultLibFilePath({}))

// Declaration files of the standard library and the grader's node_modules are the same for every submission: parse
// them once per thread. Only those: a .d.ts of the submission's own (or under a node_modules of its own) is not kept.
const sharedSourceFiles = new Map<string, ts.SourceFile>()

function sizeOf(fileName: string): number | undefined {
  try {
    return statSync(fileName).size
  } catch {
    return undefined
  }
}

/**
 * A host that sees only these folders (the submission, the packages, the standard library): an import of any other
 * file, the grader's quiz key say, finds nothing, so no diagnostic can quote it.
 */
function confine(host: ts.CompilerHost, roots: string[]): void {
  const inside = (path: string): boolean => {
    const absolute = resolve(path)
    return roots.some((root) => absolute === root || absolute.startsWith(root + sep))
  }
  const fileExists = host.fileExists.bind(host)
  const readFile = host.readFile.bind(host)
  const directoryExists = host.directoryExists?.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.fileExists = (fileName) => inside(fileName) && fileExists(fileName)
  host.readFile = (fileName) => (inside(fileName) ? readFile(fileName) : undefined)
  if (directoryExists) host.directoryExists = (dir) => inside(dir) && directoryExists(dir)
  host.getSourceFile = (fileName, ...rest) =>
    inside(fileName) ? getSourceFile(fileName, ...rest) : undefined
}

const realRoots = (paths: string[]): string[] => [
  ...new Set(paths.flatMap((path) => [resolve(path), existsSync(path) ? realpathSync(path) : resolve(path)])),
]

function boundedHost(
  options: ts.CompilerOptions,
  nodeModules: string,
  maxFileBytes: number,
): ts.CompilerHost {
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  const shares = (fileName: string): boolean =>
    fileName.endsWith('.d.ts') &&
    (fileName.startsWith(nodeModules + sep) || fileName.startsWith(typescriptLib + sep))
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!shares(fileName)) {
      // A file too large to check is seen as empty (its importers' errors say so); typeWarnings names it.
      const size = sizeOf(fileName)
      if (size !== undefined && size > maxFileBytes) return ts.createSourceFile(fileName, '', languageVersion)
      return getSourceFile(fileName, languageVersion, onError, shouldCreate)
    }
    let file = sharedSourceFiles.get(fileName)
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate)
      if (file) sharedSourceFiles.set(fileName, file)
    }
    return file
  }
  return host
}

function compilerOptions(nodeModules: string): ts.CompilerOptions {
  return {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts'],
    // ESM semantics wherever the folder lies (NodeNext would treat a .ts outside a "type": "module" package as CJS).
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(nodeModules, '@types')],
    paths: { '*': [join(nodeModules, '*'), join(nodeModules, '@types', '*')] },
  }
}

const kb = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`

/**
 * TypeScript's diagnostics for each exercise folder of a submission, as warnings (they never stop grading). One
 * program checks them all: the checker's set-up (standard library, node types, packages) is paid once per thread.
 * Project packages resolve from the grader's node_modules, wherever the submission lies. A file over `maxFileBytes`
 * is not read: a warning says so. Synchronous and unbounded: the grader runs it in a worker (typecheck.ts).
 */
export function checkTypes(
  exerciseDirs: string[],
  nodeModules: string,
  maxFileBytes = maxTypeCheckedFileBytes,
): string[][] {
  const filesOf = exerciseDirs.map((dir) =>
    existsSync(dir)
      ? listSourceFiles(dir)
          .filter((file) => file.endsWith('.ts'))
          .map((file) => join(dir, file))
      : [],
  )
  const files = filesOf.flat()
  if (files.length === 0) return exerciseDirs.map(() => [])
  const options = compilerOptions(nodeModules)
  const host = boundedHost(options, nodeModules, maxFileBytes)
  confine(host, realRoots([...exerciseDirs.map((dir) => dirname(dir)), nodeModules, typescriptLib]))
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram(files, options, host))
  return exerciseDirs.map((dir, i) => {
    const tooLarge = filesOf[i]!.flatMap((file) => {
      const size = sizeOf(file) ?? 0
      return size > maxFileBytes
        ? [
            `${relative(dirname(dir), file)}: not type-checked: ${kb(size)}, over the ${kb(maxFileBytes)} a source file may have`,
          ]
        : []
    })
    const found = diagnostics
      // A diagnostic without a file (an option problem) is reported once, with the first folder.
      .filter((d) => (d.file === undefined ? i === 0 : filesOf[i]!.includes(d.file.fileName)))
      .slice(0, 20)
      .map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
        if (!d.file || d.start === undefined) return text
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
        return `${relative(dirname(dir), d.file.fileName)}:${line + 1}:${character + 1}: ${text}`
      })
    return [...tooLarge, ...found]
  })
}

/** Parses the standard library and the node types into the shared cache, so that a student's check finds them warm. */
export function warmUp(nodeModules: string): void {
  const options = compilerOptions(nodeModules)
  const program = ts.createProgram([], options, boundedHost(options, nodeModules, maxTypeCheckedFileBytes))
  program.getGlobalDiagnostics()
}
