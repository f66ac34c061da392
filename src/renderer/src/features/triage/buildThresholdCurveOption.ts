/** Pure echarts option for the triage threshold sweep: expected cost (left axis) and mean / p90 reviews per day (right axis) per threshold, the review capacity lines, thresholds that break capacity shaded, the chosen threshold and the slider's marked. */
import type { EChartsOption } from 'echarts'
import type { TriageCurveRow } from '../../../../shared/triage'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatInt, formatNumber, formatUsd } from '../../lib/format'
import { formatThreshold } from './triageText'

export interface ThresholdCurveInput {
  curve: readonly TriageCurveRow[]
  /** the threshold the analysis chose */
  chosen: number
  /** the slider's threshold */
  selected: number
  capacityPerDay: number
  capacityP90Guard: number
}

const COST_COLOR = SEMANTIC_COLORS.accent
const MEAN_COLOR = '#e8833a'
const P90_COLOR = '#8661d8'

/** Runs of consecutive infeasible thresholds as [first, last]. */
export function infeasibleRuns(curve: readonly TriageCurveRow[]): [number, number][] {
  const runs: [number, number][] = []
  let start: number | null = null
  let prev = 0
  for (const r of curve) {
    if (!r.feasible && start === null) start = r.threshold
    if (r.feasible && start !== null) {
      runs.push([start, prev])
      start = null
    }
    prev = r.threshold
  }
  if (start !== null) runs.push([start, prev])
  return runs
}

/** Top of the reviews axis: the larger of the load and the capacity guard, with headroom, so both capacity lines show. */
export function reviewsAxisMax(curve: readonly TriageCurveRow[], capacityP90Guard: number): number {
  const load = curve.reduce((m, r) => Math.max(m, r.p90_reviews_per_day, r.mean_reviews_per_day), 0)
  return Math.ceil(Math.max(load, capacityP90Guard) * 1.1)
}

export function buildThresholdCurveOption(input: ThresholdCurveInput): EChartsOption {
  const { curve, chosen, selected, capacityPerDay, capacityP90Guard } = input
  const byThreshold = new Map(curve.map((r) => [formatThreshold(r.threshold), r]))
  const sameSpot = formatThreshold(chosen) === formatThreshold(selected)
  return {
    animationDuration: 300,
    legend: { top: 0, left: 'center', data: ['Expected cost', 'Mean reviews / day', 'p90 reviews / day'] },
    grid: { left: 8, right: 8, top: 60, bottom: 28, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (p: unknown) => {
        const x = (p as { value: [number, number] }[])[0]?.value[0]
        const r = x === undefined ? undefined : byThreshold.get(formatThreshold(x))
        if (!r) return ''
        return [
          `<b>threshold ${formatThreshold(r.threshold)}</b>${r.feasible ? '' : ' · <span style="color:#e5484d">over capacity</span>'}`,
          `expected cost ${formatUsd(r.expected_cost)}`,
          `reviews ${formatInt(r.reviewed_rows)} · per day mean ${formatNumber(r.mean_reviews_per_day, 2)}, p90 ${formatNumber(r.p90_reviews_per_day, 1)}`,
          `tp ${formatInt(r.tp)} · fp ${formatInt(r.fp)} · fn ${formatInt(r.fn)} · tn ${formatInt(r.tn)}`
        ].join('<br/>')
      }
    },
    xAxis: { type: 'value', name: 'threshold', nameLocation: 'middle', nameGap: 24, min: 0, max: 1, interval: 0.1, axisLabel: { formatter: (v: number) => formatNumber(v, 1) } },
    yAxis: [
      { type: 'value', name: 'expected cost ($)', min: 0, axisLabel: { formatter: (v: number) => formatUsd(v) } },
      { type: 'value', name: 'reviews / day', min: 0, max: reviewsAxisMax(curve, capacityP90Guard), splitLine: { show: false } }
    ],
    series: [
      {
        type: 'line',
        name: 'Expected cost',
        yAxisIndex: 0,
        showSymbol: false,
        lineStyle: { width: 2, color: COST_COLOR },
        itemStyle: { color: COST_COLOR },
        data: curve.map((r) => [r.threshold, r.expected_cost]),
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(229, 72, 77, 0.10)' },
          label: { show: true, position: 'insideTop', fontSize: 10, color: SEMANTIC_COLORS.bad, textBorderWidth: 0 },
          data: infeasibleRuns(curve).map(([a, b]) => [{ xAxis: a - 0.005, name: 'over capacity' }, { xAxis: b + 0.005 }])
        },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            { xAxis: chosen, name: 'chosen', lineStyle: { color: SEMANTIC_COLORS.good, width: 2, type: 'solid' }, label: { formatter: `chosen ${formatThreshold(chosen)}`, position: 'end', color: SEMANTIC_COLORS.good, fontWeight: 600, textBorderWidth: 0 } },
            ...(sameSpot
              ? []
              : [{ xAxis: selected, name: 'slider', lineStyle: { color: SEMANTIC_COLORS.neutral, width: 1.5, type: 'dashed' as const }, label: { formatter: `slider ${formatThreshold(selected)}`, position: 'insideMiddleTop' as const, textBorderWidth: 0 } }])
          ]
        }
      },
      {
        type: 'line',
        name: 'Mean reviews / day',
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { width: 1.6, color: MEAN_COLOR },
        itemStyle: { color: MEAN_COLOR },
        data: curve.map((r) => [r.threshold, r.mean_reviews_per_day]),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: MEAN_COLOR, type: 'dashed', width: 1.5 },
          label: { position: 'insideStartTop', fontSize: 10, color: MEAN_COLOR, textBorderWidth: 0, formatter: `CAPACITY_PER_DAY ${formatInt(capacityPerDay)}` },
          data: [{ yAxis: capacityPerDay, name: 'CAPACITY_PER_DAY' }]
        }
      },
      {
        type: 'line',
        name: 'p90 reviews / day',
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { width: 1.6, type: 'dashed', color: P90_COLOR },
        itemStyle: { color: P90_COLOR },
        data: curve.map((r) => [r.threshold, r.p90_reviews_per_day]),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: P90_COLOR, type: 'dashed', width: 1.5 },
          label: { position: 'insideEndTop', fontSize: 10, color: P90_COLOR, textBorderWidth: 0, formatter: `CAPACITY_P90_GUARD ${formatInt(capacityP90Guard)}` },
          data: [{ yAxis: capacityP90Guard, name: 'CAPACITY_P90_GUARD' }]
        }
      }
    ]
  }
}
