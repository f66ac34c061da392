/** Pure echarts options of the Sampling page: rows in each model x use case against the rows the policy keeps, and the backtest's relative errors with their 2-standard-error bands. */
import type { EChartsOption } from 'echarts'
import type { BacktestMetric, SamplingBacktestRow, SamplingProjectionRow } from '../../../../shared/sampling'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { valueLabel } from '../../lib/dimensions'
import { formatInt, formatNumber, formatPercent } from '../../lib/format'

/** "model / use case" of a stratum (TOTAL for the total row). */
export function stratumLabel(r: { model_name: string | null; use_case: string | null; total: boolean }): string {
  return r.total ? 'all rows' : `${valueLabel(r.model_name)} / ${valueLabel(r.use_case)}`
}

/** Strata drawn in the projection chart (the table lists all). */
export const PROJECTION_CHART_ROWS = 20

export function projectionChartHeight(rows: number): number {
  return Math.max(160, 48 + Math.min(rows, PROJECTION_CHART_ROWS) * 26)
}

/** Rows and expected kept rows per stratum, the largest first; the share kept as the bar label. */
export function buildProjectionOption(rows: readonly SamplingProjectionRow[]): EChartsOption {
  const shown = rows.slice(0, PROJECTION_CHART_ROWS)
  const names = shown.map(stratumLabel)
  return {
    animationDuration: 300,
    legend: { top: 0, left: 0, data: ['Rows', 'Kept (expected)'] },
    grid: { left: 8, right: 64, top: 28, bottom: 20, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const r = shown[(p as { dataIndex: number }[])[0]?.dataIndex ?? 0]
        if (!r) return ''
        return [
          `<b>${stratumLabel(r)}</b>`,
          `${formatInt(r.rows)} rows, ${formatInt(r.must_keep_rows)} kept for sure`,
          `kept: ${formatNumber(r.expected_kept_rows, 1)} expected (${formatPercent(r.keep_share)}), ${formatInt(r.sampled_rows)} by the hash`,
          `rate ${formatPercent(r.rate_min)} to ${formatPercent(r.rate_max)}`
        ].join('<br/>')
      }
    },
    xAxis: { type: 'value', min: 0, name: 'rows', nameLocation: 'middle', nameGap: 22 },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: 11 } },
    series: [
      { type: 'bar', name: 'Rows', barGap: '-100%', barMaxWidth: 16, itemStyle: { color: SEMANTIC_COLORS.neutral, opacity: 0.35 }, data: shown.map((r) => r.rows) },
      {
        type: 'bar',
        name: 'Kept (expected)',
        barMaxWidth: 16,
        itemStyle: { color: SEMANTIC_COLORS.accent },
        data: shown.map((r) => r.expected_kept_rows),
        label: { show: true, position: 'right', fontSize: 10, formatter: (p: unknown) => formatPercent(shown[(p as { dataIndex: number }).dataIndex]?.keep_share ?? null) }
      }
    ] as EChartsOption['series']
  }
}

export const BACKTEST_METRIC_LABELS: Record<BacktestMetric, string> = {
  requests: 'Requests',
  failure_rate: 'Failure rate',
  p95_latency_ms: 'p95 latency',
  cost_usd: 'Cost'
}

/** One row of the error chart: the relative error and its band (2 standard errors, relative), or none. */
export interface ErrorPoint {
  label: string
  rel: number
  lo: number | null
  hi: number | null
  row: SamplingBacktestRow
}

/** The backtest rows of one metric as relative errors with +-2 SE bands, all rows first. */
export function errorPoints(rows: readonly SamplingBacktestRow[], metric: BacktestMetric): ErrorPoint[] {
  return rows
    .filter((r) => r.metric === metric && r.rel_error !== null && r.true_value !== null && r.true_value !== 0)
    .map((r) => {
      const band = r.std_error !== null ? (2 * r.std_error) / Math.abs(r.true_value!) : null
      return { label: stratumLabel(r), rel: r.rel_error!, lo: band === null ? null : r.rel_error! - band, hi: band === null ? null : r.rel_error! + band, row: r }
    })
}

export function backtestChartHeight(points: number): number {
  return Math.max(160, 48 + points * 24)
}

/**
 * Relative error of the re-weighted estimate per stratum (a dot), with the band of 2 standard errors
 * around it (a line): a band that crosses 0 is an estimate consistent with the truth.
 */
export function buildBacktestErrorOption(points: readonly ErrorPoint[], metric: BacktestMetric): EChartsOption {
  const names = points.map((p) => p.label)
  const within = (p: ErrorPoint): boolean => p.lo === null || (p.lo <= 0 && p.hi! >= 0)
  return {
    animationDuration: 300,
    grid: { left: 8, right: 24, top: 12, bottom: 30, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const pt = points[(p as { dataIndex: number }).dataIndex]
        if (!pt) return ''
        const r = pt.row
        return [
          `<b>${pt.label}</b> · ${BACKTEST_METRIC_LABELS[metric]}`,
          `true ${formatNumber(r.true_value, 4)} · estimate ${formatNumber(r.estimate, 4)}`,
          `error ${formatPercent(r.rel_error)}${r.z !== null ? ` · z ${formatNumber(r.z, 2)}` : ''}`
        ].join('<br/>')
      }
    },
    xAxis: { type: 'value', name: 'relative error of the re-weighted estimate', nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: (v: number) => formatPercent(v, 0) } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'custom',
        name: '2 standard errors',
        renderItem: (params: unknown, api: unknown) => {
          const a = api as { value: (i: number) => number; coord: (v: [number, number]) => [number, number] }
          const lo = a.coord([a.value(1), a.value(0)])
          const hi = a.coord([a.value(2), a.value(0)])
          return { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: SEMANTIC_COLORS.neutral, lineWidth: 3, opacity: 0.6 } }
        },
        encode: { x: [1, 2], y: 0 },
        data: points.map((p, i) => (p.lo === null ? [i, p.rel, p.rel] : [i, p.lo, p.hi]))
      },
      {
        type: 'scatter',
        name: 'error',
        symbolSize: 8,
        data: points.map((p, i) => ({ value: [p.rel, i], itemStyle: { color: within(p) ? SEMANTIC_COLORS.good : SEMANTIC_COLORS.warn } })),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: SEMANTIC_COLORS.neutral, type: 'dashed' }, data: [{ xAxis: 0 }] }
      }
    ] as EChartsOption['series']
  }
}
