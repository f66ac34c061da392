// Triage threshold sweep: costs, review load and capacity feasibility of each probability threshold and of the baseline policies, and the choice of threshold (PIPELINE.md section 9).

import type { TriageCurveRow, TriageOperatingMode, TriagePolicyMetrics } from '../../shared/triage'
import { selectKth } from '../ml/select'
import { quantileLinear } from './stats'

export type { TriageCurveRow, TriageOperatingMode, TriagePolicyMetrics }

/** Operator knobs that drive the sweep (PIPELINE.md section 11). */
export interface TriageKnobs {
  REVIEW_COST: number
  TRIAGE_FN_COST_USD: number
  CAPACITY_PER_DAY: number
  CAPACITY_P90_GUARD: number
}

/** The evaluation rows, columnar: calibrated P(failure), label, UTC day 'YYYY-MM-DD', interaction_id. */
export interface TriageEvaluationRows {
  proba: Float64Array
  y: Uint8Array
  day: string[]
  id: string[]
}

/** Everything the triage artifacts need from the sweep. */
export interface TriageSweepResult {
  /** t = 0.05, 0.06, ..., 0.95 in order. */
  curve: TriageCurveRow[]
  /** The chosen threshold's curve row. */
  selected: TriageCurveRow
  threshold: number
  operating_mode: TriageOperatingMode
  /** True when no threshold is feasible (the selection then fell back to the lowest cost overall). */
  capacity_infeasible_flag: boolean
  /** Lowest expected cost over all thresholds (ties: lowest threshold), feasible or not. */
  cost_optimal_threshold: number
  cost_optimal_feasible: boolean
  days_in_evaluation: number
  /** Rows in order: selected_threshold, review_all, top_{CAPACITY_PER_DAY}_per_day, review_none. */
  comparison: TriagePolicyMetrics[]
}

const FIRST = 5
const LAST = 95
const N_THRESHOLDS = LAST - FIRST + 1
/** A chosen threshold that reviews at least this share of rows is "review all" in disguise. */
const REVIEW_ALL_EQUIVALENT_SHARE = 0.95

/** The swept thresholds i / 100 for i = 5..95, each computed as that exact division. */
export function triageThresholds(): number[] {
  const out: number[] = []
  for (let i = FIRST; i <= LAST; i++) out.push(i / 100)
  return out
}

/** Policy name of threshold i / 100, always with two decimals ('threshold_0.05'). */
function thresholdName(i: number): string {
  return `threshold_${(i / 100).toFixed(2)}`
}

interface Counts {
  tp: number
  fp: number
  fn: number
  tn: number
}

function policyMetrics(
  policy: string,
  c: Counts,
  reviewsPerDay: Float64Array,
  nRows: number,
  knobs: TriageKnobs
): TriagePolicyMetrics {
  const reviewed = c.tp + c.fp
  const sorted = reviewsPerDay.slice().sort()
  const nDays = sorted.length
  return {
    policy,
    expected_cost: reviewed * knobs.REVIEW_COST + c.fn * knobs.TRIAGE_FN_COST_USD,
    reviewed_rows: reviewed,
    review_share: reviewed / nRows,
    mean_reviews_per_day: reviewed / nDays,
    p90_reviews_per_day: quantileLinear(sorted, 0.9) as number,
    tn: c.tn,
    fp: c.fp,
    fn: c.fn,
    tp: c.tp,
    precision: reviewed > 0 ? c.tp / reviewed : 0,
    recall: c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0
  }
}

/**
 * Sweep the review thresholds over the evaluation rows and pick one, per PIPELINE.md section 9:
 * review = proba >= t; expected_cost = (tp + fp) REVIEW_COST + fn TRIAGE_FN_COST_USD; reviews per
 * UTC day over the days present in the rows (a day without reviews counts 0), mean and p90
 * (linear); feasible when mean <= CAPACITY_PER_DAY and p90 <= CAPACITY_P90_GUARD. The feasible
 * threshold with the lowest cost wins (ties: the lowest threshold); if none is feasible, the lowest
 * cost overall, flagged. A NaN probability is never reviewed by a threshold and ranks as -Infinity in
 * the per-day top-N baseline. The top-N baseline reviews floor(CAPACITY_PER_DAY) rows per day (ties
 * by interaction_id ascending) and is named with the knob as given. Returns null when there is no
 * evaluation row.
 */
export function sweepTriageThresholds(rows: TriageEvaluationRows, knobs: TriageKnobs): TriageSweepResult | null {
  const { proba, y, day, id } = rows
  const n = proba.length
  if (y.length !== n || day.length !== n || id.length !== n) throw new Error('sweepTriageThresholds: column lengths differ')
  if (n === 0) return null

  // Day index per row, in order of first appearance (the order does not affect any output).
  const dayIndex = new Map<string, number>()
  const dayOf = new Int32Array(n)
  let lastDay: string | undefined
  let k = -1
  for (let i = 0; i < n; i++) {
    // Rows come in runs of one day: the map is consulted when the day changes.
    if (day[i] !== lastDay) {
      lastDay = day[i]
      let found = dayIndex.get(lastDay)
      if (found === undefined) {
        found = dayIndex.size
        dayIndex.set(lastDay, found)
      }
      k = found
    }
    dayOf[i] = k
  }
  const nDays = dayIndex.size

  // Bucket b of a row = how many thresholds it reaches (proba >= t_k exactly for k < b), so the
  // sweep becomes suffix sums over buckets instead of 91 passes over the rows.
  const thr = triageThresholds()
  const nb = N_THRESHOLDS + 1
  const posInBucket = new Float64Array(nb)
  const negInBucket = new Float64Array(nb)
  const dayBucket = new Float64Array(nDays * nb)
  let nPos = 0
  for (let i = 0; i < n; i++) {
    const p = proba[i]
    let b = 0
    if (p >= thr[0]) {
      let k = Math.min(Math.max(Math.floor(p * 100) - FIRST, 0), N_THRESHOLDS - 1)
      while (k + 1 < N_THRESHOLDS && thr[k + 1] <= p) k++
      while (k > 0 && thr[k] > p) k--
      b = k + 1
    }
    if (y[i]) {
      posInBucket[b]++
      nPos++
    } else {
      negInBucket[b]++
    }
    dayBucket[dayOf[i] * nb + b]++
  }
  const nNeg = n - nPos

  const curve: TriageCurveRow[] = []
  const perDay = new Float64Array(nDays) // reviews per day at the current threshold
  const dayTotals = new Float64Array(nDays)
  for (let dd = 0; dd < nDays; dd++) for (let b = 0; b < nb; b++) dayTotals[dd] += dayBucket[dd * nb + b]
  let tp = 0
  let fp = 0
  // Walk thresholds from the highest down, adding the bucket just above each one.
  const rowsDesc: TriageCurveRow[] = []
  for (let k = N_THRESHOLDS - 1; k >= 0; k--) {
    const b = k + 1
    tp += posInBucket[b]
    fp += negInBucket[b]
    for (let dd = 0; dd < nDays; dd++) perDay[dd] += dayBucket[dd * nb + b]
    const m = policyMetrics(thresholdName(k + FIRST), { tp, fp, fn: nPos - tp, tn: nNeg - fp }, perDay, n, knobs)
    rowsDesc.push({
      ...m,
      threshold: thr[k],
      feasible: m.mean_reviews_per_day <= knobs.CAPACITY_PER_DAY && m.p90_reviews_per_day <= knobs.CAPACITY_P90_GUARD
    })
  }
  for (let k = rowsDesc.length - 1; k >= 0; k--) curve.push(rowsDesc[k])

  // Selection: ascending thresholds with strict '<' keep the lowest threshold on cost ties.
  let bestFeasible: TriageCurveRow | null = null
  let costOptimal = curve[0]
  for (const r of curve) {
    if (r.expected_cost < costOptimal.expected_cost) costOptimal = r
    if (r.feasible && (bestFeasible === null || r.expected_cost < bestFeasible.expected_cost)) bestFeasible = r
  }
  const selected = bestFeasible ?? costOptimal
  const operatingMode: TriageOperatingMode =
    selected.review_share >= REVIEW_ALL_EQUIVALENT_SHARE
      ? 'conservative_review_all_equivalent'
      : !costOptimal.feasible
        ? 'capacity_bound'
        : 'cost_optimal'

  // ---- baselines ----
  const reviewAll = policyMetrics('review_all', { tp: nPos, fp: nNeg, fn: 0, tn: 0 }, dayTotals, n, knobs)
  const reviewNone = policyMetrics('review_none', { tp: 0, fp: 0, fn: nPos, tn: nNeg }, new Float64Array(nDays), n, knobs)
  const topN = topPerDay(rows, dayOf, nDays, knobs)
  const topMetrics = policyMetrics(`top_${String(knobs.CAPACITY_PER_DAY)}_per_day`, topN.counts, topN.perDay, n, knobs)

  const { threshold: _t, feasible: _f, ...selectedMetrics } = selected
  void _t
  void _f
  return {
    curve,
    selected,
    threshold: selected.threshold,
    operating_mode: operatingMode,
    capacity_infeasible_flag: bestFeasible === null,
    cost_optimal_threshold: costOptimal.threshold,
    cost_optimal_feasible: costOptimal.feasible,
    days_in_evaluation: nDays,
    comparison: [{ ...selectedMetrics, policy: 'selected_threshold' }, reviewAll, topMetrics, reviewNone]
  }
}

/**
 * Each day's floor(CAPACITY_PER_DAY) highest probabilities (NaN ranks as -Infinity; ties by id
 * ascending). Per day: the cap-th highest value v is found by selection (selectKth, no sort of the
 * day's values); rows above v are all taken, and only the rows tied at v are ordered by id.
 */
function topPerDay(
  rows: TriageEvaluationRows,
  dayOf: Int32Array,
  nDays: number,
  knobs: TriageKnobs
): { counts: Counts; perDay: Float64Array } {
  const { proba, y, id } = rows
  const n = proba.length
  const cap = Math.max(0, Math.floor(knobs.CAPACITY_PER_DAY))
  const key = (i: number): number => (Number.isNaN(proba[i]) ? -Infinity : proba[i])
  // Group row indices by day with a counting sort.
  const start = new Int32Array(nDays + 1)
  for (let i = 0; i < n; i++) start[dayOf[i] + 1]++
  for (let dd = 0; dd < nDays; dd++) start[dd + 1] += start[dd]
  const order = new Int32Array(n)
  const next = start.slice(0, nDays)
  for (let i = 0; i < n; i++) order[next[dayOf[i]]++] = i

  let tp = 0
  let fp = 0
  let nPos = 0
  for (let i = 0; i < n; i++) if (y[i]) nPos++
  const perDay = new Float64Array(nDays)
  for (let dd = 0; dd < nDays; dd++) {
    const group = order.subarray(start[dd], start[dd + 1])
    const take = Math.min(cap, group.length)
    perDay[dd] = take
    if (take === 0) continue
    if (take === group.length) {
      for (let r = 0; r < group.length; r++) {
        if (y[group[r]]) tp++
        else fp++
      }
      continue
    }
    const values = new Float64Array(group.length)
    for (let r = 0; r < group.length; r++) values[r] = key(group[r])
    // The take-th highest (only compared, so which zero a selection returns for +-0 does not matter).
    const v = selectKth(values, group.length - take)
    const tied: number[] = []
    let above = 0
    for (let r = 0; r < group.length; r++) {
      const i = group[r]
      const k = key(i)
      if (k > v) {
        above++
        if (y[i]) tp++
        else fp++
      } else if (k === v) {
        tied.push(i)
      }
    }
    tied.sort((a, b) => (id[a] < id[b] ? -1 : id[a] > id[b] ? 1 : 0))
    for (let r = 0; r < take - above; r++) {
      if (y[tied[r]]) tp++
      else fp++
    }
  }
  return { counts: { tp, fp, fn: nPos - tp, tn: n - nPos - fp }, perDay }
}
