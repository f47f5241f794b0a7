// New pixels for a benchmark's copy of an image, at no cost to the codec: the quantization tables in the file's
// header are changed (the DC entry of each scaled up, a few low-frequency entries moved by one), so the same
// entropy-coded data decodes to different pixels. The copy is still a valid JPEG with the same decoding cost, but
// no greyscale made before the round (of the data set's images, or of an earlier round's copies) is right for it.
// Runs in the sandboxed child (the round's copies) and in the grader (the expected pixels): no imports.

const startOfScan = 0xda
const defineQuantTables = 0xdb
/** Markers that stand alone, without a length: SOI, EOI, RSTn, TEM. */
const standalone = (marker: number): boolean =>
  marker === 0xd8 || marker === 0xd9 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)

/** The seed of one file of one round's input folder. */
export function fileSeed(roundSeed: number, folder: number, file: number): number {
  let h = Math.imul(roundSeed ^ 0x6a09e667, 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (folder + 1), 0xc2b2ae35) >>> 0
  h = Math.imul(h ^ (file + 1) ^ (h >>> 15), 0x27d4eb2f) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

function stream(seed: number): () => number {
  let x = seed >>> 0 || 0x2545f491
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
}

/** Low-frequency entries (zig-zag order) moved by one, besides the DC entry. */
const movedEntries = [1, 2, 3, 4, 5]

/** A copy of `jpeg` whose quantization tables differ (bytes that are not a JPEG are returned unchanged). */
export function freshJpeg(jpeg: Uint8Array, seed: number): Uint8Array {
  const bytes = Uint8Array.from(jpeg)
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return bytes
  const next = stream(seed)
  let at = 2
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!
    if (marker === 0xff) {
      at++
      continue
    }
    if (standalone(marker)) {
      at += 2
      continue
    }
    if (marker === startOfScan) break
    const end = at + 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!)
    if (marker === defineQuantTables) changeTables(bytes, at + 4, Math.min(end, bytes.length), next)
    at = end
  }
  return bytes
}

function changeTables(bytes: Uint8Array, start: number, end: number, next: () => number): void {
  for (let at = start; at < end;) {
    const wide = bytes[at]! >> 4 === 1
    const entry = (k: number): number => at + 1 + (wide ? 2 * k : k)
    const size = 1 + (wide ? 128 : 64)
    if (at + size > end) return
    const max = wide ? 0xffff : 0xff
    const read = (k: number): number =>
      wide ? (bytes[entry(k)]! << 8) | bytes[entry(k) + 1]! : bytes[entry(k)]!
    const write = (k: number, value: number): void => {
      if (wide) {
        bytes[entry(k)] = value >> 8
        bytes[entry(k) + 1] = value & 0xff
      } else bytes[entry(k)] = value
    }
    // DC: every block's mean moves away from mid-grey by 10–30 % (at least one step).
    const dc = read(0)
    const scaled = Math.max(dc + 1, Math.round(dc * (1.1 + (next() % 21) / 100)))
    write(0, scaled <= max ? scaled : Math.max(1, dc - 1 - (next() % 4)))
    for (const k of movedEntries) {
      const value = read(k) + (next() % 2 === 0 ? 1 : -1)
      write(k, Math.min(max, Math.max(1, value)))
    }
    at += size
  }
}
