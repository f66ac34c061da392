import { describe, expect, it } from 'vitest'
import type { FailureTypeShare } from '../../../../shared/types'
import { buildFailureMixOption, failureMixHeight, failureMixRows } from './buildFailureMixOption'

const MIX: FailureTypeShare[] = [
  { failure_type: 'none', count: 2260, share: 0.9416666666666667 },
  { failure_type: 'hallucination', count: 38, share: 0.015833333333333335 },
  { failure_type: 'latency_timeout', count: 30, share: 0.0125 },
  { failure_type: 'toxicity', count: 8, share: 0.0033333333333333335 }
]

type Series = { data: { name: string; value: number; count: number; itemStyle: { color: string } }[]; label: { formatter: (p: unknown) => string } }

describe('buildFailureMixOption', () => {
  it('draws one bar per failure type, without none by default, in the given order', () => {
    const opt = buildFailureMixOption(MIX, { includeNone: false })
    const y = opt.yAxis as { data: string[]; inverse: boolean }
    expect(y.data).toEqual(['hallucination', 'latency_timeout', 'toxicity'])
    expect(y.inverse).toBe(true)
    const s = (opt.series as Series[])[0]
    expect(s.data.map((d) => d.value)).toEqual([0.015833333333333335, 0.0125, 0.0033333333333333335])
    expect(s.data.map((d) => d.count)).toEqual([38, 30, 8])
    expect(s.label.formatter({ data: s.data[0] })).toBe('1.58% · 38')
    // echarts picks a nice maximum above the largest bar
    expect((opt.xAxis as { min: number; max?: number }).min).toBe(0)
    expect((opt.xAxis as { max?: number }).max).toBeUndefined()
  })

  it('includes none on request, in a neutral colour', () => {
    const opt = buildFailureMixOption(MIX, { includeNone: true })
    const s = (opt.series as Series[])[0]
    expect(s.data[0].name).toBe('none')
    expect(s.data[0].itemStyle.color).not.toBe(s.data[1].itemStyle.color)
  })

  it('handles an empty mix', () => {
    const opt = buildFailureMixOption([], { includeNone: false })
    expect((opt.series as Series[])[0].data).toEqual([])
    expect((opt.xAxis as { max: number }).max).toBe(1)
    expect(failureMixRows(MIX, { includeNone: false })).toHaveLength(3)
    expect(failureMixHeight(3)).toBe(140)
    expect(failureMixHeight(12)).toBe(396)
  })
})
