import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultConfigPath, loadGradingConfig } from '../grader/config.js'
import { ConfigError, GraderError, GradingError, UsageError } from '../grader/errors.js'

const shipped = (): Record<string, Record<string, unknown>> =>
  JSON.parse(readFileSync(defaultConfigPath, 'utf8')) as Record<string, Record<string, unknown>>

describe('config', () => {
  let dir: string
  let file: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parlab-config-'))
    file = join(dir, 'config.json')
  })

  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  function loadError(write: (config: ReturnType<typeof shipped>) => unknown): ConfigError {
    writeFileSync(file, JSON.stringify(write(shipped())))
    try {
      loadGradingConfig(file)
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError)
      const configError = error as ConfigError
      expect(configError.message).to.not.include('\n')
      expect(configError.message.startsWith(`${file}: `)).to.equal(true)
      return configError
    }
    throw new Error('expected a ConfigError')
  }

  it('loads the shipped grader/config.json', () => {
    const config = loadGradingConfig()
    expect(config.speed.fullPointsRatio).to.be.below(config.speed.zeroPointsRatio)
    expect(config.rounds.min).to.be.at.most(config.rounds.max)
    expect(config.limits.minBenchTimeoutMs).to.be.a('number')
  })

  it('names the file in the message relative to the working directory when it lies inside it', () => {
    expect(() => loadGradingConfig(defaultConfigPath.replace('config.json', 'no-such-config.json'))).to.throw(
      ConfigError,
      /^grader\/no-such-config\.json: cannot read the config \(ENOENT\)\. Pass an existing file/,
    )
  })

  it('rejects fullPointsRatio below 1, naming the file, the field, the bound and the fix', () => {
    const error = loadError((c) => ((c.speed!.fullPointsRatio = 0.5), c))
    expect(error.message).to.equal(
      `${file}: "speed.fullPointsRatio" must be >= 1 (got 0.5). Fix the value or restore the default.`,
    )
    expect(error).to.include({ code: 'ERR_PARLAB_CONFIG', exitCode: 2 })
  })

  it('suggests the right name for a misspelt key', () => {
    const error = loadError((c) => {
      c.speed!.fullPointRatio = c.speed!.fullPointsRatio
      delete c.speed!.fullPointsRatio
      return c
    })
    expect(error.message).to.equal(
      `${file}: "speed.fullPointRatio" is not a known setting; did you mean "speed.fullPointsRatio"? Rename or remove it.`,
    )
  })

  it('rejects a memory limit for an unknown exercise, and one too small to start Node', () => {
    const unknown = loadError((c) => ((c.limits!.memoryMb = { summ: 512 }), c))
    expect(unknown.message).to.equal(
      `${file}: "limits.memoryMb.summ" is not an exercise; did you mean "sum"? Rename or remove it.`,
    )
    const small = loadError((c) => ((c.limits!.memoryMb = { sum: 64 }), c))
    expect(small.message).to.include('"limits.memoryMb.sum" must be >= 256 (got 64)')
  })

  it('rejects a value of the wrong type', () => {
    const error = loadError((c) => ((c.rounds!.min = '8'), c))
    expect(error.message).to.equal(
      `${file}: "rounds.min" must be an integer (got "8"). Fix the value or restore the default.`,
    )
  })

  it('reports a missing setting', () => {
    const error = loadError((c) => (delete c.limits!.benchTimeoutFactor, c))
    expect(error.message).to.equal(
      `${file}: "limits.benchTimeoutFactor" is missing. Add it or restore the default.`,
    )
  })

  it('checks orderings between fields', () => {
    const error = loadError((c) => ((c.speed!.zeroPointsRatio = 1.2), c))
    expect(error.message).to.equal(
      `${file}: "speed.zeroPointsRatio" must be > speed.fullPointsRatio (got 1.2, against 1.5). Fix the value or restore the default.`,
    )
    expect(loadError((c) => ((c.rounds!.max = 2), c)).message).to.include(
      '"rounds.max" must be >= rounds.min',
    )
  })

  it('reports invalid JSON and keeps the cause', () => {
    writeFileSync(file, '{ "speed": ')
    try {
      loadGradingConfig(file)
      expect.fail('expected a ConfigError')
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError)
      expect((error as ConfigError).message).to.match(/: not valid JSON \(.+\)\. Fix the syntax\.$/)
      expect((error as ConfigError).cause).to.be.instanceOf(SyntaxError)
    }
  })
})

describe('errors', () => {
  it('gives each error a stable code and exit status, and keeps the cause', () => {
    const cause = new Error('underneath')
    const cases = [
      [new ConfigError('c', { cause }), 'ConfigError', 'ERR_PARLAB_CONFIG', 2],
      [new UsageError('u', { cause }), 'UsageError', 'ERR_PARLAB_USAGE', 2],
      [new GradingError('g', { cause }), 'GradingError', 'ERR_PARLAB_GRADING', 1],
    ] as const
    for (const [error, name, code, exitCode] of cases) {
      expect(error).to.be.instanceOf(GraderError)
      expect(error).to.include({ name, code, exitCode, cause })
    }
  })
})
