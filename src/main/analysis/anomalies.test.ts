import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnomalyReport } from '../../shared/anomalies'
import { createEngine, type Engine } from '../engine/engine'
import { anomalyReport, anomalySeries, flaggedDays, groupAlarms } from './anomalies'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'

// Two weeks, 2025-03-03 (Mon) to 2025-03-16, twenty requests a day, latency and cost the same every day.
//   model A: 10 rows (use case qa, tier free), 1 failure a day.
//   model B: 5 rows qa + 5 rows code, tiers 5 free + 5 pro; 1 failure a day (code, pro) until 03-09,
//            from 03-10 6 failures a day (3 qa, 3 code; 3 free, 3 pro).
// By hand, model B from 03-10: before 7 / 70 = 0.1, after 42 / 70 = 0.6, requests since 70,
//   extra failures = sum over the 7 days of (6 - 0.1 * 10) = 35, impact 35 * 40 USD = 1400.
// The whole scope: 0.1 -> 0.35, extra failures 7 * (7 - 0.1 * 20) = 35; the slice most responsible is
//   model B (35 of 35 extra failures, half the requests); use case qa holds 21, tier free 21.
function dayRows(date: string, bFailures: number): FixtureRow[] {
  const rows: FixtureRow[] = []
  const base = { latency_ms: 0, cost_usd: 0.01 }
  for (let i = 0; i < 10; i++) rows.push({ ...base, timestamp_utc: `${date} 10:00:00`, model_name: 'A', use_case: 'qa', account_tier: 'free', is_failure: i === 0, latency_ms: 500 + 10 * i })
  for (let i = 0; i < 10; i++) {
    const code = i >= 5
    // failures: before the change one (code, pro); after it three qa (free) and three code (pro)
    const fail = bFailures === 1 ? i === 9 : i < 3 || (i >= 5 && i < 8)
    rows.push({ ...base, timestamp_utc: `${date} 11:00:00`, model_name: 'B', use_case: code ? 'code' : 'qa', account_tier: code ? 'pro' : 'free', is_failure: fail, latency_ms: 500 + 10 * i })
  }
  return rows
}

const DATES = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2025, 2, 3 + i)).toISOString().slice(0, 10))
const ROWS = DATES.flatMap((d) => dayRows(d, d >= '2025-03-10' ? 6 : 1))
const KNOBS = { ANOMALY_Z: 3, ANOMALY_MIN_REQUESTS: 5 }

describe.each(ENGINE_KINDS)('anomalyReport on %s', (kind) => {
  let engine: Engine
  let report: AnomalyReport
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
    report = await anomalyReport(fixtureContext(engine, { knobs: KNOBS }))
  }, 60_000)
  afterAll(async () => {
    await engine.close()
  })

  it('covers every day and slice', () => {
    expect(report).toMatchObject({ first_day: '2025-03-03', last_day: '2025-03-16', days: 14, z: 3, min_requests: 5 })
    expect(report.slices).toEqual([
      { dimension: 'all', values: 1 },
      { dimension: 'model_name', values: 2 },
      { dimension: 'use_case', values: 2 },
      { dimension: 'account_tier', values: 2 }
    ])
  })

  it('finds the failure step of model B on its day, with its levels, counts and extra failures', () => {
    const b = report.findings.find((f) => f.metric === 'failure_rate' && f.dimension === 'model_name' && f.value === 'B')!
    expect(b).toMatchObject({ kind: 'change_point', date: '2025-03-10', level_reached: '2025-03-10', direction: 'up', tone: 'worse', requests: 70, failures: 42, days: 7, last_day: '2025-03-16' })
    expect(b.before).toBeCloseTo(0.1, 12)
    expect(b.after).toBeCloseTo(0.6, 12)
    expect(b.extra_failures).toBeCloseTo(35, 9)
    expect(b.impact_usd).toBeCloseTo(1400, 6)
    expect(b.rows).toEqual({ filters: { model_name: ['B'] }, from: '2025-03-10', to: '2025-03-16' })
    expect(b.compare).toEqual({ before: { filters: { model_name: ['B'] }, from: '2025-03-03', to: '2025-03-09' }, after: { filters: { model_name: ['B'] }, from: '2025-03-10', to: '2025-03-16' } })
    // no sub-slice of B concentrates the excess (qa and free hold 21 of 35 with half the requests): B itself is responsible
    expect(b.responsible).toMatchObject({ label: 'model_name = B', share: 1 })
  })

  it('traces the whole scope to model B and heads the alarm with it', () => {
    const all = report.findings.find((f) => f.metric === 'failure_rate' && f.dimension === 'all')!
    expect(all).toMatchObject({ date: '2025-03-10', requests: 140, failures: 49 })
    expect(all.extra_failures).toBeCloseTo(35, 9)
    expect(all.responsible).toMatchObject({ filters: { model_name: 'B' }, label: 'model_name = B', share: 1, requests: 70, request_share: 0.5 })
    expect(all.responsible!.excess).toBeCloseTo(35, 9)
    const alarm = report.alarms[0]
    expect(alarm.rank).toBe(1)
    expect(alarm.headline.id).toBe('change_point:failure_rate:model_name=B:2025-03-10')
    expect(alarm.related.map((f) => f.id)).toContain('change_point:failure_rate:all=all:2025-03-10')
    expect(report.findings.every((f) => f.alarm_id && f.rank >= 1)).toBe(true)
    expect(report.findings.map((f) => f.rank)).toEqual(report.findings.map((_, i) => i + 1))
  })

  it('raises nothing on the steady metrics', () => {
    expect(report.findings.filter((f) => f.metric !== 'failure_rate')).toEqual([])
  })

  it('gives a slice series with its fitted levels, and the flagged days', async () => {
    const s = await anomalySeries(fixtureContext(engine, { knobs: KNOBS }), 'failure_rate', 'model_name', 'B')
    expect(s.checked).toBe(true)
    expect(s.dates).toEqual(DATES)
    expect(s.values.slice(5, 9)).toEqual([0.1, 0.1, 0.6, 0.6])
    expect(s.fitted[0]).toBeCloseTo(0.1, 12)
    expect(s.fitted[13]).toBeCloseTo(0.6, 12)
    expect(s.support.every((n) => n === 10)).toBe(true)
    expect(s.findings.map((f) => f.date)).toEqual(['2025-03-10'])
    expect(flaggedDays(report)).toEqual(['2025-03-10'])
    expect(flaggedDays(report, { sinceChange: true })).toEqual(DATES.slice(7))
    expect(flaggedDays(report, { metrics: ['requests'] })).toEqual([])
  })

  it('is empty for a scope without rows, and follows the scope', async () => {
    const none = await anomalyReport(fixtureContext(engine, { knobs: KNOBS, scope: { filters: { model_name: ['nope'] } } }))
    expect(none).toMatchObject({ first_day: null, days: 0, alarms: [], findings: [] })
    const onlyA = await anomalyReport(fixtureContext(engine, { knobs: KNOBS, scope: { filters: { model_name: ['A'] } } }))
    expect(onlyA.findings).toEqual([])
    // model B alone: the model dimension has one value, which would be the whole scope again, so it is not a slice of its own
    const onlyB = await anomalyReport(fixtureContext(engine, { knobs: KNOBS, scope: { filters: { model_name: ['B'] } } }))
    expect(onlyB.slices.find((s) => s.dimension === 'model_name')).toEqual({ dimension: 'model_name', values: 0 })
    expect(onlyB.findings.some((f) => f.dimension === 'model_name')).toBe(false)
    const all = onlyB.findings.find((f) => f.metric === 'failure_rate' && f.dimension === 'all')!
    expect(all).toMatchObject({ date: '2025-03-10', requests: 70 })
    expect(all.responsible?.filters.model_name).toBeUndefined()
    // every dimension fixed by the scope (B, qa, free: 5 rows a day, no failure until 03-09, then 3):
    // the scans group by day alone, and the whole scope's step is still found
    const fixed = await anomalyReport(fixtureContext(engine, { knobs: KNOBS, scope: { filters: { model_name: ['B'], use_case: ['qa'], account_tier: ['free'] } } }))
    expect(fixed.slices).toEqual([
      { dimension: 'all', values: 1 },
      { dimension: 'model_name', values: 0 },
      { dimension: 'use_case', values: 0 },
      { dimension: 'account_tier', values: 0 }
    ])
    expect(fixed.findings.every((f) => f.dimension === 'all')).toBe(true)
    expect(fixed.findings.find((f) => f.metric === 'failure_rate')).toMatchObject({ kind: 'change_point', date: '2025-03-10', requests: 35, failures: 21 })
    // before the change only: nothing to find
    const early = await anomalyReport(fixtureContext(engine, { knobs: KNOBS, scope: { to: '2025-03-09' } }))
    expect(early.findings).toEqual([])
  })
})

// The daily counts behind every slice are one scan into (day, model, use case, tier) groups rolled
// up into each slice: a null dimension value and the literal 'unknown' are one slice, and a slice's
// requests and cost add up over the groups it spans. Six days of three rows each, by hand:
//   (null model, qa, free, 0.25 USD), ('unknown', code, pro, 0.5 USD), (M, qa, pro, no cost).
describe.each(ENGINE_KINDS)('anomaly slice counts on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    const days = Array.from({ length: 6 }, (_, i) => `2025-04-0${i + 1}`)
    await loadInteractions(
      engine,
      days.flatMap((d) => [
        { timestamp_utc: `${d} 09:00:00`, model_name: null, use_case: 'qa', account_tier: 'free', cost_usd: 0.25, latency_ms: 100 },
        { timestamp_utc: `${d} 10:00:00`, model_name: 'unknown', use_case: 'code', account_tier: 'pro', cost_usd: 0.5, latency_ms: 200 },
        { timestamp_utc: `${d} 11:00:00`, model_name: 'M', use_case: 'qa', account_tier: 'pro', cost_usd: null, latency_ms: 300 }
      ])
    )
  }, 60_000)
  afterAll(async () => {
    await engine.close()
  })

  it('adds up each slice over the groups it spans, null and unknown as one value', async () => {
    const ctx = fixtureContext(engine, { knobs: { ANOMALY_MIN_REQUESTS: 1 } })
    const unknown = await anomalySeries(ctx, 'requests', 'model_name', 'unknown')
    expect(unknown.requests).toEqual([2, 2, 2, 2, 2, 2])
    const qa = await anomalySeries(ctx, 'requests', 'use_case', 'qa')
    expect(qa.requests).toEqual([2, 2, 2, 2, 2, 2])
    const pro = await anomalySeries(ctx, 'cost_usd', 'account_tier', 'pro')
    expect(pro.values).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    const all = await anomalySeries(ctx, 'cost_usd', 'all', 'all')
    expect(all.values).toEqual([0.75, 0.75, 0.75, 0.75, 0.75, 0.75])
    expect(all.support).toEqual([2, 2, 2, 2, 2, 2])
  })
})

describe('groupAlarms', () => {
  it('returns nothing for no findings', () => {
    expect(groupAlarms([])).toEqual({ alarms: [], findings: [] })
  })
})
