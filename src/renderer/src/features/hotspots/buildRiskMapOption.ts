/** Pure echarts option for the provider/model risk map (history window): p95 latency against fail rate, size by requests, colour and shape by bucket, with the SLA and hotspot lines. */
import type { EChartsOption } from 'echarts'
import type { HotspotBucket, ModelHotspot, ModelHotspots } from '../../../../shared/analysis'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatInt, formatMs, formatPercent, formatPercentShort, formatUsd } from '../../lib/format'

export const BUCKET_ORDER: readonly HotspotBucket[] = ['high_failure_and_sla', 'high_failure', 'sla_risk', 'ok']

export const BUCKET_LABEL: Record<HotspotBucket, string> = {
  high_failure_and_sla: 'High failure + SLA risk',
  high_failure: 'High failure',
  sla_risk: 'SLA risk',
  ok: 'OK'
}

/** Short labels for tight table cells (the full label is the cell's title). */
export const BUCKET_SHORT_LABEL: Record<HotspotBucket, string> = {
  high_failure_and_sla: 'Failure + SLA',
  high_failure: 'Failure',
  sla_risk: 'SLA',
  ok: 'OK'
}

export const BUCKET_COLOR: Record<HotspotBucket, string> = {
  high_failure_and_sla: SEMANTIC_COLORS.bad,
  high_failure: '#e8833a',
  sla_risk: '#8661d8',
  ok: SEMANTIC_COLORS.good
}

/** Shapes as a second channel besides colour. */
const BUCKET_SYMBOL: Record<HotspotBucket, string> = { high_failure_and_sla: 'circle', high_failure: 'triangle', sla_risk: 'diamond', ok: 'roundRect' }

export interface RiskMapThresholds {
  slaMs: number
  hotspotFailRate: number
}

/** "anthropic / claude" */
export function modelLabel(m: Pick<ModelHotspot, 'model_provider' | 'model_name'>): string {
  return `${m.model_provider} / ${m.model_name}`
}

/** Models the map cannot place (no latency in the history window). */
export function unplottedModels(h: ModelHotspots): ModelHotspot[] {
  return h.rows.filter((r) => r.p95_latency === null)
}

/** Marker diameter in px: area grows with requests, 12 px for none up to 40 px for the largest model. */
export function symbolSizeFor(requests: number, maxRequests: number): number {
  if (maxRequests <= 0) return 12
  return Math.round((12 + 28 * Math.sqrt(Math.max(0, requests) / maxRequests)) * 10) / 10
}

/** Rounds up to two significant digits (0.0794 -> 0.08, 2815 -> 2900): an axis end that reads well. */
export function niceCeil(x: number): number {
  if (x <= 0) return 0
  const step = 10 ** (Math.floor(Math.log10(x)) - 1)
  return Number((Math.ceil(x / step - 1e-9) * step).toPrecision(12))
}

/** Rounds down to two significant digits (2404 -> 2400). */
export function niceFloor(x: number): number {
  if (x <= 0) return 0
  const step = 10 ** (Math.floor(Math.log10(x)) - 1)
  return Number((Math.floor(x / step + 1e-9) * step).toPrecision(12))
}

/** Axis bounds that hold every point and both threshold lines with a margin. */
export function riskMapBounds(h: ModelHotspots, t: RiskMapThresholds): { xMin: number; xMax: number; yMax: number } {
  const xs = h.rows.map((r) => r.p95_latency).filter((v): v is number => v !== null)
  const lo = Math.min(t.slaMs, ...xs)
  const hi = Math.max(t.slaMs, ...xs)
  const pad = Math.max((hi - lo) * 0.12, hi * 0.04)
  const ys = h.rows.filter((r) => r.p95_latency !== null).map((r) => r.fail_rate)
  return { xMin: niceFloor(Math.max(0, lo - pad)), xMax: niceCeil(hi + pad), yMax: niceCeil(Math.max(t.hotspotFailRate, ...ys) * 1.15) }
}

/** What the chart shows, for screen readers: each model's position and bucket, and the two lines. */
export function riskMapDescription(h: ModelHotspots, t: RiskMapThresholds): string {
  const models = h.rows.map((m) => `${modelLabel(m)}: p95 ${formatMs(m.p95_latency)}, fail rate ${formatPercent(m.fail_rate)}, ${formatInt(m.requests)} requests, ${BUCKET_LABEL[m.bucket]}`)
  return `Risk map, history window. SLA line at ${formatInt(t.slaMs)} ms, hotspot fail rate line at ${formatPercentShort(t.hotspotFailRate)}. ${models.join('; ') || 'No model'}.`
}

interface PointDatum {
  value: [number, number]
  symbolSize: number
  model: ModelHotspot
}

export function buildRiskMapOption(h: ModelHotspots, t: RiskMapThresholds): EChartsOption {
  const plotted = h.rows.filter((r) => r.p95_latency !== null)
  const maxRequests = plotted.reduce((m, r) => Math.max(m, r.requests), 0)
  const { xMin, xMax, yMax } = riskMapBounds(h, t)
  const bucketSeries = BUCKET_ORDER.map((bucket) => ({
    type: 'scatter' as const,
    name: BUCKET_LABEL[bucket],
    symbol: BUCKET_SYMBOL[bucket],
    itemStyle: { color: BUCKET_COLOR[bucket], opacity: 0.85, borderColor: 'rgba(255,255,255,0.9)', borderWidth: 1 },
    emphasis: { focus: 'self' as const, itemStyle: { opacity: 1 } },
    cursor: 'pointer',
    // the model name only (the table and tooltip give the provider); nearby labels move apart
    label: {
      show: true,
      position: 'top' as const,
      distance: 4,
      fontSize: 11,
      textBorderWidth: 0,
      formatter: (p: unknown) => (p as { data: PointDatum }).data.model.model_name
    },
    labelLayout: { moveOverlap: 'shiftX' as const },
    data: plotted
      .filter((r) => r.bucket === bucket)
      .map((r): PointDatum => ({ value: [r.p95_latency as number, r.fail_rate], symbolSize: symbolSizeFor(r.requests, maxRequests), model: r }))
  }))
  const thresholds = {
    type: 'scatter' as const,
    name: 'thresholds',
    data: [],
    silent: true,
    tooltip: { show: false },
    markLine: {
      silent: true,
      symbol: 'none',
      animation: false,
      lineStyle: { type: 'dashed' as const, width: 1.5 },
      label: { fontSize: 11, textBorderWidth: 0 },
      data: [
        { name: 'SLA', xAxis: t.slaMs, lineStyle: { color: SEMANTIC_COLORS.warn }, label: { formatter: `SLA ${formatInt(t.slaMs)} ms`, position: 'end' as const, color: SEMANTIC_COLORS.warn } },
        {
          name: 'Hotspot fail rate',
          yAxis: t.hotspotFailRate,
          lineStyle: { color: SEMANTIC_COLORS.bad },
          label: { formatter: `hotspot ${formatPercentShort(t.hotspotFailRate)}`, position: 'insideStartTop' as const, color: SEMANTIC_COLORS.bad }
        }
      ]
    },
    markArea: {
      silent: true,
      itemStyle: { color: SEMANTIC_COLORS.bad, opacity: 0.06 },
      data: [[{ xAxis: t.slaMs, yAxis: t.hotspotFailRate }, { xAxis: xMax, yAxis: yMax }]] as [{ xAxis: number; yAxis: number }, { xAxis: number; yAxis: number }][]
    }
  }
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: riskMapDescription(h, t) } },
    grid: { left: 12, right: 36, top: 40, bottom: 36, containLabel: true },
    legend: { top: 0, right: 0, data: BUCKET_ORDER.map((b) => BUCKET_LABEL[b]), itemWidth: 12, itemHeight: 10 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const m = (p as { data: PointDatum }).data.model
        return [
          `<b>${modelLabel(m)}</b> · ${BUCKET_LABEL[m.bucket]}`,
          `${formatInt(m.requests)} requests (history window)`,
          `fail rate ${formatPercent(m.fail_rate)} · p95 ${formatMs(m.p95_latency)}`,
          `SLA breach rate ${formatPercent(m.sla_breach_rate)} · cost/request ${formatUsd(m.cost_per_request)}`,
          'Click: open these requests in the Explorer'
        ].join('<br/>')
      }
    },
    xAxis: { type: 'value', name: 'p95 latency (ms)', nameLocation: 'middle', nameGap: 26, min: xMin, max: xMax, axisLabel: { formatter: (v: number) => formatInt(v) } },
    yAxis: { type: 'value', name: 'fail rate', min: 0, max: yMax, axisLabel: { formatter: (v: number) => formatPercent(v, v === 0 ? 0 : 1) } },
    series: [...bucketSeries, thresholds]
  }
}
