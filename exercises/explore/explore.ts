export interface CsvSummary {
  /** The file's base name, e.g. "list_attr_celeba.csv". */
  file: string
  /** Data rows: the header and blank lines are not rows. */
  rows: number
  /** The header's column names. */
  columns: string[]
  /** The first 5 data rows, each keyed by column name (values as written, as strings). */
  head: Record<string, string>[]
}

/**
 * Describe every CSV file directly in `dir` (not in subfolders): its row count, columns and first 5 rows,
 * sorted by file name. Use a real CSV parser (csv-parse is installed): quoted fields may hold commas and newlines.
 */
export function describeCsvFiles(dir: string): Promise<CsvSummary[]> {
  void dir
  return Promise.reject(
    new Error(
      'not implemented yet: describeCsvFiles in exercises/explore/explore.ts (see exercises/explore/README.md)',
    ),
  )
}

/**
 * Count the files below `dir` (recursively) whose extension is one of `extensions`, in any case
 * (default [".jpg", ".jpeg", ".png"]). Skip hidden files and folders; do not follow symbolic links.
 */
export function countFiles(dir: string, options?: { extensions?: string[] }): Promise<number> {
  void dir
  void options
  return Promise.reject(
    new Error(
      'not implemented yet: countFiles in exercises/explore/explore.ts (see exercises/explore/README.md)',
    ),
  )
}
