/** Pure reading of a HealthSnapshot as KPI cards: formatted values with units, what each number means, and a tone judged against the knobs. */
import { deriveKnobs, type Knobs } from '../../../../shared/knobs'
import type { HealthSnapshot } from '../../../../shared/types'
import { formatInt, formatMs, formatPercent, formatPercentShort, formatScore, formatUsd } from '../../lib/format'

export type KpiId =
  | 'interactions'
  | 'failure_rate'
  | 'sla_breach_rate'
  | 'p95_latency_ms'
  | 'total_cost_usd'
  | 'avg_cost_per_request'
  | 'tool_usage_share'
  | 'safety_blocks_share'
  | 'health_score'

export interface KpiSpec {
  id: KpiId
  label: string
  value: string
  raw: number | null
  sub: string
  definition: string
  tone: 'good' | 'warn' | 'bad' | 'neutral'
}


function tone(value: number | null, good: number, warn: number): KpiSpec['tone'] {
  if (value === null) return 'neutral'
  return value <= good ? 'good' : value <= warn ? 'warn' : 'bad'
}

/** Good from 80, watch from 60, bad below: the score is a heuristic, the bands are only a reading aid. */
export function scoreTone(score: number | null): KpiSpec['tone'] {
  if (score === null) return 'neutral'
  return score >= 80 ? 'good' : score >= 60 ? 'warn' : 'bad'
}

/** The health score's band as words. */
export function scoreBand(score: number | null): string {
  if (score === null) return 'no score'
  return score >= 80 ? 'healthy' : score >= 60 ? 'needs attention' : 'unhealthy'
}

/**
 * The cards of the Overview in reading order. Without knobs the tones are neutral and thresholds are
 * left out (never guessed).
 */
export function healthKpis(h: HealthSnapshot, knobs: Knobs | null): KpiSpec[] {
  const failures = h.failure_rate === null ? null : Math.round(h.failure_rate * h.interactions)
  const sla = knobs ? formatInt(knobs.SLA_MS) : null
  return [
    {
      id: 'health_score',
      label: 'Health score',
      value: formatScore(h.health_score),
      raw: h.health_score,
      sub: `${scoreBand(h.health_score)} · 0–100`,
      definition:
        'A transparent heuristic: 100 − min(45, 45·fail_rate / (8·FAIL_BUDGET)) − min(30, 30·sla_breach_rate / 0.35) − min(15, max(0, 25·(p95 / SLA_MS − 1))).',
      tone: scoreTone(h.health_score)
    },
    {
      id: 'interactions',
      label: 'Requests',
      value: formatInt(h.interactions),
      raw: h.interactions,
      sub: 'interactions in scope',
      definition: 'Rows of the interactions table in the current scope.',
      tone: 'neutral'
    },
    {
      id: 'failure_rate',
      label: 'Failure rate',
      value: formatPercent(h.failure_rate),
      raw: h.failure_rate,
      sub: `${failures === null ? '—' : formatInt(failures)} failed${knobs ? ` · budget ${formatPercentShort(knobs.FAIL_BUDGET)}` : ''}`,
      definition: 'Mean of is_failure (a missing is_failure is filled from failure_type).',
      // within budget is good; above the hotspot threshold (PIPELINE.md section 6) is bad
      tone: knobs ? tone(h.failure_rate, knobs.FAIL_BUDGET, deriveKnobs(knobs).HOTSPOT_FAIL_RATE) : 'neutral'
    },
    {
      id: 'sla_breach_rate',
      label: 'SLA breach rate',
      value: formatPercent(h.sla_breach_rate),
      raw: h.sla_breach_rate,
      sub: knobs ? `> ${sla} ms · budget ${formatPercentShort(knobs.SLA_BUDGET)}` : 'latency above the SLA',
      definition: 'Share of requests with a latency above SLA_MS, over requests whose latency is known.',
      tone: knobs ? tone(h.sla_breach_rate, knobs.SLA_BUDGET, 2 * knobs.SLA_BUDGET) : 'neutral'
    },
    {
      id: 'p95_latency_ms',
      label: 'p95 latency',
      value: formatMs(h.p95_latency_ms),
      raw: h.p95_latency_ms,
      sub: knobs ? `SLA ${sla} ms` : 'end to end',
      definition: '95th percentile of latency_ms with linear interpolation over known values.',
      tone: knobs ? tone(h.p95_latency_ms, knobs.SLA_MS, 1.15 * knobs.SLA_MS) : 'neutral'
    },
    {
      id: 'total_cost_usd',
      label: 'Total cost',
      value: formatUsd(h.total_cost_usd),
      raw: h.total_cost_usd,
      sub: 'sum of cost_usd',
      definition: 'Sum of cost_usd over the requests in scope (estimated from tokens).',
      tone: 'neutral'
    },
    {
      id: 'avg_cost_per_request',
      label: 'Cost per request',
      value: formatUsd(h.avg_cost_per_request),
      raw: h.avg_cost_per_request,
      sub: 'mean over known costs',
      definition: 'Mean of cost_usd over requests whose cost is known.',
      tone: 'neutral'
    },
    {
      id: 'tool_usage_share',
      label: 'Tool usage',
      value: formatPercent(h.tool_usage_share),
      raw: h.tool_usage_share,
      sub: 'requests with ≥ 1 tool call',
      definition: 'Share of requests with tool_calls_count > 0 (a missing count is 0).',
      tone: 'neutral'
    },
    {
      id: 'safety_blocks_share',
      label: 'Safety blocks',
      value: formatPercent(h.safety_blocks_share),
      raw: h.safety_blocks_share,
      sub: 'safety_block_flag set',
      definition: 'Mean of safety_block_flag.',
      tone: 'neutral'
    }
  ]
}

/** The data-quality line under the cards: how much of each input was missing. */
export function missingRates(h: HealthSnapshot): { label: string; value: string; raw: number | null }[] {
  return [
    { label: 'latency missing', value: formatPercent(h.latency_missing_rate), raw: h.latency_missing_rate },
    { label: 'cost missing', value: formatPercent(h.cost_missing_rate), raw: h.cost_missing_rate },
    { label: 'is_failure missing', value: formatPercent(h.is_failure_missing_rate), raw: h.is_failure_missing_rate }
  ]
}
