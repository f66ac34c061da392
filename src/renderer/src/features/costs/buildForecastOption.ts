/** Pure month-end forecast: cumulative month-to-date cost (solid), the projected days as a dashed continuation, the month budget, and the sentences that state the outcome and the method. */
import type { EChartsOption } from 'echarts'
import type { CostForecast } from '../../../../shared/costs'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatPercent, formatUsd } from '../../lib/format'
import { budgetPlacement, offScaleNote } from './budgetScale'

export interface ForecastPoint {
  date: string
  /** cost of the day (actual, or projected) */
  cost: number
  /** cumulative cost of the month up to and including the day */
  cumulative: number
}

export interface ForecastSeries {
  /** every day of the month up to the last observed day (days without requests cost 0) */
  actual: ForecastPoint[]
  /** the remaining days of the month, projected */
  projected: ForecastPoint[]
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Splits the month into its observed days (from the daily costs) and the projected ones, both cumulative. */
export function forecastSeries(f: CostForecast, days: readonly { date: string; cost: number }[]): ForecastSeries {
  const byDate = new Map(days.map((d) => [d.date, d.cost]))
  const actual: ForecastPoint[] = []
  let cumulative = 0
  for (let date = `${f.month}-01`; date <= f.last_day; date = addDays(date, 1)) {
    const cost = byDate.get(date) ?? 0
    cumulative += cost
    actual.push({ date, cost, cumulative })
  }
  const projected = f.projected.map((p) => {
    cumulative += p.cost
    return { date: p.date, cost: p.cost, cumulative }
  })
  return { actual, projected }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "March 2025" */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return `${MONTHS[m - 1]} ${y}`
}

/** The outcome in one sentence: forecast against the month budget, over or under by how much. */
export function forecastStatement(f: CostForecast): string {
  const diff = f.forecast_month_cost - f.month_budget
  const share = f.month_budget > 0 ? f.forecast_month_cost / f.month_budget : null
  const ofBudget = share === null ? '' : ` (${formatPercent(share)} of the budget)`
  if (f.forecast_over_budget) return `Over budget: ${monthName(f.month)} is forecast at ${formatUsd(f.forecast_month_cost)}, ${formatUsd(diff)} above the month budget of ${formatUsd(f.month_budget)}${ofBudget}.`
  return `Under budget: ${monthName(f.month)} is forecast at ${formatUsd(f.forecast_month_cost)}, ${formatUsd(-diff)} below the month budget of ${formatUsd(f.month_budget)}${ofBudget}.`
}

/** How the forecast is made, in one line. */
export function forecastMethod(f: CostForecast): string {
  return `Month-to-date cost (${f.days_observed} of ${f.days_in_month} days, to ${f.last_day}) plus each remaining day from a least-squares line over the last ${f.trend_days} days' cost (days without requests count $0; a day never below $0). Month budget = DAILY_COST_BUDGET_USD × ${f.days_in_month} days.`
}

/** What the chart shows, for screen readers. */
export function forecastDescription(f: CostForecast): string {
  return `${forecastStatement(f)} Month to date ${formatUsd(f.month_to_date_cost)} over ${f.days_observed} days; ${f.projected.length} days projected.`
}

export function buildForecastOption(f: CostForecast, days: readonly { date: string; cost: number }[]): EChartsOption {
  const s = forecastSeries(f, days)
  const dates = [...s.actual, ...s.projected].map((p) => p.date)
  const place = budgetPlacement(f.month_budget, f.forecast_month_cost)
  const last = s.actual[s.actual.length - 1]
  // the dashed line starts at the last observed day so the two read as one curve
  const projectedData: (number | null)[] = dates.map(() => null)
  if (s.projected.length && last) {
    projectedData[s.actual.length - 1] = last.cumulative
    s.projected.forEach((p, i) => (projectedData[s.actual.length + i] = p.cumulative))
  }
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: forecastDescription(f) } },
    grid: { left: 8, right: 96, top: 36, bottom: 24, containLabel: true },
    legend: { top: 0, left: 0, data: ['Month to date', 'Projected'], itemWidth: 16, itemHeight: 8 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? formatUsd(v) : '—')
    },
    xAxis: { type: 'category', data: dates, boundaryGap: false, axisLabel: { formatter: (d: string) => d.slice(5), hideOverlap: true } },
    yAxis: {
      type: 'value',
      name: 'cumulative cost',
      nameTextStyle: { align: 'left' },
      min: 0,
      max: place.inView ? (v: { max: number }) => Math.max(v.max, f.month_budget * 1.05) : undefined,
      axisLabel: { formatter: (v: number) => formatUsd(v) }
    },
    series: [
      {
        type: 'line',
        name: 'Month to date',
        data: [...s.actual.map((p) => p.cumulative), ...s.projected.map(() => null)],
        showSymbol: s.actual.length <= 1,
        symbolSize: 7,
        lineStyle: { width: 2.5, color: SEMANTIC_COLORS.accent },
        itemStyle: { color: SEMANTIC_COLORS.accent },
        markLine: place.inView
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'solid', color: SEMANTIC_COLORS.warn, width: 1.5 },
              label: { formatter: `month budget ${formatUsd(f.month_budget)}`, position: 'insideStartTop', color: SEMANTIC_COLORS.warn, textBorderWidth: 0 },
              data: [{ name: 'Month budget', yAxis: f.month_budget }]
            }
          : undefined
      },
      {
        type: 'line',
        name: 'Projected',
        data: projectedData,
        showSymbol: false,
        lineStyle: { width: 2, type: 'dashed', color: f.forecast_over_budget ? SEMANTIC_COLORS.bad : SEMANTIC_COLORS.accent },
        itemStyle: { color: f.forecast_over_budget ? SEMANTIC_COLORS.bad : SEMANTIC_COLORS.accent },
        endLabel: {
          show: s.projected.length > 0,
          formatter: () => `forecast ${formatUsd(f.forecast_month_cost)}`,
          fontSize: 11,
          fontWeight: 'bold',
          color: f.forecast_over_budget ? SEMANTIC_COLORS.bad : SEMANTIC_COLORS.accent,
          textBorderColor: 'transparent',
          textBorderWidth: 0
        }
      }
    ]
  }
}

/** When the month budget is too far above the forecast to draw, the sentence that says so; null when it is drawn. */
export function forecastBudgetNote(f: CostForecast): string | null {
  const place = budgetPlacement(f.month_budget, f.forecast_month_cost)
  return place.inView ? null : `Month budget ${offScaleNote(f.month_budget, f.forecast_month_cost, 'the forecast')}`
}
