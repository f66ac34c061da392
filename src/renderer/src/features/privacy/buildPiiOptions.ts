/** Pure echarts options of the Privacy page: findings per entity type split by field (responses in red: the critical case), and findings per UTC day stacked by type. */
import type { EChartsOption } from 'echarts'
import { PII_RESPONSE_FIELD, type PiiSummary } from '../../../../shared/pii'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatInt } from '../../lib/format'

/** Fields in the order the bars stack: responses first (they leak), requests, then the rest by name. */
export function fieldOrder(rows: readonly { field: string }[]): string[] {
  const fields = [...new Set(rows.map((r) => r.field))]
  const rank = (f: string): number => (f === PII_RESPONSE_FIELD ? 0 : f === 'request_text' ? 1 : 2)
  return fields.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
}

const FIELD_COLORS: Record<string, string> = { [PII_RESPONSE_FIELD]: SEMANTIC_COLORS.bad, request_text: SEMANTIC_COLORS.accent }
const OTHER_COLORS = ['#8b93a1', '#a07be0', '#3fb0b8', '#c9a227']
const TYPE_COLORS = ['#e5484d', '#4c7cf0', '#d9962b', '#2f9e6e', '#a07be0', '#3fb0b8', '#c9a227', '#8b93a1']

/** One data item: what a click drills into. */
export interface PiiBarItem {
  value: number
  entity_type: string
  field?: string
  day?: string
  rows: number
}

/** Horizontal stacked bars: one per entity type (most findings on top), one stack segment per field. */
export function buildTypeFieldOption(cells: PiiSummary['by_type_field']): EChartsOption {
  const totals = new Map<string, number>()
  for (const c of cells) totals.set(c.entity_type, (totals.get(c.entity_type) ?? 0) + c.findings)
  const types = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1))
  const fields = fieldOrder(cells)
  let other = 0
  return {
    animation: false,
    aria: { enabled: true, decal: { show: false } },
    legend: { top: 0, data: fields },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: unknown) => {
      const d = (p as { data: PiiBarItem }).data
      return `<b>${d.entity_type}</b> in ${d.field}<br/>${formatInt(d.value)} findings in ${formatInt(d.rows)} interactions`
    } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: types, axisLabel: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 11 } },
    series: fields.map((field) => ({
      type: 'bar',
      name: field,
      stack: 'findings',
      barMaxWidth: 22,
      itemStyle: { color: FIELD_COLORS[field] ?? OTHER_COLORS[other++ % OTHER_COLORS.length] },
      data: types.map((t) => {
        const c = cells.find((x) => x.entity_type === t && x.field === field)
        return { value: c?.findings ?? 0, entity_type: t, field, rows: c?.rows ?? 0 } satisfies PiiBarItem
      })
    }))
  }
}

/** Findings per UTC day, stacked by entity type; days without findings between the first and last show as 0. */
export function buildPiiDayOption(days: PiiSummary['by_day']): EChartsOption {
  const allDays = [...new Set(days.map((d) => d.day))].sort()
  const filled: string[] = []
  if (allDays.length) {
    for (let t = Date.parse(`${allDays[0]}T00:00:00Z`); t <= Date.parse(`${allDays[allDays.length - 1]}T00:00:00Z`); t += 86_400_000) filled.push(new Date(t).toISOString().slice(0, 10))
  }
  const types = [...new Set(days.map((d) => d.entity_type))].sort()
  return {
    animation: false,
    aria: { enabled: true, decal: { show: false } },
    legend: { top: 0, data: types },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: filled, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: types.map((t, k) => ({
      type: 'bar',
      name: t,
      stack: 'findings',
      itemStyle: { color: TYPE_COLORS[k % TYPE_COLORS.length] },
      data: filled.map((day) => {
        const d = days.find((x) => x.day === day && x.entity_type === t)
        return { value: d?.findings ?? 0, entity_type: t, day, rows: d?.rows ?? 0 } satisfies PiiBarItem
      })
    }))
  }
}
