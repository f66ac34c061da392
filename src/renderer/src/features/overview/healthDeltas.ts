/** Pure reading of a HealthDelta as the change of each KPI against the previous period of equal length: signed text with units, direction, and whether the move is good or bad. */
import type { DayRange, HealthDelta } from '../../../../shared/analysis'
import { formatInt, formatNumber, formatPercent, formatPointsDelta, formatUsd, plural } from '../../lib/format'
import type { KpiId } from './healthKpis'

export type DeltaTone = 'good' | 'bad' | 'neutral'

export interface KpiDeltaSpec {
  /** e.g. "+1.20 pp", "−45.1 ms", "+120 (+5.3%)" */
  text: string
  direction: 'up' | 'down' | 'flat'
  tone: DeltaTone
  /** the previous value and period, for the tooltip */
  title: string
  /** current − previous, unformatted */
  raw: number
}

export interface HealthDeltas {
  /** false when there is no previous period with data to compare with */
  hasPrevious: boolean
  /** one line under the cards: what the arrows compare, or why there are none */
  note: string
  byId: Partial<Record<KpiId, KpiDeltaSpec>>
}

/** Which way is better for each KPI (null: neither, the arrow is informational). */
const BETTER: Record<KpiId, 'up' | 'down' | null> = {
  health_score: 'up',
  interactions: null,
  failure_rate: 'down',
  sla_breach_rate: 'down',
  p95_latency_ms: 'down',
  total_cost_usd: null,
  avg_cost_per_request: 'down',
  tool_usage_share: null,
  safety_blocks_share: 'down'
}

/** Days in an inclusive range. */
export function rangeDays(r: DayRange): number {
  return Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000) + 1
}

function signed(v: number, body: string): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${body}`
}

function relative(delta: number, previous: number | null): string {
  if (previous === null || previous === 0) return ''
  return ` (${signed(delta, formatPercent(Math.abs(delta / previous), 1))})`
}

function text(id: KpiId, delta: number, previous: number | null): string {
  const a = Math.abs(delta)
  switch (id) {
    case 'health_score':
      return signed(delta, `${formatNumber(a, 1)} pts`)
    case 'interactions':
      return signed(delta, formatInt(a)) + relative(delta, previous)
    case 'p95_latency_ms':
      return signed(delta, `${formatNumber(a, 1)} ms`)
    case 'total_cost_usd':
      return signed(delta, formatUsd(a)) + relative(delta, previous)
    case 'avg_cost_per_request':
      return signed(delta, formatUsd(a))
    default:
      return formatPointsDelta(delta)
  }
}

function previousText(id: KpiId, v: number | null): string {
  if (v === null) return '—'
  switch (id) {
    case 'health_score':
      return formatNumber(v, 1)
    case 'interactions':
      return formatInt(v)
    case 'p95_latency_ms':
      return `${formatNumber(v, 1)} ms`
    case 'total_cost_usd':
    case 'avg_cost_per_request':
      return formatUsd(v)
    default:
      return formatPercent(v)
  }
}

/** The change of every KPI, or the reason there is none. */
export function healthDeltas(d: HealthDelta): HealthDeltas {
  if (!d.current_range) return { hasPrevious: false, note: 'No timed requests in scope: there is no period to compare with.', byId: {} }
  const days = rangeDays(d.current_range)
  const prevRange = d.previous_range
  if (!d.previous || !d.change || !prevRange || d.previous.interactions === 0) {
    const where = prevRange ? ` (${prevRange.from} → ${prevRange.to})` : ''
    return { hasPrevious: false, note: `No previous period: no requests in the ${plural(days, 'day')} before ${d.current_range.from}${where}.`, byId: {} }
  }
  const prev = d.previous
  const ch = d.change
  const pairs: [KpiId, number | null, number | null][] = [
    ['health_score', ch.health_score_unrounded, prev.health_score_unrounded],
    ['interactions', ch.interactions, prev.interactions],
    ['failure_rate', ch.failure_rate, prev.failure_rate],
    ['sla_breach_rate', ch.sla_breach_rate, prev.sla_breach_rate],
    ['p95_latency_ms', ch.p95_latency_ms, prev.p95_latency_ms],
    ['total_cost_usd', ch.total_cost_usd, prev.total_cost_usd],
    ['avg_cost_per_request', ch.avg_cost_per_request, prev.avg_cost_per_request],
    ['tool_usage_share', ch.tool_usage_share, prev.tool_usage_share],
    ['safety_blocks_share', ch.safety_blocks_share, prev.safety_blocks_share]
  ]
  const byId: Partial<Record<KpiId, KpiDeltaSpec>> = {}
  const period = `${prevRange.from} → ${prevRange.to}`
  for (const [id, delta, previous] of pairs) {
    if (delta === null || !Number.isFinite(delta)) continue
    const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat'
    const better = BETTER[id]
    const tone: DeltaTone = direction === 'flat' || better === null ? 'neutral' : direction === better ? 'good' : 'bad'
    byId[id] = { text: text(id, delta, previous), direction, tone, title: `Previous period ${period}: ${previousText(id, previous)}`, raw: delta }
  }
  return {
    hasPrevious: true,
    note: `Arrows compare with the previous ${plural(days, 'day')} (${period}, ${plural(prev.interactions, 'request')}).`,
    byId
  }
}
