/** Budget incidents for the Overview: which budgets burn above 1 on the last day in scope, since when, and the slice driving each. */
import type { BurnDay } from '../../shared/analysis'
import type { BudgetKind, Incident } from '../../shared/costs'
import { budgetBurnDaily } from './burn'
import type { AnalysisContext } from './context'
import { compileScope } from './scopeSql'

const BURN_KEY: Record<BudgetKind, keyof BurnDay> = { fail: 'fail_budget_burn', sla: 'sla_budget_burn', cost: 'cost_budget_burn' }

/** The run of consecutive calendar days over budget that ends on the last day, or null. */
export function currentRun(days: readonly BurnDay[], kind: BudgetKind): { since: string; days: number; lastBurn: number } | null {
  if (days.length === 0) return null
  const key = BURN_KEY[kind]
  const burnOf = (d: BurnDay): number | null => d[key] as number | null
  const last = days[days.length - 1]
  const lastBurn = burnOf(last)
  if (lastBurn === null || !(lastBurn > 1)) return null
  let i = days.length - 1
  while (i > 0) {
    const prev = days[i - 1]
    const b = burnOf(prev)
    const gap = (Date.parse(days[i].date_utc) - Date.parse(prev.date_utc)) / 86_400_000
    if (gap !== 1 || b === null || !(b > 1)) break
    i--
  }
  return { since: days[i].date_utc, days: days.length - i, lastBurn }
}

/** The incidents on the last day in scope, with the top (use_case, model_name) slice over each run. */
export async function budgetIncidents(ctx: AnalysisContext, burn?: BurnDay[]): Promise<Incident[]> {
  const days = burn ?? (await budgetBurnDaily(ctx))
  const out: Incident[] = []
  for (const kind of ['fail', 'sla', 'cost'] as const) {
    const run = currentRun(days, kind)
    if (!run) continue
    out.push({ budget: kind, since: run.since, days: run.days, last_burn: run.lastBurn, top_slice: await topSlice(ctx, kind, run.since, days[days.length - 1].date_utc) })
  }
  return out
}

async function topSlice(ctx: AnalysisContext, kind: BudgetKind, from: string, to: string): Promise<Incident['top_slice']> {
  const { where, params } = compileScope(ctx.scope)
  // excess = what the slice spent beyond its share of the budget over the run.
  const excess =
    kind === 'fail'
      ? 'count_if(is_failure) - CAST(? AS DOUBLE) * count(*)'
      : kind === 'sla'
        ? 'count_if(latency_ms > CAST(? AS DOUBLE)) - CAST(? AS DOUBLE) * count(latency_ms)'
        : 'coalesce(fsum(cost_usd), 0)'
  const metric =
    kind === 'fail' ? 'avg(CAST(is_failure AS DOUBLE))' : kind === 'sla' ? 'avg(CAST(latency_ms > CAST(? AS DOUBLE) AS DOUBLE))' : 'coalesce(fsum(cost_usd), 0)'
  const excessParams = kind === 'fail' ? [ctx.knobs.FAIL_BUDGET] : kind === 'sla' ? [ctx.knobs.SLA_MS, ctx.knobs.SLA_BUDGET] : []
  const metricParams = kind === 'sla' ? [ctx.knobs.SLA_MS] : []
  const rows = await ctx.engine.all<{ use_case: string | null; model_name: string | null; requests: number; metric: number | null; excess: number }>(
    `SELECT use_case, model_name, count(*)::BIGINT AS requests, ${metric} AS metric, ${excess} AS excess
     FROM interactions
     WHERE timestamp_utc >= CAST(? AS DATE) AND timestamp_utc < CAST(? AS DATE) + INTERVAL 1 DAY AND (${where})
     GROUP BY use_case, model_name
     ORDER BY excess DESC, requests DESC, use_case NULLS LAST, model_name NULLS LAST`,
    [...metricParams, ...excessParams, from, to, ...params]
  )
  const positive = rows.filter((r) => r.excess > 0)
  const total = positive.reduce((s, r) => s + r.excess, 0)
  const top = positive[0]
  if (!top) return null
  return { use_case: top.use_case, model_name: top.model_name, requests: top.requests, rate_or_cost: top.metric ?? 0, excess_share: total > 0 ? top.excess / total : 0 }
}
