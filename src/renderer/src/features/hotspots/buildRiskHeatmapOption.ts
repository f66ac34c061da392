/** Pure echarts option for the failure-rate heatmap of two slice dimensions (history window): one cell per slice, coloured by fail rate, greyed below the minimum support. */
import type { EChartsOption } from 'echarts'
import type { RiskSlice, RiskSliceTable } from '../../../../shared/analysis'
import { DIMENSION_LABELS } from '../../lib/dimensions'
import { formatInt, formatMs, formatPercent, formatUsd } from '../../lib/format'

export interface HeatmapCell {
  /** index into `columns` (values of dimensions[1]) */
  x: number
  /** index into `rows` (values of dimensions[0]) */
  y: number
  slice: RiskSlice
  /** requests >= the minimum support */
  supported: boolean
}

export interface HeatmapGrid {
  /** values of dimensions[1], sorted, 'unknown' last */
  columns: string[]
  /** values of dimensions[0], sorted, 'unknown' last */
  rows: string[]
  cells: HeatmapCell[]
}

/** The colour ramp of supported cells, low to high fail rate; white labels read on each stop. */
export const HEATMAP_RAMP = ['#2f9e6e', '#d9962b', '#e5484d'] as const
/** Cells below the minimum support: a flat grey dark enough for white labels on either theme. */
export const HEATMAP_UNSUPPORTED_COLOR = '#7d8592'

function sortValues(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : a < b ? -1 : a > b ? 1 : 0))
}

/** Places every slice in a grid: rows are values of dimensions[0], columns values of dimensions[1]. */
export function heatmapGrid(table: RiskSliceTable, minSupport: number): HeatmapGrid {
  const rows = sortValues(table.rows.map((r) => r.key[0]))
  const columns = sortValues(table.rows.map((r) => r.key[1]))
  const cells = table.rows.map((slice) => ({ x: columns.indexOf(slice.key[1]), y: rows.indexOf(slice.key[0]), slice, supported: slice.requests >= minSupport }))
  return { rows, columns, cells }
}

/** Column labels turn 30° when there are many or long ones, so neighbours do not run together. */
export function columnLabelRotation(columns: readonly string[]): number {
  const longest = columns.reduce((m, c) => Math.max(m, c.length), 0)
  return columns.length * Math.max(longest, 4) > 48 ? 30 : 0
}

/** Pixel height for `rows` rows of cells plus the axis and the colour legend. */
export function heatmapHeight(rows: number): number {
  return Math.max(200, 140 + rows * 46)
}

/** What the chart shows, for screen readers: every cell with its fail rate and support. */
export function heatmapDescription(table: RiskSliceTable, minSupport: number): string {
  const [dimRow, dimCol] = table.dimensions
  const cells = table.rows.map((s) => `${s.key[0]} ${s.key[1]} ${formatPercent(s.fail_rate)} of ${formatInt(s.requests)}${s.requests < minSupport ? ' (below support)' : ''}`)
  return `Failure rate by ${DIMENSION_LABELS[dimRow]} and ${DIMENSION_LABELS[dimCol]}, history window: ${cells.join('; ') || 'no requests'}.`
}

interface CellDatum {
  value: [number, number, number]
  slice: RiskSlice
  supported: boolean
}

export function buildRiskHeatmapOption(table: RiskSliceTable, minSupport: number): EChartsOption {
  const grid = heatmapGrid(table, minSupport)
  const [dimRow, dimCol] = table.dimensions
  const datum = (c: HeatmapCell): CellDatum => ({ value: [c.x, c.y, c.slice.fail_rate], slice: c.slice, supported: c.supported })
  const supported = grid.cells.filter((c) => c.supported).map(datum)
  const unsupported = grid.cells.filter((c) => !c.supported).map(datum)
  const maxRate = supported.reduce((m, d) => Math.max(m, d.slice.fail_rate), 0)
  const label = {
    show: true,
    fontSize: 11,
    lineHeight: 14,
    color: '#ffffff',
    textBorderWidth: 0,
    formatter: (p: unknown) => {
      const d = (p as { data: CellDatum }).data
      return `${formatPercent(d.slice.fail_rate)}\nn=${formatInt(d.slice.requests)}`
    }
  }
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: heatmapDescription(table, minSupport) } },
    grid: { left: 8, right: 12, top: 8, bottom: 64, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { data: CellDatum }).data
        const s = d.slice
        const lines = [
          `<b>${DIMENSION_LABELS[dimRow]} ${s.key[0]} · ${DIMENSION_LABELS[dimCol]} ${s.key[1]}</b>`,
          `${formatInt(s.requests)} requests (history window)`,
          `fail rate ${formatPercent(s.fail_rate)} · p95 ${formatMs(s.p95_latency)}`,
          `avg cost ${formatUsd(s.avg_cost)}`
        ]
        if (!d.supported) lines.push(`<i>below the minimum support of ${formatInt(minSupport)} requests: not ranked</i>`)
        lines.push('Click: open these requests in the Explorer')
        return lines.join('<br/>')
      }
    },
    xAxis: {
      type: 'category',
      data: grid.columns,
      name: DIMENSION_LABELS[dimCol],
      nameLocation: 'middle',
      nameGap: columnLabelRotation(grid.columns) ? 58 : 26,
      splitArea: { show: false },
      axisLabel: { interval: 0, rotate: columnLabelRotation(grid.columns) }
    },
    yAxis: { type: 'category', data: grid.rows, name: DIMENSION_LABELS[dimRow], nameLocation: 'end', splitArea: { show: false }, axisLabel: { interval: 0 } },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min: 0,
      max: maxRate > 0 ? maxRate : 0.01,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 10,
      text: [formatPercent(maxRate > 0 ? maxRate : 0.01), '0%  fail rate'],
      inRange: { color: [...HEATMAP_RAMP] }
    },
    series: [
      {
        type: 'heatmap',
        name: 'Fail rate',
        data: supported,
        label,
        itemStyle: { borderColor: 'rgba(127,127,127,0.25)', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#ffffff', borderWidth: 2 } },
        cursor: 'pointer'
      },
      {
        type: 'heatmap',
        name: `Below ${formatInt(minSupport)} requests`,
        data: unsupported,
        label: { ...label, color: 'rgba(255,255,255,0.92)' },
        itemStyle: { color: HEATMAP_UNSUPPORTED_COLOR, borderColor: 'rgba(127,127,127,0.25)', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#ffffff', borderWidth: 2 } },
        cursor: 'pointer'
      }
    ]
  }
}
