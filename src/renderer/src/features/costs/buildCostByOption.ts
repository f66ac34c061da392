/** Pure echarts option for cost by one dimension: the top N groups as horizontal bars, largest on top, and the '(other)' bucket last in a neutral hatched bar. */
import type { EChartsOption } from 'echarts'
import type { CostByDimension, CostDimension, CostShare } from '../../../../shared/costs'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { valueLabel } from '../../lib/dimensions'
import { formatInt, formatPercent, formatUsd } from '../../lib/format'

export const COST_DIMENSION_LABELS: Record<CostDimension, string> = {
  model_name: 'Model',
  model_provider: 'Provider',
  use_case: 'Use case',
  account_tier: 'Tier',
  channel: 'Channel',
  region: 'Region',
  user_id: 'User'
}

/** The bar label of a group: '(empty)' for the null group, '(other)' for the folded rest. */
export function costShareLabel(row: CostShare): string {
  return row.other ? '(other)' : valueLabel(row.key)
}

/** Pixel height giving each bar room for its label. */
export function costByHeight(rows: number): number {
  return Math.max(150, 40 + rows * 26)
}

/** What the chart shows, for screen readers: each group's cost and share. */
export function costByDescription(c: CostByDimension): string {
  return `Cost by ${COST_DIMENSION_LABELS[c.dimension]}: ${c.rows.map((r) => `${costShareLabel(r)} ${formatUsd(r.cost)} (${formatPercent(r.share)})`).join('; ') || 'no requests'}.`
}

/** The hatch that marks the '(other)' bar besides its colour. */
const OTHER_DECAL = { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.45)' }

interface ShareDatum {
  value: number
  name: string
  row: CostShare
  itemStyle: { color: string; borderRadius: number[]; decal?: typeof OTHER_DECAL }
}

export function buildCostByOption(c: CostByDimension): EChartsOption {
  const data: ShareDatum[] = c.rows.map((r) => ({
    value: r.cost,
    name: costShareLabel(r),
    row: r,
    itemStyle: r.other ? { color: SEMANTIC_COLORS.neutral, borderRadius: [0, 3, 3, 0], decal: OTHER_DECAL } : { color: SEMANTIC_COLORS.accent, borderRadius: [0, 3, 3, 0] }
  }))
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: costByDescription(c) } },
    grid: { left: 8, right: 118, top: 6, bottom: 20, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const r = (p as { data: ShareDatum }).data.row
        return [
          `<b>${COST_DIMENSION_LABELS[c.dimension]} ${r.other ? '(other): every group below the top' : costShareLabel(r)}</b>`,
          `${formatUsd(r.cost)} · ${formatPercent(r.share)} of ${formatUsd(c.total_cost)}`,
          `${formatInt(r.requests)} requests · avg ${formatUsd(r.avg_cost)} per request`
        ].join('<br/>')
      }
    },
    xAxis: { type: 'value', min: 0, splitNumber: 3, axisLabel: { formatter: (v: number) => formatUsd(v) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.map((d) => d.name),
      axisLabel: { fontSize: 11, width: 110, overflow: 'truncate', fontStyle: 'normal' }
    },
    series: [
      {
        type: 'bar',
        name: 'Cost',
        barMaxWidth: 16,
        cursor: 'pointer',
        data,
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          textBorderWidth: 0,
          formatter: (p: unknown) => {
            const r = (p as { data: ShareDatum }).data.row
            return `${formatUsd(r.cost)} · ${formatPercent(r.share)}`
          }
        }
      }
    ]
  }
}
