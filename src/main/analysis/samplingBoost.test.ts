import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { BOOST_RULE_ID, SamplingInputsSchema } from '../../shared/sampling'
import { stableStringify } from '../../shared/stableStringify'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { scratchDirs } from '../testing/testHarness'
import type { Strata } from '../ml/sampleFrame'
import type { FlaggedDaySlice } from './anomalies'
import { computeSampling } from './sampling'
import { boostedStrata, boostTargets } from './samplingBoost'

describe('boost targets', () => {
  const flag = (date: string, dimension: FlaggedDaySlice['dimension'], value: string, metric: FlaggedDaySlice['metric'] = 'failure_rate'): FlaggedDaySlice => ({ date, dimension, value, metric })

  it('keeps a model or use case finding to its slice, widens the others to the whole day, and merges duplicates', () => {
    const t = boostTargets(
      [flag('2025-03-02', 'model_name', 'm1'), flag('2025-03-02', 'model_name', 'm1', 'p95_latency_ms'), flag('2025-03-03', 'account_tier', 'free'), flag('2025-03-04', 'use_case', 'code'), flag('2025-03-04', 'all', 'all', 'requests')],
      ['2025-03-01']
    )
    expect(t).toEqual([
      { date: '2025-03-01', dimension: 'all', value: 'all', source: 'operator', metrics: [] },
      { date: '2025-03-02', dimension: 'model_name', value: 'm1', source: 'anomaly', metrics: ['failure_rate', 'p95_latency_ms'] },
      { date: '2025-03-03', dimension: 'all', value: 'all', source: 'anomaly', metrics: ['failure_rate'] },
      // the whole day covers the use case's slice of it
      { date: '2025-03-04', dimension: 'all', value: 'all', source: 'anomaly', metrics: ['requests'] }
    ])
    expect(boostTargets([], [])).toEqual([])
  })

  it('marks the strata of the targeted days and slices (nulls are the detector\'s "unknown")', () => {
    const groups = [
      { model_name: 'm1', use_case: 'chat' },
      { model_name: 'm2', use_case: 'code' },
      { model_name: null, use_case: 'chat' }
    ]
    // strata: (g0, d1) (g0, d2) (g1, d2) (g2, d2) (g1, untimed)
    const strata: Strata = { stratum: new Int32Array(0), group: Int32Array.from([0, 0, 1, 2, 1]), day: ['2025-03-01', '2025-03-02', '2025-03-02', '2025-03-02', null] }
    const targets = boostTargets([flag('2025-03-02', 'model_name', 'unknown'), flag('2025-03-02', 'use_case', 'code')], [])
    expect(Array.from(boostedStrata(targets, strata, groups))).toEqual([0, 0, 1, 1, 0])
    expect(Array.from(boostedStrata(boostTargets([], ['2025-03-01']), strata, groups))).toEqual([1, 0, 0, 0, 0])
  })
})

const scratch = scratchDirs('wb-boost-')

describe('the boost rule on generated data with a planted anomaly day', () => {
  let engine: Engine
  let dir: string
  const SPIKE = '2025-03-10'
  beforeAll(async () => {
    dir = scratch()
    // failures x5 on one day for every model: the detector's spike
    generateDataset({ rows: 12000, seed: 11, days: 40, plant: { failureSteps: [{ from: SPIKE, to: SPIKE, factor: 5 }] } }, createFileSinks(dir).sinks)
    engine = (await createEngine('native')).engine
  }, 120_000)
  afterAll(async () => engine?.close())

  it('boosts the planted day x3, keeps every failure at rate 1, meets the budget, and gives the same sample twice', async () => {
    const report = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
    const ctx = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }
    const inputs = SamplingInputsSchema.parse({ budget: { kind: 'keep_share', keep_share: 0.2 }, min_kept_per_stratum_day: 0 })
    expect(inputs.boost).toMatchObject({ enabled: true, from_anomalies: true, factor: 3 })
    const c = await computeSampling(ctx, inputs)
    const policy = c.result.policy
    const boost = c.result.rules.find((r) => r.id === BOOST_RULE_ID)!
    expect(boost.kind).toBe('boost')
    expect(boost.boost!.targets.some((t) => t.date === SPIKE && t.dimension === 'all' && t.metrics.includes('failure_rate'))).toBe(true)
    expect(boost.rows).toBeGreaterThan(0)
    // every default-rule row of the planted day is at 3 x the base rate; the other days' at the base rate
    const base = policy.base_rate
    expect(base).toBeGreaterThan(0)
    expect(base).toBeLessThan(1 / 3)
    const boostedDays = new Set(boost.boost!.targets.map((t) => t.date))
    const spikeRates = policy.stratum_rates.filter((s) => s.date_utc === SPIKE)
    expect(spikeRates.length).toBeGreaterThan(0)
    for (const s of spikeRates) expect(s.rate).toBeCloseTo(3 * base, 12)
    for (const s of policy.stratum_rates) expect(boostedDays.has(s.date_utc!)).toBe(true)
    expect(boost.rate_min).toBeCloseTo(3 * base, 12)
    expect(c.result.rules.find((r) => r.id === 'default')!.rate_max).toBeCloseTo(base, 12)
    // failures at rate 1, all kept
    const failures = c.result.rules.find((r) => r.id === 'failures')!
    expect(failures.rate_min).toBe(1)
    expect(failures.sampled_rows).toBe(failures.rows)
    // the budget is met, in expectation and by the sample itself
    expect(policy.feasibility.budget_met).toBe(true)
    expect(policy.feasibility.sample_within_budget).toBe(true)
    expect(policy.feasibility.expected_share).toBeLessThanOrEqual(0.2 + 1e-12)
    expect(policy.feasibility.message).toContain('x3 on')
    expect(policy.boost_targets.find((t) => t.date === SPIKE)!.rate).toBeCloseTo(3 * base, 12)
    // deterministic
    const again = await computeSampling({ ...ctx }, inputs)
    expect(stableStringify(again.result)).toBe(stableStringify(c.result))
    // off: no stratum boosted, a higher base rate
    const off = await computeSampling(ctx, SamplingInputsSchema.parse({ budget: { kind: 'keep_share', keep_share: 0.2 }, min_kept_per_stratum_day: 0, boost: { enabled: false } }))
    expect(off.result.policy.stratum_rates).toEqual([])
    expect(off.result.policy.boost_targets).toEqual([])
    expect(off.result.policy.base_rate).toBeGreaterThan(base)
    expect(off.result.rules.find((r) => r.id === BOOST_RULE_ID)!.rate_max).toBeCloseTo(off.result.policy.base_rate, 12)
  }, 120_000)
})
