import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SamplingInputsSchema, type SamplingInputsInput } from '../../shared/sampling'
import { createEngine, type Engine } from '../engine/engine'
import { computeSampling } from './sampling'
import { SAMPLING_DAYS, samplingRows } from './samplingFixture'
import { ENGINE_KINDS, fixtureContext, loadInteractions } from './testTable'

const ROWS = samplingRows()
const inputs = (o: SamplingInputsInput = {}) => SamplingInputsSchema.parse(o)

describe.each(ENGINE_KINDS)('sampling policy on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => engine.close())
  const ctx = (scope = {}) => fixtureContext(engine, { scope })

  it('keeps every failure, safety block, timeout and SLA breach at rate 1, and meets a 20% budget', async () => {
    const c = await computeSampling(ctx(), inputs({ budget: { kind: 'keep_share', keep_share: 0.2 } }))
    const { frame } = c.loaded
    const rule = (id: string) => c.result.rules.find((r) => r.id === id)!
    for (const id of ['failures', 'safety_blocks', 'timeouts', 'sla_breaches', 'no_interaction_id']) {
      expect(rule(id).rows, id).toBeGreaterThan(0)
      expect(rule(id).rate_min, id).toBe(1)
      expect(rule(id).sampled_rows, id).toBe(rule(id).rows)
    }
    expect(rule('no_interaction_id').rows).toBe(4)
    for (let i = 0; i < frame.n; i++) {
      expect(c.applied.p[i] >= 0 && c.applied.p[i] <= 1).toBe(true)
      if (frame.isFailure[i]) expect(c.applied.kept[i]).toBe(1)
    }
    const f = c.result.policy.feasibility
    expect(f.stage).toBe('feasible')
    expect(f.budget_met).toBe(true)
    expect(f.expected_share).toBeLessThanOrEqual(0.2 + 1e-12)
    expect(f.expected_share).toBeGreaterThan(0.2 - 0.03)
    // the rows the hash keeps fit the budget too, and come close to it
    expect(f.sample_within_budget).toBe(true)
    expect(c.result.projection.total.sampled_rows).toBeLessThanOrEqual(600)
    expect(c.result.projection.total.sampled_rows).toBeGreaterThan(600 - 60)
    expect(f.sampled_share).toBe(c.result.projection.total.sampled_rows / 3000)
    expect(c.result.projection.total.rows).toBe(3000)
    expect(c.result.backtest.summary.verdict).toBe('unbiased')
  })

  it('protects the rare slice: at least the daily minimum kept (expected) per model x use case x day', async () => {
    const c = await computeSampling(ctx(), inputs({ min_kept_per_stratum_day: 5, budget: { kind: 'keep_share', keep_share: 0.2 } }))
    const { frame, strata } = c.loaded
    const kept = new Map<number, { n: number; exp: number }>()
    for (let i = 0; i < frame.n; i++) {
      const s = frame.stratum[i]
      const e = kept.get(s) ?? { n: 0, exp: 0 }
      e.n++
      e.exp += c.applied.p[i]
      kept.set(s, e)
    }
    for (const [s, e] of kept) expect(e.exp, `stratum ${s} ${strata.day[s]}`).toBeGreaterThanOrEqual(Math.min(e.n, 5) - 1e-9)
    // m3 / rag has 2 rows a day: every one kept
    const rare = c.result.projection.rows.find((r) => r.model_name === 'm3')!
    expect(rare.rate_min).toBe(1)
    expect(c.result.policy.group_rates.find((g) => g.model_name === 'm3')?.rate).toBe(1)
  })

  it('gives the same sample for the same input, and a nested one for a larger budget', async () => {
    const a = await computeSampling(ctx(), inputs())
    const b = await computeSampling(ctx(), inputs({ budget: { kind: 'keep_share', keep_share: 0.5 } }))
    const again = await computeSampling(ctx(), inputs())
    expect([...again.applied.kept]).toEqual([...a.applied.kept])
    expect(again.result).toEqual(a.result)
    for (let i = 0; i < a.loaded.frame.n; i++) if (a.applied.kept[i]) expect(b.applied.kept[i]).toBe(1)
    // another salt, another sample of the same size
    const salted = await computeSampling(ctx(), inputs({ hash_salt: 'x' }))
    expect([...salted.applied.kept]).not.toEqual([...a.applied.kept])
  })

  it('says so when the keep rules alone exceed the budget: the smallest feasible share, every failure kept, the other keep rules sampled', async () => {
    const c = await computeSampling(ctx(), inputs({ budget: { kind: 'keep_share', keep_share: 0.08 } }))
    const f = c.result.policy.feasibility
    expect(f.stage).toBe('keep_rules_sampled')
    expect(f.keep_for_sure_share).toBeGreaterThan(0.08)
    expect(f.min_feasible_share).toBeGreaterThan(f.keep_for_sure_share)
    expect(f.message).toMatch(/The keep-for-sure rules alone need .* more than the budget of 8\.00%; the smallest feasible share is/)
    expect(f.budget_met).toBe(true)
    const rule = (id: string) => c.result.rules.find((r) => r.id === id)!
    expect(rule('failures').rate).toBe(1)
    expect(rule('failures').sampled_rows).toBe(rule('failures').rows)
    expect(rule('sla_breaches').rate).toBeLessThan(1)
    expect(rule('sla_breaches').rate).toBeGreaterThan(0)
    expect(rule('sla_breaches').configured_rate).toBe(1)
    expect(rule('sla_breaches').rate).toBeCloseTo(f.keep_rule_rate, 12)
  })

  it("applies the operator's rules in order, first match wins", async () => {
    const c = await computeSampling(
      ctx(),
      inputs({
        rules: [
          { id: 'halluc', condition: { op: 'is_true', field: 'hallucination_flag' }, rate: 1 },
          { id: 'code', condition: { op: 'in', field: 'use_case', values: ['code'] }, rate: 0.5 },
          { id: 'expensive', condition: { op: 'gt', field: 'cost_usd', value: 0.015 }, rate: 0.9 }
        ],
        budget: { kind: 'keep_share', keep_share: 0.6 }
      })
    )
    const rule = (id: string) => c.result.rules.find((r) => r.id === id)!
    expect(c.result.rules.map((r) => r.id)).toEqual(['failures', 'no_interaction_id', 'safety_blocks', 'timeouts', 'sla_breaches', 'halluc', 'code', 'expensive', 'anomaly_boost', 'default'])
    expect(rule('halluc').rate_min).toBe(1)
    expect(rule('halluc').sampled_rows).toBe(rule('halluc').rows)
    expect(rule('code').rate_min).toBe(0.5)
    expect(rule('code').rate_max).toBe(0.5)
    expect(rule('expensive').rate_min).toBe(0.9)
    expect(rule('expensive').rate_max).toBe(0.9)
    // a code request that is also expensive is sampled at 0.5: the earlier rule wins
    const codeRows = ROWS.filter((r) => r.use_case === 'code' && !r.is_failure && !r.safety_block_flag && !r.latency_timeout_flag && !((r.latency_ms as number) > 2200) && !r.hallucination_flag && r.interaction_id !== null)
    expect(rule('code').rows).toBe(codeRows.length)
    expect(c.result.policy.feasibility.stage).toBe('feasible')
    expect(c.result.policy.feasibility.budget_met).toBe(true)
  })

  it('boosts the default rate on flagged days', async () => {
    const plain = await computeSampling(ctx(), inputs({ min_kept_per_stratum_day: 0 }))
    const boosted = await computeSampling(ctx(), inputs({ min_kept_per_stratum_day: 0, boost: { days: [SAMPLING_DAYS[2]], factor: 3 } }))
    const day3 = boosted.result.policy.stratum_rates.filter((s) => s.date_utc === SAMPLING_DAYS[2])
    expect(day3.length).toBeGreaterThan(0)
    for (const s of day3) expect(s.rate).toBeCloseTo(Math.min(1, 3 * boosted.result.policy.base_rate), 12)
    expect(boosted.result.policy.stratum_rates.every((s) => s.date_utc === SAMPLING_DAYS[2])).toBe(true)
    expect(boosted.result.policy.base_rate).toBeLessThan(plain.result.policy.base_rate)
    expect(boosted.result.policy.feasibility.budget_met).toBe(true)
  })

  it('meets a budget in dollars per month at a storage price', async () => {
    const all = await computeSampling(ctx(), inputs({ budget: { kind: 'keep_share', keep_share: 1 }, storage_usd_per_gb_month: 1 }))
    const monthly = all.result.projection.total.storage_usd_month!
    expect(all.result.projection.total.saving_usd_month).toBe(0)
    const c = await computeSampling(ctx(), inputs({ budget: { kind: 'usd_per_month', usd_per_month: 0.3 * monthly }, storage_usd_per_gb_month: 1 }))
    const p = c.result.projection
    expect(p.days).toBe(5)
    expect(p.bytes_per_month).toBeCloseTo((p.total.bytes / 5) * 30.4375, 6)
    expect(c.result.policy.feasibility.budget_unit).toBe('bytes')
    expect(c.result.policy.feasibility.budget_share).toBeCloseTo(0.3, 12)
    expect(c.result.policy.feasibility.stage).toBe('feasible')
    expect(p.total.kept_storage_usd_month!).toBeLessThanOrEqual(0.3 * monthly * (1 + 1e-9))
    expect(p.total.kept_storage_usd_month!).toBeGreaterThan(0.3 * monthly * (1 - 1e-6))
    expect(p.total.saving_usd_month!).toBeCloseTo(0.7 * monthly, 9)
  })

  it('follows the scope, and refuses a dollar budget without timestamps', async () => {
    const c = await computeSampling(ctx({ filters: { model_name: ['m1'] } }), inputs())
    expect(c.result.policy.data.rows_in_scope).toBe(ROWS.filter((r) => r.model_name === 'm1').length)
    expect(c.result.projection.rows.every((r) => r.model_name === 'm1')).toBe(true)
    const none = computeSampling(ctx({ from: '2030-01-01' }), inputs({ budget: { kind: 'usd_per_month', usd_per_month: 5 } }))
    await expect(none).rejects.toThrow(/needs timestamps/)
  })
})
