/** Pure helpers of the Clusters page: its URL parameters, the list's CSV, trend wording, the sparkline path, drilldowns of a cluster or a diagnosis sentence, and the daily chart option. */
import type { EChartsOption } from 'echarts'
import {
  DEFAULT_MIN_CLUSTER_SIZE,
  MAP_COLOR_BY,
  RANKING_STRATEGIES,
  type ClusterDetail,
  type ClusterList,
  type ClusterRanking,
  type ClusterTrend,
  type DiagnosisSentence,
  type MapColorBy
} from '../../../../shared/clusters'
import type { Scope } from '../../../../shared/scope'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { toCsv } from '../../lib/csv'
import { drilldown, type DrilldownTarget } from '../../lib/drilldown'
import { formatInt, formatPercent } from '../../lib/format'

export interface ClustersPageSettings {
  ranking: ClusterRanking
  colorBy: MapColorBy
  /** the selected cluster, or null */
  cluster: number | null
}

/** What a parameter left out means: the app's defaults, or the ones a workspace saved. */
export interface ClustersParamDefaults {
  ranking: ClusterRanking
  colorBy: MapColorBy
}

export const CLUSTERS_PARAM_DEFAULTS: ClustersParamDefaults = { ranking: { strategy: 'excess_failures', minSize: DEFAULT_MIN_CLUSTER_SIZE }, colorBy: 'cluster' }

/** Reads the page parameters (rank, min, color, c); anything absent or invalid falls back to the defaults. */
export function readClustersParams(params: Record<string, string>, defaults: ClustersParamDefaults = CLUSTERS_PARAM_DEFAULTS): ClustersPageSettings {
  const strategy = (RANKING_STRATEGIES as readonly string[]).includes(params.rank ?? '') ? (params.rank as ClusterRanking['strategy']) : defaults.ranking.strategy
  const min = params.min !== undefined && /^\d+$/.test(params.min) && Number(params.min) >= 1 ? Number(params.min) : defaults.ranking.minSize
  const colorBy = (MAP_COLOR_BY as readonly string[]).includes(params.color ?? '') ? (params.color as MapColorBy) : defaults.colorBy
  const cluster = params.c !== undefined && /^\d+$/.test(params.c) ? Number(params.c) : null
  return { ranking: { strategy, minSize: min }, colorBy, cluster }
}

/** Writes the settings as page parameters, leaving out what equals the defaults. */
export function clustersParams(s: ClustersPageSettings, defaults: ClustersParamDefaults = CLUSTERS_PARAM_DEFAULTS): Record<string, string> {
  const out: Record<string, string> = {}
  if (s.ranking.strategy !== defaults.ranking.strategy) out.rank = s.ranking.strategy
  if (s.ranking.minSize !== defaults.ranking.minSize) out.min = String(s.ranking.minSize)
  if (s.colorBy !== defaults.colorBy) out.color = s.colorBy
  if (s.cluster !== null) out.c = String(s.cluster)
  return out
}

/** The ranked list as CSV, full precision, in rank order. */
export function clusterListCsv(list: ClusterList): string {
  return toCsv(
    ['rank', 'cluster_id', 'label', 'size', 'failures', 'failure_rate', 'failure_rate_lower', 'lift', 'excess_failures', 'score', 'below_min_size', 'cost_usd', 'p95_latency_ms', 'dominant_failure_type', 'dominant_model', 'dominant_use_case', 'trend'],
    list.clusters.map((c) => [
      c.rank,
      c.cluster_id,
      c.label,
      c.size,
      c.failures,
      c.failure_rate,
      c.failure_rate_lower,
      c.lift,
      c.excess_failures,
      c.score,
      c.below_min_size,
      c.cost_usd,
      c.p95_latency_ms,
      c.dominant_failure_type?.value ?? null,
      c.dominant_model?.value ?? null,
      c.dominant_use_case?.value ?? null,
      c.drift.status
    ])
  )
}

/** How a trend reads next to a cluster (empty for stable). */
export function trendText(t: ClusterTrend): string {
  switch (t) {
    case 'new':
      return 'new'
    case 'growing':
      return 'growing'
    case 'shrinking':
      return 'shrinking'
    case 'insufficient_data':
      return ''
    case 'stable':
      return ''
  }
}

/** An SVG path of a small bar-less sparkline through the values (width x height box; flat at the bottom when all are 0). */
export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return ''
  const max = Math.max(...values)
  const step = values.length > 1 ? width / (values.length - 1) : 0
  return values
    .map((v, i) => {
      const x = values.length > 1 ? i * step : width / 2
      const y = max > 0 ? height - (v / max) * height : height
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')
}

/** The Explorer drilldown of one cluster (optionally only its failures) within the page scope. */
export function clusterDrilldown(scope: Scope, clusterId: number, label: string, count: number, failed?: boolean): { scope: Scope; params: Record<string, string> } {
  const target: DrilldownTarget = { filters: { cluster: [String(clusterId)] }, ...(failed !== undefined ? { is_failure: failed } : {}) }
  return drilldown(scope, target, { origin: `Clusters · #${clusterId} ${label}${failed ? ' · failures' : ''}`, expected: count })
}

/** The Explorer drilldown of the rows behind one diagnosis sentence. */
export function sentenceDrilldown(scope: Scope, title: string, s: DiagnosisSentence): { scope: Scope; params: Record<string, string> } | null {
  if (!s.rows) return null
  return drilldown(scope, { filters: s.rows.filters, ...(s.rows.is_failure !== undefined ? { is_failure: s.rows.is_failure } : {}) }, { origin: `${title} · ${s.text.slice(0, 120)}`, expected: s.rows.count })
}

/** Daily requests (bars) and failure rate (line) of one cluster. */
export function buildClusterDailyOption(days: ClusterDetail['days']): EChartsOption {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 28, bottom: 24, containLabel: true },
    legend: { top: 0, data: ['Requests', 'Failure rate'] },
    tooltip: {
      trigger: 'axis',
      formatter: (p: unknown) => {
        const items = p as { dataIndex: number }[]
        const d = days[items[0]?.dataIndex ?? 0]
        if (!d) return ''
        return `<b>${d.date}</b><br/>${formatInt(d.requests)} requests · ${formatInt(d.failures)} failed (${formatPercent(d.requests > 0 ? d.failures / d.requests : null)})`
      }
    },
    xAxis: { type: 'category', data: days.map((d) => d.date), axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: 'requests', minInterval: 1 },
      { type: 'value', name: 'failure rate', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatPercent(v, 0) }, splitLine: { show: false } }
    ],
    series: [
      { type: 'bar', name: 'Requests', data: days.map((d) => d.requests), itemStyle: { color: SEMANTIC_COLORS.neutral }, barMaxWidth: 14 },
      { type: 'line', name: 'Failure rate', yAxisIndex: 1, data: days.map((d) => (d.requests > 0 ? d.failures / d.requests : null)), itemStyle: { color: SEMANTIC_COLORS.bad }, showSymbol: days.length < 40, connectNulls: false }
    ]
  }
}
