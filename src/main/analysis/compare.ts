/**
 * Compares two scopes (slices or periods) metric by metric: the per-side counts, means, variances,
 * quantiles and Mann-Whitney rank sums come from SQL (ranks over the grouped values, exact on ties);
 * the tests, intervals, effect sizes and verdicts are the pure functions of twoSampleStats and
 * compareVerdict.
 */
import type { CompareAdequacy, CompareMetric, CompareMetricId, CompareResult, CompareUnit } from '../../shared/compare'
import type { Scope } from '../../shared/scope'
import type { SqlValue } from '../engine/engine'
import { ALPHA, summaryFor, verdictFor } from './compareVerdict'
import type { AnalysisContext } from './context'
import { compileScope } from './scopeSql'
import {
  cohenMagnitude,
  holmAdjust,
  mannWhitneyU,
  quantileDifference,
  quantileRankInterval,
  rankBiserialMagnitude,
  twoProportion,
  welchTTest,
  type RankSums
} from './twoSampleStats'

/** Per side: the smallest sample each test needs before its answer means anything. */
export const MIN_N = { rate: 30, mean: 30, rank: 20, p95: 100 } as const

/** What one scope holds, as the SQL returns it. */
export type SideAggregates = {
  n: number
  n_fail: number
  n_lat: number
  n_breach: number
  lat_median: number | null
  lat_p95: number | null
  n_cost: number
  cost_mean: number | null
  cost_var: number | null
  n_q: number
  q_mean: number | null
  q_var: number | null
  n_fb: number
  fb_mean: number | null
  fb_var: number | null
}

/** The order statistics bounding a side's median and p95 (quantileRankInterval's ranks). */
export interface LatencyBounds {
  medianLow: number
  medianHigh: number
  p95Low: number
  p95High: number
}

export interface CompareInputs {
  a: SideAggregates
  b: SideAggregates
  overlap: number
  latencyRanks: RankSums | null
  feedbackRanks: RankSums | null
  latencyBounds: { a: LatencyBounds; b: LatencyBounds } | null
}

type MetricCore = Omit<CompareMetric, 'p_holm' | 'outcome' | 'verdict'> & { direction: number; minN: number; noun: string }

function relative(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && a !== 0 ? b / a - 1 : null
}

function adequacyOf(nA: number, nB: number, minRequired: number, minN: number): CompareAdequacy {
  if (nA < minRequired || nB < minRequired) return 'insufficient'
  return nA < minN || nB < minN ? 'small' : 'ok'
}

function smallWarning(adequacy: CompareAdequacy, nA: number, nB: number, minN: number, noun: string): string | null {
  if (adequacy === 'ok') return null
  if (adequacy === 'insufficient') return `not enough ${noun} to compute this (A ${nA}, B ${nB})`
  return `small samples: A ${nA}, B ${nB} ${noun}; this test needs at least ${minN} a side`
}

const EMPTY_TEST = { ci_low: null, ci_high: null, ci_method: null, test: null, statistic: null, df: null, p_value: null, effect_name: null, effect_size: null, magnitude: null, difference: null } as const

function rateMetric(metric: CompareMetricId, label: string, xA: number, nA: number, xB: number, nB: number, noun: string): MetricCore {
  const adequacy = adequacyOf(nA, nB, 1, MIN_N.rate)
  const base = {
    metric,
    label,
    unit: 'rate' as CompareUnit,
    higher_is_worse: true,
    estimand: 'difference of proportions (B - A)',
    a: { n: nA, value: nA ? xA / nA : null, events: xA },
    b: { n: nB, value: nB ? xB / nB : null, events: xB },
    adequacy,
    warning: smallWarning(adequacy, nA, nB, MIN_N.rate, noun),
    minN: MIN_N.rate,
    noun
  }
  if (adequacy === 'insufficient') return { ...base, ...EMPTY_TEST, relative_difference: null, direction: 0 }
  const r = twoProportion(xA, nA, xB, nB)
  const fisherNote = r.test === 'fisher_exact' ? `Fisher's exact test: an expected count is ${r.minExpected.toFixed(1)} (below 5)` : null
  return {
    ...base,
    warning: [base.warning, fisherNote].filter(Boolean).join('; ') || null,
    difference: r.diff,
    relative_difference: relative(r.pA, r.pB),
    ci_low: r.ci.low,
    ci_high: r.ci.high,
    ci_method: 'Newcombe hybrid score (Wilson)',
    test: r.test,
    statistic: r.test === 'two_proportion_z' ? r.z : null,
    df: null,
    p_value: r.pValue,
    effect_name: 'cohens_h',
    effect_size: r.cohensH,
    magnitude: cohenMagnitude(r.cohensH),
    direction: Math.sign(r.diff)
  }
}

interface MeanSide {
  n: number
  mean: number | null
  variance: number | null
}

function meanMetric(metric: CompareMetricId, label: string, unit: CompareUnit, higherIsWorse: boolean, a: MeanSide, b: MeanSide, ranks: RankSums | null, noun: string): MetricCore {
  const useRanks = ranks !== null
  const minN = useRanks ? MIN_N.rank : MIN_N.mean
  const adequacy = adequacyOf(a.n, b.n, 2, minN)
  const base = {
    metric,
    label,
    unit,
    higher_is_worse: higherIsWorse,
    estimand: 'difference of means (B - A)',
    a: { n: a.n, value: a.mean, events: null },
    b: { n: b.n, value: b.mean, events: null },
    relative_difference: relative(a.mean, b.mean),
    adequacy,
    warning: smallWarning(adequacy, a.n, b.n, minN, noun),
    minN,
    noun
  }
  if (adequacy === 'insufficient' || a.mean === null || b.mean === null) return { ...base, ...EMPTY_TEST, adequacy: 'insufficient', direction: 0 }
  const w = welchTTest({ n: a.n, mean: a.mean, variance: a.variance ?? 0 }, { n: b.n, mean: b.mean, variance: b.variance ?? 0 }, ALPHA)
  const interval = { difference: w.diff, ci_low: w.ci.low, ci_high: w.ci.high, ci_method: 'Welch t' }
  if (useRanks) return { ...base, ...interval, ...rankTest(ranks) }
  return {
    ...base,
    ...interval,
    test: 'welch_t',
    statistic: Number.isFinite(w.t) ? w.t : null,
    df: w.df,
    p_value: w.pValue,
    effect_name: 'hedges_g',
    effect_size: w.hedgesG,
    magnitude: w.hedgesG === null ? null : cohenMagnitude(w.hedgesG),
    direction: Math.sign(w.diff)
  }
}

/** The test fields of a Mann-Whitney U comparison (B vs A) with its rank-biserial effect size. */
function rankTest(ranks: RankSums): Pick<MetricCore, 'test' | 'statistic' | 'df' | 'p_value' | 'effect_name' | 'effect_size' | 'magnitude' | 'direction'> {
  const u = mannWhitneyU(ranks)
  return {
    test: 'mann_whitney_u',
    statistic: u.uB,
    df: null,
    p_value: u.pValue,
    effect_name: 'rank_biserial',
    effect_size: u.rankBiserial,
    magnitude: rankBiserialMagnitude(u.rankBiserial),
    direction: Math.sign(u.rankBiserial)
  }
}

function quantileMetric(
  metric: CompareMetricId,
  label: string,
  nA: number,
  nB: number,
  estA: number | null,
  estB: number | null,
  bounds: { a: [number, number]; b: [number, number] } | null,
  ranks: RankSums | null,
  minN: number
): MetricCore {
  const noun = 'latencies'
  const adequacy = adequacyOf(nA, nB, 2, minN)
  const base = {
    metric,
    label,
    unit: 'ms' as CompareUnit,
    higher_is_worse: true,
    estimand: metric === 'latency_median' ? 'difference of medians (B - A)' : 'difference of 95th percentiles (B - A)',
    a: { n: nA, value: estA, events: null },
    b: { n: nB, value: estB, events: null },
    relative_difference: relative(estA, estB),
    adequacy,
    warning: smallWarning(adequacy, nA, nB, minN, noun),
    minN,
    noun
  }
  if (adequacy === 'insufficient' || estA === null || estB === null || !bounds) return { ...base, ...EMPTY_TEST, adequacy: 'insufficient', direction: 0 }
  const q = quantileDifference({ estimate: estA, lowValue: bounds.a[0], highValue: bounds.a[1] }, { estimate: estB, lowValue: bounds.b[0], highValue: bounds.b[1] })
  const interval = { difference: q.diff, ci_low: q.ci.low, ci_high: q.ci.high, ci_method: 'order-statistic standard errors (McKean-Schrader)' }
  if (ranks) return { ...base, ...interval, ...rankTest(ranks) }
  const noSpread = q.pValue === null
  return {
    ...base,
    ...interval,
    warning: noSpread ? [base.warning, 'no spread around the percentile on either side: no test'].filter(Boolean).join('; ') : base.warning,
    adequacy: noSpread ? 'insufficient' : adequacy,
    test: noSpread ? null : 'wald_quantile',
    statistic: q.z,
    df: null,
    p_value: q.pValue,
    effect_name: 'relative_change',
    effect_size: relative(estA, estB),
    magnitude: null,
    direction: Math.sign(q.diff)
  }
}

/** Every metric of the comparison with its verdict, and the summary (pure: the SQL's numbers in, the result out). */
export function buildComparison(inputs: CompareInputs): CompareResult {
  const { a, b } = inputs
  const lb = inputs.latencyBounds
  const cores: MetricCore[] = [
    rateMetric('failure_rate', 'failure rate', a.n_fail, a.n, b.n_fail, b.n, 'requests'),
    rateMetric('sla_breach_rate', 'SLA breach rate', a.n_breach, a.n_lat, b.n_breach, b.n_lat, 'latencies'),
    meanMetric('quality', 'quality score', 'score', false, { n: a.n_q, mean: a.q_mean, variance: a.q_var }, { n: b.n_q, mean: b.q_mean, variance: b.q_var }, null, 'scores'),
    meanMetric('feedback', 'user feedback', 'feedback', false, { n: a.n_fb, mean: a.fb_mean, variance: a.fb_var }, { n: b.n_fb, mean: b.fb_mean, variance: b.fb_var }, inputs.feedbackRanks, 'feedback scores'),
    quantileMetric('latency_median', 'median latency', a.n_lat, b.n_lat, a.lat_median, b.lat_median, lb && { a: [lb.a.medianLow, lb.a.medianHigh], b: [lb.b.medianLow, lb.b.medianHigh] }, inputs.latencyRanks, MIN_N.rank),
    quantileMetric('latency_p95', 'p95 latency', a.n_lat, b.n_lat, a.lat_p95, b.lat_p95, lb && { a: [lb.a.p95Low, lb.a.p95High], b: [lb.b.p95Low, lb.b.p95High] }, null, MIN_N.p95),
    meanMetric('cost', 'cost per request', 'usd', true, { n: a.n_cost, mean: a.cost_mean, variance: a.cost_var }, { n: b.n_cost, mean: b.cost_mean, variance: b.cost_var }, null, 'costs')
  ]
  const holm = holmAdjust(cores.map((c) => c.p_value))
  const metrics: CompareMetric[] = cores.map(({ direction, minN, noun, ...c }, i) => {
    const v = verdictFor({
      label: c.label,
      unit: c.unit,
      higherIsWorse: c.higher_is_worse,
      nA: c.a.n,
      nB: c.b.n,
      valueA: c.a.value,
      valueB: c.b.value,
      difference: c.difference,
      ciLow: c.ci_low,
      ciHigh: c.ci_high,
      pValue: c.p_value,
      direction,
      magnitude: c.magnitude,
      adequacy: c.adequacy,
      minN,
      noun,
      rankTest: c.test === 'mann_whitney_u'
    })
    return { ...c, p_holm: holm[i], ...v }
  })
  const notes: string[] = []
  if (inputs.overlap > 0) {
    notes.push(
      inputs.overlap === a.n && inputs.overlap === b.n
        ? 'A and B select the same requests: there is nothing to compare.'
        : `A and B share ${inputs.overlap.toLocaleString('en-US')} requests. The tests assume two independent samples, so shared requests make the two look more alike than they are.`
    )
  }
  notes.push('Requests are treated as independent; requests of one session or user are not quite, so p-values are somewhat optimistic.')
  notes.push(`Seven metrics are tested at once: at 5% each, one in seven comparisons of identical traffic shows a "difference" somewhere by chance. Holm-adjusted p-values account for that.`)
  return { a_requests: a.n, b_requests: b.n, overlap: inputs.overlap, alpha: ALPHA, metrics, summary: summaryFor(metrics, a.n, b.n), notes }
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

interface BoundScopes {
  sql: (select: string) => string
  params: SqlValue[]
}

/** The rows of both scopes, each tagged with its side ('A' / 'B'); a row in both appears twice. */
function sides(a: Scope, b: Scope): BoundScopes {
  const ca = compileScope(a)
  const cb = compileScope(b)
  return {
    sql: (select) => `SELECT 'A' AS side, ${select} FROM interactions WHERE ${ca.where} UNION ALL SELECT 'B' AS side, ${select} FROM interactions WHERE ${cb.where}`,
    params: [...ca.params, ...cb.params]
  }
}

// Means and sample variances in two passes over exact sums (the mean first, then the squared
// deviations from it), so they are the same on every run; DuckDB's avg and var_samp combine their
// threads' partial results in the order they finish. A variance of fewer than two values is null.
// The rows in scope are MATERIALIZED once for both passes: an inlined copy of the scope's SQL would
// repeat its bound parameters.
const AGGREGATES_SQL = (sidesSql: string): string => `
WITH s AS MATERIALIZED (${sidesSql}),
m AS (SELECT side, exact_avg(cost_usd) AS mc, exact_avg(q) AS mq, exact_avg(fb) AS mf FROM s GROUP BY side)
SELECT side, count(*)::BIGINT AS n, count_if(is_failure)::BIGINT AS n_fail,
       count(latency_ms)::BIGINT AS n_lat, count_if(latency_ms > CAST(? AS DOUBLE))::BIGINT AS n_breach,
       quantile_cont(latency_ms, 0.5) AS lat_median, quantile_cont(latency_ms, 0.95) AS lat_p95,
       count(cost_usd)::BIGINT AS n_cost, any_value(mc) AS cost_mean,
       CASE WHEN count(cost_usd) > 1 THEN exact_sum((cost_usd - mc) * (cost_usd - mc)) / (count(cost_usd) - 1) END AS cost_var,
       count(q)::BIGINT AS n_q, any_value(mq) AS q_mean,
       CASE WHEN count(q) > 1 THEN exact_sum((q - mq) * (q - mq)) / (count(q) - 1) END AS q_var,
       count(fb)::BIGINT AS n_fb, any_value(mf) AS fb_mean,
       CASE WHEN count(fb) > 1 THEN exact_sum((fb - mf) * (fb - mf)) / (count(fb) - 1) END AS fb_var
FROM s JOIN m USING (side) GROUP BY side`

// Ranks over the merged distinct values: mid-rank of a group = rows before it + (t + 1) / 2, so
// 2 x B's rank sum is an integer sum (exact in a double up to 2^53).
const RANKS_SQL = (sidesSql: string): string => `
WITH g AS (
  SELECT v, count_if(side = 'A')::DOUBLE AS ca, count_if(side = 'B')::DOUBLE AS cb
  FROM (${sidesSql}) WHERE v IS NOT NULL GROUP BY v
), r AS (
  SELECT v, ca, cb, ca + cb AS t,
         coalesce(sum(ca + cb) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
         sum(ca) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_a,
         sum(cb) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_b
  FROM g
)
SELECT coalesce(sum(ca), 0) AS n_a, coalesce(sum(cb), 0) AS n_b,
       coalesce(sum(cb * (2 * before + t + 1)), 0) AS twice_rank_sum_b,
       coalesce(sum(t * t * t - t), 0) AS tie_term,
       min(v) FILTER (WHERE cum_a >= ?) AS a1, min(v) FILTER (WHERE cum_a >= ?) AS a2,
       min(v) FILTER (WHERE cum_a >= ?) AS a3, min(v) FILTER (WHERE cum_a >= ?) AS a4,
       min(v) FILTER (WHERE cum_b >= ?) AS b1, min(v) FILTER (WHERE cum_b >= ?) AS b2,
       min(v) FILTER (WHERE cum_b >= ?) AS b3, min(v) FILTER (WHERE cum_b >= ?) AS b4
FROM r`

type RanksRow = {
  n_a: number
  n_b: number
  twice_rank_sum_b: number
  tie_term: number
  a1: number | null
  a2: number | null
  a3: number | null
  a4: number | null
  b1: number | null
  b2: number | null
  b3: number | null
  b4: number | null
}

const NO_ROWS: SideAggregates = { n: 0, n_fail: 0, n_lat: 0, n_breach: 0, lat_median: null, lat_p95: null, n_cost: 0, cost_mean: null, cost_var: null, n_q: 0, q_mean: null, q_var: null, n_fb: 0, fb_mean: null, fb_var: null }

/** Ranks (1-based) of the order statistics around the median and the p95 of a sample of n; 1 for an empty one. */
function boundRanks(n: number): number[] {
  if (n === 0) return [1, 1, 1, 1]
  const m = quantileRankInterval(n, 0.5)
  const p = quantileRankInterval(n, 0.95)
  return [m.low, m.high, p.low, p.high]
}

/** Rank sums of one column between the sides, plus (for latency) the order statistics around the median and p95. */
async function rankQuery(ctx: AnalysisContext, a: Scope, b: Scope, column: 'latency_ms' | 'user_feedback_score', nA: number, nB: number): Promise<RanksRow> {
  const s = sides(a, b)
  const [row] = await ctx.engine.all<RanksRow>(RANKS_SQL(s.sql(`${column} AS v`)), [...s.params, ...boundRanks(nA), ...boundRanks(nB)])
  return row
}

/** Compares scope B with scope A on every metric (memoised per scopes and SLA_MS). */
export function compareScopes(ctx: AnalysisContext, a: Scope, b: Scope): Promise<CompareResult> {
  const compute = async (): Promise<CompareResult> => {
    const s = sides(a, b)
    const rows = await ctx.engine.all<SideAggregates & { side: 'A' | 'B' }>(
      AGGREGATES_SQL(s.sql('is_failure, latency_ms, cost_usd, response_quality_score AS q, user_feedback_score AS fb')),
      // the scopes' parameters come first in the text (the WITH clause), then the SLA
      [...s.params, ctx.knobs.SLA_MS]
    )
    const pick = (side: 'A' | 'B'): SideAggregates => {
      const r = rows.find((x) => x.side === side)
      if (!r) return NO_ROWS
      const { side: _side, ...agg } = r
      return agg
    }
    const sa = pick('A')
    const sb = pick('B')
    const ca = compileScope(a)
    const cb = compileScope(b)
    const [{ overlap }] = await ctx.engine.all<{ overlap: number }>(`SELECT count(*)::BIGINT AS overlap FROM interactions WHERE (${ca.where}) AND (${cb.where})`, [...ca.params, ...cb.params])
    let latencyRanks: RankSums | null = null
    let latencyBounds: CompareInputs['latencyBounds'] = null
    if (sa.n_lat > 0 && sb.n_lat > 0) {
      const r = await rankQuery(ctx, a, b, 'latency_ms', sa.n_lat, sb.n_lat)
      latencyRanks = { nA: r.n_a, nB: r.n_b, twiceRankSumB: r.twice_rank_sum_b, tieTerm: r.tie_term }
      latencyBounds = {
        a: { medianLow: r.a1!, medianHigh: r.a2!, p95Low: r.a3!, p95High: r.a4! },
        b: { medianLow: r.b1!, medianHigh: r.b2!, p95Low: r.b3!, p95High: r.b4! }
      }
    }
    let feedbackRanks: RankSums | null = null
    if (sa.n_fb > 0 && sb.n_fb > 0) {
      const r = await rankQuery(ctx, a, b, 'user_feedback_score', sa.n_fb, sb.n_fb)
      feedbackRanks = { nA: r.n_a, nB: r.n_b, twiceRankSumB: r.twice_rank_sum_b, tieTerm: r.tie_term }
    }
    return buildComparison({ a: sa, b: sb, overlap, latencyRanks, feedbackRanks, latencyBounds })
  }
  return ctx.memo ? ctx.memo.get(['compare', a, b, ctx.knobs.SLA_MS], compute) : compute()
}
