// Piscina worker for the full size: makes one chunk. Loaded through piscina's require() path under tsx, so no
// top-level await here.
import { makeChunk, type ChunkOutput, type ChunkRequest } from './chunks.js'

export default function makeChunkTask(request: ChunkRequest): ChunkOutput[] {
  return makeChunk(request)
}
