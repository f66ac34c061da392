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

/** Per-group running sums, one typed array per quantity (index g; the last index is all rows). */
class Sums {
  readonly n: Float64Array
  readonly fail: Float64Array
  readonly cost: Float64Array
  readonly nCost: Float64Array
  // estimates over the kept rows, weight w0 / p
  readonly eN: Float64Array
  readonly eFail: Float64Array
  readonly eCost: Float64Array
  // the design variance of the estimates: sum over every row (a backtest knows them all) of (1 - p) / p * w0^2 * y^2
  readonly vN: Float64Array
  readonly vCost: Float64Array
  readonly vRate: Float64Array
  constructor(size: number) {
    this.n = new Float64Array(size)
    this.fail = new Float64Array(size)
    this.cost = new Float64Array(size)
    this.nCost = new Float64Array(size)
    this.eN = new Float64Array(size)
    this.eFail = new Float64Array(size)
    this.eCost = new Float64Array(size)
    this.vN = new Float64Array(size)
    this.vCost = new Float64Array(size)
    this.vRate = new Float64Array(size)
  }
}

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
  const sums = new Sums(G + 1)
  const { p, kept } = applied
  let zeroRate = 0
  let sampled = 0
  const add = (g: number, w0: number, f: number, c: number, hasCost: boolean, isKept: boolean, w: number, v: number): void => {
    sums.n[g] += w0
    sums.fail[g] += w0 * f
    sums.vN[g] += v
    if (hasCost) {
      sums.cost[g] += w0 * c
      sums.nCost[g] += w0
      sums.vCost[g] += v * c * c
    }
    if (!isKept) return
    sums.eN[g] += w
    sums.eFail[g] += w * f
    if (hasCost) sums.eCost[g] += w * c
  }
  for (let i = 0; i < frame.n; i++) {
    const w0 = frame.w0[i]
    const f = frame.isFailure[i]
    const c = frame.cost[i]
    const hasCost = !Number.isNaN(c)
    const isKept = kept[i] === 1
    if (p[i] === 0) zeroRate++
    if (isKept) sampled++
    const w = isKept ? w0 / p[i] : 0
    // a row at rate 0 has no finite variance: it is counted in zero_rate_rows instead
    const v = p[i] > 0 ? ((1 - p[i]) / p[i]) * w0 * w0 : 0
    add(frame.group[i], w0, f, c, hasCost, isKept, w, v)
    add(G, w0, f, c, hasCost, isKept, w, v)
  }
  // The failure rate is a ratio: its (linearised) variance is that of the HT total of the residuals
  // f - R, over N^2, with R and N the true rate and count.
  const rateEst = Array.from(sums.eN, (eN, g) => (eN > 0 ? sums.eFail[g] / eN : null))
  const rateTrue = Array.from(sums.n, (n, g) => (n > 0 ? sums.fail[g] / n : 0))
  for (let i = 0; i < frame.n; i++) {
    if (!(p[i] > 0)) continue
    const v = ((1 - p[i]) / p[i]) * frame.w0[i] * frame.w0[i]
    const g = frame.group[i]
    const dg = frame.isFailure[i] - rateTrue[g]
    const dt = frame.isFailure[i] - rateTrue[G]
    sums.vRate[g] += v * dg * dg
    sums.vRate[G] += v * dt * dt
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
    const total = g === G
    const model = total ? null : frame.groups[g].model_name
    const useCase = total ? null : frame.groups[g].use_case
    const [order, start, end] = total ? [frame.byLatency, 0, frame.byLatency.length] : [frame.byGroupLatency, frame.groupStarts[g], frame.groupStarts[g + 1]]
    const n = sums.n[g]
    const eN = sums.eN[g]
    const nCost = sums.nCost[g]
    rows.push(row(model, useCase, total, 'requests', n, eN, Math.sqrt(sums.vN[g])))
    rows.push(row(model, useCase, total, 'failure_rate', n > 0 ? sums.fail[g] / n : null, rateEst[g], n > 0 ? Math.sqrt(sums.vRate[g]) / n : null))
    rows.push(row(model, useCase, total, 'p95_latency_ms', p95(order, start, end, wTrue), p95(order, start, end, wEst), null))
    rows.push(row(model, useCase, total, 'cost_usd', nCost > 0 ? sums.cost[g] : null, nCost > 0 ? sums.eCost[g] : null, nCost > 0 ? Math.sqrt(sums.vCost[g]) : null))
  }
  emit(G)
  for (let g = 0; g < G; g++) emit(g)

  const checked = rows.filter((r) => r.metric !== 'p95_latency_ms' && r.z !== null)
  const within = checked.filter((r) => Math.abs(r.z!) <= 2).length
  const maxAbsZ = checked.length ? Math.max(...checked.map((r) => Math.abs(r.z!))) : null
  const share = checked.length ? within / checked.length : null
  // Every estimate is unbiased by construction when every row can be kept; the totals over all rows
  // (the best-powered checks) would be far off only if something else were wrong.
  const totalsOff = rows.filter((r) => r.total && r.metric !== 'p95_latency_ms' && r.z !== null && Math.abs(r.z) > 4)
  const unbiased = zeroRate === 0 && totalsOff.length === 0
  const note =
    zeroRate > 0
      ? `${zeroRate} row(s) have rate 0 (an operator rule): they are never kept, so no weight can bring them back and the totals that include them are biased low.`
      : totalsOff.length > 0
        ? `The re-weighted ${totalsOff.map((r) => r.metric).join(', ')} of all rows is more than 4 standard errors from the truth: check the policy.`
        : 'Every row has a rate above 0 and every kept row is weighted by 1 / its rate, so each total is unbiased (Horvitz-Thompson); the failure rate and p95 are ratio and quantile estimates, consistent but not exactly unbiased in small groups. About 95% of the estimates should lie within 2 standard errors of the truth; fewer do where only a handful of rows are kept (the error is then far from normal).'
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
