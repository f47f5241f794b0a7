import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { listSourceFiles } from '../util/source-files.js'

// Declaration files of the standard library and node_modules are the same for every submission: parse them once.
const sharedSourceFiles = new Map<string, ts.SourceFile>()

function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const shared =
      fileName.endsWith('.d.ts') &&
      (fileName.includes('/node_modules/') || fileName.includes('/typescript/lib/'))
    if (!shared) return getSourceFile(fileName, languageVersion, onError, shouldCreate)
    let file = sharedSourceFiles.get(fileName)
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate)
      if (file) sharedSourceFiles.set(fileName, file)
    }
    return file
  }
  return host
}

/**
 * TypeScript's diagnostics for each exercise folder of a submission, as warnings (they never stop grading). One
 * program checks them all: the checker's set-up (standard library, node types, packages) is paid once per student.
 * Project packages resolve from the grader's node_modules, wherever the submission lies.
 */
export function typeWarnings(exerciseDirs: string[], nodeModules: string): string[][] {
  const filesOf = exerciseDirs.map((dir) =>
    existsSync(dir)
      ? listSourceFiles(dir)
          .filter((file) => file.endsWith('.ts'))
          .map((file) => join(dir, file))
      : [],
  )
  const files = filesOf.flat()
  if (files.length === 0) return exerciseDirs.map(() => [])
  const options: ts.CompilerOptions = {
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
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram(files, options, cachingHost(options)))
  return exerciseDirs.map((dir, i) =>
    diagnostics
      // A diagnostic without a file (an option problem) is reported once, with the first folder.
      .filter((d) => (d.file === undefined ? i === 0 : filesOf[i]!.includes(d.file.fileName)))
      .slice(0, 20)
      .map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
        if (!d.file || d.start === undefined) return text
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
        return `${relative(dirname(dir), d.file.fileName)}:${line + 1}:${character + 1}: ${text}`
      }),
  )
}
