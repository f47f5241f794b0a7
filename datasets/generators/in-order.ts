// Chunks of a data set made one after another, or on a pool of workers and handed over in order: the generators
// write them to their files as they come, so the output is the same however many threads made it.
import { Piscina } from 'piscina'

/** Results of `tasks` on a pool of `threads` workers (the module at `workerFile`), in order, a bounded number in flight. */
export async function* onPoolInOrder<Task, Result>(
  workerFile: URL,
  tasks: readonly Task[],
  threads: number,
): AsyncGenerator<Result> {
  const pool = new Piscina<Task, Result>({
    filename: workerFile.href,
    minThreads: threads,
    maxThreads: threads,
  })
  try {
    const pending: Promise<Result>[] = []
    let next = 0
    const fill = (): void => {
      while (next < tasks.length && pending.length < threads * 2) pending.push(pool.run(tasks[next++]!))
    }
    fill()
    while (pending.length > 0) {
      const result = await pending.shift()!
      fill()
      yield result
    }
  } finally {
    await pool.destroy()
  }
}
