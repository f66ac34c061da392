/** The counts behind the health snapshot (section 4) and the daily burn (section 5) in one scan of the rows in scope, and its failure-type mix in a second (weighted by sample_rate when the dump has it). */
import type { SqlValue } from '../engine/engine'
import { memoised, type AnalysisContext } from './context'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL, weightedQuantiles } from './weights'

/** Counts over a set of rows (the whole scope, or one UTC day of it); on a weighted dump, sums of weights (not whole numbers). */
export type ScopeCounts = {
  n: number
  n_fail: number
  n_fail_missing: number
  n_lat: number
  n_breach: number
  n_cost: number
  n_tool: number
  n_safety: number
  p95: number | null
  cost_sum: number | null
}

export interface ScopeAggregates {
  /** every row in scope, timed or not */
  totals: ScopeCounts
  /** per failure type (null as 'unknown'), most frequent first, ties by name */
  mix: { failure_type: string; n: number }[]
  /** per UTC day with timed rows, oldest first */
  days: (ScopeCounts & { date_utc: string })[]
}

type AggregateRow = ScopeCounts & { g_day: number; date_utc: string | null }

// GROUPING SETS: the grand total and per day from one scan. exact_sum keeps cost totals the
// correctly rounded sum whatever order the threads add in. The ORDER BY puts the days in order;
// they are formatted after grouping on the DATE. (The failure types are a query of their own: as a
// third set here, the p95 would be computed for each of them too, for nothing.)
const AGGREGATES_SQL = (where: string): string => `
SELECT GROUPING(d)::INTEGER AS g_day, strftime(d, '%Y-%m-%d') AS date_utc,
       count(*)::BIGINT AS n,
       count_if(is_failure)::BIGINT AS n_fail,
       count_if(is_failure_was_missing)::BIGINT AS n_fail_missing,
       count(latency_ms)::BIGINT AS n_lat,
       count_if(latency_ms > CAST(? AS DOUBLE))::BIGINT AS n_breach,
       count(cost_usd)::BIGINT AS n_cost,
       count_if(coalesce(tool_calls_count, 0) > 0)::BIGINT AS n_tool,
       count_if(safety_block_flag)::BIGINT AS n_safety,
       quantile_cont(latency_ms, 0.95) AS p95,
       exact_sum(cost_usd) AS cost_sum
FROM (
  SELECT is_failure, is_failure_was_missing, latency_ms, cost_usd, tool_calls_count, safety_block_flag,
         CAST(timestamp_utc AS DATE) AS d
  FROM interactions
  WHERE ${where}
)
GROUP BY GROUPING SETS ((), (d))
ORDER BY g_day, d`

// The failure-type mix: count desc, then name in byte order (code-point order for UTF-8), null as 'unknown'.
const MIX_SQL = (where: string, weighted: boolean): string => `
SELECT coalesce(failure_type, 'unknown') AS failure_type, ${weighted ? 'coalesce(exact_sum(w), 0)' : 'count(*)::BIGINT'} AS n
FROM (SELECT failure_type${weighted ? `, ${WEIGHT_SQL} AS w` : ''} FROM interactions WHERE ${where})
GROUP BY 1
ORDER BY n DESC, failure_type`

const NO_ROWS: ScopeCounts = { n: 0, n_fail: 0, n_fail_missing: 0, n_lat: 0, n_breach: 0, n_cost: 0, n_tool: 0, n_safety: 0, p95: null, cost_sum: null }

// The same sets on a weighted dump: every count is a sum of weights, cost a weighted sum. The p95
// comes from weightedQuantiles (quantile_cont cannot weight); this query leaves it null.
const WEIGHTED_AGGREGATES_SQL = (where: string): string => `
SELECT GROUPING(d)::INTEGER AS g_day, strftime(d, '%Y-%m-%d') AS date_utc,
       coalesce(exact_sum(w), 0) AS n,
       coalesce(exact_sum(CASE WHEN is_failure THEN w END), 0) AS n_fail,
       coalesce(exact_sum(CASE WHEN is_failure_was_missing THEN w END), 0) AS n_fail_missing,
       coalesce(exact_sum(CASE WHEN latency_ms IS NOT NULL THEN w END), 0) AS n_lat,
       coalesce(exact_sum(CASE WHEN latency_ms > CAST(? AS DOUBLE) THEN w END), 0) AS n_breach,
       coalesce(exact_sum(CASE WHEN cost_usd IS NOT NULL THEN w END), 0) AS n_cost,
       coalesce(exact_sum(CASE WHEN coalesce(tool_calls_count, 0) > 0 THEN w END), 0) AS n_tool,
       coalesce(exact_sum(CASE WHEN safety_block_flag THEN w END), 0) AS n_safety,
       CAST(NULL AS DOUBLE) AS p95,
       exact_sum(cost_usd * w) AS cost_sum
FROM (
  SELECT is_failure, is_failure_was_missing, latency_ms, cost_usd, tool_calls_count, safety_block_flag,
         CAST(timestamp_utc AS DATE) AS d, ${WEIGHT_SQL} AS w
  FROM interactions
  WHERE ${where}
)
GROUP BY GROUPING SETS ((), (d))
ORDER BY g_day, d`

/** The weighted p95 latency of the whole scope ('all') and of each UTC day. */
async function weightedP95(ctx: AnalysisContext, where: string, params: readonly SqlValue[]): Promise<Map<string, number | null>> {
  const from = `SELECT strftime(CAST(timestamp_utc AS DATE), '%Y-%m-%d') AS day, latency_ms, ${WEIGHT_SQL} AS w FROM interactions WHERE ${where}`
  const total = await weightedQuantiles(ctx, { from, params, keys: [], value: 'latency_ms', weight: 'w', q: 0.95, keyOf: () => 'all' })
  const byDay = await weightedQuantiles(ctx, { from, params, keys: ['day'], value: 'latency_ms', weight: 'w', q: 0.95, keyOf: (r) => String(r.day) })
  return new Map([...total, ...byDay])
}

/** The aggregates of the rows in scope (shared by the requests of a page through the context's memo). */
export function scopeAggregates(ctx: AnalysisContext): Promise<ScopeAggregates> {
  return memoised(ctx, 'scopeAggregates', async () => {
    const { where, params } = compileScope(ctx.scope)
    const weighted = isWeighted(ctx)
    const rows = await ctx.engine.all<AggregateRow>((weighted ? WEIGHTED_AGGREGATES_SQL : AGGREGATES_SQL)(where), [ctx.knobs.SLA_MS, ...params])
    if (weighted) {
      const p95 = await weightedP95(ctx, where, params)
      for (const r of rows) {
        if (r.g_day === 1) r.p95 = p95.get('all') ?? null
        else if (r.date_utc !== null) r.p95 = p95.get(r.date_utc) ?? null
      }
    }
    const mix = await ctx.engine.all<{ failure_type: string; n: number }>(MIX_SQL(where, weighted), params)
    const out: ScopeAggregates = { totals: NO_ROWS, mix, days: [] }
    for (const { g_day, date_utc, ...counts } of rows) {
      if (g_day === 1) out.totals = counts
      else if (date_utc !== null) out.days.push({ date_utc, ...counts })
    }
    return out
  })
}
