// Tests of the triage threshold sweep: hand-computed cases, a brute-force cross-check, and the notebook sample's triage outputs.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { sweepTriageThresholds, triageThresholds, type TriageKnobs, type TriagePolicyMetrics } from './triageSweep'

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/notebook-sample/', import.meta.url))
const KNOBS: TriageKnobs = { REVIEW_COST: 2, TRIAGE_FN_COST_USD: 40, CAPACITY_PER_DAY: 200, CAPACITY_P90_GUARD: 250 }

function readCsv(name: string): Record<string, string>[] {
  // The fixtures have no quoted fields, so a plain split is enough.
  const lines = readFileSync(FIXTURES + name, 'utf8').split('\n').filter((l) => l.length > 0)
  const header = lines[0].split(',')
  return lines.slice(1).map((line) => {
    const cells = line.split(',')
    const row: Record<string, string> = {}
    header.forEach((h, i) => (row[h] = cells[i] ?? ''))
    return row
  })
}

function rowsOf(list: Array<{ p: number; y: number; day: string; id: string }>): {
  proba: Float64Array
  y: Uint8Array
  day: string[]
  id: string[]
} {
  return {
    proba: Float64Array.from(list.map((r) => r.p)),
    y: Uint8Array.from(list.map((r) => r.y)),
    day: list.map((r) => r.day),
    id: list.map((r) => r.id)
  }
}

const METRIC_COLUMNS: Array<keyof TriagePolicyMetrics> = [
  'expected_cost',
  'reviewed_rows',
  'review_share',
  'mean_reviews_per_day',
  'p90_reviews_per_day',
  'tn',
  'fp',
  'fn',
  'tp',
  'precision',
  'recall'
]

describe('triageThresholds', () => {
  it('runs 0.05..0.95 in steps of 0.01, each an exact i/100', () => {
    const t = triageThresholds()
    expect(t).toHaveLength(91)
    expect(t[0]).toBe(0.05)
    expect(t[90]).toBe(0.95)
    expect(t[24]).toBe(29 / 100)
  })
})

describe('sweepTriageThresholds', () => {
  // Two days. Day A: probabilities 0.9 (fail), 0.5, 0.2 (fail); day B: 0.07 (fail), 0.06.
  const small = rowsOf([
    { p: 0.9, y: 1, day: '2025-01-01', id: 'a1' },
    { p: 0.5, y: 0, day: '2025-01-01', id: 'a2' },
    { p: 0.2, y: 1, day: '2025-01-01', id: 'a3' },
    { p: 0.07, y: 1, day: '2025-01-02', id: 'b1' },
    { p: 0.06, y: 0, day: '2025-01-02', id: 'b2' }
  ])

  it('computes a threshold row by hand', () => {
    const r = sweepTriageThresholds(small, KNOBS)
    if (!r) throw new Error('expected a result')
    // t = 0.30: reviews 0.9 (tp) and 0.5 (fp); misses 0.2 and 0.07 (fn); 0.06 is tn.
    // cost = 2 * 2 + 2 * 40 = 84; per day [2, 0]: mean 1, p90 = 0 + 0.9 * (2 - 0) = 1.8
    const t30 = r.curve.find((c) => c.policy === 'threshold_0.30')
    expect(t30).toEqual({
      policy: 'threshold_0.30',
      expected_cost: 84,
      reviewed_rows: 2,
      review_share: 0.4,
      mean_reviews_per_day: 1,
      p90_reviews_per_day: 1.8,
      tn: 1,
      fp: 1,
      fn: 2,
      tp: 1,
      precision: 0.5,
      recall: 1 / 3,
      threshold: 0.3,
      feasible: true
    })
    // t = 0.06 (proba >= t includes the 0.06 row itself): all 5 reviewed: cost 10, the minimum;
    // t = 0.07 reviews 4 rows (cost 8 + 0 misses = 8) and is cheaper still.
    expect(r.curve.find((c) => c.policy === 'threshold_0.06')?.reviewed_rows).toBe(5)
    expect(r.curve.find((c) => c.policy === 'threshold_0.07')?.expected_cost).toBe(8)
    expect(r.threshold).toBe(0.07)
    expect(r.cost_optimal_threshold).toBe(0.07)
    // 4 of 5 rows = 80% < 95%, feasible -> cost_optimal
    expect(r.operating_mode).toBe('cost_optimal')
    expect(r.days_in_evaluation).toBe(2)
    expect(r.comparison.map((c) => c.policy)).toEqual(['selected_threshold', 'review_all', 'top_200_per_day', 'review_none'])
  })

  it('flags capacity: top-N per day with id tie-break, and an infeasible sweep', () => {
    // capacity 1 per day: top-1 reviews 0.9 (day A) and 0.07 (day B): tp 2, fn 1, fp 0
    const knobs = { ...KNOBS, CAPACITY_PER_DAY: 1, CAPACITY_P90_GUARD: 1 }
    const r = sweepTriageThresholds(small, knobs)
    if (!r) throw new Error('expected a result')
    const top = r.comparison[2]
    expect(top.policy).toBe('top_1_per_day')
    expect([top.tp, top.fp, top.fn, top.tn]).toEqual([2, 0, 1, 2])
    // Reviews per day [day A, day B] by threshold (p90 of two days = min + 0.9 |A - B|):
    //   t = 0.05..0.06: [3, 2] mean 2.5; t = 0.07: [3, 1] mean 2; t = 0.08..0.20: [3, 0] mean 1.5
    //   -> all infeasible (mean > 1); t = 0.21..0.50: [2, 0] mean 1 but p90 1.8 > 1 -> infeasible;
    //   t = 0.51..0.90: [1, 0] mean 0.5, p90 0.9 -> feasible, tp 1, fn 2: cost 2 + 2*40 = 82;
    //   t = 0.91..0.95: nothing reviewed, cost 3*40 = 120. Pick: 0.51 (lowest of the cost ties).
    expect(r.threshold).toBe(0.51)
    expect(r.selected.expected_cost).toBe(82)
    expect(r.capacity_infeasible_flag).toBe(false)
    expect(r.cost_optimal_threshold).toBe(0.07)
    expect(r.cost_optimal_feasible).toBe(false)
    expect(r.operating_mode).toBe('capacity_bound')
  })

  it('falls back to the cheapest threshold when none is feasible', () => {
    const r = sweepTriageThresholds(small, { ...KNOBS, CAPACITY_PER_DAY: 0, CAPACITY_P90_GUARD: 0 })
    if (!r) throw new Error('expected a result')
    // t > 0.9 reviews nothing: mean 0, p90 0 -> feasible with capacity 0! cost = 3 * 40 = 120
    expect(r.threshold).toBe(0.91)
    expect(r.capacity_infeasible_flag).toBe(false)
    const none = sweepTriageThresholds(small, { ...KNOBS, CAPACITY_PER_DAY: -1, CAPACITY_P90_GUARD: -1 })
    if (!none) throw new Error('expected a result')
    expect(none.capacity_infeasible_flag).toBe(true)
    expect(none.threshold).toBe(0.07)
    expect(none.operating_mode).toBe('capacity_bound')
  })

  it('calls a threshold that reviews >= 95% of rows review-all equivalent', () => {
    const rows = rowsOf(
      Array.from({ length: 20 }, (_, i) => ({ p: i === 0 ? 0.01 : 0.5, y: 1, day: '2025-01-01', id: `r${i}` }))
    )
    const r = sweepTriageThresholds(rows, KNOBS)
    // all 19 rows at 0.5 are failures: reviewing them (19 of 20 = 95%) is cheapest
    expect(r?.selected.reviewed_rows).toBe(19)
    expect(r?.operating_mode).toBe('conservative_review_all_equivalent')
  })

  it('returns null for an empty evaluation and never reviews NaN', () => {
    expect(sweepTriageThresholds(rowsOf([]), KNOBS)).toBeNull()
    const r = sweepTriageThresholds(
      rowsOf([
        { p: NaN, y: 1, day: 'd', id: 'x' },
        { p: 0.5, y: 0, day: 'd', id: 'y' }
      ]),
      { ...KNOBS, CAPACITY_PER_DAY: 1 }
    )
    expect(r?.curve[0].reviewed_rows).toBe(1)
    expect(r?.comparison[2].fp).toBe(1) // top-1 takes the 0.5 row, not the NaN one
  })

  it('breaks per-day ties by interaction_id ascending', () => {
    const rows = rowsOf([
      { p: 0.4, y: 0, day: 'd', id: 'b' },
      { p: 0.4, y: 1, day: 'd', id: 'a' },
      { p: 0.4, y: 0, day: 'd', id: 'c' }
    ])
    const r = sweepTriageThresholds(rows, { ...KNOBS, CAPACITY_PER_DAY: 1 })
    expect(r?.comparison[2].tp).toBe(1)
  })
})

describe('golden: triage outputs of the notebook sample', () => {
  const input = readCsv('triage_evaluation.csv')
  const rows = {
    proba: Float64Array.from(input.map((r) => Number(r.proba_failure))),
    y: Uint8Array.from(input.map((r) => Number(r.is_failure))),
    day: input.map((r) => r.day),
    id: input.map((r) => r.interaction_id)
  }
  const result = sweepTriageThresholds(rows, KNOBS)

  it('reproduces triage_threshold_curve.csv', () => {
    const expected = readCsv('triage_threshold_curve.csv')
    expect(result?.curve).toHaveLength(expected.length)
    expected.forEach((e, k) => {
      const got = result?.curve[k]
      expect(got?.policy).toBe(e.policy)
      for (const col of METRIC_COLUMNS) expect(got?.[col], `${e.policy} ${col}`).toBe(Number(e[col]))
      expect(got?.threshold).toBe(Number(e.threshold))
      expect(got?.feasible).toBe(e.feasible === 'True')
    })
  })

  it('reproduces triage_baseline_comparison.csv and the policy summary', () => {
    const expected = readCsv('triage_baseline_comparison.csv')
    expect(result?.comparison.map((c) => c.policy)).toEqual(expected.map((e) => e.policy))
    expected.forEach((e, k) => {
      for (const col of METRIC_COLUMNS) expect(result?.comparison[k][col], `${e.policy} ${col}`).toBe(Number(e[col]))
    })
    // triage_threshold_policy.json
    expect(result?.threshold).toBe(0.05)
    expect(result?.operating_mode).toBe('cost_optimal')
    expect(result?.capacity_infeasible_flag).toBe(false)
    expect(result?.cost_optimal_threshold).toBe(0.05)
    expect(result?.cost_optimal_feasible).toBe(true)
    expect(result?.days_in_evaluation).toBe(60)
  })
})

describe('against a brute-force sweep on random data', () => {
  let state = 77
  const rand = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
  const n = 2000
  const list = Array.from({ length: n }, (_, i) => {
    // probabilities on a 0.005 grid, so many rows sit exactly on a threshold
    const p = Math.round(rand() * 200) / 200
    return { p, y: rand() < p ? 1 : 0, day: `2025-02-${String(1 + Math.floor(rand() * 9)).padStart(2, '0')}`, id: `i${n - i}` }
  })
  const knobs: TriageKnobs = { REVIEW_COST: 2, TRIAGE_FN_COST_USD: 40, CAPACITY_PER_DAY: 60, CAPACITY_P90_GUARD: 70 }
  const result = sweepTriageThresholds(rowsOf(list), knobs)

  it('matches per-threshold counting, mean and p90 of reviews per day', () => {
    const days = [...new Set(list.map((r) => r.day))].sort()
    for (let i = 5; i <= 95; i++) {
      const t = i / 100
      let tp = 0
      let fp = 0
      let fn = 0
      const perDay = new Map(days.map((d) => [d, 0]))
      for (const r of list) {
        if (r.p >= t) {
          if (r.y) tp++
          else fp++
          perDay.set(r.day, (perDay.get(r.day) ?? 0) + 1)
        } else if (r.y) fn++
      }
      const counts = [...perDay.values()].sort((a, b) => a - b)
      const h = (counts.length - 1) * 0.9
      const lo = Math.floor(h)
      const p90 = lo + 1 < counts.length ? counts[lo] + (h - lo) * (counts[lo + 1] - counts[lo]) : counts[lo]
      const row = result?.curve[i - 5]
      expect(row?.threshold).toBe(t)
      expect([row?.tp, row?.fp, row?.fn]).toEqual([tp, fp, fn])
      expect(row?.expected_cost).toBe((tp + fp) * 2 + fn * 40)
      expect(row?.mean_reviews_per_day).toBe((tp + fp) / days.length)
      expect(row?.p90_reviews_per_day).toBe(p90)
    }
  })

  it('top-N per day matches sorting each day by (proba desc, id asc)', () => {
    let tp = 0
    let fp = 0
    for (const d of new Set(list.map((r) => r.day))) {
      const sorted = list
        .filter((r) => r.day === d)
        .sort((a, b) => b.p - a.p || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, 60)
      for (const r of sorted) {
        if (r.y) tp++
        else fp++
      }
    }
    expect(result?.comparison[2].tp).toBe(tp)
    expect(result?.comparison[2].fp).toBe(fp)
  })
})
