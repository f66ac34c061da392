/** Model hotspots of PIPELINE.md section 6: the history window in scope per (provider, model), bucketed by failure and latency risk (weighted by sample_rate when the dump has it). */
import type { HotspotBucket, ModelHotspot, ModelHotspots } from '../../shared/analysis'
import { deriveKnobs } from '../../shared/knobs'
import type { SqlValue } from '../engine/engine'
import type { AnalysisContext } from './context'
import { compareCodePoints } from './riskSlices'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL, weightedQuantiles } from './weights'

type ModelRow = {
  provider: string
  model: string
  n: number
  n_fail: number
  n_cost: number
  cost_sum: number | null
  n_lat: number
  n_breach: number
  p95: number | null
}

const HOTSPOTS_SQL = (where: string): string => `
SELECT coalesce(model_provider, 'unknown') AS provider,
       coalesce(model_name, 'unknown') AS model,
       count(*)::BIGINT AS n,
       count_if(is_failure)::BIGINT AS n_fail,
       count(cost_usd)::BIGINT AS n_cost,
       exact_sum(cost_usd) AS cost_sum,
       count(latency_ms)::BIGINT AS n_lat,
       count_if(latency_ms > CAST(? AS DOUBLE))::BIGINT AS n_breach,
       quantile_cont(latency_ms, 0.95) AS p95
FROM interactions
WHERE in_history AND (${where})
GROUP BY 1, 2
HAVING count(*) >= ?`

// The weighted dump's version: sums of weights; the support filter is on the weighted count (the
// requests the model had before sampling). p95 comes from weightedQuantiles.
const WEIGHTED_ROWS_SQL = (where: string): string => `
SELECT coalesce(model_provider, 'unknown') AS provider, coalesce(model_name, 'unknown') AS model, is_failure, cost_usd, latency_ms, ${WEIGHT_SQL} AS w
FROM interactions
WHERE in_history AND (${where})`

const WEIGHTED_HOTSPOTS_SQL = (where: string): string => `
SELECT provider, model,
       exact_sum(w) AS n,
       coalesce(exact_sum(CASE WHEN is_failure THEN w END), 0) AS n_fail,
       coalesce(exact_sum(CASE WHEN cost_usd IS NOT NULL THEN w END), 0) AS n_cost,
       exact_sum(cost_usd * w) AS cost_sum,
       coalesce(exact_sum(CASE WHEN latency_ms IS NOT NULL THEN w END), 0) AS n_lat,
       coalesce(exact_sum(CASE WHEN latency_ms > CAST(? AS DOUBLE) THEN w END), 0) AS n_breach,
       CAST(NULL AS DOUBLE) AS p95
FROM (${WEIGHTED_ROWS_SQL(where)})
GROUP BY 1, 2
HAVING exact_sum(w) >= ?`

async function weightedGroups(ctx: AnalysisContext, where: string, params: readonly SqlValue[]): Promise<ModelRow[]> {
  const groups = await ctx.engine.all<ModelRow>(WEIGHTED_HOTSPOTS_SQL(where), [ctx.knobs.SLA_MS, ...params, ctx.knobs.MIN_REQUESTS_POLICY])
  const key = (provider: SqlValue, model: SqlValue): string => JSON.stringify([provider, model])
  const p95 = await weightedQuantiles(ctx, { from: WEIGHTED_ROWS_SQL(where), params, keys: ['provider', 'model'], value: 'latency_ms', weight: 'w', q: 0.95, keyOf: (r) => key(r.provider, r.model) })
  return groups.map((g) => ({ ...g, p95: p95.get(key(g.provider, g.model)) ?? null }))
}

/** Lists the models with at least MIN_REQUESTS_POLICY history requests in scope, worst failure rate first. */
export async function modelHotspots(ctx: AnalysisContext): Promise<ModelHotspots> {
  const { where, params } = compileScope(ctx.scope)
  const { HOTSPOT_FAIL_RATE } = deriveKnobs(ctx.knobs)
  const sla = ctx.knobs.SLA_MS
  const groups = isWeighted(ctx) ? await weightedGroups(ctx, where, params) : await ctx.engine.all<ModelRow>(HOTSPOTS_SQL(where), [sla, ...params, ctx.knobs.MIN_REQUESTS_POLICY])
  const rows: ModelHotspot[] = groups.map((g) => {
    const fail_rate = g.n_fail / g.n
    return {
      model_provider: g.provider,
      model_name: g.model,
      requests: g.n,
      fail_rate,
      p95_latency: g.p95,
      cost_per_request: g.n_cost > 0 && g.cost_sum !== null ? g.cost_sum / g.n_cost : null,
      sla_breach_rate: g.n_lat > 0 ? g.n_breach / g.n_lat : null,
      bucket: hotspotBucket(fail_rate, g.p95, HOTSPOT_FAIL_RATE, sla)
    }
  })
  rows.sort(compareHotspots)
  return { hotspot_fail_rate: HOTSPOT_FAIL_RATE, min_requests: ctx.knobs.MIN_REQUESTS_POLICY, rows }
}

/** The bucket of PIPELINE.md section 6; an unknown p95 is not an SLA risk. */
export function hotspotBucket(failRate: number, p95: number | null, hotspotFailRate: number, slaMs: number): HotspotBucket {
  const highFailure = failRate > hotspotFailRate
  const slaRisk = p95 !== null && p95 > slaMs
  if (highFailure && slaRisk) return 'high_failure_and_sla'
  if (highFailure) return 'high_failure'
  if (slaRisk) return 'sla_risk'
  return 'ok'
}

/** fail_rate descending, then p95 descending (null last), then requests descending, then provider and model ascending. */
export function compareHotspots(x: ModelHotspot, y: ModelHotspot): number {
  if (x.fail_rate !== y.fail_rate) return y.fail_rate - x.fail_rate
  if (x.p95_latency !== y.p95_latency) {
    if (x.p95_latency === null) return 1
    if (y.p95_latency === null) return -1
    return y.p95_latency - x.p95_latency
  }
  if (x.requests !== y.requests) return y.requests - x.requests
  return compareCodePoints(x.model_provider, y.model_provider) || compareCodePoints(x.model_name, y.model_name)
}
