import type { DataSize } from '../../grader/types.js'

export interface GenerateOptions {
  size: DataSize
  seed: number
  /** An empty folder to fill; it is renamed into the cache only once generation succeeds. */
  dir: string
  onProgress?: (done: number, total: number) => void
}

/** A deterministic data generator: the same size and seed give the same files, byte for byte. */
export interface DatasetGenerator {
  /** What one size holds, for `npm run datasets` and the report (e.g. "2,000 images"). */
  describe(size: DataSize): string
  generate(options: GenerateOptions): Promise<void>
}
