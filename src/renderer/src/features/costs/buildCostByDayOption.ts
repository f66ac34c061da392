/** Pure echarts option for cost per UTC day: one bar per day, days over the daily budget in red, the budget as a dashed line when it fits the scale. */
import type { EChartsOption } from 'echarts'
import type { CostAnalytics } from '../../../../shared/costs'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { markerLines, type AnomalyMarker } from '../../lib/anomalyMarkers'
import { formatInt, formatNumber, formatUsd } from '../../lib/format'
import { budgetPlacement } from './budgetScale'

export type CostDay = CostAnalytics['by_day'][number]

/** Days whose cost is above their budget (cost_budget_burn > 1), in date order. */
export function overBudgetDays(days: readonly CostDay[]): CostDay[] {
  return days.filter((d) => d.budget > 0 && d.cost / d.budget > 1)
}

/** The daily budget the days were computed with (the DAILY_COST_BUDGET_USD knob); null without days. */
export function dailyBudget(days: readonly CostDay[]): number | null {
  return days.length ? days[days.length - 1].budget : null
}

/** What the chart shows, for screen readers: the range, the budget and the days over it. */
export function costByDayDescription(days: readonly CostDay[]): string {
  if (!days.length) return 'Cost by day: no timed requests in scope.'
  const over = overBudgetDays(days)
  const total = days.reduce((s, d) => s + d.cost, 0)
  return `Cost by UTC day, ${formatInt(days.length)} days from ${days[0].date} to ${days[days.length - 1].date}, ${formatUsd(total)} in all; daily budget ${formatUsd(dailyBudget(days))}; ${over.length ? `over budget on ${over.map((d) => d.date).join(', ')}` : 'no day over budget'}.`
}

interface DayDatum {
  value: number
  day: CostDay
  itemStyle: { color: string }
}

/** The chart; `markers` are the cost alarms, drawn as vertical lines at their days. */
export function buildCostByDayOption(days: readonly CostDay[], markers: readonly AnomalyMarker[] = []): EChartsOption {
  const budget = dailyBudget(days) ?? 0
  const alarms = markerLines(
    markers,
    days.map((d) => d.date)
  )
  const max = days.reduce((m, d) => Math.max(m, d.cost), 0)
  const place = budgetPlacement(budget, max)
  const data: DayDatum[] = days.map((d) => ({ value: d.cost, day: d, itemStyle: { color: d.budget > 0 && d.cost > d.budget ? SEMANTIC_COLORS.bad : SEMANTIC_COLORS.accent } }))
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: costByDayDescription(days) } },
    grid: { left: 8, right: 16, top: 24, bottom: days.length > 40 ? 52 : 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { data: DayDatum }).data.day
        const burn = d.budget > 0 ? d.cost / d.budget : null
        return [
          `<b>${d.date}</b> (UTC)`,
          `cost ${formatUsd(d.cost)} · ${formatInt(d.requests)} requests`,
          `budget ${formatUsd(d.budget)} · burn ${burn === null ? '—' : formatNumber(burn, burn < 0.01 ? 4 : 2)}${burn !== null && burn > 1 ? ' <b>over budget</b>' : ''}`,
          'Click: open this day’s requests in the Explorer'
        ].join('<br/>')
      }
    },
    xAxis: { type: 'category', data: days.map((d) => d.date), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: 'cost (USD)', nameTextStyle: { align: 'left' }, min: 0, max: place.inView && budget > 0 ? (v: { max: number }) => Math.max(v.max, budget * 1.08) : undefined, axisLabel: { formatter: (v: number) => formatUsd(v) } },
    dataZoom: days.length > 40 ? [{ type: 'slider', height: 18, bottom: 6 }, { type: 'inside' }] : undefined,
    series: [
      {
        type: 'bar',
        name: 'Cost',
        data,
        barMaxWidth: 22,
        cursor: 'pointer',
        markLine:
          (place.inView && budget > 0) || alarms.length
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: SEMANTIC_COLORS.warn, width: 1.5 },
                label: { formatter: `daily budget ${formatUsd(budget)}`, position: 'insideEndTop', color: SEMANTIC_COLORS.warn, textBorderWidth: 0 },
                data: [...(place.inView && budget > 0 ? [{ name: 'Daily budget', yAxis: budget }] : []), ...alarms]
              }
            : undefined
      }
    ]
  }
}
