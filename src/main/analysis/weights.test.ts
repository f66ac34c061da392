import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { weightedQuantile } from '../ml/weightedQuantile'
import { ENGINE_KINDS } from './testTable'
import { weightedQuantiles } from './weights'

/** A small deterministic generator (mulberry32), so both engines see the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// 3 groups of different sizes; values with ties and nulls; weights that sum exactly in binary.
const rand = rng(7)
const ROWS = Array.from({ length: 997 }, (_, i) => ({
  g: ['a', 'b', 'c'][i % 3 === 0 ? 0 : i % 7 === 0 ? 2 : 1],
  x: i % 41 === 0 ? null : Math.round(rand() * 5000) / 4 + (i % 5 === 0 ? 0.1 : 0),
  w: [1, 1.5, 2, 4.25, 8][Math.floor(rand() * 5)]
}))

describe.each(ENGINE_KINDS)('weighted quantile in SQL on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await engine.run('CREATE TABLE t (g VARCHAR, x DOUBLE, w DOUBLE)')
    const values = ROWS.map(() => '(?, ?, ?)').join(', ')
    await engine.run(`INSERT INTO t VALUES ${values}`, ROWS.flatMap((r) => [r.g, r.x, r.w]))
  })
  afterAll(async () => engine.close())

  it.each([0.95, 0.5, 0.1, 0, 1, 0.333])('equals quantile_cont to the last bit when every weight is 1 (q %s)', async (q) => {
    const got = await weightedQuantiles({ engine }, { from: 'SELECT g, x FROM t', params: [], keys: ['g'], value: 'x', weight: '1.0', q, keyOf: (r) => String(r.g) })
    const want = await engine.all<{ g: string; p: number }>('SELECT g, quantile_cont(x, ?) AS p FROM t GROUP BY g', [q])
    expect(want).toHaveLength(3)
    for (const r of want) expect(got.get(r.g)).toBe(r.p)
    const [all] = await engine.all<{ p: number }>('SELECT quantile_cont(x, ?) AS p FROM t', [q])
    const total = await weightedQuantiles({ engine }, { from: 'SELECT x FROM t', params: [], keys: [], value: 'x', weight: '1.0', q, keyOf: () => 'all' })
    expect(total.get('all')).toBe(all.p)
  })

  it('equals the repeated-list definition (the JS reference) with weights', async () => {
    const got = await weightedQuantiles({ engine }, { from: 'SELECT g, x, w FROM t WHERE g <> ?', params: ['c'], keys: ['g'], value: 'x', weight: 'w', q: 0.95, keyOf: (r) => String(r.g) })
    expect([...got.keys()].sort()).toEqual(['a', 'b'])
    for (const g of ['a', 'b']) {
      const rows = ROWS.filter((r) => r.g === g && r.x !== null)
      expect(got.get(g)).toBe(weightedQuantile(rows.map((r) => r.x!), rows.map((r) => r.w), 0.95))
    }
  })

  it('gives null for a group without values, and nothing for no rows', async () => {
    const none = await weightedQuantiles({ engine }, { from: 'SELECT g, x, w FROM t WHERE x IS NULL', params: [], keys: ['g'], value: 'x', weight: 'w', q: 0.95, keyOf: (r) => String(r.g) })
    expect(none.size).toBe(0)
  })
})
