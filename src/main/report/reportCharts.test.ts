import { describe, expect, it } from 'vitest'
import type { BurnDay } from '../../shared/analysis'
import { buildReportBacktestOption, buildReportBurnOption, buildReportFailureMixOption, buildReportTriageCurveOption, renderSvg } from './reportCharts'

const day = (date_utc: string, requests: number, fail_rate: number): BurnDay => ({
  date_utc,
  requests,
  fail_rate,
  sla_breach_rate: 0,
  cost: 1,
  p95_latency: 1,
  fail_budget_burn: 0,
  sla_budget_burn: 0,
  cost_budget_burn: 0,
  fail_over_budget: false,
  sla_over_budget: false,
  cost_over_budget: false
})

describe('report chart options', () => {
  it('burn: requests as bars, failure rate on the right axis, the budget as a line', () => {
    const o = buildReportBurnOption([day('2025-01-01', 10, 0.1), day('2025-01-02', 20, 0.05)], 0.02)
    const series = o.series as { type: string; data: number[]; yAxisIndex?: number; markLine?: { data: { yAxis: number }[] } }[]
    expect(o.animation).toBe(false)
    expect(series[0]).toMatchObject({ type: 'bar', data: [10, 20] })
    expect(series[1]).toMatchObject({ type: 'line', data: [0.1, 0.05], yAxisIndex: 1 })
    expect(series[1].markLine?.data).toEqual([{ yAxis: 0.02 }])
  })

  it('failure mix: largest share at the top (echarts draws categories bottom up)', () => {
    const o = buildReportFailureMixOption([
      { failure_type: 'none', count: 90, share: 0.9 },
      { failure_type: 'timeout', count: 10, share: 0.1 }
    ])
    expect((o.yAxis as { data: string[] }).data).toEqual(['timeout', 'none'])
  })

  it('backtest: baseline and policy unit cost per use case', () => {
    const o = buildReportBacktestOption([{ use_case: 'qa', baseline_expected_unit_cost: 2, policy_expected_unit_cost: 1.5 } as never])
    expect((o.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['baseline', [2]],
      ['policy', [1.5]]
    ])
  })

  it('triage curve: feasible and infeasible thresholds in two series, the chosen one marked', () => {
    const o = buildReportTriageCurveOption([{ threshold: 0.1, expected_cost: 100, feasible: false } as never, { threshold: 0.2, expected_cost: 80, feasible: true } as never], 0.2)
    const s = o.series as { data: [number, number | null][]; markLine?: { data: { xAxis: number }[] } }[]
    expect(s[0].data).toEqual([
      [0.1, null],
      [0.2, 80]
    ])
    expect(s[1].data).toEqual([
      [0.1, 100],
      [0.2, null]
    ])
    expect(s[0].markLine?.data).toEqual([{ xAxis: 0.2 }])
  })

  it('renders to a standalone SVG string without a DOM, the same bytes each time', () => {
    const svg = renderSvg(buildReportBurnOption([day('2025-01-01', 10, 0.1)], 0.02), 'burn', 400, 200)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('width="400"')
    expect(svg).toContain('2025-01-01')
    expect(svg).not.toMatch(/zr\d+-/)
    expect(renderSvg(buildReportBurnOption([day('2025-01-01', 10, 0.1)], 0.02), 'burn', 400, 200)).toBe(svg)
  })
})
