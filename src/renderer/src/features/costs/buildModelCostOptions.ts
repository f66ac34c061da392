/** Pure echarts options for per-model cost: cost per 1k tokens (bars) and cost against response quality (scatter, size = requests) with the Pareto frontier drawn as a line through its points. */
import type { EChartsOption } from 'echarts'
import type { ModelCostQuality } from '../../../../shared/costs'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { valueLabel } from '../../lib/dimensions'
import { formatInt, formatNumber, formatUsd } from '../../lib/format'

/** "anthropic / claude" ('(empty)' for a null provider or name). */
export function costModelLabel(m: Pick<ModelCostQuality, 'model_provider' | 'model_name'>): string {
  return `${valueLabel(m.model_provider)} / ${valueLabel(m.model_name)}`
}

/** Models with a cost per 1k tokens, most expensive first (ties by label). */
export function costPer1kRows(models: readonly ModelCostQuality[]): ModelCostQuality[] {
  return models
    .filter((m) => m.cost_per_1k_tokens !== null)
    .sort((a, b) => b.cost_per_1k_tokens! - a.cost_per_1k_tokens! || (costModelLabel(a) < costModelLabel(b) ? -1 : 1))
}

/** What the chart shows, for screen readers. */
export function costPer1kDescription(models: readonly ModelCostQuality[]): string {
  return `Cost per 1k tokens by model: ${costPer1kRows(models).map((m) => `${costModelLabel(m)} ${formatUsd(m.cost_per_1k_tokens)}`).join('; ') || 'no model'}.`
}

export function buildCostPer1kOption(models: readonly ModelCostQuality[]): EChartsOption {
  const rows = costPer1kRows(models)
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: costPer1kDescription(models) } },
    grid: { left: 8, right: 80, top: 6, bottom: 20, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const m = (p as { data: { model: ModelCostQuality } }).data.model
        return [`<b>${costModelLabel(m)}</b>`, `${formatUsd(m.cost_per_1k_tokens)} per 1,000 tokens`, `${formatInt(m.requests)} requests · avg ${formatUsd(m.avg_cost)} per request`, 'Click: open its requests in the Explorer'].join(
          '<br/>'
        )
      }
    },
    xAxis: { type: 'value', min: 0, splitNumber: 3, name: 'USD per 1k tokens', nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: (v: number) => formatUsd(v) } },
    yAxis: { type: 'category', inverse: true, data: rows.map(costModelLabel), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        name: 'Cost per 1k tokens',
        barMaxWidth: 18,
        cursor: 'pointer',
        data: rows.map((m) => ({ value: m.cost_per_1k_tokens as number, model: m, itemStyle: { color: SEMANTIC_COLORS.accent, borderRadius: [0, 3, 3, 0] } })),
        label: { show: true, position: 'right', fontSize: 11, textBorderWidth: 0, formatter: (p: unknown) => formatUsd((p as { value: number }).value) }
      }
    ]
  }
}

/** Models that can be placed (both an average cost and an average quality). */
export function plottableModels(models: readonly ModelCostQuality[]): ModelCostQuality[] {
  return models.filter((m) => m.avg_cost !== null && m.avg_quality !== null)
}

/** The frontier points in cost order (cheapest first; at equal cost the better one last), the path the frontier line takes. */
export function paretoPath(models: readonly ModelCostQuality[]): ModelCostQuality[] {
  return plottableModels(models)
    .filter((m) => m.pareto)
    .sort((a, b) => a.avg_cost! - b.avg_cost! || a.avg_quality! - b.avg_quality!)
}

/** Marker diameter in px: area grows with requests, 10 px for none up to 36 px for the largest model. */
export function modelSymbolSize(requests: number, maxRequests: number): number {
  if (maxRequests <= 0) return 10
  return Math.round((10 + 26 * Math.sqrt(Math.max(0, requests) / maxRequests)) * 10) / 10
}

/** What the chart shows, for screen readers: each model's cost and quality, frontier models marked. */
export function costQualityDescription(models: readonly ModelCostQuality[]): string {
  const pts = plottableModels(models).map((m) => `${costModelLabel(m)} cost ${formatUsd(m.avg_cost)} quality ${formatNumber(m.avg_quality, 3)}${m.pareto ? ' (Pareto frontier)' : ''}`)
  return `Cost vs quality by model: ${pts.join('; ') || 'no model'}.`
}

interface ModelDatum {
  value: [number, number]
  symbolSize: number
  model: ModelCostQuality
}

export function buildCostQualityOption(models: readonly ModelCostQuality[]): EChartsOption {
  const points = plottableModels(models)
  const maxRequests = points.reduce((m, p) => Math.max(m, p.requests), 0)
  const datum = (m: ModelCostQuality): ModelDatum => ({ value: [m.avg_cost!, m.avg_quality!], symbolSize: modelSymbolSize(m.requests, maxRequests), model: m })
  const label = {
    show: true,
    position: 'right' as const,
    distance: 6,
    fontSize: 11,
    textBorderWidth: 0,
    formatter: (p: unknown) => costModelLabel((p as { data: ModelDatum }).data.model)
  }
  const tooltip = {
    formatter: (p: unknown) => {
      const m = (p as { data: ModelDatum }).data.model
      return [
        `<b>${costModelLabel(m)}</b>${m.pareto ? ' · on the Pareto frontier' : ''}`,
        `avg cost ${formatUsd(m.avg_cost)} per request · avg quality ${formatNumber(m.avg_quality, 3)}`,
        `${formatInt(m.requests)} requests`,
        'Click: open its requests in the Explorer'
      ].join('<br/>')
    }
  }
  const path = paretoPath(models)
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: costQualityDescription(models) } },
    grid: { left: 8, right: 130, top: 36, bottom: 30, containLabel: true },
    legend: { top: 0, left: 0, data: ['Pareto frontier', 'Dominated'], itemWidth: 14, itemHeight: 10 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', scale: true, splitNumber: 3, name: 'avg cost per request (USD)', nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: (v: number) => formatUsd(v), hideOverlap: true } },
    yAxis: { type: 'value', scale: true, name: 'avg quality score', nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => formatNumber(v, 3) } },
    series: [
      {
        type: 'line',
        name: 'Frontier line',
        data: path.map((m) => [m.avg_cost!, m.avg_quality!]),
        showSymbol: false,
        silent: true,
        z: 1,
        tooltip: { show: false },
        lineStyle: { color: SEMANTIC_COLORS.good, width: 2, type: 'solid' }
      },
      {
        type: 'scatter',
        name: 'Pareto frontier',
        z: 3,
        cursor: 'pointer',
        data: points.filter((m) => m.pareto).map(datum),
        itemStyle: { color: SEMANTIC_COLORS.good, borderColor: '#ffffff', borderWidth: 2, opacity: 1 },
        label: { ...label, fontWeight: 'bold' as const },
        tooltip
      },
      {
        type: 'scatter',
        name: 'Dominated',
        z: 2,
        cursor: 'pointer',
        data: points.filter((m) => !m.pareto).map(datum),
        itemStyle: { color: SEMANTIC_COLORS.neutral, opacity: 0.75 },
        label,
        tooltip
      }
    ]
  }
}
