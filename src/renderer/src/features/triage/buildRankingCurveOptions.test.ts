import { describe, expect, it } from 'vitest'
import { buildPrOption, buildRocOption, operatingPoint, type MarkedThreshold } from './buildRankingCurveOptions'

// the notebook sample at the chosen threshold 0.05: tp 21, fp 306, fn 3, tn 29
const CHOSEN: MarkedThreshold = { label: 'chosen 0.05', metrics: { tp: 21, fp: 306, fn: 3, tn: 29 }, color: '#2f9e6e' }
// at 0.07 nothing is reviewed: no precision, no point on the PR curve
const NONE: MarkedThreshold = { label: 'slider 0.07', metrics: { tp: 0, fp: 0, fn: 24, tn: 335 }, color: '#8b93a1' }

type S = { name: string; type: string; step?: string; data: [number, number][] }

describe('ranking curve options', () => {
  it('turns a confusion matrix into curve coordinates', () => {
    expect(operatingPoint(CHOSEN.metrics)).toEqual({ fpr: 306 / 335, tpr: 21 / 24, recall: 21 / 24, precision: 21 / 327 })
    expect(operatingPoint(NONE.metrics)).toEqual({ fpr: 0, tpr: 0, recall: 0, precision: null })
  })

  it('draws the ROC over the chance diagonal with the marked thresholds', () => {
    const opt = buildRocOption(
      [
        { fpr: 0, tpr: 0 },
        { fpr: 0.5, tpr: 2 / 3 },
        { fpr: 1, tpr: 1 }
      ],
      [CHOSEN, NONE]
    )
    const s = opt.series as S[]
    expect(s.map((x) => x.name)).toEqual(['chance', 'ROC', 'chosen 0.05', 'slider 0.07'])
    expect(s[0].data).toEqual([
      [0, 0],
      [1, 1]
    ])
    expect(s[1].data[1]).toEqual([0.5, 2 / 3])
    expect(s[2].data).toEqual([[306 / 335, 21 / 24]])
  })

  it('draws the precision-recall curve as steps over the base rate, leaving out undefined points', () => {
    const opt = buildPrOption(
      [
        { recall: 1 / 3, precision: 1 },
        { recall: 1, precision: 0.6 }
      ],
      0.06685236768802229,
      [CHOSEN, NONE]
    )
    const s = opt.series as S[]
    expect(s.map((x) => x.name)).toEqual(['base rate', 'precision-recall', 'chosen 0.05'])
    expect(s[0].data[1]).toEqual([1, 0.06685236768802229])
    expect(s[1].step).toBe('start')
    expect(s[2].data).toEqual([[21 / 24, 21 / 327]])
  })
})
