import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { healthDelta, healthScore, healthSnapshot, previousPeriod, roundToOneDecimal } from './health'
import { budgetBurnDaily } from './burn'
import { ResultMemo } from './resultMemo'
import { correctlyRoundedSum } from '../testing/exactSumOracle'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'

// Five rows, worked by hand (SLA_MS 2200, FAIL_BUDGET 0.02):
//   #  day         latency  cost   is_failure (missing?)  failure_type  tools  safety
//   1  2025-01-01  1000     0.01   false                  none          0      false
//   2  2025-01-01  3000     0.03   true                   timeout       2      true
//   3  2025-01-02  null     null   true (missing)         null          null   false
//   4  2025-01-02  2000     0.02   false                  none          1      false
//   5  (no time)   2500     0.04   false                  none          0      false
// failure 2/5 = 0.4; latency non-null 4, > 2200: 3000, 2500 -> 2/4 = 0.5; missing: latency 1/5,
// cost 1/5, is_failure 1/5; p95 of [1000, 2000, 2500, 3000]: h = 3 * 0.95 = 2.85 ->
// 2500 + 0.85 * 500 = 2925; cost total 0.1, mean 0.1 / 4 = 0.025; tools > 0: #2, #4 -> 0.4;
// safety 1/5; mix: none 3, then timeout 1 and unknown 1 (tie broken by name).
// Score: 100 - min(45, 45 * 0.4 / 0.16 = 112.5) - min(30, 30 * 0.5 / 0.35 = 42.9)
//        - min(15, 25 * (2925 / 2200 - 1) = 8.238636...) = 16.761363636...
const ROWS: FixtureRow[] = [
  { timestamp_utc: '2025-01-01 10:00:00', latency_ms: 1000, cost_usd: 0.01, is_failure: false, failure_type: 'none', tool_calls_count: 0, use_case: 'chat' },
  { timestamp_utc: '2025-01-01 11:00:00', latency_ms: 3000, cost_usd: 0.03, is_failure: true, failure_type: 'timeout', tool_calls_count: 2, safety_block_flag: true, use_case: 'chat' },
  { timestamp_utc: '2025-01-02 09:00:00', latency_ms: null, cost_usd: null, is_failure: true, is_failure_was_missing: true, failure_type: null, tool_calls_count: null, use_case: 'chat' },
  { timestamp_utc: '2025-01-02 23:59:59', latency_ms: 2000, cost_usd: 0.02, is_failure: false, failure_type: 'none', tool_calls_count: 1, use_case: 'code' },
  { timestamp_utc: null, latency_ms: 2500, cost_usd: 0.04, is_failure: false, failure_type: 'none', tool_calls_count: 0, use_case: 'code' }
]

describe('health score helpers', () => {
  it('rounds to one decimal like Python round(x, 1)', () => {
    expect(roundToOneDecimal(62.07821996753246)).toBe(62.1)
    expect(roundToOneDecimal(62.25)).toBe(62.2) // exact tie -> even
    expect(roundToOneDecimal(62.75)).toBe(62.8)
    expect(roundToOneDecimal(0.15)).toBe(0.1) // 0.15 is 0.1499999... in binary
    expect(roundToOneDecimal(16.761363636363637)).toBe(16.8)
  })

  it('caps each penalty and is null without latency', () => {
    const k = { FAIL_BUDGET: 0.02, SLA_MS: 2200 }
    expect(healthScore(0, 0, 1000, k)).toBe(100)
    expect(healthScore(1, 1, 1e9, k)).toBe(10)
    expect(healthScore(0.4, null, null, k)).toBeNull()
  })

  it('finds the preceding range of equal length', () => {
    expect(previousPeriod({ from: '2025-03-01', to: '2025-03-31' })).toEqual({ from: '2025-01-29', to: '2025-02-28' })
    expect(previousPeriod({ from: '2025-01-01', to: '2025-01-01' })).toEqual({ from: '2024-12-31', to: '2024-12-31' })
  })
})

describe.each(ENGINE_KINDS)('healthSnapshot on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => {
    await engine.close()
  })

  it('computes every field over all rows in scope, untimed rows included', async () => {
    await loadInteractions(engine, ROWS)
    const s = await healthSnapshot(fixtureContext(engine))
    expect(s.interactions).toBe(5)
    expect(s.failure_rate).toBe(0.4)
    expect(s.sla_breach_rate).toBe(0.5)
    expect(s.latency_missing_rate).toBe(0.2)
    expect(s.cost_missing_rate).toBe(0.2)
    expect(s.is_failure_missing_rate).toBe(0.2)
    expect(s.p95_latency_ms).toBeCloseTo(2925, 9)
    // 0.01 + 0.03 + 0.02 + 0.04 as doubles is exactly 0.10000000000000000035: the nearest double is 0.1
    expect(s.total_cost_usd).toBe(0.1)
    expect(s.avg_cost_per_request).toBeCloseTo(0.025, 15)
    expect(s.tool_usage_share).toBe(0.4)
    expect(s.safety_blocks_share).toBe(0.2)
    expect(s.failure_type_mix).toEqual([
      { failure_type: 'none', count: 3, share: 0.6 },
      { failure_type: 'timeout', count: 1, share: 0.2 },
      { failure_type: 'unknown', count: 1, share: 0.2 }
    ])
    expect(s.health_score_unrounded).toBeCloseTo(16.761363636363637, 10)
    expect(s.health_score).toBe(16.8)
  })

  it('applies the scope (binding values) and gives nulls, not NaN, for an empty scope', async () => {
    await loadInteractions(engine, ROWS)
    const code = await healthSnapshot(fixtureContext(engine, { scope: { filters: { use_case: ['code'] } } }))
    expect(code.interactions).toBe(2)
    expect(code.failure_rate).toBe(0)
    const empty = await healthSnapshot(fixtureContext(engine, { scope: { filters: { use_case: ["nope'; DROP TABLE interactions; --"] } } }))
    expect(empty).toMatchObject({ interactions: 0, failure_rate: null, p95_latency_ms: null, total_cost_usd: null, health_score: null, failure_type_mix: [] })
    expect(Object.values(empty).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false)
  })

  it('handles a scope whose latency is all null', async () => {
    await loadInteractions(engine, [
      { latency_ms: null, cost_usd: 0.5, is_failure: false },
      { latency_ms: null, cost_usd: 0.25, is_failure: true }
    ])
    const s = await healthSnapshot(fixtureContext(engine))
    expect(s.interactions).toBe(2)
    expect(s.failure_rate).toBe(0.5)
    expect(s.sla_breach_rate).toBeNull()
    expect(s.p95_latency_ms).toBeNull()
    expect(s.latency_missing_rate).toBe(1)
    expect(s.total_cost_usd).toBe(0.75)
    expect(s.avg_cost_per_request).toBe(0.375)
    expect(s.health_score).toBeNull()
  })

  it('compares with the preceding period of equal length', async () => {
    await loadInteractions(engine, ROWS)
    // current = 2025-01-02 (#3, #4), previous = 2025-01-01 (#1, #2)
    const d = await healthDelta(fixtureContext(engine, { scope: { from: '2025-01-02', to: '2025-01-02' } }))
    expect(d.current_range).toEqual({ from: '2025-01-02', to: '2025-01-02' })
    expect(d.previous_range).toEqual({ from: '2025-01-01', to: '2025-01-01' })
    expect(d.current.interactions).toBe(2)
    expect(d.previous?.interactions).toBe(2)
    // p95: current [2000] -> 2000; previous [1000, 3000] -> 1000 + 0.95 * 2000 = 2900
    expect(d.change?.p95_latency_ms).toBeCloseTo(-900, 9)
    // sla: current 0/1, previous 1/2
    expect(d.change?.sla_breach_rate).toBe(-0.5)
    expect(d.change?.failure_rate).toBe(0)

    // Without dates the timed rows span 2025-01-01..02, so the previous period is 2024-12-30..31 (empty).
    const open = await healthDelta(fixtureContext(engine))
    expect(open.current_range).toEqual({ from: '2025-01-01', to: '2025-01-02' })
    expect(open.previous_range).toEqual({ from: '2024-12-30', to: '2024-12-31' })
    expect(open.previous?.interactions).toBe(0)
    expect(open.change?.interactions).toBe(5)
    expect(open.change?.failure_rate).toBeNull()
  })

  it('with a memo, the Overview requests share one snapshot and one burn (same answers, fewer queries)', async () => {
    await loadInteractions(engine, ROWS)
    const plain = fixtureContext(engine, { scope: { filters: { use_case: ['chat', 'code'] } } })
    const expected = { snapshot: await healthSnapshot(plain), delta: await healthDelta(plain), burn: await budgetBurnDaily(plain) }

    const queries: string[] = []
    const counting: Engine = Object.assign(Object.create(engine) as Engine, { all: ((sql: string, params?: unknown[]) => (queries.push(sql), engine.all(sql, params as never))) as Engine['all'] })
    const ctx = { ...fixtureContext(counting, { scope: { filters: { use_case: ['chat', 'code'] } } }), memo: new ResultMemo() }
    const [snapshot, delta, burn] = await Promise.all([healthSnapshot(ctx), healthDelta(ctx), budgetBurnDaily(ctx)])
    expect({ snapshot, delta, burn }).toEqual(expected)
    // one scan for the scope's totals and days, one for its failure-type mix, and the dataset's first
    // day: the previous period (2024-12-30..31) ends before it, so it is empty without a scan
    expect(queries).toHaveLength(3)
    expect(delta.previous?.interactions).toBe(0)
    await healthDelta({ ...ctx, knobs: { ...ctx.knobs, SLA_MS: 2999 } })
    expect(queries).toHaveLength(6) // other knobs: the scope's two and the first day computed again
    // a previous period inside the data is scanned (2025-01-02 against 2025-01-01)
    const day2 = await healthDelta({ ...ctx, scope: { from: '2025-01-02', to: '2025-01-02' } })
    expect(day2.previous?.interactions).toBe(2)
    expect(queries).toHaveLength(10)
  })
})

describe('cost totals on many rows (native: several threads)', () => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine('native')).engine
  })
  afterAll(async () => {
    await engine.close()
  })

  it('are the correctly rounded sums, per day and in all, whatever order the rows are stored in', async () => {
    // 400,000 rows over 3 days (several row groups, so DuckDB's threads each add a part), costs with
    // many significant digits: fsum's totals here differ from the correctly rounded ones in the last
    // bits, and from one run to the next
    await loadInteractions(engine, [])
    const fill = (order: string): Promise<void> =>
      engine.run(`INSERT INTO interactions (interaction_id, timestamp_utc, cost_usd, latency_ms)
        SELECT 'i' || i, TIMESTAMP '2025-01-01' + to_seconds(i % 259200), (hash(i) % 100000000)::DOUBLE / 7919.0 * 1e-5, 1000
        FROM range(400000) t(i) ORDER BY ${order}`)
    await fill('i')
    const rows = await engine.all<{ day: string; cost: number }>(`SELECT strftime(timestamp_utc, '%Y-%m-%d') AS day, cost_usd AS cost FROM interactions`)
    const byDay = new Map<string, number[]>()
    for (const r of rows) {
      const list = byDay.get(r.day)
      if (list) list.push(r.cost)
      else byDay.set(r.day, [r.cost])
    }
    const expectTotals = async (): Promise<void> => {
      const snapshot = await healthSnapshot(fixtureContext(engine))
      expect(snapshot.total_cost_usd).toBe(correctlyRoundedSum(rows.map((r) => r.cost)))
      const burn = await budgetBurnDaily(fixtureContext(engine))
      expect(burn.map((d) => [d.date_utc, d.cost])).toEqual([...byDay].sort().map(([day, costs]) => [day, correctlyRoundedSum(costs)]))
    }
    await expectTotals()
    await engine.run('DELETE FROM interactions')
    await fill('hash(i + 7)')
    await expectTotals()
  })
})
