/** Pure echarts option of the Compare page: every metric's difference B - A with its 95% interval, as a share of A's value, coloured by what it means (worse, better, no clear difference). */
import type { EChartsOption } from 'echarts'
import type { CompareMetric, CompareResult } from '../../../../shared/compare'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatNumber } from '../../lib/format'
import { formatInterval, formatMetricDiff, formatMetricValue, OUTCOME_LABELS } from './compareView'

export interface ForestRow {
  metric: CompareMetric
  /** difference and interval as percentages of A's value */
  point: number
  low: number
  high: number
}

/** Metrics with a difference, an interval and a non-zero A value, in the result's order. */
export function forestRows(r: CompareResult): ForestRow[] {
  const out: ForestRow[] = []
  for (const m of r.metrics) {
    const a = m.a.value
    if (a === null || a === 0 || m.difference === null || m.ci_low === null || m.ci_high === null) continue
    const k = 100 / Math.abs(a)
    out.push({ metric: m, point: m.difference * k, low: m.ci_low * k, high: m.ci_high * k })
  }
  return out
}

/** The metrics the chart cannot place (no interval, or A is 0), named for the footnote. */
export function unplottedMetrics(r: CompareResult): CompareMetric[] {
  const shown = new Set(forestRows(r).map((f) => f.metric.metric))
  return r.metrics.filter((m) => !shown.has(m.metric))
}

const OUTCOME_COLOR: Record<CompareMetric['outcome'], string> = {
  b_worse: SEMANTIC_COLORS.bad,
  b_better: SEMANTIC_COLORS.good,
  no_clear_difference: SEMANTIC_COLORS.neutral,
  too_small: SEMANTIC_COLORS.warn,
  no_data: SEMANTIC_COLORS.neutral
}

/** What the chart shows, for screen readers. */
export function compareDescription(r: CompareResult): string {
  const parts = forestRows(r).map((f) => `${f.metric.label} ${formatNumber(f.point, 1)}% (${formatNumber(f.low, 1)}% to ${formatNumber(f.high, 1)}%), ${OUTCOME_LABELS[f.metric.outcome]}`)
  return `Difference of B from A as a share of A, with 95% intervals: ${parts.join('; ') || 'nothing to show'}.`
}

export function buildCompareOption(r: CompareResult): EChartsOption {
  const rows = forestRows(r)
  const labels = rows.map((f) => f.metric.label)
  const extent = Math.max(1, ...rows.flatMap((f) => [Math.abs(f.low), Math.abs(f.high)]))
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: compareDescription(r) } },
    grid: { left: 8, right: 24, top: 10, bottom: 30, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const f = (p as { data: { row?: ForestRow } }).data.row
        if (!f) return ''
        const m = f.metric
        return [
          `<b>${m.label}</b>: ${OUTCOME_LABELS[m.outcome]}`,
          `A ${formatMetricValue(m.unit, m.a.value)} · B ${formatMetricValue(m.unit, m.b.value)}`,
          `B − A ${formatMetricDiff(m.unit, m.difference)} (95% CI ${formatInterval(m)})`,
          `${formatNumber(f.point, 1)}% of A (${formatNumber(f.low, 1)}% to ${formatNumber(f.high, 1)}%)`
        ].join('<br/>')
      }
    },
    xAxis: {
      type: 'value',
      min: -extent * 1.1,
      max: extent * 1.1,
      name: 'B − A, % of A',
      nameLocation: 'middle',
      nameGap: 22,
      axisLabel: { formatter: (v: number) => `${formatNumber(v, Math.abs(extent) < 5 ? 1 : 0)}%` }
    },
    yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { fontSize: 11 } },
    series: [
      // one short line per metric from the interval's low to its high end, with bar caps
      ...rows.map((f) => ({
        type: 'line' as const,
        name: `${f.metric.label} 95% interval`,
        silent: true,
        symbol: 'rect',
        symbolSize: [2, 12],
        itemStyle: { color: OUTCOME_COLOR[f.metric.outcome] },
        lineStyle: { color: OUTCOME_COLOR[f.metric.outcome], width: 3 },
        data: [
          [f.low, f.metric.label],
          [f.high, f.metric.label]
        ],
        z: 2
      })),
      {
        type: 'scatter',
        name: 'B − A',
        symbolSize: 11,
        data: rows.map((f) => ({ value: [f.point, f.metric.label], row: f, itemStyle: { color: OUTCOME_COLOR[f.metric.outcome] } })),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: SEMANTIC_COLORS.neutral, type: 'dashed' }, label: { show: false }, data: [{ xAxis: 0 }] },
        z: 3
      }
    ]
  }
}
