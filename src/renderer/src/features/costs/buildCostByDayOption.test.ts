import { describe, expect, it } from 'vitest'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { BUDGET_SCALE_LIMIT, budgetPlacement, offScaleNote } from './budgetScale'
import { buildCostByDayOption, costByDayDescription, dailyBudget, overBudgetDays, type CostDay } from './buildCostByDayOption'

// the first days of budget_burn_daily.csv (notebook sample), with a budget of $0.078 so some days are over
const DAYS: CostDay[] = [
  { date: '2025-01-01', cost: 0.078946, requests: 40, budget: 0.078 },
  { date: '2025-01-02', cost: 0.07836599999999999, requests: 43, budget: 0.078 },
  { date: '2025-01-03', cost: 0.064556, requests: 38, budget: 0.078 },
  { date: '2025-01-04', cost: 0.078, requests: 33, budget: 0.078 }
]

type Series = { data: { value: number; itemStyle: { color: string } }[]; markLine?: { data: { yAxis: number }[] } }

describe('buildCostByDayOption', () => {
  it('draws one bar per day, red when the day is over its budget (burn > 1, not at exactly 1)', () => {
    const opt = buildCostByDayOption(DAYS)
    expect((opt.xAxis as { data: string[] }).data).toEqual(['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'])
    const s = (opt.series as Series[])[0]
    expect(s.data.map((d) => d.value)).toEqual([0.078946, 0.07836599999999999, 0.064556, 0.078])
    expect(s.data.map((d) => d.itemStyle.color)).toEqual([SEMANTIC_COLORS.bad, SEMANTIC_COLORS.bad, SEMANTIC_COLORS.accent, SEMANTIC_COLORS.accent])
    expect(overBudgetDays(DAYS).map((d) => d.date)).toEqual(['2025-01-01', '2025-01-02'])
  })

  it('draws the daily budget line when it fits the scale and stretches the axis to hold it', () => {
    const opt = buildCostByDayOption(DAYS.map((d) => ({ ...d, budget: 0.1 })))
    expect((opt.series as Series[])[0].markLine!.data).toEqual([{ name: 'Daily budget', yAxis: 0.1 }])
    const max = (opt.yAxis as { max: (v: { max: number }) => number }).max
    expect(max({ max: 0.078946 })).toBeCloseTo(0.108, 12)
    expect(overBudgetDays(DAYS.map((d) => ({ ...d, budget: 0.1 })))).toEqual([])
  })

  it('leaves out a budget far above the data instead of flattening the bars, and says so', () => {
    const days = DAYS.map((d) => ({ ...d, budget: 60 }))
    const opt = buildCostByDayOption(days)
    expect((opt.series as Series[])[0].markLine).toBeUndefined()
    expect((opt.yAxis as { max?: unknown }).max).toBeUndefined()
    expect(dailyBudget(days)).toBe(60)
    expect(budgetPlacement(60, 0.078946)).toEqual({ inView: false, ratio: 60 / 0.078946 })
    expect(budgetPlacement(BUDGET_SCALE_LIMIT * 2, 2).inView).toBe(true)
    expect(offScaleNote(60, 0.09103, 'the highest day')).toBe("$60.00 is 659× the highest day ($0.0910): the line is above the chart's scale.")
  })

  it('adds a zoom slider for long ranges and handles no days', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ date: `2025-01-${String(i + 1).padStart(2, '0')}`, cost: 1, requests: 1, budget: 2 }))
    expect(buildCostByDayOption(many).dataZoom).toBeDefined()
    expect(buildCostByDayOption(DAYS).dataZoom).toBeUndefined()
    expect((buildCostByDayOption([]).series as Series[])[0].data).toEqual([])
    expect(dailyBudget([])).toBeNull()
  })

  it('marks the cost alarms at their days', () => {
    const o = buildCostByDayOption(DAYS, [{ date: '2025-01-03', kind: 'change_point', tone: 'worse', label: 'cost up' }]) as unknown as { series: Series[] }
    expect(o.series[0].markLine?.data).toEqual([{ name: 'Daily budget', yAxis: 0.078 }, expect.objectContaining({ xAxis: '2025-01-03', name: 'cost up' })])
  })

  it('describes the range, budget and days over it for screen readers', () => {
    expect(costByDayDescription(DAYS)).toBe('Cost by UTC day, 4 days from 2025-01-01 to 2025-01-04, $0.300 in all; daily budget $0.0780; over budget on 2025-01-01, 2025-01-02.')
    expect(costByDayDescription([])).toBe('Cost by day: no timed requests in scope.')
  })

  it('explains a day in the tooltip', () => {
    const opt = buildCostByDayOption(DAYS)
    const fmt = (opt.tooltip as { formatter: (p: unknown) => string }).formatter
    const tip = fmt({ data: (opt.series as (Series & { data: { day: CostDay }[] })[])[0].data[0] })
    expect(tip).toContain('<b>2025-01-01</b>')
    expect(tip).toContain('cost $0.0789 · 40 requests')
    expect(tip).toContain('over budget')
  })
})
