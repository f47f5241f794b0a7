import { expect } from 'chai'
import { runChecks } from '../../grader/check/check.js'
import { describeValue, valueLimits, valueProblem } from '../../grader/check/describe.js'
import type { ExerciseDefinition } from '../../grader/exercises/definition.js'
import { toResultsJson, validateResultsJson } from '../../grader/report/results-json.js'
import type { Caller } from '../../grader/types.js'
import { sampleGrade } from '../report/sample-grade.js'

// Values as the grader receives them: through structured clone, like the bytes of the channel from the child.
const received = (value: unknown): unknown => structuredClone(value)

function cyclic(): unknown {
  const value: Record<string, unknown> = { n: 1 }
  value.self = value
  return value
}

function nested(levels: number): unknown {
  let value: unknown = 0
  for (let i = 0; i < levels; i++) value = [value]
  return value
}

/** 2^50 paths once expanded, 51 objects in memory. */
function sharedBomb(): unknown {
  let value: Record<string, unknown> = { leaf: 1 }
  for (let i = 0; i < 50; i++) value = { left: value, right: value }
  return value
}

const sparse = (): unknown => {
  const array: number[] = []
  array[50_000_000 - 1] = 1
  return array
}

const throwing = (): unknown =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('gotcha')
      },
      ownKeys: () => {
        throw new Error('gotcha')
      },
      getPrototypeOf: () => {
        throw new Error('gotcha')
      },
    },
  )

const hostile: [string, () => unknown][] = [
  ['a cyclic object', cyclic],
  [
    'a cyclic array',
    () =>
      received(
        (() => {
          const list: unknown[] = [1]
          list.push({ back: list })
          return list
        })(),
      ),
  ],
  [
    'a Map that holds itself',
    () => {
      const map = new Map<string, unknown>()
      map.set('self', map)
      return map
    },
  ],
  ['a Set', () => new Set([1, 2])],
  ['nested 100,000 levels', () => nested(100_000)],
  ['a shared-subtree bomb', sharedBomb],
  ['a sparse array of 50 million', sparse],
  ['a huge bigint', () => 2n ** 1_000_000n],
  ['a bigint inside', () => ({ total: [1, 2n] })],
  ['a Date', () => new Date(0)],
  ['an Error', () => new RangeError('boom')],
  ['a Proxy that throws', throwing],
  [
    'a getter that throws',
    () => ({
      get x(): number {
        throw new Error('gotcha')
      },
    }),
  ],
]

describe('returned values that plain JSON tools choke on', () => {
  for (const [name, make] of hostile) {
    it(`${name}: described briefly and judged as wrong data, without throwing`, () => {
      const value = make()
      const started = performance.now()
      const problem = valueProblem(value)
      const text = describeValue(value)
      expect(performance.now() - started).to.be.below(2_000)
      expect(problem, name)
        .to.be.a('string')
        .and.match(/^returned /)
      expect(problem!.length).to.be.below(600)
      expect(text.length).to.be.below(300)
    })
  }

  it('says what is wrong in words a student can act on', () => {
    expect(valueProblem(received(cyclic()))).to.equal(
      'returned an object that refers to itself (value.self is the value itself): results are plain data, a tree of objects, arrays, numbers and strings',
    )
    expect(valueProblem({ a: { b: [0, { up: null }] } })).to.equal(undefined)
    const deep: Record<string, unknown> = { a: { b: [0, {}] } }
    ;(deep.a as { b: Record<string, unknown>[] }).b[1]!.up = deep.a
    expect(valueProblem(deep)).to.include('(value.a.b[1].up is value.a)')
    expect(valueProblem(nested(valueLimits.maxDepth + 5))).to.include('nested more than 100 levels deep')
    expect(valueProblem(sharedBomb())).to.include('too large to judge')
    expect(valueProblem(sparse())).to.include('an array of 50,000,000')
    expect(valueProblem(new Map())).to.include('Object.fromEntries')
    expect(valueProblem({ total: [1, 2n] }))
      .to.include('at value.total[1]')
      .and.include('not bigints')
    expect(describeValue(2n ** 1_000_000n)).to.match(/^a bigint \(about 301,03\d digits\)n$/)
    expect(describeValue(received(cyclic()))).to.equal('an object {"n":1,"self":[circular]}')
    expect(describeValue('x'.repeat(1_000_000)))
      .to.have.length.below(200)
      .and.include('1,000,000 characters')
    expect(describeValue(1e300)).to.equal('the number 1e+300')
  })

  it('lets plain data through: objects with a null prototype, typed arrays, holes, shared subtrees', () => {
    const shared = { a: 1 }
    expect(valueProblem(Object.assign(Object.create(null) as object, { a: 1 }))).to.equal(undefined)
    expect(valueProblem(new Uint8Array(50_000_000))).to.equal(undefined)
    const holey: number[] = [1]
    holey[2] = 3
    expect(valueProblem([shared, shared, holey])).to.equal(undefined)
    expect(valueProblem({ processed: 3, failed: [{ file: 'a.jpg', error: 'x' }] })).to.equal(undefined)
  })
})

const visible = { points: 1, visibility: 'visible' as const }

/** One check whose judge (like the exercises' own) stringifies what it is given, on a schema that lets objects in. */
function definition(judge: (received: unknown) => { passed: boolean; message?: string }): ExerciseDefinition {
  return {
    manifest: {
      id: 'greyscale',
      title: 'test',
      entries: {
        sequential: { file: 'sequential.ts', export: 'f' },
        parallel: { file: 'parallel.ts', export: 'g' },
      },
      strategies: ['sequential', 'parallel'],
      checks: [
        { id: 'one', name: 'one', entries: 'all', ...visible },
        { id: 'agree', name: 'agree', entries: 'all', ...visible },
      ],
      limits: { callTimeoutMs: 1000, memoryMb: 512 },
    },
    resultSchemas: { sequential: { type: 'object' }, parallel: { type: 'object' } },
    checks: {
      one: { kind: 'value', args: () => [], expected: () => ({ processed: 1 }), judge },
      agree: { kind: 'agreement', args: () => [], judge: (values) => judge(values) },
    },
  }
}

const returning =
  (make: () => unknown): Caller =>
  () =>
    Promise.resolve({
      outcome: { state: 'returned', value: received(make()), wasPromise: false, durationMs: 1 },
    })

describe('checks on returned values that plain JSON tools choke on', () => {
  const stringifying = (value: unknown) => ({ passed: false, message: `received ${JSON.stringify(value)}` })

  for (const [name, make] of hostile.filter(([n]) => !/Proxy|getter|100,000/.test(n))) {
    it(`${name}: every check fails with the reason, and results.json is written`, async () => {
      const results = await runChecks({
        definition: definition(stringifying),
        call: returning(make),
        seed: 1,
      })
      expect(results.map((r) => r.status)).to.deep.equal(['failed', 'failed', 'failed'])
      for (const r of results) expect(r.message).to.match(/returned /)
      const grade = sampleGrade()
      grade.exercises[0]!.checks = results
      const json = toResultsJson(grade)
      validateResultsJson(json)
      expect(JSON.stringify(json)).to.include('returned ')
    })
  }

  it('a judge that throws on a value fails that check, with the value described, and grading goes on', async () => {
    const results = await runChecks({
      definition: definition(() => {
        throw new TypeError('Cannot read properties of undefined')
      }),
      call: returning(() => ({ processed: 1 })),
      seed: 1,
    })
    expect(results).to.have.length(3)
    expect(results[0]!.status).to.equal('failed')
    expect(results[0]!.message).to.equal(
      'the grader could not judge what was returned (TypeError: Cannot read properties of undefined): returned an object {"processed":1}',
    )
  })

  it('keeps a message that quotes a huge value to a bounded length', async () => {
    const results = await runChecks({
      definition: definition(stringifying),
      call: returning(() => ({ processed: 'x'.repeat(1_000_000) })),
      seed: 1,
    })
    expect(results).to.have.length(3)
    for (const r of results) expect(r.message!.length).to.be.below(10_000)
  })
})
