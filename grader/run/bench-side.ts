import type { ArgSpec, BenchSide, Origin } from '../types.js'
import { describeOutcomeBriefly } from './brief.js'
import type { SandboxedChild } from './child-process.js'
import { toOutcome, type IsolatedExercise } from './run-isolated.js'

/** A benchmark side backed by its own sandboxed child, separate from the one that ran the checks. */
export function createBenchSide(origin: Origin, exercise: IsolatedExercise): BenchSide {
  let child: SandboxedChild | undefined
  return {
    origin,
    unavailable: (entry) => exercise.unavailable(entry),
    async start() {
      await child?.close()
      child = await exercise.startChild()
    },
    async prepare(name, params, timeoutMs) {
      if (!child?.alive) return 'the process is not running'
      const reply = await child.request({ type: 'prepare', name, params }, timeoutMs)
      return reply.type === 'prepared'
        ? undefined
        : describeOutcomeBriefly(toOutcome(reply, child.stderrTail))
    },
    async batch(entry: string, calls: ArgSpec[][], timeoutMs: number) {
      if (!child?.alive) return { failure: 'the process is not running' }
      const reply = await child.request({ type: 'batch', ...exercise.target(entry), calls }, timeoutMs)
      if (reply.type === 'batch-done') return { values: reply.values }
      return { failure: describeOutcomeBriefly(toOutcome(reply, child.stderrTail)) }
    },
    alive: () => child?.alive ?? false,
    pause: () => child?.pause(),
    resume: () => child?.resume(),
    cpuMs: () => child?.cpuMs() ?? 0,
    scratchDir: () => child?.scratchDir ?? '',
    close: async () => child?.close(),
  }
}
