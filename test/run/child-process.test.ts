import { expect } from 'chai'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SandboxedChild } from '../../grader/run/child-process.js'

describe('a sandboxed child that cannot be started', function () {
  it('is an error of its start, never an exception that takes the grader down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-no-start-'))
    const started = SandboxedChild.start({
      entry: join(dir, 'child-entry.mjs'),
      buildRoot: dir,
      scratchDir: dir,
      readPaths: [],
      memoryMb: 256,
      addons: false,
      wrapper: (_spec, args) => ({ command: join(dir, 'no-such-sandbox'), args }),
    })
    let error: Error | undefined
    await started.catch((e: Error) => (error = e))
    expect(error?.message).to.match(/could not be started: spawn .*no-such-sandbox ENOENT/)
  })
})
