import { describe, expect, it } from 'vitest'
import type { TriageCurveRow } from '../../../../shared/triage'
import { curveRowAt, formatThreshold, sliderRange, triageRecommendation } from './triageText'

function row(threshold: number, reviewed: number): TriageCurveRow {
  return { policy: `threshold_${threshold.toFixed(2)}`, threshold, feasible: true, expected_cost: 0, reviewed_rows: reviewed, review_share: 0, mean_reviews_per_day: 0, p90_reviews_per_day: 0, tn: 0, fp: 0, fn: 0, tp: 0, precision: 0, recall: 0 }
}

describe('triage wording', () => {
  it('recommends as the policy artifact does', () => {
    expect(triageRecommendation('cost_optimal', false)).toBe('Roll out the selected threshold in shadow mode, then enforce.')
    expect(triageRecommendation('capacity_bound', true)).toMatch(/^No threshold fits the review capacity/)
    expect(triageRecommendation('capacity_bound', false)).toMatch(/^Review capacity binds/)
    expect(triageRecommendation('cost_optimal', false, ['token_accounting'])).toBe(
      'Blocked by failed integrity gate(s): token_accounting. Fix the data or record an explicit override before acting on this threshold.'
    )
  })

  it('finds the curve row of a slider value despite float steps', () => {
    const curve = Array.from({ length: 91 }, (_, i) => row((i + 5) / 100, 400 - i))
    // 0.05 + 24 * 0.01 is 0.29000000000000004 in float64
    expect(curveRowAt(curve, 0.05 + 24 * 0.01)?.policy).toBe('threshold_0.29')
    expect(curveRowAt(curve, 0.5)?.reviewed_rows).toBe(355)
    expect(curveRowAt(curve, 0.99)).toBeNull()
    expect(sliderRange(curve)).toEqual({ min: 0.05, max: 0.95, step: 0.01 })
    expect(formatThreshold(0.1)).toBe('0.10')
  })
})
