import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scope } from '../../shared/scope'
import { createEngine, type Engine } from '../engine/engine'
import { quantilesOfRuns } from './alarmCube'
import { alarmSeriesRows, anomalyReport } from './anomalies'
import { ResultMemo } from './resultMemo'
import { ENGINE_KINDS, fixtureContext, loadInteractions } from './testTable'

describe('quantilesOfRuns', () => {
  const lat = Float64Array.from([1, 3, 5, 2, 4])
  it('merges the runs and interpolates as DuckDB does (lo * (1 - d) + hi * d)', () => {
    // union 1..5; 0.83: rn = 4 * 0.83 = 3.32 between 4 and 5 -> 4 * 0.68 + 5 * 0.32 (as computed in doubles)
    const rn = 4 * 0.83
    const d = rn - 3
    expect(quantilesOfRuns(lat, [0, 3], [3, 5], [0.83, 0.5, 1])).toEqual([4 * (1 - d) + 5 * d, 3, 5])
  })
  it('reads one run directly, ties and empty runs alike', () => {
    expect(quantilesOfRuns(Float64Array.from([7, 7, 7]), [0], [3], [0.95])).toEqual([7])
    expect(quantilesOfRuns(lat, [0, 3, 5], [3, 5, 5], [0.5])).toEqual([3])
  })
  it('is null without values and puts NaN above everything', () => {
    expect(quantilesOfRuns(lat, [0, 3], [0, 3], [0.5])).toEqual([null])
    expect(quantilesOfRuns(Float64Array.from([1, 2, NaN, 3]), [0, 3], [3, 4], [1, 2 / 3])).toEqual([NaN, 3])
  })
})

// A day-spread table with nulls and a literal 'unknown' in every dimension, providers independent of models, tied latencies, null
// latencies and costs, costs of every magnitude, and rows without a timestamp: generated in SQL from
// hashes of the row number (the same rows on every run of an engine).
const h = (salt: number, mod: number): string => `(hash(i, ${salt}) % ${mod})`
const ROWS_SQL = `
INSERT INTO interactions (timestamp_utc, model_name, use_case, account_tier, is_failure, latency_ms, cost_usd, model_provider)
SELECT CASE WHEN ${h(1, 60)} = 0 THEN NULL ELSE TIMESTAMP '2025-03-01 00:00:00' + to_seconds(${h(2, 12 * 86400)}::BIGINT) END,
       CASE ${h(3, 6)} WHEN 0 THEN NULL WHEN 1 THEN 'unknown' ELSE 'm' || ${h(3, 6)} END,
       CASE ${h(4, 5)} WHEN 0 THEN NULL WHEN 1 THEN 'unknown' ELSE 'u' || ${h(4, 5)} END,
       CASE ${h(5, 4)} WHEN 0 THEN NULL WHEN 1 THEN 'free' ELSE 'pro' END,
       ${h(6, 7)} = 0,
       CASE WHEN ${h(7, 40)} = 0 THEN NULL WHEN ${h(7, 40)} < 20 THEN (${h(8, 50)} * 10)::DOUBLE ELSE ${h(8, 100000)}::DOUBLE / 3 END,
       CASE WHEN ${h(9, 30)} = 0 THEN NULL WHEN ${h(9, 30)} = 1 THEN ${h(10, 1000)}::DOUBLE * 1e5 ELSE ${h(10, 1000000)}::DOUBLE / 1e7 END,
       CASE ${h(11, 3)} WHEN 0 THEN NULL WHEN 1 THEN 'p1' ELSE 'p2' END
FROM range(6000) t(i)`

const SCOPES: Scope[] = [
  {},
  { from: '2025-03-03', to: '2025-03-08' },
  { filters: { model_name: ['m2', null] } },
  { filters: { model_name: ['unknown'] } },
  { filters: { use_case: ['u3'] }, from: '2025-03-05' },
  { filters: { account_tier: ['free', 'pro'], use_case: [null, 'u2', 'u4'] }, to: '2025-03-09' },
  { filters: { model_name: ['m5'], use_case: ['u2'], account_tier: ['pro'] } },
  { filters: { model_provider: ['p1'] } },
  { filters: { model_provider: ['p2', null], use_case: ['u2'] }, from: '2025-03-04' },
  { from: '2025-04-01' }
]

/** Rows in one order, each with only the dimensions its grouping set groups by (the scans leave the others null). */
function normalised(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const dims = ['model_name', 'use_case', 'account_tier']
  const out = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => !(dims.includes(k) && v === null))))
  const key = (r: Record<string, unknown>): string => [r.g, r.date_utc, ...dims.map((d) => r[d] ?? '')].join('|')
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

describe.each(ENGINE_KINDS)('the alarm cube on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, [])
    await engine.run(ROWS_SQL)
  }, 60_000)
  afterAll(async () => {
    await engine.close()
  })

  it.each(SCOPES.map((s) => [JSON.stringify(s), s] as const))('gives the scans\' counts and quantiles for scope %s, to the last bit', async (_, scope) => {
    const ctx = fixtureContext(engine, { scope, knobs: { SLA_MS: 20_000 } })
    const scan = await alarmSeriesRows(ctx, 'scan')
    const cube = await alarmSeriesRows(ctx, 'cube')
    expect(normalised(cube.counts)).toEqual(normalised(scan.counts))
    expect(normalised(cube.quantiles)).toEqual(normalised(scan.quantiles))
    if (scope.from !== '2025-04-01') expect(scan.counts.length).toBeGreaterThan(10)
  })

  it('builds the cube when a dataset\'s alarms are asked for again, and reports what the scans report', async () => {
    const memo = new ResultMemo()
    const viaMemo = (scope: Scope): Promise<unknown> => anomalyReport({ ...fixtureContext(engine, { scope }), memo })
    const scanned = (scope: Scope): Promise<unknown> => anomalyReport(fixtureContext(engine, { scope }))
    await viaMemo({ filters: { use_case: ['u2'] } })
    expect(memo.peek(['alarmCube'])).toBeUndefined()
    const second: Scope = { from: '2025-03-02' }
    const third: Scope = { filters: { use_case: ['u3', null], model_provider: ['p1'] }, to: '2025-03-10' }
    const other: Scope = { filters: { use_case: ['u3'] }, is_failure: false }
    const [r2, r3, r4] = [await viaMemo(second), await viaMemo(third), await viaMemo(other)]
    expect(await memo.peek(['alarmCube'])).toMatchObject({ size: expect.any(Number) })
    expect(r2).toEqual(await scanned(second))
    expect(r3).toEqual(await scanned(third))
    // a filter inside the groups (is_failure) is the scans' to answer
    expect(r4).toEqual(await scanned(other))
  })
})
