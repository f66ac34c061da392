/** A small result cache keyed by (method, request JSON): dedupes requests in flight, bounds its size, and is cleared when the data behind it changes. */
import { stableStringify } from '../../../shared/stableStringify'

export function queryKey(method: string, req: unknown): string {
  return `${method} ${stableStringify(req ?? {})}`
}

interface Entry {
  value: unknown
}

export class QueryCache {
  private readonly values = new Map<string, Entry>()
  private readonly inFlight = new Map<string, { generation: number; promise: Promise<unknown> }>()
  private readonly listeners = new Set<() => void>()
  private gen = 0

  constructor(private readonly maxEntries = 200) {}

  /** Bumped by clear(); a response started under an older generation is not stored. */
  get generation(): number {
    return this.gen
  }

  /** The cached value, refreshed as most recently used; undefined when absent. */
  peek(key: string): Entry | undefined {
    const e = this.values.get(key)
    if (e) {
      this.values.delete(key)
      this.values.set(key, e)
    }
    return e
  }

  /** Returns the cached value, the request already in flight for this key, or starts `load`. Errors are not cached. */
  fetch<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.peek(key)
    if (hit) return Promise.resolve(hit.value as T)
    const running = this.inFlight.get(key)
    if (running && running.generation === this.gen) return running.promise as Promise<T>
    const generation = this.gen
    const promise = load().then(
      (value) => {
        // an answer to a request that was invalidated meanwhile is stale: it must not overwrite a newer one
        const current = this.inFlight.get(key)?.promise === promise
        if (current) this.inFlight.delete(key)
        if (current && generation === this.gen) this.store(key, value)
        return value
      },
      (err: unknown) => {
        if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key)
        throw err
      }
    )
    this.inFlight.set(key, { generation, promise })
    return promise
  }

  /** Forgets one key (the next fetch loads again). */
  invalidate(key: string): void {
    this.values.delete(key)
    this.inFlight.delete(key)
  }

  /** Forgets the entries whose key matches and tells subscribers: those load again, the others answer from the cache. */
  invalidateWhere(match: (key: string) => boolean): void {
    let any = false
    for (const k of [...this.values.keys()]) if (match(k)) any = this.values.delete(k) || any
    for (const k of [...this.inFlight.keys()]) if (match(k)) any = this.inFlight.delete(k) || any
    if (!any) return
    this.gen++
    for (const l of this.listeners) l()
  }

  /** Forgets everything (the dataset or knobs changed) and tells subscribers to load again. */
  clear(): void {
    this.values.clear()
    this.inFlight.clear()
    this.gen++
    for (const l of this.listeners) l()
  }

  get size(): number {
    return this.values.size
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  private store(key: string, value: unknown): void {
    this.values.delete(key)
    this.values.set(key, { value })
    while (this.values.size > this.maxEntries) {
      const oldest = this.values.keys().next().value as string
      this.values.delete(oldest)
    }
  }
}

/** The renderer's one cache; cleared on datasetChanged, knobsChanged, pricesChanged and engineRestarted. */
export const queryCache = new QueryCache()

/** Per cache, the dataset id it was last cleared for. */
const datasetIds = new WeakMap<QueryCache, number | null>()

/**
 * Clears `cache` when the dataset is not the one it was last cleared for. Called as soon as the
 * dataset is known (start-up, the datasetChanged event, a resync), before any page asks for it,
 * so answers about the previous dataset are never shown and requests are not sent twice.
 */
export function resetForDataset(datasetId: number | null, cache: QueryCache = queryCache): boolean {
  if (datasetIds.has(cache) && datasetIds.get(cache) === datasetId) return false
  datasetIds.set(cache, datasetId)
  cache.clear()
  return true
}

/** Methods whose answers depend on the annotations, besides any request whose scope filters by annotation status. */
const ANNOTATION_METHODS = ['getAnnotations', 'listAnnotations', 'getTriageReview']

/** True for a cached request an annotation change makes stale. */
export function dependsOnAnnotations(key: string): boolean {
  return key.includes('"annotation":') || ANNOTATION_METHODS.some((m) => key.startsWith(`${m} `))
}

/** Per cache, the knob set (as stable JSON) it was last cleared for. */
const knobsKeys = new WeakMap<QueryCache, string>()

/**
 * Clears `cache` when `knobs` differ from the knob set it was last cleared for. Both the knobsChanged
 * event and the knobs panel's successful save call this, so a save clears once whichever comes
 * first, and a lost or late event cannot leave knob-dependent results cached.
 */
export function invalidateForKnobs(knobs: unknown, cache: QueryCache = queryCache): boolean {
  const key = stableStringify(knobs)
  if (knobsKeys.get(cache) === key) return false
  knobsKeys.set(cache, key)
  cache.clear()
  return true
}

/** Per cache, the price table (as stable JSON) it was last cleared for. */
const pricesKeys = new WeakMap<QueryCache, string>()

/** Clears `cache` when the operator's price table differs from the one it was last cleared for (the pricesChanged event and the price editor's save both call this). */
export function invalidateForPrices(table: unknown, cache: QueryCache = queryCache): boolean {
  const key = stableStringify(table)
  if (pricesKeys.get(cache) === key) return false
  pricesKeys.set(cache, key)
  cache.clear()
  return true
}
