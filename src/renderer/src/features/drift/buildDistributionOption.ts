/** Pure echarts option for one drift feature: reference vs current shares side by side, over the PSI bins (numeric, from `distribution.edges`) or per category (categorical, null as its own category). */
import type { EChartsOption } from 'echarts'
import type { DriftDistribution } from '../../../../shared/drift'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatPercent, formatPointsDelta } from '../../lib/format'

const compact3 = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 })

/** How a null category is drawn. */
export const NULL_CATEGORY_LABEL = '(null)'

/** A bin edge in at most 3 significant digits: 2644.51 -> "2.64K", 0.001967 -> "0.00197". */
export function formatEdge(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (Math.abs(v) >= 1000) return compact3.format(v)
  return String(Number(v.toPrecision(3)))
}

/** "[a, b)" per bin, the last one closed "[a, b]" (PSI counts it inclusive). */
export function binLabels(edges: readonly number[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < edges.length; i++) out.push(`[${formatEdge(edges[i])}, ${formatEdge(edges[i + 1])}${i + 2 === edges.length ? ']' : ')'}`)
  return out
}

/** The labels of the bars, one per bin or category. */
export function distributionLabels(d: DriftDistribution): string[] {
  return d.type === 'numeric' ? binLabels(d.edges) : d.categories.map((c) => (c === null ? NULL_CATEGORY_LABEL : c))
}

/** Pixel height: numeric bins fit a fixed chart; categories get a row each. */
export function distributionHeight(d: DriftDistribution): number {
  return d.type === 'numeric' ? 300 : Math.max(200, 64 + d.categories.length * 34)
}

export interface SideNames {
  reference: string
  current: string
}

const REFERENCE_COLOR = SEMANTIC_COLORS.neutral
const CURRENT_COLOR = SEMANTIC_COLORS.accent

/**
 * How far below the axis the bins' axis name sits: past the longest bin label, which turned 30° at
 * 10 px reaches about 3 px per character plus 9 below the axis (a cost decile such as
 * "[0.000375, 0.000579)" takes ~70 px; a fixed gap put the name across those labels).
 */
export function binAxisNameGap(labels: readonly string[]): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0)
  return Math.max(48, Math.ceil(3 * longest + 9) + 14)
}

export function buildDistributionOption(d: DriftDistribution, names: SideNames): EChartsOption {
  const labels = distributionLabels(d)
  const numeric = d.type === 'numeric'
  const max = Math.max(0, ...d.reference, ...d.current)
  const shareAxis = {
    type: 'value' as const,
    min: 0,
    max: max > 0 ? undefined : 1,
    axisLabel: { formatter: (v: number) => formatPercent(v, v === 0 ? 0 : max < 0.1 ? 1 : 0) },
    splitNumber: 4
  }
  const labelAxis = {
    type: 'category' as const,
    data: labels,
    ...(numeric
      ? { name: 'PSI bins (reference deciles)', nameLocation: 'middle' as const, nameGap: binAxisNameGap(labels), axisLabel: { rotate: 30, fontSize: 10, interval: 0 } }
      : { inverse: true, axisLabel: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 11 } })
  }
  return {
    animationDuration: 300,
    legend: { top: 0, left: 0, data: [names.reference, names.current] },
    grid: numeric ? { left: 8, right: 16, top: 32, bottom: 56, containLabel: true } : { left: 8, right: 24, top: 32, bottom: 16, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const i = (p as { dataIndex: number }[])[0]?.dataIndex ?? 0
        const ref = d.reference[i]
        const cur = d.current[i]
        return [`<b>${labels[i]}</b>`, `${names.reference}: ${formatPercent(ref)}`, `${names.current}: ${formatPercent(cur)}`, `change: ${formatPointsDelta(cur - ref)}`].join('<br/>')
      }
    },
    xAxis: numeric ? labelAxis : shareAxis,
    yAxis: numeric ? shareAxis : labelAxis,
    series: [
      { type: 'bar', name: names.reference, data: [...d.reference], barMaxWidth: numeric ? 28 : 14, barGap: '10%', itemStyle: { color: REFERENCE_COLOR, borderRadius: numeric ? [3, 3, 0, 0] : [0, 3, 3, 0] } },
      { type: 'bar', name: names.current, data: [...d.current], barMaxWidth: numeric ? 28 : 14, itemStyle: { color: CURRENT_COLOR, borderRadius: numeric ? [3, 3, 0, 0] : [0, 3, 3, 0] } }
    ]
  }
}
