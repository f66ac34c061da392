/** Cost analytics: cost by day and by any dimension (top N), cost per 1k tokens and quality per model with the Pareto frontier, and the month-end forecast (weighted by sample_rate when the dump has it). */
import type { CostAnalytics, CostByDimension, CostDimension, CostForecast, ModelCostQuality } from '../../shared/costs'
import { ident } from '../ingest/sql'
import type { AnalysisContext } from './context'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL } from './weights'

/** Cost totals per value of one dimension, largest first; groups past `topN` fold into '(other)'. */
export async function costByDimension(ctx: AnalysisContext, dimension: CostDimension, topN: number): Promise<CostByDimension> {
  const { where, params } = compileScope(ctx.scope)
  const col = ident(dimension)
  const rows = await ctx.engine.all<{ key: string | null; requests: number; cost: number | null; n_cost: number }>(
    isWeighted(ctx)
      ? `SELECT key, fsum(w) AS requests, fsum(cost_usd * w) AS cost, coalesce(fsum(w) FILTER (WHERE cost_usd IS NOT NULL), 0) AS n_cost
         FROM (SELECT ${col} AS key, cost_usd, ${WEIGHT_SQL} AS w FROM interactions WHERE ${where}) GROUP BY key ORDER BY cost DESC NULLS LAST, key NULLS LAST`
      : `SELECT ${col} AS key, count(*)::BIGINT AS requests, fsum(cost_usd) AS cost, count(cost_usd)::BIGINT AS n_cost
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

/** Marks the models on the cost/quality Pareto frontier (lower cost and higher quality are better). */
export function markPareto(models: Omit<ModelCostQuality, 'pareto'>[]): ModelCostQuality[] {
  return models.map((m) => {
    if (m.avg_cost === null || m.avg_quality === null) return { ...m, pareto: false }
    const dominated = models.some(
      (o) =>
        o !== m &&
        o.avg_cost !== null &&
        o.avg_quality !== null &&
        o.avg_cost <= m.avg_cost! &&
        o.avg_quality >= m.avg_quality! &&
        (o.avg_cost < m.avg_cost! || o.avg_quality > m.avg_quality!)
    )
    return { ...m, pareto: !dominated }
  })
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

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/**
 * Month-end forecast: month-to-date cost of the last day's month plus, for each remaining day, the
 * least-squares trend over the last 14 calendar days (days without rows count as 0 cost).
 */
export function forecastMonth(days: readonly { date: string; cost: number }[], dailyBudget: number): CostForecast | null {
  if (days.length === 0) return null
  const byDate = new Map(days.map((d) => [d.date, d.cost]))
  const last = days[days.length - 1].date
  const month = last.slice(0, 7)
  const [y, m] = month.split('-').map(Number)
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const first = days[0].date
  const window: number[] = []
  for (let i = TREND_DAYS - 1; i >= 0; i--) {
    const d = addDays(last, -i)
    if (d < first) continue
    window.push(byDate.get(d) ?? 0)
  }
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

/** The three queries of costAnalytics; the weighted ones sum weights where the plain ones count rows. */
function costQueries(where: string, weighted: boolean): { totals: string; byDay: string; models: string } {
  if (!weighted) {
    return {
      totals: `SELECT count(*)::BIGINT AS requests, fsum(cost_usd) AS cost FROM interactions WHERE ${where}`,
      byDay: `SELECT strftime(d, '%Y-%m-%d') AS date, cost, requests FROM (
       SELECT CAST(timestamp_utc AS DATE) AS d, fsum(cost_usd) AS cost, count(*)::BIGINT AS requests
       FROM interactions WHERE timestamp_utc IS NOT NULL AND (${where}) GROUP BY 1) ORDER BY d`,
      models: `SELECT model_provider, model_name, count(*)::BIGINT AS requests, avg(cost_usd) AS avg_cost,
            CASE WHEN fsum(total_tokens) FILTER (WHERE cost_usd IS NOT NULL AND total_tokens IS NOT NULL) > 0
                 THEN 1000 * fsum(cost_usd) FILTER (WHERE cost_usd IS NOT NULL AND total_tokens IS NOT NULL)
                      / fsum(total_tokens) FILTER (WHERE cost_usd IS NOT NULL AND total_tokens IS NOT NULL) END AS cost_per_1k_tokens,
            avg(response_quality_score) AS avg_quality
     FROM interactions WHERE ${where}
     GROUP BY model_provider, model_name ORDER BY requests DESC, model_provider NULLS LAST, model_name NULLS LAST`
    }
  }
  const rows = `SELECT *, ${WEIGHT_SQL} AS w FROM interactions WHERE ${where}`
  const both = 'cost_usd IS NOT NULL AND total_tokens IS NOT NULL'
  return {
    totals: `SELECT coalesce(fsum(w), 0) AS requests, fsum(cost_usd * w) AS cost FROM (${rows})`,
    byDay: `SELECT strftime(d, '%Y-%m-%d') AS date, cost, requests FROM (
       SELECT CAST(timestamp_utc AS DATE) AS d, fsum(cost_usd * w) AS cost, fsum(w) AS requests
       FROM (${rows}) WHERE timestamp_utc IS NOT NULL GROUP BY 1) ORDER BY d`,
    models: `SELECT model_provider, model_name, fsum(w) AS requests,
            fsum(cost_usd * w) / fsum(w) FILTER (WHERE cost_usd IS NOT NULL) AS avg_cost,
            CASE WHEN fsum(total_tokens * w) FILTER (WHERE ${both}) > 0
                 THEN 1000 * fsum(cost_usd * w) FILTER (WHERE ${both}) / fsum(total_tokens * w) FILTER (WHERE ${both}) END AS cost_per_1k_tokens,
            fsum(response_quality_score * w) / fsum(w) FILTER (WHERE response_quality_score IS NOT NULL) AS avg_quality
     FROM (${rows})
     GROUP BY model_provider, model_name ORDER BY requests DESC, model_provider NULLS LAST, model_name NULLS LAST`
  }
}

/** Everything the Costs page shows except the per-dimension breakdowns. */
export async function costAnalytics(ctx: AnalysisContext): Promise<CostAnalytics> {
  const { where, params } = compileScope(ctx.scope)
  const sql = costQueries(where, isWeighted(ctx))
  const [totals] = await ctx.engine.all<{ requests: number; cost: number | null }>(sql.totals, params)
  const byDay = await ctx.engine.all<{ date: string; cost: number | null; requests: number }>(sql.byDay, params)
  const models = await ctx.engine.all<Omit<ModelCostQuality, 'pareto'>>(sql.models, params)
  const days = byDay.map((d) => ({ date: d.date, cost: d.cost ?? 0, requests: d.requests }))
  return {
    total_cost: totals.cost ?? 0,
    requests: totals.requests,
    by_day: days.map((d) => ({ ...d, budget: ctx.knobs.DAILY_COST_BUDGET_USD })),
    models: markPareto(models),
    forecast: forecastMonth(days, ctx.knobs.DAILY_COST_BUDGET_USD)
  }
}
