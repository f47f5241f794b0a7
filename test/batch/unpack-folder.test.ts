import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeClass } from '../../grader/batch/batch.js'
import { loadGradingConfig } from '../../grader/config.js'
import { sumOnlyOptions } from '../helpers.js'

describe("a batch's folder for unpacked archives", () => {
  it("is named after its process and removed at the end; a killed run's is removed by the next run", async () => {
    const gone = spawnSync('true').pid
    const abandoned = join(tmpdir(), `parlab-class-${gone}-Left01`)
    mkdirSync(abandoned, { recursive: true })
    const classDir = mkdtempSync(join(tmpdir(), 'parlab-unpack-class-'))
    mkdirSync(join(classDir, 'ana')) // empty: unreadable, so nobody is graded and the run is quick
    const result = await gradeClass(
      {
        ...sumOnlyOptions('exercises'),
        outDir: mkdtempSync(join(tmpdir(), 'parlab-unpack-out-')),
        submissionsDir: classDir,
        jobs: 1,
        force: false,
      },
      loadGradingConfig(),
    )
    expect(result.run.students.map((s) => s.status)).to.deep.equal(['unreadable'])
    expect(existsSync(abandoned)).to.equal(false)
    expect(
      readdirSync(tmpdir()).filter((name) => name.startsWith(`parlab-class-${process.pid}-`)),
    ).to.deep.equal([])
  })
})
