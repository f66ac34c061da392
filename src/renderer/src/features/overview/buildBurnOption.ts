/** Pure echarts option for the daily budget burn: five small multiples on one time axis (requests, failure rate, SLA breach rate, p95 latency, cost), each with its budget line and over-budget days in red. */
import type { EChartsOption } from 'echarts'
import type { BurnDay } from '../../../../shared/analysis'
import type { Knobs } from '../../../../shared/knobs'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import type { AnomalyMetric } from '../../../../shared/anomalies'
import { markerLines, type AnomalyMarker } from '../../lib/anomalyMarkers'
import type { DrilldownTarget } from '../../lib/drilldown'
import { formatCompact, formatInt, formatMs, formatNumber, formatPercent, formatPercentShort, formatUsd } from '../../lib/format'

export type BurnMetricId = 'requests' | 'fail_rate' | 'sla_breach_rate' | 'p95_latency' | 'cost'

/** The anomaly series each burn chart shows (its alarms are marked on it). */
export const BURN_ANOMALY_METRIC: Record<BurnMetricId, AnomalyMetric> = {
  requests: 'requests',
  fail_rate: 'failure_rate',
  sla_breach_rate: 'sla_breach_rate',
  p95_latency: 'p95_latency_ms',
  cost: 'cost_usd'
}

export interface BurnMetric {
  id: BurnMetricId
  title: string
  value: (d: BurnDay) => number | null
  /** the budget in the metric's unit (null: the metric has none) */
  budget: ((k: Knobs) => number) | null
  /** how the budget reads, with the knob it comes from */
  budgetLabel: (k: Knobs) => string
  /** burn of the day: value / budget (null when unknown or without a budget) */
  burn: (d: BurnDay, k: Knobs) => number | null
  format: (v: number | null) => string
  /** the budget as its line is labelled: "2%", "2,200 ms" */
  budgetShort: (v: number) => string
  axisLabel: (v: number) => string
}

const pctAxis = (v: number): string => formatPercent(v, v === 0 ? 0 : v < 0.1 ? 1 : 0)

/** The five daily charts, top to bottom. */
export const BURN_METRICS: readonly BurnMetric[] = [
  {
    id: 'requests',
    title: 'Requests',
    value: (d) => d.requests,
    budget: null,
    budgetLabel: () => '',
    burn: () => null,
    format: formatInt,
    budgetShort: formatInt,
    axisLabel: (v) => formatCompact(v)
  },
  {
    id: 'fail_rate',
    title: 'Failure rate',
    value: (d) => d.fail_rate,
    budget: (k) => k.FAIL_BUDGET,
    budgetLabel: (k) => `budget ${formatPercentShort(k.FAIL_BUDGET)} (FAIL_BUDGET)`,
    burn: (d) => d.fail_budget_burn,
    format: formatPercent,
    budgetShort: formatPercentShort,
    axisLabel: pctAxis
  },
  {
    id: 'sla_breach_rate',
    title: 'SLA breach rate',
    value: (d) => d.sla_breach_rate,
    budget: (k) => k.SLA_BUDGET,
    budgetLabel: (k) => `budget ${formatPercentShort(k.SLA_BUDGET)} of requests > ${formatInt(k.SLA_MS)} ms (SLA_BUDGET)`,
    burn: (d) => d.sla_budget_burn,
    format: formatPercent,
    budgetShort: formatPercentShort,
    axisLabel: pctAxis
  },
  {
    id: 'p95_latency',
    title: 'p95 latency',
    value: (d) => d.p95_latency,
    budget: (k) => k.SLA_MS,
    budgetLabel: (k) => `SLA ${formatInt(k.SLA_MS)} ms (SLA_MS)`,
    burn: (d, k) => (d.p95_latency === null ? null : d.p95_latency / k.SLA_MS),
    format: formatMs,
    budgetShort: (v) => `${formatInt(v)} ms`,
    axisLabel: (v) => `${formatCompact(v)} ms`
  },
  {
    id: 'cost',
    title: 'Cost',
    value: (d) => d.cost,
    budget: (k) => k.DAILY_COST_BUDGET_USD,
    budgetLabel: (k) => `budget ${formatUsd(k.DAILY_COST_BUDGET_USD)} / day (DAILY_COST_BUDGET_USD)`,
    burn: (d) => d.cost_budget_burn,
    format: formatUsd,
    budgetShort: formatUsd,
    axisLabel: (v) => (v === 0 ? '$0' : formatUsd(v))
  }
]

/** A budget line further than this many times above the highest day would flatten the bars: it is named instead of drawn. */
export const OFF_SCALE_FACTOR = 4
/** Above this many days the charts get a zoom slider. */
export const ZOOM_MIN_DAYS = 32
/** Above this many days the zoom starts on the most recent ZOOM_WINDOW_DAYS. */
export const ZOOM_START_DAYS = 120
export const ZOOM_WINDOW_DAYS = 90

const GRID_H = 84
const TITLE_H = 24
const GAP = 14
const TOP = 26
const LEFT = 64
const RIGHT = 64

/** Top of grid i in pixels. */
export function burnGridTop(i: number): number {
  return TOP + i * (GRID_H + TITLE_H + GAP)
}

/** Pixel height of the whole chart for this many days. */
export function burnChartHeight(days: number): number {
  return burnGridTop(BURN_METRICS.length - 1) + GRID_H + 26 + (days >= ZOOM_MIN_DAYS ? 36 : 0)
}

export interface BudgetPlacement {
  budget: number | null
  /** true when the budget line is drawn (false: off the scale, or no knobs) */
  drawn: boolean
  /** the largest day */
  max: number | null
}

/** Whether a metric's budget line fits the scale of its days. */
export function budgetPlacement(metric: BurnMetric, days: readonly BurnDay[], knobs: Knobs | null): BudgetPlacement {
  const values = days.map(metric.value).filter((v): v is number => v !== null && Number.isFinite(v))
  const max = values.length ? Math.max(...values) : null
  if (!metric.budget || !knobs) return { budget: null, drawn: false, max }
  const budget = metric.budget(knobs)
  return { budget, drawn: max === null || max === 0 || budget <= OFF_SCALE_FACTOR * max, max }
}

/** True when the day burns this metric's budget (burn > 1). */
export function overBudget(metric: BurnMetric, d: BurnDay, knobs: Knobs | null): boolean {
  if (!knobs || !metric.budget) return false
  const b = metric.burn(d, knobs)
  return b !== null && b > 1
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}

/** The tooltip of one day: every metric with its burn; over-budget burns marked. */
export function burnTooltip(d: BurnDay, knobs: Knobs | null): string {
  const lines = BURN_METRICS.map((m) => {
    const b = knobs && m.budget ? m.burn(d, knobs) : null
    const over = b !== null && b > 1
    const burn = b === null ? '' : ` · <span style="color:${over ? SEMANTIC_COLORS.bad : 'inherit'}">${formatNumber(b, 2)}× ${m.id === 'p95_latency' ? 'SLA' : 'budget'}</span>`
    return `${m.title} <b>${escapeHtml(m.format(m.value(d)))}</b>${burn}`
  })
  return `<b>${d.date_utc}</b> (UTC)<br/>${lines.join('<br/>')}<br/><span style="opacity:.7">Click: open this day's requests (failures on the failure chart)</span>`
}

/** The five day charts; `markers` are the anomaly alarms per chart, drawn as vertical lines at their days. */
export function buildBurnOption(days: readonly BurnDay[], knobs: Knobs | null, markers: Partial<Record<BurnMetricId, readonly AnomalyMarker[]>> = {}): EChartsOption {
  const dates = days.map((d) => d.date_utc)
  const n = BURN_METRICS.length
  const axisIdx = BURN_METRICS.map((_, i) => i)
  const zoom = days.length >= ZOOM_MIN_DAYS
  const startValue = days.length > ZOOM_START_DAYS ? dates[dates.length - ZOOM_WINDOW_DAYS] : dates[0]
  const endValue = dates[dates.length - 1]
  const placements = BURN_METRICS.map((m) => budgetPlacement(m, days, knobs))

  return {
    animationDuration: 300,
    // no echarts aria: it would replace the panel's own summary (days over each budget) with a list of raw values
    title: BURN_METRICS.flatMap((m, i) => {
      const p = placements[i]
      const note =
        knobs && m.budget && p.budget !== null
          ? `${m.budgetLabel(knobs)}${p.drawn ? '' : ` · off the scale (highest day ${m.format(p.max)})`}`
          : ''
      return [
        { text: m.title, left: 8, top: burnGridTop(i) - 22, textStyle: { fontSize: 12, fontWeight: 600 } },
        { text: note, right: RIGHT, top: burnGridTop(i) - 20, textStyle: { fontSize: 11, fontWeight: 400, color: SEMANTIC_COLORS.neutral } }
      ]
    }),
    grid: BURN_METRICS.map((_, i) => ({ left: LEFT, right: RIGHT, top: burnGridTop(i), height: GRID_H })),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (p: unknown) => {
        const first = (Array.isArray(p) ? p[0] : p) as { dataIndex: number } | undefined
        const d = first ? days[first.dataIndex] : undefined
        return d ? burnTooltip(d, knobs) : ''
      }
    },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    xAxis: BURN_METRICS.map((_, i) => ({
      type: 'category',
      gridIndex: i,
      data: dates,
      axisTick: { show: i === n - 1, alignWithLabel: true },
      axisLabel: { show: i === n - 1, formatter: (v: string) => v.slice(5), hideOverlap: true }
    })),
    yAxis: BURN_METRICS.map((m, i) => {
      const p = placements[i]
      return {
        type: 'value',
        gridIndex: i,
        min: 0,
        // the budget line stays inside the scale when it lies above every day
        max: p.drawn && p.budget !== null && (p.max === null || p.budget >= p.max) ? p.budget * 1.15 : undefined,
        splitNumber: 2,
        axisLabel: { formatter: m.axisLabel }
      }
    }),
    dataZoom: zoom
      ? [
          { type: 'inside', xAxisIndex: axisIdx, startValue, endValue },
          { type: 'slider', xAxisIndex: axisIdx, startValue, endValue, left: LEFT, right: RIGHT, bottom: 6, height: 18, labelFormatter: (_: number, v: string) => String(v) }
        ]
      : [],
    series: BURN_METRICS.map((m, i) => {
      const p = placements[i]
      const budgetLine = p.drawn && p.budget !== null
      // the grids are too short for a caption: the alarm panel beside the incidents says what each line is
      const alarms = markerLines(markers[m.id] ?? [], dates, { captions: false })
      return {
        type: 'bar',
        name: m.title,
        xAxisIndex: i,
        yAxisIndex: i,
        barMaxWidth: 16,
        barCategoryGap: '25%',
        data: days.map((d) => ({
          value: m.value(d),
          itemStyle: { color: overBudget(m, d, knobs) ? SEMANTIC_COLORS.bad : SEMANTIC_COLORS.accent, borderRadius: [2, 2, 0, 0] }
        })),
        markLine:
          budgetLine || alarms.length
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: SEMANTIC_COLORS.warn, width: 1.5 },
                label: { show: true, position: 'end', formatter: budgetLine ? m.budgetShort(p.budget!) : '', color: SEMANTIC_COLORS.warn, fontSize: 10, fontWeight: 600 },
                data: [...(budgetLine ? [{ yAxis: p.budget! }] : []), ...alarms]
              }
            : undefined
      }
    })
  }
}

/** What a click on one day of one chart opens: the day's failures on the failure-rate chart, else the day's requests. */
export function burnDrilldown(metric: BurnMetricId, d: BurnDay): { target: DrilldownTarget; expected: number; label: string } {
  if (metric === 'fail_rate') {
    // fail_rate is failures / requests of the day, so this is the exact failure count
    const failures = Math.round(d.fail_rate * d.requests)
    return { target: { day: d.date_utc, is_failure: true }, expected: failures, label: `Overview · failures on ${d.date_utc}` }
  }
  return { target: { day: d.date_utc }, expected: d.requests, label: `Overview · requests on ${d.date_utc}` }
}
