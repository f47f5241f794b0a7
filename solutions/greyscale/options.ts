export function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`options.${name} must be a positive integer, got ${String(value)}`)
  }
  return value
}
