// A worker thread that type-checks one submission at a time for typecheck.ts, which bounds it in time and memory.
import { parentPort, workerData } from 'node:worker_threads'
import { checkTypes, warmUp } from './typecheck-program.js'

export interface TypeCheckRequest {
  id: number
  exerciseDirs: string[]
  nodeModules: string
  maxFileBytes: number
}

export type TypeCheckReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; warnings: string[][] }
  | { type: 'failed'; id: number; error: string }

const port = parentPort!
const reply = (message: TypeCheckReply): void => port.postMessage(message)

// The standard library and node types first, outside any student's time.
warmUp((workerData as { nodeModules: string }).nodeModules)
reply({ type: 'ready' })

port.on('message', (request: TypeCheckRequest) => {
  try {
    reply({
      type: 'done',
      id: request.id,
      warnings: checkTypes(request.exerciseDirs, request.nodeModules, request.maxFileBytes),
    })
  } catch (error) {
    reply({
      type: 'failed',
      id: request.id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    })
  }
})
