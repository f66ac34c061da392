import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMPTY_PRICE_TABLE, priceKey } from '../../shared/economics'
import { createEngine, type Engine } from '../engine/engine'
import { effectivePrices, estimateFromSums, fitQuality, priceEstimates, solvePrices, type FitSums } from './prices'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'

/** Sums of (prompt, completion, cost) triples. */
function sums(rows: [number, number, number][]): FitSums {
  const s = { n: rows.length, spp: 0, spc: 0, scc: 0, spy: 0, scy: 0, sy: 0, syy: 0 }
  for (const [p, c, y] of rows) {
    s.spp += p * p
    s.spc += p * c
    s.scc += c * c
    s.spy += p * y
    s.scy += c * y
    s.sy += y
    s.syy += y * y
  }
  return s
}

describe('price fit (pure)', () => {
  it('recovers exact prices: (1,0)->2, (0,1)->3, (1,1)->5 gives 2 and 3 per token', () => {
    // normal equations: [2 1; 1 2] [a b] = [7 8] -> a = (14 - 8) / 3 = 2, b = (16 - 7) / 3 = 3
    expect(solvePrices(sums([[1, 0, 2], [0, 1, 3], [1, 1, 5]]))).toEqual({ a: 2, b: 3, method: 'two_rates', note: null })
  })

  it('measures the fit: residuals -1/3, -1/3, +1/3 give R^2 = 7/8', () => {
    const s = sums([[1, 0, 1], [0, 1, 1], [1, 1, 3]])
    const c = solvePrices(s)!
    expect(c.a).toBeCloseTo(4 / 3, 14)
    expect(c.b).toBeCloseTo(4 / 3, 14)
    // SSE 1/3, SST 11 - 25/3 = 8/3; RMSE sqrt(1/9) over the mean 5/3 = 0.2
    const q = fitQuality(s, c.a, c.b)
    expect(q.r2).toBeCloseTo(7 / 8, 12)
    expect(q.rel_rmse).toBeCloseTo(0.2, 12)
    expect(q.quality).toBe('insufficient')
  })

  it('blends one rate when prompt and completion are collinear: c = 2p', () => {
    // t = 3p: (3, 5), (6, 10) -> r = (15 + 60) / (9 + 36) = 5/3
    const c = solvePrices(sums([[1, 2, 5], [2, 4, 10]]))!
    expect(c.method).toBe('blended')
    expect(c.a).toBeCloseTo(5 / 3, 14)
    expect(c.b).toBe(c.a)
    expect(c.note).toContain('fixed ratio')
    expect(solvePrices(sums([[0, 3, 6], [0, 1, 2]]))!.note).toContain('no prompt tokens')
  })

  it('constrains a negative price to 0, keeping the better one-rate fit', () => {
    // two-rate solution b = -3.5/11 < 0; prompt only: a = 5.5/6 (SSE 0.208) beats completion only (SSE 2.58)
    const c = solvePrices(sums([[1, 1, 1], [2, 1, 2], [1, 2, 0.5]]))!
    expect(c.method).toBe('prompt_only')
    expect(c.a).toBeCloseTo(11 / 12, 14)
    expect(c.b).toBe(0)
  })

  it('gives no estimate without tokens or rows; all-zero cost is a price of 0', () => {
    expect(solvePrices(sums([]))).toBeNull()
    expect(solvePrices(sums([[0, 0, 1]]))).toBeNull()
    const free = estimateFromSums(sums(Array.from({ length: 12 }, (_, i) => [i, 2 * i + 1, 0] as [number, number, number])), 0)!
    expect([free.usd_per_1m_prompt, free.usd_per_1m_completion, free.r2, free.quality]).toEqual([0, 0, null, 'exact'])
  })
})

// m-exact: cost = (p * 2.5 + c * 10) / 1e6 on 60 rows, plus 3 rows at 100x (typos) -> trimmed
// m-ratio: completion = 2 * prompt always -> blended
// m-nocost: tokens but no cost -> no estimate
function exactRows(): FixtureRow[] {
  const rows: FixtureRow[] = []
  for (let i = 0; i < 60; i++) {
    const p = 100 + ((i * 37) % 400)
    const c = 50 + ((i * 53) % 300)
    rows.push({ model_provider: 'p', model_name: 'm-exact', prompt_tokens: p, completion_tokens: c, cost_usd: (p * 2.5 + c * 10) / 1e6 })
  }
  for (let i = 0; i < 3; i++) rows.push({ model_provider: 'p', model_name: 'm-exact', prompt_tokens: 200, completion_tokens: 100, cost_usd: (100 * (200 * 2.5 + 100 * 10)) / 1e6 })
  for (let i = 0; i < 20; i++) rows.push({ model_provider: null, model_name: 'm-ratio', prompt_tokens: 10 + i, completion_tokens: 2 * (10 + i), cost_usd: (3 * (10 + i) * 0.5) / 1e6 })
  rows.push({ model_provider: 'q', model_name: 'm-nocost', prompt_tokens: 10, completion_tokens: 10, cost_usd: null })
  return rows
}

describe.each(ENGINE_KINDS)('price estimates on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, exactRows())
  })
  afterAll(async () => engine.close())

  it('recovers planted prices, leaving out the outliers, and labels the fit', async () => {
    const { models, estimates } = await priceEstimates(fixtureContext(engine))
    expect(models.map((m) => [m.model_name, m.requests])).toEqual([
      ['m-exact', 63],
      ['m-ratio', 20],
      ['m-nocost', 1]
    ])
    const e = estimates.get(priceKey({ model_provider: 'p', model_name: 'm-exact' }))!
    expect(e.rows).toBe(63)
    expect(e.rows_trimmed).toBe(3)
    expect(e.usd_per_1m_prompt).toBeCloseTo(2.5, 9)
    expect(e.usd_per_1m_completion).toBeCloseTo(10, 9)
    expect(e.quality).toBe('exact')
    expect(e.note).toBe('3 rows far from the first fit left out')
    const r = estimates.get(priceKey({ model_provider: null, model_name: 'm-ratio' }))!
    // cost = 1.5 p / 1e6 = 0.5 (p + 2p) / 1e6 -> blended 0.5 per million
    expect(r.method).toBe('blended')
    expect(r.usd_per_1m_prompt).toBeCloseTo(0.5, 9)
    expect(estimates.has(priceKey({ model_provider: 'q', model_name: 'm-nocost' }))).toBe(false)
  })

  it("merges the operator's entries over the estimates, and lists models only the operator priced", async () => {
    const { models, estimates } = await priceEstimates(fixtureContext(engine))
    const rows = effectivePrices(models, estimates, {
      ...EMPTY_PRICE_TABLE,
      entries: [
        { model_provider: null, model_name: 'm-ratio', usd_per_1m_prompt: 1, usd_per_1m_completion: 4 },
        { model_provider: 'new', model_name: 'm-next', usd_per_1m_prompt: 0.1, usd_per_1m_completion: 0.4 }
      ]
    })
    expect(rows.map((r) => [r.model_name, r.source, r.usd_per_1m_prompt, r.requests])).toEqual([
      ['m-exact', 'estimated', rows[0].estimate!.usd_per_1m_prompt, 63],
      ['m-ratio', 'operator', 1, 20],
      ['m-nocost', 'none', null, 1],
      ['m-next', 'operator', 0.1, 0]
    ])
    // the estimate stays visible beside the operator's price
    expect(rows[1].estimate?.method).toBe('blended')
  })
})
