/**
 * Promises by key, each computed once: a rejected one is forgotten (the next caller tries again), and beyond `max`
 * entries the oldest is dropped.
 */
export class PromiseCache<T> {
  readonly #entries = new Map<string, Promise<T>>()
  readonly #max: number

  constructor(max = Infinity) {
    this.#max = max
  }

  get(key: string, compute: () => T | Promise<T>): Promise<T> {
    let entry = this.#entries.get(key)
    if (!entry) {
      if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!)
      entry = Promise.resolve().then(compute)
      this.#entries.set(key, entry)
      entry.catch(() => this.#entries.delete(key))
    }
    return entry
  }
}
