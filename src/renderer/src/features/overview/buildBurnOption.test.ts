import { describe, expect, it } from 'vitest'
import type { BurnDay } from '../../../../shared/analysis'
import { DEFAULT_KNOBS } from '../../../../shared/knobs'
import { BURN_METRICS, budgetPlacement, buildBurnOption, burnChartHeight, burnDrilldown, burnTooltip, overBudget } from './buildBurnOption'

// the first three days of test/fixtures/notebook-sample/expected/budget_burn_daily.csv
const DAYS: BurnDay[] = [
  {
    date_utc: '2025-01-01',
    requests: 40,
    fail_rate: 0.05,
    sla_breach_rate: 0.175,
    cost: 0.078946,
    p95_latency: 2530.4939999999997,
    fail_budget_burn: 2.5,
    sla_budget_burn: 3.4999999999999996,
    cost_budget_burn: 0.0013157666666666666,
    fail_over_budget: true,
    sla_over_budget: true,
    cost_over_budget: false
  },
  {
    date_utc: '2025-01-02',
    requests: 43,
    fail_rate: 0.06976744186046512,
    sla_breach_rate: 0.09302325581395349,
    cost: 0.07836599999999999,
    p95_latency: 2276.777,
    fail_budget_burn: 3.488372093023256,
    sla_budget_burn: 1.8604651162790697,
    cost_budget_burn: 0.0013061,
    fail_over_budget: true,
    sla_over_budget: true,
    cost_over_budget: false
  },
  {
    date_utc: '2025-01-15',
    requests: 45,
    fail_rate: 0,
    sla_breach_rate: 0.2222222222222222,
    cost: 0.08558999999999999,
    p95_latency: 2486.4199999999996,
    fail_budget_burn: 0,
    sla_budget_burn: 4.444444444444444,
    cost_budget_burn: 0.0014264999999999998,
    fail_over_budget: false,
    sla_over_budget: true,
    cost_over_budget: false
  }
]

type Bar = { data: { value: number | null; itemStyle: { color: string } }[]; markLine?: { data: { yAxis: number }[] }; xAxisIndex: number }

function seriesOf(opt: ReturnType<typeof buildBurnOption>): Bar[] {
  return opt.series as Bar[]
}

describe('buildBurnOption', () => {
  it('draws one bar chart per metric on one shared day axis', () => {
    const opt = buildBurnOption(DAYS, DEFAULT_KNOBS)
    const series = seriesOf(opt)
    expect(series.map((s) => s.xAxisIndex)).toEqual([0, 1, 2, 3, 4])
    expect(series[0].data.map((d) => d.value)).toEqual([40, 43, 45])
    expect(series[1].data.map((d) => d.value)).toEqual([0.05, 0.06976744186046512, 0])
    expect(series[3].data.map((d) => d.value)).toEqual([2530.4939999999997, 2276.777, 2486.4199999999996])
    expect(series[4].data.map((d) => d.value)).toEqual([0.078946, 0.07836599999999999, 0.08558999999999999])
    for (const x of opt.xAxis as { data: string[] }[]) expect(x.data).toEqual(['2025-01-01', '2025-01-02', '2025-01-15'])
    // only the bottom axis prints dates
    expect((opt.xAxis as { axisLabel: { show: boolean } }[]).map((x) => x.axisLabel.show)).toEqual([false, false, false, false, true])
  })

  it('draws each budget line from the knobs and paints over-budget days red', () => {
    const series = seriesOf(buildBurnOption(DAYS, DEFAULT_KNOBS))
    expect(series[0].markLine).toBeUndefined()
    expect(series[1].markLine?.data).toEqual([{ yAxis: 0.02 }])
    expect(series[2].markLine?.data).toEqual([{ yAxis: 0.05 }])
    expect(series[3].markLine?.data).toEqual([{ yAxis: 2200 }])
    const red = '#e5484d'
    expect(series[1].data.map((d) => d.itemStyle.color === red)).toEqual([true, true, false])
    expect(series[2].data.map((d) => d.itemStyle.color === red)).toEqual([true, true, true])
    // p95 over SLA_MS: 2530 and 2486 are over 2200, 2276.8 too
    expect(series[3].data.map((d) => d.itemStyle.color === red)).toEqual([true, true, true])
    expect(series[0].data.every((d) => d.itemStyle.color !== red)).toBe(true)
  })

  it('marks the anomaly alarms of each chart at their days, beside the budget line', () => {
    const marker = { date: '2025-01-02', kind: 'change_point' as const, tone: 'worse' as const, label: 'failure rate up' }
    const series = seriesOf(buildBurnOption(DAYS, DEFAULT_KNOBS, { fail_rate: [marker], requests: [{ ...marker, kind: 'spike', date: '2025-01-15' }], cost: [{ ...marker, date: '2030-01-01' }] }))
    const lines = (i: number): unknown[] => (series[i].markLine?.data ?? []) as unknown[]
    expect(lines(1)).toEqual([{ yAxis: 0.02 }, expect.objectContaining({ xAxis: '2025-01-02', name: 'failure rate up' })])
    expect(lines(0)).toEqual([expect.objectContaining({ xAxis: '2025-01-15', lineStyle: expect.objectContaining({ type: 'dotted' }) })])
    // a marker off the axis is left out
    expect(lines(4).filter((d) => (d as { xAxis?: string }).xAxis)).toEqual([])
  })

  it('names a budget far above every day instead of flattening the bars', () => {
    const cost = BURN_METRICS.find((m) => m.id === 'cost')!
    expect(budgetPlacement(cost, DAYS, DEFAULT_KNOBS)).toEqual({ budget: 60, drawn: false, max: 0.08558999999999999 })
    const opt = buildBurnOption(DAYS, DEFAULT_KNOBS)
    expect(seriesOf(opt)[4].markLine).toBeUndefined()
    const titles = (opt.title as { text: string }[]).map((t) => t.text)
    expect(titles).toContain('budget $60.00 / day (DAILY_COST_BUDGET_USD) · off the scale (highest day $0.0856)')
    // a budget above the data but within scale lifts the axis so the line shows
    const low = DAYS.map((d) => ({ ...d, fail_rate: 0.01 }))
    const y = buildBurnOption(low, DEFAULT_KNOBS).yAxis as { max?: number }[]
    expect(y[1].max).toBeCloseTo(0.023, 10)
  })

  it('stays neutral without knobs', () => {
    const series = seriesOf(buildBurnOption(DAYS, null))
    expect(series.every((s) => s.markLine === undefined)).toBe(true)
    expect(series.every((s) => s.data.every((d) => d.itemStyle.color !== '#e5484d'))).toBe(true)
    expect(overBudget(BURN_METRICS[1], DAYS[0], null)).toBe(false)
  })

  it('adds a zoom slider for long ranges, starting on the last 90 days beyond 120', () => {
    expect(buildBurnOption(DAYS, DEFAULT_KNOBS).dataZoom).toEqual([])
    const day = (i: number): BurnDay => ({ ...DAYS[0], date_utc: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10) })
    const sixty = Array.from({ length: 60 }, (_, i) => day(i))
    const z60 = buildBurnOption(sixty, DEFAULT_KNOBS).dataZoom as { type: string; startValue: string; endValue: string; xAxisIndex: number[] }[]
    expect(z60.map((z) => z.type)).toEqual(['inside', 'slider'])
    expect(z60[1]).toMatchObject({ startValue: '2025-01-01', endValue: '2025-03-01', xAxisIndex: [0, 1, 2, 3, 4] })
    const year = Array.from({ length: 365 }, (_, i) => day(i))
    const z365 = buildBurnOption(year, DEFAULT_KNOBS).dataZoom as { startValue: string; endValue: string }[]
    expect(z365[0]).toMatchObject({ startValue: year[275].date_utc, endValue: year[364].date_utc })
    expect(burnChartHeight(60)).toBeGreaterThan(burnChartHeight(3))
  })

  it('explains a day in the tooltip with every metric and its burn', () => {
    const html = burnTooltip(DAYS[2], DEFAULT_KNOBS)
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('2025-01-15')
    expect(text).toContain('Requests 45')
    expect(text).toContain('Failure rate 0% · 0.00× budget')
    expect(text).toContain('SLA breach rate 22.2% · 4.44× budget')
    expect(text).toContain('p95 latency 2,486.4 ms · 1.13× SLA')
    expect(text).toContain('Cost $0.0856 · 0.00× budget')
  })
})

describe('burnDrilldown', () => {
  it('opens the day, or its failures from the failure chart, with the count shown', () => {
    expect(burnDrilldown('requests', DAYS[0])).toEqual({ target: { day: '2025-01-01' }, expected: 40, label: 'Overview · requests on 2025-01-01' })
    expect(burnDrilldown('fail_rate', DAYS[1])).toEqual({ target: { day: '2025-01-02', is_failure: true }, expected: 3, label: 'Overview · failures on 2025-01-02' })
    expect(burnDrilldown('cost', DAYS[2]).expected).toBe(45)
  })
})
