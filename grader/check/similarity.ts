import { transformSync } from 'esbuild'
import { join } from 'node:path'
import ts from 'typescript'
import { listSourceFiles, readSubmissionFile, RefusedFile } from '../util/source-files.js'

const gramLength = 12
// Larger files are left out of the comparison: none of the references comes near, and a huge file (2 MB of nested
// brackets, say) would cost the grader's own thread seconds and a gigabyte in esbuild.
const maxComparedBytes = 256 * 1024

/**
 * The shape of some code: its tokens with every name, number and string replaced by a placeholder, and comments and
 * layout gone, so that renaming, reformatting or minifying does not change it.
 */
function tokenShape(javascript: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, javascript)
  const tokens: string[] = []
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) tokens.push('id')
    else if (kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.BigIntLiteral) tokens.push('num')
    else if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral)
      tokens.push('str')
    else tokens.push(scanner.getTokenText())
  }
  return tokens
}

function grams(tokens: string[]): Set<string> {
  const set = new Set<string>()
  for (let i = 0; i + gramLength <= tokens.length; i++) set.add(tokens.slice(i, i + gramLength).join(' '))
  return set
}

/** JavaScript of a TypeScript file with types gone: the same code compares equal however it was typed. */
function stripTypes(source: string, minify: boolean): string {
  try {
    return transformSync(source, { loader: 'ts', format: 'esm', target: 'es2022', minify }).code
  } catch {
    return source // code that does not compile is compared as written
  }
}

function folderGrams(dir: string, minify: boolean): Set<string> {
  const all = new Set<string>()
  // listSourceFiles never enters a link (the folder itself included); each file is read without following one.
  for (const file of listSourceFiles(dir).filter((f) => /\.(ts|js|mts|mjs)$/.test(f))) {
    let source: string
    try {
      source = readSubmissionFile(join(dir, file), file).toString('utf8')
    } catch (error) {
      if (error instanceof RefusedFile) continue
      throw error
    }
    if (source.length > maxComparedBytes) continue
    for (const gram of grams(tokenShape(stripTypes(source, minify)))) all.add(gram)
  }
  return all
}

const referenceCache = new Map<string, Set<string>[]>()

/**
 * How much of a submission's exercise folder is the reference's code, from 0 to 1: the share of the submission's
 * token 12-grams found in the reference, as written or minified (the student kit ships the references minified).
 */
export function similarityToReference(submissionDir: string, referenceDir: string): number {
  let references = referenceCache.get(referenceDir)
  if (!references) {
    references = [folderGrams(referenceDir, false), folderGrams(referenceDir, true)]
    referenceCache.set(referenceDir, references)
  }
  let best = 0
  for (const minify of [false, true]) {
    const submission = folderGrams(submissionDir, minify)
    if (submission.size === 0) continue
    for (const reference of references) {
      let shared = 0
      for (const gram of submission) if (reference.has(gram)) shared++
      best = Math.max(best, shared / submission.size)
    }
  }
  return best
}
