import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from './engine'
import { combineExactParts, exactSumParts } from './exactSum'
import { ENGINE_KINDS } from '../analysis/testTable'
import { correctlyRoundedSum as referenceSum } from '../testing/exactSumOracle'

describe('referenceSum (the test oracle)', () => {
  it('adds exactly before rounding once', () => {
    expect(referenceSum([0.1, 0.2, 0.3])).toBe(0.6)
    expect(referenceSum([1e16, 1, -1e16])).toBe(1)
  })
})

describe('sums of doubles in the backend', () => {
  it('go through exact_sum: no query uses fsum or DuckDB variances (their last digits change from run to run)', () => {
    const root = path.resolve(__dirname, '..')
    const offenders: string[] = []
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && entry.name !== 'exactSum.ts' && /\b(fsum|var_samp|var_pop|stddev\w*)\(/.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(root, file))
      }
    }
    walk(root)
    expect(offenders).toEqual([])
  })
})

describe.each(ENGINE_KINDS)('exact_sum on %s', (kind) => {
  let engine: Engine
  const sum = async (values: readonly (number | null)[], filter?: string): Promise<number | null> => {
    await engine.run('CREATE OR REPLACE TABLE t (i INTEGER, y DOUBLE)')
    // as literals: String() of a double reads back as the same double, and 'Infinity' / 'NaN' parse too
    if (values.length) await engine.run(`INSERT INTO t VALUES ${values.map((v, i) => `(${i}, ${v === null ? 'NULL' : `CAST('${v}' AS DOUBLE)`})`).join(', ')}`)
    const [r] = await engine.all<{ s: number | null }>(`SELECT exact_sum(${filter ? `CASE WHEN ${filter} THEN y END` : 'y'}) AS s FROM t`)
    return r.s
  }
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => {
    await engine.close()
  })

  it('returns the correctly rounded exact sum, not the running one', async () => {
    // 0.1 + 0.2 + 0.3 left to right is 0.6000000000000001; the exact sum of the three doubles is
    // 0.60000000000000000555..., whose nearest double is 0.6.
    expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001)
    expect(await sum([0.1, 0.2, 0.3])).toBe(0.6)
    // ten times 0.1: 1.0000000000000000555... exactly -> 1 (left to right: 0.9999999999999999)
    expect(await sum(Array(10).fill(0.1))).toBe(1)
    // -0.3 + 0.1 + 0.2 = 2^-55 exactly
    expect(await sum([-0.3, 0.1, 0.2])).toBe(2 ** -55)
    expect(await sum([-0.1, 0.1])).toBe(0)
  })

  it('gives the mean of the values as exact_avg, null with none', async () => {
    await sum([0.1, 0.2, null, 0.3])
    const [r] = await engine.all<{ m: number }>('SELECT exact_avg(y) AS m FROM t')
    expect(r.m).toBe(0.6 / 3)
    await sum([null])
    const [e] = await engine.all<{ m: number | null }>('SELECT exact_avg(y) AS m FROM t')
    expect(e.m).toBeNull()
  })

  it('is null with no values, skips nulls and applies the filter', async () => {
    expect(await sum([])).toBeNull()
    expect(await sum([null, null])).toBeNull()
    expect(await sum([null, 1.5, null, 2.25])).toBe(3.75)
    expect(await sum([1, 2, 4, 8], 'i % 2 = 0')).toBe(5)
    expect(await sum([1, 2, 4, 8], 'i > 10')).toBeNull()
  })

  it('takes a bound value once, inside its argument', async () => {
    await sum([0.5, 1.5, 2.5, 3.5])
    const [r] = await engine.all<{ s: number }>('SELECT exact_sum(CASE WHEN y > CAST(? AS DOUBLE) THEN y END) AS s FROM t', [1])
    expect(r.s).toBe(7.5)
  })

  it('adds non-finite and huge values apart, as IEEE arithmetic does', async () => {
    expect(await sum([1, Infinity])).toBe(Infinity)
    expect(Number.isNaN(await sum([1, NaN]))).toBe(true)
    expect(Number.isNaN(await sum([Infinity, -Infinity]))).toBe(true)
    expect(await sum([1e300, 1])).toBe(1e300)
    expect(await sum([2 ** 40, 0.5])).toBe(2 ** 40 + 0.5)
    // the fitting values' exact total (0.6, not 0.6000000000000001) plus the huge one
    expect(await sum([0.1, 2 ** 40, 0.2, 0.3])).toBe(2 ** 40 + 0.6)
    expect(await sum([null, Infinity])).toBe(Infinity)
  })

  it('keeps tiny values (below 2^-30) to within 2^-83 each', async () => {
    const s = (await sum([1e-20, 2e-20, 3e-20]))!
    expect(Math.abs(s - 6e-20)).toBeLessThan(3 * 2 ** -83)
    expect(await sum([1, 1e-20])).toBe(1)
  })

  it('sums large whole numbers exactly', async () => {
    expect(await sum([2 ** 32, 2 ** 32, 1])).toBe(2 ** 33 + 1)
    expect(await sum([8e9, 8e9, 8e9, -1])).toBe(24e9 - 1)
  })

  it('gives the same correctly rounded total for any row order (many rows, several threads)', async () => {
    // 300,000 values with many significant digits, spread over several row groups and threads
    await engine.run(`CREATE OR REPLACE TABLE r AS SELECT i, (hash(i) % 100000000)::DOUBLE / 7919.0 * (CASE WHEN i % 3 = 0 THEN -1 ELSE 1 END) * 1e-3 AS y FROM range(300000) t(i)`)
    await engine.run('CREATE OR REPLACE TABLE r2 AS SELECT * FROM r ORDER BY hash(i + 1)')
    const values = (await engine.columns('SELECT y FROM r')).data[0] as number[]
    const expected = referenceSum(values)
    const q = (table: string): string => `SELECT exact_sum(y) AS s, i % 7 AS g FROM ${table} GROUP BY g ORDER BY g`
    const byGroup = await engine.all<{ s: number; g: number }>(q('r'))
    const again = await engine.all<{ s: number; g: number }>(q('r2'))
    expect(again).toEqual(byGroup)
    const groups = new Map<number, number[]>()
    values.forEach((v, i) => {
      const g = groups.get(i % 7)
      if (g) g.push(v)
      else groups.set(i % 7, [v])
    })
    for (const row of byGroup) expect(row.s).toBe(referenceSum(groups.get(Number(row.g))!))
    const [whole] = await engine.all<{ s: number }>(`SELECT exact_sum(y) AS s FROM r2`)
    expect(whole.s).toBe(expected)
  })

  it('keeps the parts of groups, which add up in JS to the same double as the SQL total', async () => {
    // two groups: {0.1, 0.2} and {0.3, null}; their parts added as BigInts give exact_sum of all four, 0.6
    await engine.run('CREATE OR REPLACE TABLE t (g INTEGER, y DOUBLE)')
    await engine.run('INSERT INTO t VALUES (1, 0.1), (1, 0.2), (2, 0.3), (2, NULL), (3, NULL)')
    const p = exactSumParts('y')
    const rows = await engine.all<{ g: number; h: string | null; l: string | null; m: number | null }>(
      `SELECT g, CAST(${p.h} AS VARCHAR) AS h, CAST(${p.l} AS VARCHAR) AS l, ${p.m} AS m FROM t GROUP BY g ORDER BY g`
    )
    const big = (v: string | null): bigint | null => (v === null ? null : BigInt(v))
    const add = (a: bigint | null, b: bigint | null): bigint | null => (a === null ? b : b === null ? a : a + b)
    expect(rows[2]).toEqual({ g: 3, h: null, l: null, m: null })
    expect(combineExactParts(big(rows[2].h), big(rows[2].l), rows[2].m)).toBeNull()
    const h = rows.reduce<bigint | null>((a, r) => add(a, big(r.h)), null)
    const l = rows.reduce<bigint | null>((a, r) => add(a, big(r.l)), null)
    expect(combineExactParts(h, l, null)).toBe(0.6)
    const [whole] = await engine.all<{ s: number }>('SELECT exact_sum(y) AS s FROM t')
    expect(whole.s).toBe(0.6)
    // a value too large for the limbs goes to m, added after the exact total
    expect(combineExactParts(h, l, 1e300)).toBe(0.6 + 1e300)
    expect(combineExactParts(null, null, Infinity)).toBe(Infinity)
  })
})
