// The child process that compiles student files with esbuild for build-hosts.ts. esbuild's service is a child of this
// process, so the grader bounds both in time and memory as one process tree, and throws both away after a failure.
import { stop, transform } from 'esbuild'

export interface TransformRequest {
  id: number
  source: string
  /** The student's file, named in source maps and messages. */
  sourcefile: string
  loader: 'ts' | 'js'
}

export type HostMessage =
  | { type: 'ready' }
  | { type: 'compiled'; id: number; code: string }
  /** esbuild's own error: the student's code does not compile. */
  | { type: 'rejected'; id: number; message: string }
  /** esbuild's service died on this file (this host starts a fresh one for the next file). */
  | { type: 'service-died'; id: number; message: string }

interface EsbuildMessage {
  text: string
  location?: { line: number; column: number } | null
}

const send = (message: HostMessage): void => {
  process.send?.(message)
}

async function compile(request: TransformRequest): Promise<HostMessage> {
  try {
    const result = await transform(request.source, {
      loader: request.loader,
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: request.sourcefile,
      logLevel: 'silent',
    })
    return { type: 'compiled', id: request.id, code: result.code }
  } catch (error) {
    const first = (error as { errors?: EsbuildMessage[] }).errors?.[0]
    if (first) {
      const where = `${request.sourcefile}:${first.location?.line ?? 0}:${first.location?.column ?? 0}`
      return { type: 'rejected', id: request.id, message: `${where}: ${first.text}` }
    }
    // "The service was stopped" / "is no longer running": the next call after stop() starts a fresh service.
    await stop()
    return { type: 'service-died', id: request.id, message: (error as Error).message }
  }
}

process.on('message', (request: TransformRequest) => {
  void compile(request).then(send)
})
// The grader is gone (or closed this host): so is this process, and with it esbuild's service.
process.on('disconnect', () => process.exit(0))
send({ type: 'ready' })
