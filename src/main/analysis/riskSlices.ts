/** Risk slices of PIPELINE.md section 6: the history window in scope grouped by any two allow-listed dimensions, scored and ranked (weighted by sample_rate when the dump has it). */
import { ARTIFACT_SLICE_DIMENSIONS, SLICE_DIMENSIONS, type RiskSlice, type RiskSliceTable, type SliceDimension } from '../../shared/analysis'
import { ident } from '../ingest/sql'
import type { SqlValue } from '../engine/engine'
import { ASSIGNMENT_TABLE } from './clusterTables'
import type { AnalysisContext } from './context'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL, weightedQuantiles } from './weights'

type SliceRow = {
  ka: string
  kb: string
  n: number
  n_fail: number
  n_cost: number
  cost_sum: number | null
  p95: number | null
}

/** A slice key: the column, or for 'cluster' the row's active cluster id (a subquery on the assignment table). */
function keyExpr(dim: SliceDimension): string {
  return dim === 'cluster' ? `CAST((SELECT ca.cluster_id FROM ${ASSIGNMENT_TABLE} ca WHERE ca.row_id = interactions.rowid) AS VARCHAR)` : ident(dim)
}

// The dimension names are spliced as identifiers only after the allow-list check in riskSlices().
const SLICES_SQL = (a: SliceDimension, b: SliceDimension, where: string): string => `
SELECT coalesce(${keyExpr(a)}, 'unknown') AS ka,
       coalesce(${keyExpr(b)}, 'unknown') AS kb,
       count(*)::BIGINT AS n,
       count_if(is_failure)::BIGINT AS n_fail,
       count(cost_usd)::BIGINT AS n_cost,
       exact_sum(cost_usd) AS cost_sum,
       quantile_cont(latency_ms, 0.95) AS p95
FROM interactions
WHERE in_history AND (${where})
GROUP BY 1, 2`

// On a weighted dump: sums of weights per slice (the support filter then reads the weighted count);
// the p95 comes from weightedQuantiles over the same rows.
const WEIGHTED_ROWS_SQL = (a: string, b: string, where: string): string => `
SELECT coalesce(${ident(a)}, 'unknown') AS ka, coalesce(${ident(b)}, 'unknown') AS kb, is_failure, cost_usd, latency_ms, ${WEIGHT_SQL} AS w
FROM interactions
WHERE in_history AND (${where})`

const WEIGHTED_SLICES_SQL = (a: string, b: string, where: string): string => `
SELECT ka, kb,
       exact_sum(w) AS n,
       coalesce(exact_sum(CASE WHEN is_failure THEN w END), 0) AS n_fail,
       coalesce(exact_sum(CASE WHEN cost_usd IS NOT NULL THEN w END), 0) AS n_cost,
       exact_sum(cost_usd * w) AS cost_sum,
       CAST(NULL AS DOUBLE) AS p95
FROM (${WEIGHTED_ROWS_SQL(a, b, where)})
GROUP BY 1, 2`

async function weightedSliceRows(ctx: AnalysisContext, a: string, b: string, where: string, params: readonly SqlValue[]): Promise<SliceRow[]> {
  const groups = await ctx.engine.all<SliceRow>(WEIGHTED_SLICES_SQL(a, b, where), params)
  const key = (x: SqlValue, y: SqlValue): string => JSON.stringify([x, y])
  const p95 = await weightedQuantiles(ctx, { from: WEIGHTED_ROWS_SQL(a, b, where), params, keys: ['ka', 'kb'], value: 'latency_ms', weight: 'w', q: 0.95, keyOf: (r) => key(r.ka, r.kb) })
  return groups.map((g) => ({ ...g, p95: p95.get(key(g.ka, g.kb)) ?? null }))
}

/**
 * Ranks the slices of the history window (within scope) over two distinct dimensions of
 * SLICE_DIMENSIONS, keeping those with at least `minRequests` requests. The artifact uses
 * (use_case, account_tier) and MIN_REQUESTS_SLICE, the defaults.
 */
export async function riskSlices(
  ctx: AnalysisContext,
  dimensions: readonly [SliceDimension, SliceDimension] = ARTIFACT_SLICE_DIMENSIONS,
  minRequests: number = ctx.knobs.MIN_REQUESTS_SLICE
): Promise<RiskSliceTable> {
  const [a, b] = dimensions
  for (const d of dimensions) {
    if (!(SLICE_DIMENSIONS as readonly string[]).includes(d)) throw new Error(`unknown slice dimension: ${String(d)}`)
  }
  if (a === b) throw new Error(`pick two different slice dimensions (got ${a} twice)`)
  if (!Number.isFinite(minRequests) || minRequests < 0) throw new Error('minimum requests per slice must be 0 or more')

  const { where, params } = compileScope(ctx.scope)
  const groups = isWeighted(ctx) ? await weightedSliceRows(ctx, a, b, where, params) : await ctx.engine.all<SliceRow>(SLICES_SQL(a, b, where), params)
  const sla = ctx.knobs.SLA_MS
  const rows: RiskSlice[] = groups
    .filter((g) => g.n >= minRequests)
    .map((g) => {
      const fail_rate = g.n_fail / g.n
      const avg_cost = g.n_cost > 0 && g.cost_sum !== null ? g.cost_sum / g.n_cost : null
      return { key: [g.ka, g.kb], requests: g.n, fail_rate, p95_latency: g.p95, avg_cost, score: sliceScore(fail_rate, g.p95, avg_cost, sla) }
    })
  rows.sort(compareSlices)
  return { dimensions: [a, b], min_requests: minRequests, slices_total: groups.length, rows }
}

/** 2 * fail_rate + 0.5 * p95 / SLA_MS + 0.1 * avg_cost, in that evaluation order; null cost counts 0, null p95 makes the score null. */
export function sliceScore(failRate: number, p95: number | null, avgCost: number | null, slaMs: number): number | null {
  if (p95 === null) return null
  return 2 * failRate + (0.5 * p95) / slaMs + 0.1 * (avgCost ?? 0)
}

/** Score descending (null last), then requests descending, then the two keys ascending. */
export function compareSlices(x: RiskSlice, y: RiskSlice): number {
  if (x.score !== y.score) {
    if (x.score === null) return 1
    if (y.score === null) return -1
    return y.score - x.score
  }
  if (x.requests !== y.requests) return y.requests - x.requests
  return compareCodePoints(x.key[0], y.key[0]) || compareCodePoints(x.key[1], y.key[1])
}

/**
 * Orders strings by Unicode code point, as DuckDB (UTF-8 bytes) and Python do; plain `<` compares
 * UTF-16 code units, which puts astral characters before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(i)
    if (ca !== cb) return codePointRank(ca) - codePointRank(cb)
  }
  return a.length - b.length
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000
  if (unit >= 0xe000) return unit - 0x800
  return unit
}
