import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  discoverSubmission,
  exercisesRoot,
  validateExerciseManifest,
} from '../../grader/discover/discover.js'
import { definitionOf } from '../../grader/exercises/index.js'
import { sumDefinition } from '../../grader/exercises/sum/definition.js'

describe('discover', () => {
  it('accepts a folder that holds exercises/ as well as one shaped like it', () => {
    const root = mkdtempSync(join(tmpdir(), 'parlab-disc-'))
    mkdirSync(join(root, 'exercises', 'sum'), { recursive: true })
    expect(exercisesRoot(root)).to.equal(join(root, 'exercises'))
    expect(exercisesRoot(join(root, 'exercises'))).to.equal(join(root, 'exercises'))
  })

  it('lists missing strategy files from the grader manifest and hashes what is there', () => {
    const root = mkdtempSync(join(tmpdir(), 'parlab-disc-'))
    mkdirSync(join(root, 'sum'))
    writeFileSync(join(root, 'sum', 'sequential.ts'), 'export const x = 1\n')
    const first = discoverSubmission(root, ['sum'], definitionOf, 'student')
    expect(first.exercises[0]!.missingFiles).to.deep.equal(['parallel', 'concurrent'])
    writeFileSync(join(root, 'sum', 'sequential.ts'), 'export const x = 2\n')
    expect(discoverSubmission(root, ['sum'], definitionOf, 'student').hash).to.not.equal(first.hash)
  })

  it('names the file, the field and the fix for a broken manifest', () => {
    const broken = { ...sumDefinition.manifest, strategies: ['paralel'] }
    expect(() => validateExerciseManifest(broken, 'grader/exercises/sum/manifest.json')).to.throw(
      /grader\/exercises\/sum\/manifest\.json: "\/strategies\/0" must be equal to one of the allowed values \(allowed: sequential,parallel,concurrent\)/,
    )
  })

  it('says how to fix a submission folder that does not exist', () => {
    expect(() => exercisesRoot('/no/such/folder')).to.throw(
      /no such folder\. Pass a folder shaped like exercises/,
    )
  })
})
