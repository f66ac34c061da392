import { describe, expect, it } from 'vitest'
import type { CostForecast } from '../../../../shared/costs'
import { buildForecastOption, forecastBudgetNote, forecastDescription, forecastMethod, forecastSeries, forecastStatement, monthName } from './buildForecastOption'

// a short month for readable numbers: 2025-02 observed to the 26th with one day missing, 2 days projected
const F: CostForecast = {
  month: '2025-02',
  days_in_month: 28,
  days_observed: 3,
  last_day: '2025-02-04',
  month_to_date_cost: 6,
  trend_slope: 0.5,
  trend_intercept: 1,
  trend_days: 14,
  projected: Array.from({ length: 24 }, (_, i) => ({ date: `2025-02-${String(i + 5).padStart(2, '0')}`, cost: 1 })),
  forecast_month_cost: 30,
  month_budget: 28,
  forecast_over_budget: true
}
const DAYS = [
  { date: '2025-01-31', cost: 9 },
  { date: '2025-02-01', cost: 1 },
  { date: '2025-02-02', cost: 2 },
  { date: '2025-02-04', cost: 3 }
]

type Line = { name: string; data: (number | null)[]; lineStyle: { type?: string }; markLine?: { data: { yAxis: number }[] } }

describe('forecastSeries', () => {
  it('accumulates the observed days of the month (a day without requests costs 0), then the projected days', () => {
    const s = forecastSeries(F, DAYS)
    expect(s.actual.map((p) => [p.date, p.cost, p.cumulative])).toEqual([
      ['2025-02-01', 1, 1],
      ['2025-02-02', 2, 3],
      ['2025-02-03', 0, 3],
      ['2025-02-04', 3, 6]
    ])
    expect(s.projected).toHaveLength(24)
    expect(s.projected[0]).toEqual({ date: '2025-02-05', cost: 1, cumulative: 7 })
    // the curve ends at the forecast total
    expect(s.projected[23].cumulative).toBe(F.forecast_month_cost)
  })
})

describe('buildForecastOption', () => {
  it('draws month-to-date solid and the projection dashed, joined at the last observed day', () => {
    const opt = buildForecastOption(F, DAYS)
    const [mtd, proj] = opt.series as Line[]
    expect((opt.xAxis as { data: string[] }).data).toHaveLength(28)
    expect(mtd.data.slice(0, 5)).toEqual([1, 3, 3, 6, null])
    expect(mtd.lineStyle.type).toBeUndefined()
    expect(proj.lineStyle.type).toBe('dashed')
    expect(proj.data.slice(0, 5)).toEqual([null, null, null, 6, 7])
    expect(proj.data[27]).toBe(30)
    // the month budget fits the scale here: drawn as a line
    expect(mtd.markLine!.data).toEqual([{ name: 'Month budget', yAxis: 28 }])
    expect(forecastBudgetNote(F)).toBeNull()
  })

  it('describes a month budget too far above the forecast instead of drawing it', () => {
    const f = { ...F, month_budget: 1680, forecast_over_budget: false }
    expect((buildForecastOption(f, DAYS).series as Line[])[0].markLine).toBeUndefined()
    expect(forecastBudgetNote(f)).toBe("Month budget $1,680.00 is 56.0× the forecast ($30.00): the line is above the chart's scale.")
  })

  it('draws only month to date when the month is over', () => {
    const f = { ...F, last_day: '2025-02-04', projected: [], forecast_month_cost: 6, days_in_month: 4 }
    const [mtd, proj] = buildForecastOption(f, DAYS).series as Line[]
    expect(mtd.data).toEqual([1, 3, 3, 6])
    expect(proj.data).toEqual([null, null, null, null])
  })
})

describe('forecast wording', () => {
  it('states over or under with the amounts', () => {
    expect(monthName('2025-03')).toBe('March 2025')
    expect(forecastStatement(F)).toBe('Over budget: February 2025 is forecast at $30.00, $2.00 above the month budget of $28.00 (107.1% of the budget).')
    expect(forecastStatement({ ...F, forecast_month_cost: 2.755230241758242, month_budget: 1860, forecast_over_budget: false, month: '2025-03' })).toBe(
      'Under budget: March 2025 is forecast at $2.76, $1,857.24 below the month budget of $1,860.00 (0.15% of the budget).'
    )
  })

  it('describes the chart for screen readers', () => {
    expect(forecastDescription(F)).toBe(`${forecastStatement(F)} Month to date $6.00 over 3 days; 24 days projected.`)
  })

  it('explains the method in one line', () => {
    expect(forecastMethod(F)).toBe(
      "Month-to-date cost (3 of 28 days, to 2025-02-04) plus each remaining day from a least-squares line over the last 14 days' cost (days without requests count $0; a day never below $0). Month budget = DAILY_COST_BUDGET_USD × 28 days."
    )
  })
})
