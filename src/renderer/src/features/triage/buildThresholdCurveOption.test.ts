import { describe, expect, it } from 'vitest'
import type { TriageCurveRow } from '../../../../shared/triage'
import { buildThresholdCurveOption, infeasibleRuns, reviewsAxisMax } from './buildThresholdCurveOption'

function row(threshold: number, cost: number, mean: number, p90: number, feasible = true): TriageCurveRow {
  return { policy: `threshold_${threshold.toFixed(2)}`, threshold, feasible, expected_cost: cost, reviewed_rows: 10, review_share: 0.1, mean_reviews_per_day: mean, p90_reviews_per_day: p90, tn: 1, fp: 2, fn: 3, tp: 4, precision: 0.5, recall: 0.5 }
}

// three sample thresholds of the notebook sample's curve, plus two made infeasible to exercise the shading
const CURVE = [row(0.05, 774, 5.45, 8), row(0.06, 898, 0.8166666666666667, 2), row(0.07, 960, 0, 0), row(0.08, 960, 300, 320, false), row(0.09, 960, 280, 300, false)]

type Line = { name: string; yAxisIndex: number; data: [number, number][]; markLine: { data: Record<string, unknown>[] }; markArea?: { data: { xAxis: number }[][] } }

describe('buildThresholdCurveOption', () => {
  const opt = buildThresholdCurveOption({ curve: CURVE, chosen: 0.05, selected: 0.07, capacityPerDay: 200, capacityP90Guard: 250 })
  const [cost, mean, p90] = opt.series as Line[]

  it('plots cost on the left axis and the review load on the right', () => {
    expect(cost.yAxisIndex).toBe(0)
    expect(cost.data[0]).toEqual([0.05, 774])
    expect(mean.yAxisIndex).toBe(1)
    expect(mean.data[1]).toEqual([0.06, 0.8166666666666667])
    expect(p90.data.map((d) => d[1])).toEqual([8, 2, 0, 320, 300])
  })

  it('draws both capacity lines and marks the chosen and slider thresholds', () => {
    expect(mean.markLine.data).toEqual([{ yAxis: 200, name: 'CAPACITY_PER_DAY' }])
    expect(p90.markLine.data).toEqual([{ yAxis: 250, name: 'CAPACITY_P90_GUARD' }])
    expect(cost.markLine.data.map((d) => [d.name, d.xAxis])).toEqual([
      ['chosen', 0.05],
      ['slider', 0.07]
    ])
    expect((cost.markLine.data[0].label as { formatter: string }).formatter).toBe('chosen 0.05')
    const same = buildThresholdCurveOption({ curve: CURVE, chosen: 0.05, selected: 0.05, capacityPerDay: 200, capacityP90Guard: 250 })
    expect((same.series as Line[])[0].markLine.data).toHaveLength(1)
  })

  it('shades thresholds over capacity and keeps the capacity lines in view', () => {
    expect(infeasibleRuns(CURVE)).toEqual([[0.08, 0.09]])
    expect(infeasibleRuns([row(0.05, 1, 1, 1, false), row(0.06, 1, 1, 1), row(0.07, 1, 1, 1, false)])).toEqual([
      [0.05, 0.05],
      [0.07, 0.07]
    ])
    expect(cost.markArea?.data[0].map((d) => d.xAxis)).toEqual([0.075, 0.095])
    // load 320 > guard 250: the axis tops at 320 x 1.1; a light load still shows the guard
    expect(reviewsAxisMax(CURVE, 250)).toBe(352)
    expect(reviewsAxisMax(CURVE.slice(0, 3), 250)).toBe(275)
  })

  it('reads a threshold in its tooltip', () => {
    const tip = (opt.tooltip as { formatter: (p: unknown) => string }).formatter([{ value: [0.08, 960] }])
    expect(tip).toContain('threshold 0.08')
    expect(tip).toContain('over capacity')
    expect(tip).toContain('tp 4 · fp 2 · fn 3 · tn 1')
  })
})
