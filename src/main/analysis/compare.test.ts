import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { buildComparison, compareScopes, type SideAggregates } from './compare'
import { formatDifference, formatP, formatValue, summaryFor, verdictFor } from './compareVerdict'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'
import { mannWhitneyU, quantileDifference, quantileRankInterval, rankSums, twoProportion, welchTTest } from './twoSampleStats'
import { quantileLinear } from './stats'

const EMPTY: SideAggregates = { n: 0, n_fail: 0, n_lat: 0, n_breach: 0, lat_median: null, lat_p95: null, n_cost: 0, cost_mean: null, cost_var: null, n_q: 0, q_mean: null, q_var: null, n_fb: 0, fb_mean: null, fb_var: null }

describe('verdict wording (pure)', () => {
  it('formats values and differences in the units an operator reads', () => {
    expect(formatValue('rate', 0.0512)).toBe('5.1%')
    expect(formatValue('rate', 0.004)).toBe('0.4%')
    expect(formatValue('ms', 1234.4)).toBe('1,234 ms')
    expect(formatValue('usd', 0.0012345)).toBe('$0.00123')
    expect(formatDifference('rate', 0.028)).toBe('+2.8 pp')
    expect(formatDifference('rate', -0.2)).toBe('-20 pp')
    expect(formatDifference('usd', -0.0005)).toBe('-$0.0005')
    expect(formatP(0.0004)).toBe('p < 0.001')
    expect(formatP(0.04236)).toBe('p = 0.042')
  })
})

describe('verdicts (pure)', () => {
  const base = { label: 'median latency', unit: 'ms' as const, higherIsWorse: true, nA: 600, nB: 600, valueA: 1813, valueB: 1747, difference: -66.7, ciLow: -134, ciHigh: 1, adequacy: 'ok' as const, minN: 20, noun: 'latencies' }

  it('a rank test speaks of values tending lower, the medians and their interval as context', () => {
    expect(verdictFor({ ...base, pValue: 0.012, direction: -1, magnitude: 'negligible', rankTest: true })).toEqual({
      outcome: 'b_better',
      verdict: "B is better than A on median latency: B's values tend to be lower (Mann-Whitney p = 0.012), but the effect is negligible in size; 1,747 ms vs 1,813 ms (-67 ms, 95% CI -134 ms to +1 ms)."
    })
  })

  it('does not claim an interval includes no change when it does not', () => {
    const v = verdictFor({ ...base, ciHigh: -5, pValue: 0.08, direction: -1, magnitude: 'negligible', rankTest: true })
    expect(v).toEqual({ outcome: 'no_clear_difference', verdict: 'No clear difference in median latency (p = 0.08): 1,747 ms vs 1,813 ms; 95% CI -134 ms to -5 ms.' })
    expect(verdictFor({ ...base, pValue: 0.3, direction: -1, magnitude: null }).verdict).toBe('No clear difference in median latency (p = 0.3): 1,747 ms vs 1,813 ms; the 95% CI -134 ms to +1 ms includes no change.')
  })
})

describe('buildComparison (pure)', () => {
  it("says B is worse on failure rate with Newcombe's interval: 56/70 vs 48/80", () => {
    const r = buildComparison({ a: { ...EMPTY, n: 80, n_fail: 48 }, b: { ...EMPTY, n: 70, n_fail: 56 }, overlap: 0, latencyRanks: null, feedbackRanks: null, latencyBounds: null })
    const f = r.metrics.find((m) => m.metric === 'failure_rate')!
    expect(f.outcome).toBe('b_worse')
    expect(f.test).toBe('two_proportion_z')
    expect(f.ci_low).toBeCloseTo(0.0524, 4)
    expect(f.ci_high).toBeCloseTo(0.3339, 4)
    expect(f.magnitude).toBe('small')
    expect(f.verdict).toBe('B is worse than A on failure rate: 80% vs 60% (+20 pp, 95% CI +5.2 pp to +33.4 pp; p = 0.008), 1.33 times A\'s rate.')
    // no latency, cost, quality or feedback at all: nothing computed, no NaN anywhere
    const lat = r.metrics.find((m) => m.metric === 'latency_p95')!
    expect([lat.outcome, lat.adequacy, lat.p_value]).toEqual(['no_data', 'insufficient', null])
    expect(JSON.stringify(r)).not.toContain('NaN')
    expect(r.summary).toBe('B is worse than A on failure rate. Too little data to judge SLA breach rate, quality score, user feedback, median latency, p95 latency and cost per request.')
    // the only p-value is its own Holm adjustment
    expect(f.p_holm).toBe(f.p_value)
  })

  it('says "too few to say anything" when small and not significant, and names the sizes', () => {
    const r = buildComparison({ a: { ...EMPTY, n: 12, n_fail: 1 }, b: { ...EMPTY, n: 8, n_fail: 1 }, overlap: 0, latencyRanks: null, feedbackRanks: null, latencyBounds: null })
    const f = r.metrics[0]
    expect(f.adequacy).toBe('small')
    expect(f.test).toBe('fisher_exact')
    expect(f.outcome).toBe('too_small')
    expect(f.verdict).toMatch(/^Too few requests to say anything about failure rate \(A has 12 requests, B has 8; at least 30 each needed\): B - A could be anywhere from -\d+(\.\d)? pp to \+\d+(\.\d)? pp\.$/)
  })

  it('summarises where B is worse, better and indistinguishable', () => {
    const m = (label: string, outcome: 'b_worse' | 'b_better' | 'no_clear_difference' | 'too_small') => ({ label, outcome }) as never
    expect(summaryFor([m('failure rate', 'b_worse'), m('cost per request', 'b_better'), m('quality score', 'no_clear_difference'), m('user feedback', 'too_small')], 100, 100)).toBe(
      'B is worse than A on failure rate; better on cost per request. No clear difference in quality score. Too little data to judge user feedback.'
    )
    expect(summaryFor([], 0, 5)).toBe('Nothing to compare: A selects no requests.')
  })
})

// Model m1 (A) and m2 (B), 40 and 50 rows, with ties in latency and feedback and a few nulls.
function rowsFor(model: string, n: number, shift: number): FixtureRow[] {
  return Array.from({ length: n }, (_, i) => ({
    interaction_id: `${model}-${i}`,
    timestamp_utc: `2025-03-0${1 + (i % 5)} 10:00:00`,
    model_name: model,
    use_case: 'u',
    is_failure: i % (model === 'm1' ? 10 : 4) === 0,
    latency_ms: i % 9 === 8 ? null : 1000 + shift + 100 * (i % 7),
    cost_usd: 0.001 * (1 + (i % 3)) + (model === 'm2' ? 0.0005 : 0),
    response_quality_score: 0.5 + 0.05 * (i % 6) - (model === 'm2' ? 0.05 : 0),
    user_feedback_score: i % 5 === 4 ? null : ((i + (model === 'm2' ? 1 : 0)) % 5) - 2
  }))
}
const A_ROWS = rowsFor('m1', 40, 0)
const B_ROWS = rowsFor('m2', 50, 250)

const nums = (rows: FixtureRow[], c: string): number[] => rows.map((r) => r[c]).filter((v): v is number => typeof v === 'number')
const sampleVar = (v: number[]): number => {
  const m = v.reduce((s, x) => s + x, 0) / v.length
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)
}
const meanOf = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length

describe.each(ENGINE_KINDS)('compareScopes on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, [...A_ROWS, ...B_ROWS])
  })
  afterAll(async () => engine.close())

  const A = { filters: { model_name: ['m1'] } }
  const B = { filters: { model_name: ['m2'] } }

  it('counts, rates and the failure test equal the pure functions on the raw rows', async () => {
    const r = await compareScopes(fixtureContext(engine), A, B)
    expect([r.a_requests, r.b_requests, r.overlap]).toEqual([40, 50, 0])
    const f = r.metrics.find((m) => m.metric === 'failure_rate')!
    // m1 fails on i % 10 == 0: 4 of 40; m2 on i % 4 == 0: 13 of 50
    expect([f.a.events, f.b.events]).toEqual([4, 13])
    const ref = twoProportion(4, 40, 13, 50)
    expect(f.p_value).toBe(ref.pValue)
    expect(f.difference).toBe(0.26 - 0.1)
    // SLA 2200: no latency above it
    const sla = r.metrics.find((m) => m.metric === 'sla_breach_rate')!
    expect([sla.a.events, sla.b.events, sla.a.n, sla.b.n]).toEqual([0, 0, nums(A_ROWS, 'latency_ms').length, nums(B_ROWS, 'latency_ms').length])
  })

  it('Mann-Whitney on latency and feedback equals the rank sums of the raw values (ties at mid-ranks)', async () => {
    const r = await compareScopes(fixtureContext(engine), A, B)
    const la = nums(A_ROWS, 'latency_ms')
    const lb = nums(B_ROWS, 'latency_ms')
    const lat = r.metrics.find((m) => m.metric === 'latency_median')!
    const u = mannWhitneyU(rankSums(la, lb))
    expect(lat.statistic).toBe(u.uB)
    expect(lat.p_value).toBe(u.pValue)
    expect(lat.effect_size).toBe(u.rankBiserial)
    // medians and their order-statistic interval
    const sa = [...la].sort((x, y) => x - y)
    const sb = [...lb].sort((x, y) => x - y)
    const ia = quantileRankInterval(sa.length, 0.5)
    const ib = quantileRankInterval(sb.length, 0.5)
    const q = quantileDifference({ estimate: quantileLinear(sa, 0.5)!, lowValue: sa[ia.low - 1], highValue: sa[ia.high - 1] }, { estimate: quantileLinear(sb, 0.5)!, lowValue: sb[ib.low - 1], highValue: sb[ib.high - 1] })
    expect(lat.difference).toBe(q.diff)
    expect(lat.ci_low).toBeCloseTo(q.ci.low, 9)
    expect(lat.outcome).toBe('b_worse')
    const fb = r.metrics.find((m) => m.metric === 'feedback')!
    const ufb = mannWhitneyU(rankSums(nums(A_ROWS, 'user_feedback_score'), nums(B_ROWS, 'user_feedback_score')))
    expect(fb.statistic).toBe(ufb.uB)
    expect(fb.p_value).toBe(ufb.pValue)
  })

  it("Welch's test on cost and quality equals the pure test on the raw values", async () => {
    const r = await compareScopes(fixtureContext(engine), A, B)
    for (const [metric, col] of [
      ['cost', 'cost_usd'],
      ['quality', 'response_quality_score']
    ] as const) {
      const va = nums(A_ROWS, col)
      const vb = nums(B_ROWS, col)
      const w = welchTTest({ n: va.length, mean: meanOf(va), variance: sampleVar(va) }, { n: vb.length, mean: meanOf(vb), variance: sampleVar(vb) })
      const m = r.metrics.find((x) => x.metric === metric)!
      expect(m.test).toBe('welch_t')
      expect(m.difference).toBeCloseTo(w.diff, 12)
      expect(m.p_value).toBeCloseTo(w.pValue, 9)
      expect(m.ci_low).toBeCloseTo(w.ci.low, 9)
    }
    // m2 costs $0.0005 more per request, with no overlap in the noise pattern: clearly worse
    expect(r.metrics.find((x) => x.metric === 'cost')!.outcome).toBe('b_worse')
  })

  it('warns about shared requests and handles an empty side', async () => {
    const overlap = await compareScopes(fixtureContext(engine), {}, B)
    expect(overlap.overlap).toBe(50)
    expect(overlap.notes[0]).toContain('share 50 requests')
    const empty = await compareScopes(fixtureContext(engine), A, { filters: { model_name: ['nope'] } })
    expect(empty.b_requests).toBe(0)
    expect(empty.summary).toBe('Nothing to compare: B selects no requests.')
    expect(empty.metrics.every((m) => m.outcome === 'no_data')).toBe(true)
  })
})
