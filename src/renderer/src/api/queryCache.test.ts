import { describe, expect, it, vi } from 'vitest'
import { QueryCache, dependsOnAnnotations, invalidateForKnobs, invalidateForPrices, queryKey, resetForDataset } from './queryCache'

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('queryKey', () => {
  it('is the same whatever the key order of the request', () => {
    expect(queryKey('getHealth', { scope: { to: 'b', from: 'a' } })).toBe(queryKey('getHealth', { scope: { from: 'a', to: 'b' } }))
    expect(queryKey('getHealth', { scope: {} })).not.toBe(queryKey('getKnobs', { scope: {} }))
  })
})

describe('QueryCache', () => {
  it('caches values and dedupes requests in flight', async () => {
    const cache = new QueryCache()
    const d = deferred<number>()
    const load = vi.fn(() => d.promise)
    const p1 = cache.fetch('k', load)
    const p2 = cache.fetch('k', load)
    expect(load).toHaveBeenCalledTimes(1)
    d.resolve(42)
    expect(await p1).toBe(42)
    expect(await p2).toBe(42)
    expect(await cache.fetch('k', load)).toBe(42)
    expect(load).toHaveBeenCalledTimes(1)
    expect(cache.peek('k')?.value).toBe(42)
  })

  it('does not cache errors', async () => {
    const cache = new QueryCache()
    await expect(cache.fetch('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(cache.peek('k')).toBeUndefined()
    expect(await cache.fetch('k', () => Promise.resolve('ok'))).toBe('ok')
  })

  it('does not store a response that started before clear()', async () => {
    const cache = new QueryCache()
    const listener = vi.fn()
    cache.subscribe(listener)
    const d = deferred<string>()
    const p = cache.fetch('k', () => d.promise)
    cache.clear()
    expect(listener).toHaveBeenCalledTimes(1)
    expect(cache.generation).toBe(1)
    // a new request after clear() must not join the old one
    const load2 = vi.fn(() => Promise.resolve('new'))
    expect(await cache.fetch('k', load2)).toBe('new')
    d.resolve('old')
    expect(await p).toBe('old')
    expect(cache.peek('k')?.value).toBe('new')
  })

  it('evicts the least recently used entry beyond its size', async () => {
    const cache = new QueryCache(2)
    await cache.fetch('a', async () => 1)
    await cache.fetch('b', async () => 2)
    cache.peek('a')
    await cache.fetch('c', async () => 3)
    expect(cache.size).toBe(2)
    expect(cache.peek('b')).toBeUndefined()
    expect(cache.peek('a')?.value).toBe(1)
  })

  it('invalidates one key', async () => {
    const cache = new QueryCache()
    await cache.fetch('a', async () => 1)
    cache.invalidate('a')
    expect(await cache.fetch('a', async () => 2)).toBe(2)
  })
})

describe('invalidateForKnobs', () => {
  it('clears once per knob set, whether the event or the save comes first', () => {
    const cache = new QueryCache()
    const onClear = vi.fn()
    cache.subscribe(onClear)
    void cache.fetch('k', () => Promise.resolve(1))
    expect(invalidateForKnobs({ SLA_MS: 2600, FAIL_BUDGET: 0.02 }, cache)).toBe(true)
    expect(cache.generation).toBe(1)
    // the same knobs again (the event after the save's own clear, keys in another order): nothing to drop
    expect(invalidateForKnobs({ FAIL_BUDGET: 0.02, SLA_MS: 2600 }, cache)).toBe(false)
    expect(cache.generation).toBe(1)
    expect(invalidateForKnobs({ SLA_MS: 2200, FAIL_BUDGET: 0.02 }, cache)).toBe(true)
    expect(cache.generation).toBe(2)
    expect(onClear).toHaveBeenCalledTimes(2)
  })
})

describe('invalidateForPrices', () => {
  it('clears once per price table, whether the event or the save comes first', () => {
    const cache = new QueryCache()
    const table = { format: 'telemetry-workbench.prices', version: 1, entries: [{ model_provider: null, model_name: 'm', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }] }
    expect(invalidateForPrices(table, cache)).toBe(true)
    expect(invalidateForPrices(JSON.parse(JSON.stringify(table)), cache)).toBe(false)
    expect(cache.generation).toBe(1)
    expect(invalidateForPrices({ ...table, entries: [] }, cache)).toBe(true)
    expect(cache.generation).toBe(2)
  })
})

describe('resetForDataset', () => {
  it('clears once per new dataset id, not again for the same one', () => {
    const cache = new QueryCache()
    expect(resetForDataset(null, cache)).toBe(true) // first sight: whatever is cached is of no known dataset
    void cache.fetch('k', () => Promise.resolve(1))
    expect(resetForDataset(null, cache)).toBe(false)
    const before = cache.generation
    expect(resetForDataset(1, cache)).toBe(true)
    expect(cache.generation).toBe(before + 1)
    expect(resetForDataset(1, cache)).toBe(false)
    expect(cache.generation).toBe(before + 1)
    expect(resetForDataset(2, cache)).toBe(true)
  })
})

describe('QueryCache: invalidated answers', () => {
  it('does not store the answer of a request invalidated while in flight over a newer one', async () => {
    const cache = new QueryCache()
    let resolveOld!: (v: string) => void
    const old = cache.fetch('k', () => new Promise<string>((r) => (resolveOld = r)))
    cache.invalidate('k')
    const fresh = await cache.fetch('k', async () => 'new')
    expect(fresh).toBe('new')
    resolveOld('old')
    expect(await old).toBe('old')
    expect(cache.peek('k')?.value).toBe('new')
  })
})

describe('invalidateWhere', () => {
  it('forgets only matching entries and tells subscribers once', async () => {
    const c = new QueryCache()
    await c.fetch('getHealth {"scope":{"annotation":["open"]}}', async () => 1)
    await c.fetch('getHealth {"scope":{}}', async () => 2)
    await c.fetch('listAnnotations {}', async () => 3)
    let calls = 0
    c.subscribe(() => calls++)
    const gen = c.generation
    c.invalidateWhere(dependsOnAnnotations)
    expect(calls).toBe(1)
    expect(c.generation).toBe(gen + 1)
    expect(c.peek('getHealth {"scope":{}}')?.value).toBe(2)
    expect(c.peek('getHealth {"scope":{"annotation":["open"]}}')).toBeUndefined()
    expect(c.peek('listAnnotations {}')).toBeUndefined()
    c.invalidateWhere(() => false)
    expect(calls).toBe(1)
  })
})
