// Counts of byte strings (resources, user agents) without making a JavaScript string per line: keys are hashed and
// compared as bytes, kept once in an arena, and decoded to strings only for the report's top lists.

/** A table's contents as plain typed arrays: sent from a worker without a copy (every buffer is transferable). */
export interface KeyTableParts {
  arena: Uint8Array
  offsets: Int32Array
  lengths: Int32Array
  hashes: Int32Array
  counts: Float64Array
  size: number
}

/** A multiplicative hash of bytes [start, end), four bytes per step, with murmur3's finaliser. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = end - start
  let i = start
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(
      h ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)),
      0x01000193,
    )
    h ^= h >>> 15
  }
  for (; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

// A slot is four Int32: the key's offset in the arena + 1 (0: empty), its hash, its length and its count, side by
// side so that a lookup touches one cache line of the table (and the arena when the hashes match).
const OFFSET = 0
const HASH = 1
const LENGTH = 2
const COUNT = 3
const mergeBatch = 256

export class KeyTable {
  #slots: Int32Array
  #mask: number
  #arena: Buffer
  #arenaView: DataView
  #arenaUsed = 0
  #size = 0

  constructor(capacity = 1024) {
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)))
    this.#slots = new Int32Array(slots * 4)
    this.#mask = slots - 1
    this.#arena = Buffer.alloc(capacity * 64)
    this.#arenaView = new DataView(this.#arena.buffer, this.#arena.byteOffset, this.#arena.byteLength)
  }

  get size(): number {
    return this.#size
  }

  /** Adds `count` to the key made of bytes [start, end). */
  add(bytes: Uint8Array, start: number, end: number, count = 1): void {
    this.addHashed(bytes, start, end, hashBytes(bytes, start, end), count)
  }

  #hashes = new Int32Array(0)
  /** What addBatch read ahead, kept so that the engine cannot drop those reads as useless. */
  touched = 0

  /**
   * Adds one to each of `n` keys [starts[k], ends[k]) of `bytes`. A big table lives mostly outside the CPU's caches:
   * touching every key's slot and arena bytes first, in a loop whose loads do not wait on one another, lets the
   * memory system fetch them in parallel instead of one miss after another.
   */
  addBatch(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, n: number): void {
    if (this.#hashes.length < n) this.#hashes = new Int32Array(n)
    const hashes = this.#hashes
    for (let k = 0; k < n; k++) hashes[k] = hashBytes(bytes, starts[k]!, ends[k]!)
    const slots = this.#slots
    const arena = this.#arena
    const mask = this.#mask
    let touched = 0
    for (let k = 0; k < n; k++) {
      const offset = slots[(hashes[k]! & mask) * 4]!
      if (offset !== 0) touched ^= arena[offset - 1]!
    }
    this.touched ^= touched
    for (let k = 0; k < n; k++) this.addHashed(bytes, starts[k]!, ends[k]!, hashes[k]!, 1)
  }

  /** Adds `count` to the key made of bytes [start, end), whose hashBytes is `hash`. */
  addHashed(bytes: Uint8Array, start: number, end: number, hash: number, count: number): void {
    const length = end - start
    const slots = this.#slots
    const mask = this.#mask
    let slot = (hash & mask) * 4
    for (;;) {
      const offset = slots[slot + OFFSET]!
      if (offset === 0) break
      if (
        slots[slot + HASH] === hash &&
        slots[slot + LENGTH] === length &&
        this.#sameBytes(offset - 1, bytes, start, length)
      ) {
        slots[slot + COUNT]! += count
        return
      }
      slot = (slot + 4) & (mask * 4 + 3)
    }
    slots[slot + OFFSET] = this.#store(bytes, start, length) + 1
    slots[slot + HASH] = hash
    slots[slot + LENGTH] = length
    slots[slot + COUNT] = count
    if (++this.#size * 2 > mask) this.#grow()
  }

  #sameBytes(offset: number, bytes: Uint8Array, start: number, length: number): boolean {
    // Four bytes at a time through DataViews (unaligned reads), then the rest one by one.
    const arena = this.#arenaView
    let view = this.#lastView
    if (view === undefined || view.buffer !== bytes.buffer || view.byteOffset !== bytes.byteOffset) {
      view = this.#lastView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }
    let i = 0
    for (; i + 4 <= length; i += 4) if (arena.getInt32(offset + i) !== view.getInt32(start + i)) return false
    for (; i < length; i++) if (this.#arena[offset + i] !== bytes[start + i]) return false
    return true
  }

  #lastView: DataView | undefined

  #store(bytes: Uint8Array, start: number, length: number): number {
    if (this.#arenaUsed + length > this.#arena.length) {
      const arena = Buffer.alloc(Math.max(this.#arena.length * 2, this.#arenaUsed + length))
      this.#arena.copy(arena, 0, 0, this.#arenaUsed)
      this.#arena = arena
      this.#arenaView = new DataView(arena.buffer, arena.byteOffset, arena.byteLength)
    }
    const arena = this.#arena
    const at = this.#arenaUsed
    for (let i = 0; i < length; i++) arena[at + i] = bytes[start + i]!
    this.#arenaUsed += length
    return at
  }

  #grow(): void {
    const old = this.#slots
    const slots = new Int32Array(old.length * 2)
    const mask = slots.length / 4 - 1
    for (let from = 0; from < old.length; from += 4) {
      if (old[from + OFFSET] === 0) continue
      let slot = (old[from + HASH]! & mask) * 4
      while (slots[slot + OFFSET] !== 0) slot = (slot + 4) & (mask * 4 + 3)
      slots.set(old.subarray(from, from + 4), slot)
    }
    this.#slots = slots
    this.#mask = mask
  }

  /** Adds every key of another table (its hashes are reused). */
  merge(other: KeyTable | KeyTableParts): void {
    const parts = other instanceof KeyTable ? other.parts() : other
    if (this.#size === 0 && parts.size > 0) {
      this.#adopt(parts)
      return
    }
    const arena = Buffer.from(parts.arena.buffer, parts.arena.byteOffset, parts.arena.byteLength)
    const { offsets, lengths, hashes, counts } = parts
    // In batches, touching each entry's slot, its bytes here and its bytes there first (as addBatch does).
    for (let base = 0; base < parts.size; base += mergeBatch) {
      const end = Math.min(parts.size, base + mergeBatch)
      const slots = this.#slots
      const own = this.#arena
      const mask = this.#mask
      let touched = 0
      for (let index = base; index < end; index++) {
        touched ^= arena[offsets[index]!]!
        const offset = slots[(hashes[index]! & mask) * 4]!
        if (offset !== 0) touched ^= own[offset - 1]!
      }
      this.touched ^= touched
      for (let index = base; index < end; index++) {
        const offset = offsets[index]!
        this.addHashed(arena, offset, offset + lengths[index]!, hashes[index]!, counts[index]!)
      }
    }
  }

  /**
   * Becomes a table of exactly these entries: their keys are distinct, so each goes to the first free slot without
   * comparing bytes, and the arena is taken as it is (the first partial result of a parallel run costs one pass).
   */
  #adopt(parts: KeyTableParts): void {
    // Room for as many keys again (the next partial result mostly repeats these) before the table must grow.
    const count = 1 << Math.ceil(Math.log2(Math.max(16, parts.size * 4)))
    const slots = new Int32Array(count * 4)
    const mask = count - 1
    for (let index = 0; index < parts.size; index++) {
      const hash = parts.hashes[index]!
      let slot = (hash & mask) * 4
      while (slots[slot + OFFSET] !== 0) slot = (slot + 4) & (mask * 4 + 3)
      slots[slot + OFFSET] = parts.offsets[index]! + 1
      slots[slot + HASH] = hash
      slots[slot + LENGTH] = parts.lengths[index]!
      slots[slot + COUNT] = parts.counts[index]!
    }
    const arena = Buffer.from(parts.arena.buffer, parts.arena.byteOffset, parts.arena.byteLength)
    this.#slots = slots
    this.#mask = mask
    this.#arena = arena
    this.#arenaView = new DataView(arena.buffer, arena.byteOffset, arena.byteLength)
    this.#arenaUsed = arena.byteLength
    this.#size = parts.size
    this.#lastView = undefined
  }

  /** The contents as arrays of entries (copies, so that the table can go on counting or be transferred). */
  parts(): KeyTableParts {
    const size = this.#size
    const parts: KeyTableParts = {
      arena: new Uint8Array(this.#arena.subarray(0, this.#arenaUsed)),
      offsets: new Int32Array(size),
      lengths: new Int32Array(size),
      hashes: new Int32Array(size),
      counts: new Float64Array(size),
      size,
    }
    const slots = this.#slots
    let index = 0
    for (let slot = 0; slot < slots.length; slot += 4) {
      if (slots[slot + OFFSET] === 0) continue
      parts.offsets[index] = slots[slot + OFFSET]! - 1
      parts.hashes[index] = slots[slot + HASH]!
      parts.lengths[index] = slots[slot + LENGTH]!
      parts.counts[index] = slots[slot + COUNT]!
      index++
    }
    return parts
  }
}

/** Every transferable buffer of some parts (for postMessage / piscina). */
export function transferables(parts: KeyTableParts): ArrayBuffer[] {
  return [parts.arena, parts.offsets, parts.lengths, parts.hashes, parts.counts].map(
    (a) => a.buffer as ArrayBuffer,
  )
}
