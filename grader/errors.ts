/** An error in the grader, its config or its input (never in student code, whose failures are data). */
export class GraderError extends Error {
  readonly code: string
  /** The process exit status the CLI uses for this error (CONTRACT.md §3). */
  readonly exitCode: number

  constructor(message: string, code: string, exitCode: number, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.exitCode = exitCode
  }
}

/** A bad grading config file: exit status 2. */
export class ConfigError extends GraderError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_PARLAB_CONFIG', 2, options)
  }
}

/** Bad command-line arguments: exit status 2. */
export class UsageError extends GraderError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_PARLAB_USAGE', 2, options)
  }
}

/** Grading could not run or could not write its reports: exit status 1. */
export class GradingError extends GraderError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_PARLAB_GRADING', 1, options)
  }
}
