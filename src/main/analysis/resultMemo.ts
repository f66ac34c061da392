/** Shares one computation among the requests that need it: a bounded map from a key (analysis, scope, knobs) to the promise of its result. */
import { stableStringify } from '../../shared/stableStringify'

/** Results kept per dataset; a page asks for a handful, so this holds several pages' worth. */
const DEFAULT_CAPACITY = 64

export class ResultMemo {
  private readonly entries = new Map<string, Promise<unknown>>()

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /**
   * The result for `key`, computed once: callers arriving while it runs share the same promise.
   * A failed computation is forgotten so the next caller tries again.
   */
  get<T>(key: readonly unknown[], compute: () => Promise<T>): Promise<T> {
    const k = stableStringify(key)
    const hit = this.entries.get(k)
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(k)
      this.entries.set(k, hit)
      return hit as Promise<T>
    }
    const p = compute()
    this.entries.set(k, p)
    p.catch(() => {
      if (this.entries.get(k) === p) this.entries.delete(k)
    })
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string)
    return p
  }

  /** The promise held for `key`, if any; starts nothing and leaves the order of use as it is. */
  peek<T>(key: readonly unknown[]): Promise<T> | undefined {
    return this.entries.get(stableStringify(key)) as Promise<T> | undefined
  }

  /** Forgets the results whose key (the stable JSON of [analysis, scope, knobs]) matches (e.g. scopes filtered by annotation status after an annotation changed). */
  deleteWhere(match: (key: string) => boolean): void {
    for (const k of [...this.entries.keys()]) if (match(k)) this.entries.delete(k)
  }

  /** Forgets every result (the data behind them changed). */
  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
