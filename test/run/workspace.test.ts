import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Workspace } from '../../grader/run/workspace.js'

describe('a workspace', () => {
  it("is named after its process, and removes the workspaces of processes that are gone (a killed run's)", () => {
    const parent = mkdtempSync(join(tmpdir(), 'parlab-workspaces-'))
    const gone = spawnSync('true').pid
    for (const name of [`parlab-${gone}-AbC123`, `parlab-${process.pid}-live01`, 'parlab-OldStyle'])
      mkdirSync(join(parent, name))
    const workspace = new Workspace(parent)
    expect(basename(workspace.root)).to.match(new RegExp(`^parlab-${process.pid}-`))
    expect(readdirSync(parent).sort()).to.deep.equal(
      [basename(workspace.root), `parlab-${process.pid}-live01`, 'parlab-OldStyle'].sort(),
    )
    workspace.remove()
    expect(existsSync(workspace.root)).to.equal(false)
  })
})
