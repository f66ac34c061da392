/** Pure echarts option for the failure-type mix: one horizontal bar per failure type, share of all requests in scope, largest on top. */
import type { EChartsOption } from 'echarts'
import type { FailureTypeShare } from '../../../../shared/types'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatInt, formatPercent } from '../../lib/format'

/** failure_type values that mean "no failure" or "not known": drawn in a neutral colour. */
const NEUTRAL_TYPES = new Set(['none', 'unknown'])

export interface FailureMixOptions {
  /** include the 'none' bar (usually ~95% and it flattens the rest) */
  includeNone: boolean
}

/** The rows the chart draws, in the backend's order (share descending, ties by name). */
export function failureMixRows(mix: readonly FailureTypeShare[], opts: FailureMixOptions): FailureTypeShare[] {
  return mix.filter((m) => opts.includeNone || m.failure_type !== 'none')
}

/** Pixel height that gives each bar room for its label. */
export function failureMixHeight(rows: number): number {
  return Math.max(140, 36 + rows * 30)
}

export function buildFailureMixOption(mix: readonly FailureTypeShare[], opts: FailureMixOptions): EChartsOption {
  const rows = failureMixRows(mix, opts)
  const max = rows.reduce((m, r) => Math.max(m, r.share), 0)
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false } },
    grid: { left: 8, right: 96, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { data: { name: string; value: number; count: number } }).data
        return `<b>${d.name}</b><br/>${formatInt(d.count)} requests · ${formatPercent(d.value)} of all requests in scope`
      }
    },
    xAxis: {
      type: 'value',
      min: 0,
      // echarts rounds the top to a nice tick; an all-zero mix still gets a visible axis
      max: max > 0 ? undefined : 1,
      axisLabel: { formatter: (v: number) => formatPercent(v, v === 0 ? 0 : max < 0.1 ? 1 : 0) },
      splitNumber: 4
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.failure_type),
      axisLabel: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 11 }
    },
    series: [
      {
        type: 'bar',
        name: 'Share of requests',
        barMaxWidth: 18,
        data: rows.map((r) => ({
          name: r.failure_type,
          value: r.share,
          count: r.count,
          itemStyle: { color: NEUTRAL_TYPES.has(r.failure_type) ? SEMANTIC_COLORS.neutral : SEMANTIC_COLORS.bad, borderRadius: [0, 3, 3, 0] }
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          textBorderWidth: 0,
          formatter: (p: unknown) => {
            const d = (p as { data: { value: number; count: number } }).data
            return `${formatPercent(d.value)} · ${formatInt(d.count)}`
          }
        }
      }
    ]
  }
}
