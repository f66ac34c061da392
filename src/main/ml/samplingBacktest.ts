/**
 * Applies sampling rates to rows (the hash decides which are kept) and backtests the sample: each KPI
 * of every (model, use case) and of all rows, true (full data) versus re-weighted by 1 / rate
 * (Horvitz-Thompson), with the estimate's standard error. Pure: typed arrays in, plain rows out.
 */
import type { BacktestMetric, SamplingBacktest, SamplingBacktestRow } from '../../shared/sampling'
import { isKept, keepThreshold, type U64 } from './sampleHash'
import { weightedQuantileOf } from './weightedQuantile'

/** The rows in scope, column-wise, as the sampling analysis reads them once per scope and rules. */
export interface SampleFrame {
  n: number
  /** rule class of each row (index into the policy's classes) */
  cls: Uint16Array
  /** stratum (model x use case x UTC day) of each row */
  stratum: Int32Array
  /** (model, use case) group of each row */
  group: Int32Array
  groups: { model_name: string | null; use_case: string | null }[]
  /** the dump's own weight (its sample_rate; 1 when it has none) */
  w0: Float64Array
  /** the row's hash shifted to [0, 2^64), as halves */
  uHi: Uint32Array
  uLo: Uint32Array
  isFailure: Uint8Array
  /** NaN for null */
  latency: Float64Array
  cost: Float64Array
  bytes: Float64Array
  /** rows with a latency, sorted by (group, latency); groupStarts[g]..groupStarts[g+1] is group g */
  byGroupLatency: Int32Array
  groupStarts: Int32Array
  /** rows with a latency, sorted by latency */
  byLatency: Int32Array
}

/** The rate and the keep decision of every row. */
export interface AppliedRates {
  p: Float64Array
  kept: Uint8Array
}

/** Rate of each row from the per-(class, stratum) rates, and whether its hash keeps it. */
export function applyRates(frame: SampleFrame, rates: Float64Array, strata: number): AppliedRates {
  const p = new Float64Array(frame.n)
  const kept = new Uint8Array(frame.n)
  const thresholds = new Map<number, U64 & { all: boolean }>()
  for (let i = 0; i < frame.n; i++) {
    const rate = rates[frame.cls[i] * strata + frame.stratum[i]]
    p[i] = rate
    let t = thresholds.get(rate)
    if (!t) {
      t = keepThreshold(rate)
      thresholds.set(rate, t)
    }
    kept[i] = isKept(frame.uHi[i], frame.uLo[i], t) ? 1 : 0
  }
  return { p, kept }
}

interface Sums {
  n: number
  fail: number
  cost: number
  nCost: number
  // estimates over the kept rows, weight w0 / p
  eN: number
  eFail: number
  eCost: number
  eNCost: number
  // variance terms: sum of (1 - p) / p^2 * w0^2 * y^2 over kept rows
  vN: number
  vCost: number
  kept: number
}

const emptySums = (): Sums => ({ n: 0, fail: 0, cost: 0, nCost: 0, eN: 0, eFail: 0, eCost: 0, eNCost: 0, vN: 0, vCost: 0, kept: 0 })

function row(model: string | null, useCase: string | null, total: boolean, metric: BacktestMetric, truth: number | null, estimate: number | null, se: number | null): SamplingBacktestRow {
  const error = truth !== null && estimate !== null ? estimate - truth : null
  return {
    model_name: model,
    use_case: useCase,
    total,
    metric,
    true_value: truth,
    estimate,
    error,
    rel_error: error !== null && truth !== null && truth !== 0 ? error / Math.abs(truth) : error === 0 ? 0 : null,
    std_error: se,
    z: error !== null && se !== null && se > 0 ? error / se : error === 0 ? 0 : null
  }
}

/**
 * The backtest: requests, failure rate, p95 latency and cost per (model, use case) and in total, true
 * and estimated, with standard errors (Horvitz-Thompson for the totals, linearised for the rate).
 */
export function backtest(frame: SampleFrame, applied: AppliedRates): SamplingBacktest {
  const G = frame.groups.length
  const sums = Array.from({ length: G + 1 }, emptySums)
  const { p, kept } = applied
  let zeroRate = 0
  let sampled = 0
  for (let i = 0; i < frame.n; i++) {
    const w0 = frame.w0[i]
    const f = frame.isFailure[i]
    const c = frame.cost[i]
    for (const s of [sums[frame.group[i]], sums[G]]) {
      s.n += w0
      s.fail += w0 * f
      if (!Number.isNaN(c)) {
        s.cost += w0 * c
        s.nCost += w0
      }
    }
    if (p[i] === 0) zeroRate++
    if (!kept[i]) continue
    sampled++
    const w = w0 / p[i]
    const v = ((1 - p[i]) / (p[i] * p[i])) * w0 * w0
    for (const s of [sums[frame.group[i]], sums[G]]) {
      s.kept++
      s.eN += w
      s.eFail += w * f
      s.vN += v
      if (!Number.isNaN(c)) {
        s.eCost += w * c
        s.eNCost += w
        s.vCost += v * c * c
      }
    }
  }
  // The failure rate is a ratio: its variance is the HT variance of the residuals f - R, over N^2.
  const vRate = new Float64Array(G + 1)
  const rateEst = sums.map((s) => (s.eN > 0 ? s.eFail / s.eN : null))
  for (let i = 0; i < frame.n; i++) {
    if (!kept[i]) continue
    const v = ((1 - p[i]) / (p[i] * p[i])) * frame.w0[i] * frame.w0[i]
    for (const g of [frame.group[i], G]) {
      const r = rateEst[g]!
      const d = frame.isFailure[i] - r
      vRate[g] += v * d * d
    }
  }
  const wTrue = (i: number): number => frame.w0[i]
  const wEst = (i: number): number => (kept[i] ? frame.w0[i] / p[i] : 0)
  const p95 = (order: Int32Array, start: number, end: number, weight: (i: number) => number): number | null =>
    weightedQuantileOf(
      end - start,
      (k) => frame.latency[order[start + k]],
      (k) => weight(order[start + k]),
      0.95
    )

  const rows: SamplingBacktestRow[] = []
  const emit = (g: number): void => {
    const s = sums[g]
    const total = g === G
    const model = total ? null : frame.groups[g].model_name
    const useCase = total ? null : frame.groups[g].use_case
    const [order, start, end] = total ? [frame.byLatency, 0, frame.byLatency.length] : [frame.byGroupLatency, frame.groupStarts[g], frame.groupStarts[g + 1]]
    rows.push(row(model, useCase, total, 'requests', s.n, s.eN, Math.sqrt(s.vN)))
    rows.push(row(model, useCase, total, 'failure_rate', s.n > 0 ? s.fail / s.n : null, rateEst[g], s.eN > 0 ? Math.sqrt(vRate[g]) / s.eN : null))
    rows.push(row(model, useCase, total, 'p95_latency_ms', p95(order, start, end, wTrue), p95(order, start, end, wEst), null))
    rows.push(row(model, useCase, total, 'cost_usd', s.nCost > 0 ? s.cost : null, s.nCost > 0 ? s.eCost : null, s.nCost > 0 ? Math.sqrt(s.vCost) : null))
  }
  emit(G)
  for (let g = 0; g < G; g++) emit(g)

  const checked = rows.filter((r) => r.metric !== 'p95_latency_ms' && r.z !== null)
  const within = checked.filter((r) => Math.abs(r.z!) <= 2).length
  const maxAbsZ = checked.length ? Math.max(...checked.map((r) => Math.abs(r.z!))) : null
  const share = checked.length ? within / checked.length : null
  const unbiased = zeroRate === 0 && (share === null || checked.length < 10 || share >= 0.85)
  const note =
    zeroRate > 0
      ? `${zeroRate} row(s) have rate 0 (an operator rule): they are never kept, so no weight can bring them back and the totals that include them are biased low.`
      : 'Every row has a rate above 0 and every kept row is weighted by 1 / its rate, so each total is unbiased (Horvitz-Thompson); the failure rate and p95 are ratio and quantile estimates, consistent but not exactly unbiased in small groups. About 95% of estimates should fall within 2 standard errors of the truth.'
  return {
    rows,
    summary: {
      checked: checked.length,
      within_2se: within,
      within_2se_share: share,
      max_abs_z: maxAbsZ,
      zero_rate_rows: zeroRate,
      sampled_rows: sampled,
      rows: frame.n,
      verdict: unbiased ? 'unbiased' : 'check',
      note
    }
  }
}
