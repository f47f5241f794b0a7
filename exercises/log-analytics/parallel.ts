import type { SecurityOptions, SecurityReport, Sources } from './types.js'

export type { SecurityOptions, SecurityReport, Sources } from './types.js'

/**
 * Map, then reduce, on a piscina pool: cut the sources into batches, turn each batch into a partial aggregate in a
 * worker, merge the partials, and only then compute what needs the whole data set (the 99th percentile, the
 * brute-force windows, the "more than 5 errors" threshold). Default `workers`: os.availableParallelism().
 * The worker file goes beside this one, e.g. `security.worker.ts`.
 */
export function analyzeSecurityParallel(
  sources: Sources,
  options?: SecurityOptions,
): Promise<SecurityReport> {
  void sources
  void options
  return Promise.reject(
    new Error(
      'not implemented yet: analyzeSecurityParallel in exercises/log-analytics/parallel.ts (see exercises/log-analytics/README.md)',
    ),
  )
}
