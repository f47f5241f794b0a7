// Piscina worker for the full-size log: makes one chunk and moves its bytes back without a copy.
// Loaded through piscina's require() path under tsx, so no top-level await here.
import { Piscina } from 'piscina'
import { generateChunk, type Chunk, type ChunkRequest } from './lines.js'

export default function makeChunk(request: ChunkRequest): Chunk {
  const chunk = generateChunk(request)
  const { bytes } = chunk
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
  // A transferable wrapper (piscina's protocol): the buffer moves, the day list is cloned.
  const movable = {
    [Piscina.transferableSymbol]: [owned.buffer],
    [Piscina.valueSymbol]: { bytes: owned, days: chunk.days },
  }
  return Piscina.move(movable as never) as unknown as Chunk
}
