export interface GreyscaleOptions {
  workers?: number
  concurrency?: number
  /** Called once per image, failed ones included: (images done so far, images in total). */
  onProgress?: (done: number, total: number) => void
}

export interface GreyscaleResult {
  /** Images written to outputDir. */
  processed: number
  /** Images that could not be converted, sorted by file name, each with a non-empty reason. */
  failed: { file: string; error: string }[]
}

/**
 * Convert every .jpg/.jpeg image directly in `inputDir` to greyscale (Pillow's luma: toGreyscale from ./luma.js)
 * and write it to `outputDir` under the same name, as a JPEG of the README's quality, with the codec of
 * `@parlab/jpeg` (see the README). Leave the input untouched.
 * Several images in flight at once on one thread (at most `concurrency`, default 2 × workers).
 */
export function greyscaleConcurrent(
  inputDir: string,
  outputDir: string,
  options?: GreyscaleOptions,
): Promise<GreyscaleResult> {
  void inputDir
  void outputDir
  void options
  return Promise.reject(
    new Error(
      'not implemented yet: greyscaleConcurrent in exercises/greyscale/concurrent.ts (see exercises/greyscale/README.md)',
    ),
  )
}
