/** Cost analytics: cost by day and by any dimension (top N), cost per 1k tokens and quality per model with the Pareto frontier, and the month-end forecast (weighted by sample_rate when the dump has it). */
import type { CostAnalytics, CostByDimension, CostDimension, CostForecast, ModelCostQuality } from '../../shared/costs'
import { ident } from '../ingest/sql'
import { memoised, type AnalysisContext } from './context'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL, weightedQuantiles } from './weights'

/** Cost totals per value of one dimension, largest first; groups past `topN` fold into '(other)'. */
export async function costByDimension(ctx: AnalysisContext, dimension: CostDimension, topN: number): Promise<CostByDimension> {
  const { where, params } = compileScope(ctx.scope)
  const col = ident(dimension)
  const rows = await ctx.engine.all<{ key: string | null; requests: number; cost: number | null; n_cost: number }>(
    isWeighted(ctx)
      ? `SELECT key, exact_sum(w) AS requests, exact_sum(cost_usd * w) AS cost, coalesce(exact_sum(CASE WHEN cost_usd IS NOT NULL THEN w END), 0) AS n_cost
         FROM (SELECT ${col} AS key, cost_usd, ${WEIGHT_SQL} AS w FROM interactions WHERE ${where}) GROUP BY key ORDER BY cost DESC NULLS LAST, key NULLS LAST`
      : `SELECT ${col} AS key, count(*)::BIGINT AS requests, exact_sum(cost_usd) AS cost, count(cost_usd)::BIGINT AS n_cost
     FROM interactions WHERE ${where} GROUP BY ${col} ORDER BY cost DESC NULLS LAST, key NULLS LAST`,
    params
  )
  const total = rows.reduce((s, r) => s + (r.cost ?? 0), 0)
  const head = rows.slice(0, topN)
  const tail = rows.slice(topN)
  const shape = (key: string | null, other: boolean, requests: number, cost: number, nCost: number): CostByDimension['rows'][number] => ({
    key,
    other,
    requests,
    cost,
    avg_cost: nCost > 0 ? cost / nCost : null,
    share: total > 0 ? cost / total : null
  })
  const out = head.map((r) => shape(r.key, false, r.requests, r.cost ?? 0, r.n_cost))
  if (tail.length) {
    out.push(
      shape(
        '(other)',
        true,
        tail.reduce((s, r) => s + r.requests, 0),
        tail.reduce((s, r) => s + (r.cost ?? 0), 0),
        tail.reduce((s, r) => s + r.n_cost, 0)
      )
    )
  }
  return { dimension, total_cost: total, rows: out }
}

/** True when `o` dominates `m`: at least as good on every objective and strictly better on one (each objective: lower is better). */
function dominates(o: readonly number[], m: readonly number[]): boolean {
  return o.every((v, i) => v <= m[i]) && o.some((v, i) => v < m[i])
}

/** The objectives of a model (lower is better), or null when one is missing. */
function objectives(m: Omit<ModelCostQuality, 'pareto' | 'pareto_all'>, all: boolean): number[] | null {
  if (m.avg_cost === null || m.avg_quality === null) return null
  if (!all) return [m.avg_cost, -m.avg_quality]
  if (m.p95_latency === null) return null
  return [m.avg_cost, m.fail_rate, m.p95_latency, -m.avg_quality]
}

/**
 * Marks the Pareto frontiers: cost vs quality (lower cost and higher quality are better), and of all
 * four of cost, failure rate, p95 latency and quality. Models missing an objective are on neither.
 */
export function markPareto(models: Omit<ModelCostQuality, 'pareto' | 'pareto_all'>[]): ModelCostQuality[] {
  const front = (all: boolean): boolean[] => {
    const obj = models.map((m) => objectives(m, all))
    return obj.map((m, i) => m !== null && !obj.some((o, j) => j !== i && o !== null && dominates(o, m)))
  }
  const two = front(false)
  const four = front(true)
  return models.map((m, i) => ({ ...m, pareto: two[i], pareto_all: four[i] }))
}

/** Least squares of y on x = 0..n-1. */
export function linearTrend(y: readonly number[]): { slope: number; intercept: number } {
  const n = y.length
  if (n === 0) return { slope: 0, intercept: 0 }
  if (n === 1) return { slope: 0, intercept: y[0] }
  const mx = (n - 1) / 2
  const my = y.reduce((s, v) => s + v, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (y[i] - my)
    sxx += (i - mx) * (i - mx)
  }
  const slope = sxy / sxx
  return { slope, intercept: my - slope * mx }
}

const TREND_DAYS = 14

/** The UTC day `n` days after `date` (YYYY-MM-DD). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Days in a month written 'YYYY-MM'. */
export function daysInMonthOf(month: string): number {
  const [y, m] = month.split('-').map(Number)
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/**
 * The values of the last (up to) 14 calendar days ending on the last day, oldest first, starting no
 * earlier than the first day; a day without rows counts 0. `days` is sorted by date.
 */
export function trailingWindow<D extends { date: string }>(days: readonly D[], value: (d: D) => number): number[] {
  if (days.length === 0) return []
  const byDate = new Map(days.map((d) => [d.date, value(d)]))
  const first = days[0].date
  const last = days[days.length - 1].date
  const window: number[] = []
  for (let i = TREND_DAYS - 1; i >= 0; i--) {
    const d = addDays(last, -i)
    if (d < first) continue
    window.push(byDate.get(d) ?? 0)
  }
  return window
}

/**
 * Month-end forecast: month-to-date cost of the last day's month plus, for each remaining day, the
 * least-squares trend over the last 14 calendar days (days without rows count as 0 cost).
 */
export function forecastMonth(days: readonly { date: string; cost: number }[], dailyBudget: number): CostForecast | null {
  if (days.length === 0) return null
  const last = days[days.length - 1].date
  const month = last.slice(0, 7)
  const daysInMonth = daysInMonthOf(month)
  const window = trailingWindow(days, (d) => d.cost)
  const { slope, intercept } = linearTrend(window)
  const mtd = days.filter((d) => d.date.startsWith(month)).reduce((s, d) => s + d.cost, 0)
  const lastDayOfMonth = Number(last.slice(8, 10))
  const projected: { date: string; cost: number }[] = []
  for (let k = 1; lastDayOfMonth + k <= daysInMonth; k++) {
    projected.push({ date: addDays(last, k), cost: Math.max(0, intercept + slope * (window.length - 1 + k)) })
  }
  const forecast = mtd + projected.reduce((s, p) => s + p.cost, 0)
  const budget = dailyBudget * daysInMonth
  return {
    month,
    days_in_month: daysInMonth,
    days_observed: days.filter((d) => d.date.startsWith(month)).length,
    last_day: last,
    month_to_date_cost: mtd,
    trend_slope: slope,
    trend_intercept: intercept,
    trend_days: window.length,
    projected,
    forecast_month_cost: forecast,
    month_budget: budget,
    forecast_over_budget: forecast > budget
  }
}

type ModelRow = Omit<ModelCostQuality, 'pareto' | 'pareto_all' | 'fail_rate' | 'sla_breach_rate' | 'cost_per_success' | 'cost_per_quality_point'> & {
  n_lat: number
  n_breach: number
  cost_q: number | null
  q_sum: number | null
}

/** A model's rates and unit costs from its counts and sums (divided out here, so both engines agree). */
export function modelEconomics(r: ModelRow): Omit<ModelCostQuality, 'pareto' | 'pareto_all'> {
  const { n_lat, n_breach, cost_q, q_sum, ...m } = r
  const successes = m.requests - m.failures
  return {
    ...m,
    fail_rate: m.requests > 0 ? m.failures / m.requests : 0,
    sla_breach_rate: n_lat > 0 ? n_breach / n_lat : null,
    cost_per_success: m.total_cost !== null && successes > 0 ? m.total_cost / successes : null,
    cost_per_quality_point: cost_q !== null && q_sum !== null && q_sum > 0 ? cost_q / q_sum : null
  }
}

/** Everything the Costs page shows except the per-dimension breakdowns. */
export function costAnalytics(ctx: AnalysisContext): Promise<CostAnalytics> {
  // memoised: the economics (re-pricing scenarios) start from the same daily costs and forecast
  return memoised(ctx, 'costAnalytics', () => computeCostAnalytics(ctx))
}

async function computeCostAnalytics(ctx: AnalysisContext): Promise<CostAnalytics> {
  if (isWeighted(ctx)) return computeWeightedCostAnalytics(ctx)
  const { where, params } = compileScope(ctx.scope)
  const [totals] = await ctx.engine.all<{ requests: number; cost: number | null }>(
    `SELECT count(*)::BIGINT AS requests, exact_sum(cost_usd) AS cost FROM interactions WHERE ${where}`,
    params
  )
  const byDay = await ctx.engine.all<{ date: string; cost: number | null; requests: number }>(
    `SELECT strftime(d, '%Y-%m-%d') AS date, cost, requests FROM (
       SELECT CAST(timestamp_utc AS DATE) AS d, exact_sum(cost_usd) AS cost, count(*)::BIGINT AS requests
       FROM interactions WHERE timestamp_utc IS NOT NULL AND (${where}) GROUP BY 1) ORDER BY d`,
    params
  )
  const modelRows = await ctx.engine.all<ModelRow>(
    `SELECT model_provider, model_name, count(*)::BIGINT AS requests, exact_avg(cost_usd) AS avg_cost,
            CASE WHEN exact_sum(CASE WHEN cost_usd IS NOT NULL AND total_tokens IS NOT NULL THEN total_tokens END) > 0
                 THEN 1000 * exact_sum(CASE WHEN cost_usd IS NOT NULL AND total_tokens IS NOT NULL THEN cost_usd END)
                      / exact_sum(CASE WHEN cost_usd IS NOT NULL AND total_tokens IS NOT NULL THEN total_tokens END) END AS cost_per_1k_tokens,
            exact_avg(response_quality_score) AS avg_quality,
            count_if(is_failure)::BIGINT AS failures, exact_sum(cost_usd) AS total_cost,
            quantile_cont(latency_ms, 0.95) AS p95_latency, count(latency_ms)::BIGINT AS n_lat,
            count_if(latency_ms > CAST(? AS DOUBLE))::BIGINT AS n_breach,
            exact_sum(CASE WHEN response_quality_score IS NOT NULL THEN cost_usd END) AS cost_q,
            exact_sum(CASE WHEN cost_usd IS NOT NULL THEN response_quality_score END) AS q_sum
     FROM interactions WHERE ${where}
     GROUP BY model_provider, model_name ORDER BY requests DESC, model_provider NULLS LAST, model_name NULLS LAST`,
    [ctx.knobs.SLA_MS, ...params]
  )
  const models = modelRows.map(modelEconomics)
  const days = byDay.map((d) => ({ date: d.date, cost: d.cost ?? 0, requests: d.requests }))
  return {
    total_cost: totals.cost ?? 0,
    requests: totals.requests,
    by_day: days.map((d) => ({ ...d, budget: ctx.knobs.DAILY_COST_BUDGET_USD })),
    models: markPareto(models),
    forecast: forecastMonth(days, ctx.knobs.DAILY_COST_BUDGET_USD)
  }
}

/**
 * costAnalytics on a dump that carries sample_rate: every count a sum of weights, every cost a
 * weighted sum, averages weighted means, the p95 a weighted quantile (weights.ts).
 */
async function computeWeightedCostAnalytics(ctx: AnalysisContext): Promise<CostAnalytics> {
  const { where, params } = compileScope(ctx.scope)
  const rows = `SELECT *, ${WEIGHT_SQL} AS w FROM interactions WHERE ${where}`
  const [totals] = await ctx.engine.all<{ requests: number; cost: number | null }>(`SELECT coalesce(exact_sum(w), 0) AS requests, exact_sum(cost_usd * w) AS cost FROM (${rows})`, params)
  const byDay = await ctx.engine.all<{ date: string; cost: number | null; requests: number }>(
    `SELECT strftime(d, '%Y-%m-%d') AS date, cost, requests FROM (
       SELECT CAST(timestamp_utc AS DATE) AS d, exact_sum(cost_usd * w) AS cost, exact_sum(w) AS requests
       FROM (${rows}) WHERE timestamp_utc IS NOT NULL GROUP BY 1) ORDER BY d`,
    params
  )
  const both = 'cost_usd IS NOT NULL AND total_tokens IS NOT NULL'
  const modelRows = await ctx.engine.all<ModelRow>(
    `SELECT model_provider, model_name, exact_sum(w) AS requests,
            exact_sum(cost_usd * w) / exact_sum(CASE WHEN cost_usd IS NOT NULL THEN w END) AS avg_cost,
            CASE WHEN exact_sum(CASE WHEN ${both} THEN total_tokens * w END) > 0
                 THEN 1000 * exact_sum(CASE WHEN ${both} THEN cost_usd * w END) / exact_sum(CASE WHEN ${both} THEN total_tokens * w END) END AS cost_per_1k_tokens,
            exact_sum(response_quality_score * w) / exact_sum(CASE WHEN response_quality_score IS NOT NULL THEN w END) AS avg_quality,
            coalesce(exact_sum(CASE WHEN is_failure THEN w END), 0) AS failures, exact_sum(cost_usd * w) AS total_cost,
            CAST(NULL AS DOUBLE) AS p95_latency, coalesce(exact_sum(CASE WHEN latency_ms IS NOT NULL THEN w END), 0) AS n_lat,
            coalesce(exact_sum(CASE WHEN latency_ms > CAST(? AS DOUBLE) THEN w END), 0) AS n_breach,
            exact_sum(CASE WHEN response_quality_score IS NOT NULL THEN cost_usd * w END) AS cost_q,
            exact_sum(CASE WHEN cost_usd IS NOT NULL THEN response_quality_score * w END) AS q_sum
     FROM (${rows})
     GROUP BY model_provider, model_name ORDER BY requests DESC, model_provider NULLS LAST, model_name NULLS LAST`,
    [ctx.knobs.SLA_MS, ...params]
  )
  const key = (provider: unknown, model: unknown): string => JSON.stringify([provider, model])
  const p95 = await weightedQuantiles(ctx, {
    from: rows,
    params,
    keys: ['model_provider', 'model_name'],
    value: 'latency_ms',
    weight: 'w',
    q: 0.95,
    keyOf: (r) => key(r.model_provider, r.model_name)
  })
  const models = modelRows.map((r) => modelEconomics({ ...r, p95_latency: p95.get(key(r.model_provider, r.model_name)) ?? null }))
  const days = byDay.map((d) => ({ date: d.date, cost: d.cost ?? 0, requests: d.requests }))
  return {
    total_cost: totals.cost ?? 0,
    requests: totals.requests,
    by_day: days.map((d) => ({ ...d, budget: ctx.knobs.DAILY_COST_BUDGET_USD })),
    models: markPareto(models),
    forecast: forecastMonth(days, ctx.knobs.DAILY_COST_BUDGET_USD)
  }
}
