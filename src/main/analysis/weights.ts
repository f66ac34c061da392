/**
 * Weighting by `sample_rate` for the analyses that count requests (Overview, Hotspots, Costs): whether
 * the loaded dump is weighted, the weight of a row, and the weighted quantile in SQL. A dump without
 * sample_rate never reaches this module's SQL: its analyses keep their unweighted queries unchanged.
 */
import { WEIGHT_SQL } from '../ingest/sampleRate'
import type { SqlValue } from '../engine/engine'
import { interpolateQuantile } from '../ml/weightedQuantile'
import type { AnalysisContext } from './context'

export { WEIGHT_SQL }

/** True when the loaded interactions carry a sample_rate column (the report says so since ingest). */
export function isWeighted(ctx: Pick<AnalysisContext, 'report'>): boolean {
  return ctx.report.sample_rate !== undefined
}

/**
 * SQL whose rows are, per group of `keys`, what the weighted quantile of `value` needs: `wq_pos`
 * (q * (total weight - 1)), `wq_lo` and `wq_hi` (the values at ranks floor(pos) and floor(pos) + 1 of
 * the list in which each value is repeated `weight` times). `from` is a query (or table) with the key,
 * value and weight columns; its `?` come first, then q. Finish with finishWeightedQuantile. Null values
 * are left out, as quantile_cont leaves them out. Equal values are summed first (one row per distinct
 * value: the cumulative weight at a value counts all its ties either way), so the window sorts the
 * distinct values, not every row.
 */
export function weightedQuantileSql(from: string, keys: readonly string[], value: string, weight: string): string {
  const part = keys.length ? `PARTITION BY ${keys.join(', ')} ` : ''
  const sel = keys.map((k) => `${k}, `).join('')
  return `
WITH wq_rows AS (
  SELECT ${sel}${value} AS wq_x, exact_sum(${weight}) AS wq_w FROM (${from}) WHERE ${value} IS NOT NULL GROUP BY ALL
), wq_cum AS (
  SELECT ${sel}wq_x,
         sum(wq_w) OVER (${part}ORDER BY wq_x RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS wq_cw,
         CAST(? AS DOUBLE) * (sum(wq_w) OVER (${part}ORDER BY wq_x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) - 1) AS wq_pos
  FROM wq_rows
)
SELECT ${sel}any_value(wq_pos) AS wq_pos,
       min(wq_x) FILTER (WHERE wq_cw > floor(wq_pos)) AS wq_lo,
       min(wq_x) FILTER (WHERE wq_cw > floor(wq_pos) + 1) AS wq_hi
FROM wq_cum
${keys.length ? `GROUP BY ${keys.join(', ')}` : ''}`
}

/** The quantile from a row of weightedQuantileSql; null when the group has no value. */
export function finishWeightedQuantile(r: { wq_pos: number | null; wq_lo: number | null; wq_hi: number | null }): number | null {
  if (r.wq_pos === null || r.wq_lo === null) return null
  return interpolateQuantile(r.wq_pos, r.wq_lo, r.wq_hi)
}

/** Runs weightedQuantileSql and returns the quantile per group, keyed by `keyOf(row)`. */
export async function weightedQuantiles<K extends string>(
  ctx: Pick<AnalysisContext, 'engine'>,
  o: { from: string; params: readonly SqlValue[]; keys: readonly K[]; value: string; weight: string; q: number; keyOf: (row: Record<K, SqlValue>) => string }
): Promise<Map<string, number | null>> {
  const rows = await ctx.engine.all<Record<K, SqlValue> & { wq_pos: number | null; wq_lo: number | null; wq_hi: number | null }>(
    weightedQuantileSql(o.from, o.keys, o.value, o.weight),
    [...o.params, o.q]
  )
  return new Map(rows.map((r) => [o.keyOf(r), finishWeightedQuantile(r)]))
}
