import { describe, expect, it } from 'vitest'
import type { Scenario } from '../../../../shared/economics'
import { SLICE } from './economicsFixtures'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { buildRepricingOption, buildScenarioOption, ideasCsv, niceCeil, optionTone, repricingCsv, scenarioRows, scenariosCsv } from './buildEconomicsOptions'

const scenario = (volume: number, withChange: boolean, me: number, nm: number): Scenario => ({
  volume,
  with_change: withChange,
  month: '2025-04',
  month_end_cost: me,
  month_budget: 1800,
  next_month: '2025-05',
  next_month_cost: nm,
  next_month_budget: 1860,
  expected_fail_rate: 0.1,
  next_month_requests: 1000 * volume,
  expected_failures_next_month: 100 * volume
})

describe('re-pricing chart', () => {
  it('colours each model by its failure rate here against the slice now, and marks the cost now', () => {
    expect(SLICE.options.map((o) => optionTone(o, SLICE.fail_rate))).toEqual(['bad', 'good', 'neutral', 'good'])
    const o = buildRepricingOption(SLICE) as { series: { data: { value: number; itemStyle: { color: string } }[]; markLine: { data: { xAxis: number }[] } }[]; yAxis: { data: string[] } }
    expect(o.yAxis.data).toEqual(['p / small', 'p / mid', 'p / new', 'p / big'])
    expect(o.series[0].data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [2, SEMANTIC_COLORS.bad],
      [6, SEMANTIC_COLORS.good],
      [7, SEMANTIC_COLORS.neutral],
      [14, SEMANTIC_COLORS.good]
    ])
    expect(o.series[0].markLine.data).toEqual([{ xAxis: 10 }])
    expect(repricingCsv(SLICE).split('\n')[1]).toBe('coding,p,small,1,2,2,-8,0.09,50,1000,0.8,0,10,100,100')
  })
})

describe('scenario chart and table', () => {
  const scen = [scenario(0.5, false, 100, 110), scenario(1, false, 200, 1000), scenario(0.5, true, 80, 90), scenario(1, true, 150, 160)]

  it('draws cost by volume, dashed with the change, and stretches the axis to the budgets', () => {
    const o = buildScenarioOption(scen) as { series: { name: string; data: [number, number][] }[]; yAxis: { max: number } }
    expect(o.series.map((s) => s.name)).toEqual(['2025-04 month end', '2025-05 (next month)', 'month end, with the routing change', 'next month, with the routing change', 'budgets'])
    expect(o.series[1].data).toEqual([
      [0.5, 110],
      [1, 1000]
    ])
    expect(o.series[3].data).toEqual([
      [0.5, 90],
      [1, 160]
    ])
    // 1860 * 1.05 = 1953 -> 2000 (the budgets are within 3x the largest cost, 1000)
    expect(o.yAxis.max).toBe(2000)
    // budgets far above every cost are left to the footnote: the axis follows the data
    const small = buildScenarioOption([scenario(1, false, 10, 20)]) as { series: { name: string }[]; yAxis: { max: number } }
    expect(small.series.map((x) => x.name)).toEqual(['2025-04 month end', '2025-05 (next month)'])
    expect(small.yAxis.max).toBe(50)
    expect([niceCeil(1953), niceCeil(0.004), niceCeil(100), niceCeil(0)]).toEqual([2000, 0.005, 100, 0])
  })

  it('pairs each volume with its changed scenario, and exports every one', () => {
    const rows = scenarioRows({ scenarios: scen })
    expect(rows.map((r) => [r.volume, r.base.month_end_cost, r.changed?.month_end_cost])).toEqual([
      [0.5, 100, 80],
      [1, 200, 150]
    ])
    expect(scenariosCsv(scen).split('\n')[3]).toBe('0.5,true,2025-04,80,1800,2025-05,90,1860,0.1,500,50')
    expect(ideasCsv([]).trim()).toBe('rank,kind,use_case,title,savings,savings_per_30d,share_of_use_case_cost,requests_affected,fail_rate_delta,model_provider,model_name,detail')
  })
})

