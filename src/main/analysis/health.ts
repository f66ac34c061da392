/** Health snapshot of PIPELINE.md section 4 over every row in scope, and its change versus the preceding period of equal length. */
import type { DayRange, HealthChange, HealthDelta } from '../../shared/analysis'
import type { Knobs } from '../../shared/knobs'
import type { FailureTypeShare, HealthSnapshot } from '../../shared/types'
import { budgetBurnDaily } from './burn'
import { memoised, type AnalysisContext } from './context'
import { scopeAggregates } from './scopeAggregates'

/** Failure types listed in the mix. */
export const FAILURE_TYPE_MIX_TOP = 12

/** Computes the health snapshot of every row in scope (timed or not, in a window or not). */
export async function healthSnapshot(ctx: AnalysisContext): Promise<HealthSnapshot> {
  const { totals: t, mix } = await scopeAggregates(ctx)
  const n = t.n
  if (n === 0) return emptySnapshot()
  const failure_type_mix: FailureTypeShare[] = mix.slice(0, FAILURE_TYPE_MIX_TOP).map((r) => ({ failure_type: r.failure_type, count: r.n, share: r.n / n }))

  const failure_rate = t.n_fail / n
  const sla_breach_rate = t.n_lat > 0 ? t.n_breach / t.n_lat : null
  const p95 = t.p95
  const score = healthScore(failure_rate, sla_breach_rate, p95, ctx.knobs)
  return {
    interactions: n,
    failure_rate,
    sla_breach_rate,
    latency_missing_rate: (n - t.n_lat) / n,
    cost_missing_rate: (n - t.n_cost) / n,
    is_failure_missing_rate: t.n_fail_missing / n,
    p95_latency_ms: p95,
    total_cost_usd: t.n_cost > 0 ? t.cost_sum : null,
    avg_cost_per_request: t.n_cost > 0 && t.cost_sum !== null ? t.cost_sum / t.n_cost : null,
    tool_usage_share: t.n_tool / n,
    safety_blocks_share: t.n_safety / n,
    failure_type_mix,
    health_score: score === null ? null : roundToOneDecimal(score),
    health_score_unrounded: score
  }
}

/**
 * The health score heuristic, term by term as PIPELINE.md writes it. Null when any input is null
 * (no rows, or no latency at all): an unknown SLA term must not read as a perfect one.
 */
export function healthScore(failRate: number | null, slaBreachRate: number | null, p95: number | null, knobs: Pick<Knobs, 'FAIL_BUDGET' | 'SLA_MS'>): number | null {
  if (failRate === null || slaBreachRate === null || p95 === null) return null
  const failPenalty = Math.min(45, (45 * failRate) / (8 * knobs.FAIL_BUDGET))
  const slaPenalty = Math.min(30, (30 * slaBreachRate) / 0.35)
  const p95Penalty = Math.min(15, Math.max(0, 25 * (p95 / knobs.SLA_MS - 1)))
  return 100 - failPenalty - slaPenalty - p95Penalty
}

/**
 * Rounds to one decimal like Python's `round(x, 1)`: on the exact binary value, exact ties to even.
 * `toFixed` already rounds the exact value; it only differs on exact ties (x = k + 0.25 or k + 0.75),
 * where it rounds up instead of to even.
 */
export function roundToOneDecimal(x: number): number {
  if (!Number.isFinite(x)) return x
  const q = 4 * x
  if (Number.isInteger(q) && Math.abs(q % 2) === 1) {
    const tenths = 10 * x // exact: x is a multiple of 0.25
    const lo = Math.floor(tenths)
    return (lo % 2 === 0 ? lo : lo + 1) / 10
  }
  return Number(x.toFixed(1))
}

function emptySnapshot(): HealthSnapshot {
  return {
    interactions: 0,
    failure_rate: null,
    sla_breach_rate: null,
    latency_missing_rate: null,
    cost_missing_rate: null,
    is_failure_missing_rate: null,
    p95_latency_ms: null,
    total_cost_usd: null,
    avg_cost_per_request: null,
    tool_usage_share: null,
    safety_blocks_share: null,
    failure_type_mix: [],
    health_score: null,
    health_score_unrounded: null
  }
}

const DAY_MS = 86_400_000

function dayToMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}

function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** The range of equal length (in whole UTC days) that ends the day before `range.from`. */
export function previousPeriod(range: DayRange): DayRange {
  const from = dayToMs(range.from)
  const to = dayToMs(range.to)
  const days = Math.round((to - from) / DAY_MS) + 1
  return { from: msToDay(from - days * DAY_MS), to: msToDay(from - DAY_MS) }
}

/**
 * The snapshot of the scope next to the snapshot of the preceding period of equal length (same
 * filters, shifted dates). Without a from / to in the scope, the first / last timed day in scope
 * stands in for it.
 */
export async function healthDelta(ctx: AnalysisContext): Promise<HealthDelta> {
  const current = await healthSnapshot(ctx)
  const range = await currentRange(ctx)
  if (!range) return { current, current_range: null, previous: null, previous_range: null, change: null }
  const previous_range = previousPeriod(range)
  // A period that ends before the first timed row of the dataset holds nothing: no scan needed.
  const first = await firstDataDay(ctx)
  const previous = first === null || previous_range.to < first ? emptySnapshot() : await healthSnapshot({ ...ctx, scope: { ...ctx.scope, from: previous_range.from, to: previous_range.to } })
  return { current, current_range: range, previous, previous_range, change: healthChange(current, previous) }
}

/** The first UTC day with a timed row in the whole dataset (whatever the scope), or null. */
function firstDataDay(ctx: AnalysisContext): Promise<string | null> {
  return memoised({ ...ctx, scope: {} }, 'firstDataDay', async () => {
    const [r] = await ctx.engine.all<{ day: string | null }>(`SELECT strftime(min(timestamp_utc), '%Y-%m-%d') AS day FROM interactions`)
    return r?.day ?? null
  })
}

/** The operator's date range, its open ends closed by the first and last UTC day with timed rows in scope (the burn's days). */
async function currentRange(ctx: AnalysisContext): Promise<DayRange | null> {
  const { from, to } = ctx.scope
  if (from && to) return { from, to }
  const days = await budgetBurnDaily(ctx)
  if (days.length === 0) return null
  return { from: from ?? days[0].date_utc, to: to ?? days[days.length - 1].date_utc }
}

/** current - previous for every numeric field (null when either side is null). */
export function healthChange(current: HealthSnapshot, previous: HealthSnapshot): HealthChange {
  const d = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b)
  return {
    interactions: current.interactions - previous.interactions,
    failure_rate: d(current.failure_rate, previous.failure_rate),
    sla_breach_rate: d(current.sla_breach_rate, previous.sla_breach_rate),
    latency_missing_rate: d(current.latency_missing_rate, previous.latency_missing_rate),
    cost_missing_rate: d(current.cost_missing_rate, previous.cost_missing_rate),
    is_failure_missing_rate: d(current.is_failure_missing_rate, previous.is_failure_missing_rate),
    p95_latency_ms: d(current.p95_latency_ms, previous.p95_latency_ms),
    total_cost_usd: d(current.total_cost_usd, previous.total_cost_usd),
    avg_cost_per_request: d(current.avg_cost_per_request, previous.avg_cost_per_request),
    tool_usage_share: d(current.tool_usage_share, previous.tool_usage_share),
    safety_blocks_share: d(current.safety_blocks_share, previous.safety_blocks_share),
    health_score_unrounded: d(current.health_score_unrounded, previous.health_score_unrounded)
  }
}
