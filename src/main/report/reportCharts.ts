/**
 * The report's charts: pure echarts options for print (light, no animation, no interaction), and
 * their server-side rendering to inline SVG (echarts' SSR renderer; no DOM, no network).
 */
import * as echarts from 'echarts'
import type { EChartsOption } from 'echarts'
import type { BurnDay, RoutingBacktestUseCase } from '../../shared/analysis'
import type { FailureTypeShare } from '../../shared/types'
import type { TriageCurveRow } from '../../shared/triage'

const INK = '#1f2933'
const MUTED = '#616e7c'
const GRID = '#d9e2ec'
const BLUE = '#2f6fb3'
const RED = '#c2413b'
const GREEN = '#2f855a'
const AMBER = '#b7791f'

const base = (): EChartsOption => ({
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: 'Helvetica, Arial, sans-serif', color: INK, fontSize: 11 },
  grid: { left: 56, right: 56, top: 36, bottom: 40 }
})

const axisStyle = { axisLine: { lineStyle: { color: GRID } }, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID } } }

/** Daily requests (bars) and failure rate (line, right axis) with the failure budget. */
export function buildReportBurnOption(days: readonly BurnDay[], failBudget: number): EChartsOption {
  return {
    ...base(),
    legend: { top: 4, textStyle: { color: MUTED } },
    xAxis: { type: 'category', data: days.map((d) => d.date_utc), ...axisStyle, axisLabel: { color: MUTED, hideOverlap: true } },
    yAxis: [
      { type: 'value', name: 'requests', nameTextStyle: { color: MUTED }, ...axisStyle },
      { type: 'value', name: 'failure rate', nameTextStyle: { color: MUTED }, ...axisStyle, splitLine: { show: false }, axisLabel: { color: MUTED, formatter: (v: number) => `${(v * 100).toFixed(0)}%` } }
    ],
    series: [
      { name: 'requests', type: 'bar', data: days.map((d) => d.requests), itemStyle: { color: '#9fb3c8' } },
      {
        name: 'failure rate',
        type: 'line',
        yAxisIndex: 1,
        data: days.map((d) => d.fail_rate),
        showSymbol: false,
        lineStyle: { color: RED, width: 1.5 },
        itemStyle: { color: RED },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: AMBER, type: 'dashed' }, label: { formatter: 'fail budget', color: AMBER }, data: [{ yAxis: failBudget }] }
      }
    ]
  }
}

/** Failure types by share, largest first (horizontal bars). */
export function buildReportFailureMixOption(mix: readonly FailureTypeShare[]): EChartsOption {
  const rows = [...mix].reverse()
  return {
    ...base(),
    grid: { left: 130, right: 60, top: 10, bottom: 30 },
    xAxis: { type: 'value', ...axisStyle, axisLabel: { color: MUTED, formatter: (v: number) => `${(v * 100).toFixed(0)}%` } },
    yAxis: { type: 'category', data: rows.map((r) => r.failure_type), ...axisStyle },
    series: [{ type: 'bar', data: rows.map((r) => r.share), itemStyle: { color: BLUE }, label: { show: true, position: 'right', color: MUTED, formatter: (p) => `${((p.value as number) * 100).toFixed(1)}%` } }]
  }
}

/** Expected unit cost per use case: observed (baseline) vs the policy's model, on the evaluation window. */
export function buildReportBacktestOption(useCases: readonly RoutingBacktestUseCase[]): EChartsOption {
  return {
    ...base(),
    legend: { top: 4, textStyle: { color: MUTED } },
    xAxis: { type: 'category', data: useCases.map((u) => u.use_case), ...axisStyle, axisLabel: { color: MUTED, interval: 0, rotate: useCases.length > 5 ? 20 : 0 } },
    yAxis: { type: 'value', name: 'expected unit cost (USD)', nameTextStyle: { color: MUTED }, ...axisStyle },
    series: [
      { name: 'baseline', type: 'bar', data: useCases.map((u) => u.baseline_expected_unit_cost), itemStyle: { color: '#9fb3c8' } },
      { name: 'policy', type: 'bar', data: useCases.map((u) => u.policy_expected_unit_cost), itemStyle: { color: GREEN } }
    ]
  }
}

/** Expected review cost over the swept thresholds, infeasible ones marked, the chosen threshold as a line. */
export function buildReportTriageCurveOption(curve: readonly TriageCurveRow[], chosen: number): EChartsOption {
  return {
    ...base(),
    legend: { top: 4, textStyle: { color: MUTED } },
    xAxis: { type: 'value', name: 'threshold', nameLocation: 'middle', nameGap: 26, min: 0, max: 1, ...axisStyle },
    yAxis: { type: 'value', name: 'expected cost (USD)', nameTextStyle: { color: MUTED }, ...axisStyle },
    series: [
      {
        name: 'within capacity',
        type: 'line',
        showSymbol: false,
        data: curve.map((c) => [c.threshold, c.feasible ? c.expected_cost : null]),
        lineStyle: { color: BLUE, width: 1.5 },
        itemStyle: { color: BLUE },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: GREEN, type: 'dashed' }, label: { formatter: `chosen ${chosen.toFixed(2)}`, color: GREEN }, data: [{ xAxis: chosen }] }
      },
      { name: 'over capacity', type: 'line', showSymbol: false, data: curve.map((c) => [c.threshold, c.feasible ? null : c.expected_cost]), lineStyle: { color: RED, width: 1.5, type: 'dotted' }, itemStyle: { color: RED } }
    ]
  }
}

/**
 * Renders an option to an SVG string (server side: no DOM). The renderer numbers its element ids
 * and style classes with process-wide counters; they are renamed `<idPrefix>-<n>` in order of
 * appearance, so a report is the same bytes for the same data and ids stay unique in the page.
 */
export function renderSvg(option: EChartsOption, idPrefix: string, width = 720, height = 260): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  let svg: string
  try {
    chart.setOption(option)
    svg = chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
  const ids = new Map<string, string>()
  return svg.replace(/zr\d+-[a-z]+-?\d+/g, (m) => {
    let id = ids.get(m)
    if (!id) ids.set(m, (id = `${idPrefix}-${ids.size}`))
    return id
  })
}
