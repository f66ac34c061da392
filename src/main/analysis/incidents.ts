/** Budget incidents for the Overview: which budgets burn above 1 on the last day in scope, since when, and the slice driving each (weighted by sample_rate when the dump has it). */
import type { BurnDay } from '../../shared/analysis'
import type { BudgetKind, Incident } from '../../shared/costs'
import { budgetBurnDaily } from './burn'
import type { SqlValue } from '../engine/engine'
import type { AnalysisContext } from './context'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL } from './weights'

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
  const runs = (['fail', 'sla', 'cost'] as const).flatMap((kind) => {
    const run = currentRun(days, kind)
    return run ? [{ kind, ...run }] : []
  })
  if (runs.length === 0) return []
  const slices = await sliceExcess(ctx, runs, days[days.length - 1].date_utc)
  return runs.map((run) => ({ budget: run.kind, since: run.since, days: run.days, last_burn: run.lastBurn, top_slice: topSlice(slices.filter((s) => s.budget === run.kind)) }))
}

type SliceExcess = { budget: BudgetKind; use_case: string | null; model_name: string | null; requests: number; metric: number | null; excess: number }

// Per budget, what each slice spent over its run (rows flagged r_<budget>): excess = beyond its share
// of the budget (fail, sla) or its spend (cost). `params` fill the `?` in order: requests, metric, excess.
function excessSql(kind: BudgetKind, knobs: AnalysisContext['knobs']): { sql: string; params: SqlValue[] } {
  const inRun = `FILTER (WHERE r_${kind})`
  const requests = `count(*) ${inRun}`
  if (kind === 'fail')
    return {
      sql: `${requests}::BIGINT AS requests, avg(CAST(is_failure AS DOUBLE)) ${inRun} AS metric, count_if(is_failure) ${inRun} - CAST(? AS DOUBLE) * count(*) ${inRun} AS excess`,
      params: [knobs.FAIL_BUDGET]
    }
  if (kind === 'sla')
    return {
      sql: `${requests}::BIGINT AS requests, avg(CAST(latency_ms > CAST(? AS DOUBLE) AS DOUBLE)) ${inRun} AS metric, count_if(latency_ms > CAST(? AS DOUBLE)) ${inRun} - CAST(? AS DOUBLE) * count(latency_ms) ${inRun} AS excess`,
      params: [knobs.SLA_MS, knobs.SLA_MS, knobs.SLA_BUDGET]
    }
  return { sql: `${requests}::BIGINT AS requests, coalesce(fsum(cost_usd) ${inRun}, 0) AS metric, coalesce(fsum(cost_usd) ${inRun}, 0) AS excess`, params: [] }
}

/** excessSql on a weighted dump: every count a sum of the weights `w`, the cost a weighted sum. */
function weightedExcessSql(kind: BudgetKind, knobs: AnalysisContext['knobs']): { sql: string; params: SqlValue[] } {
  const inRun = (extra?: string): string => `FILTER (WHERE r_${kind}${extra ? ` AND ${extra}` : ''})`
  const requests = `coalesce(fsum(w) ${inRun()}, 0)`
  if (kind === 'fail')
    return {
      sql: `${requests} AS requests, fsum(w) ${inRun('is_failure')} / fsum(w) ${inRun()} AS metric, coalesce(fsum(w) ${inRun('is_failure')}, 0) - CAST(? AS DOUBLE) * ${requests} AS excess`,
      params: [knobs.FAIL_BUDGET]
    }
  if (kind === 'sla')
    return {
      sql: `${requests} AS requests, coalesce(fsum(w) ${inRun('latency_ms > CAST(? AS DOUBLE)')}, 0) / fsum(w) ${inRun('latency_ms IS NOT NULL')} AS metric, coalesce(fsum(w) ${inRun('latency_ms > CAST(? AS DOUBLE)')}, 0) - CAST(? AS DOUBLE) * coalesce(fsum(w) ${inRun('latency_ms IS NOT NULL')}, 0) AS excess`,
      params: [knobs.SLA_MS, knobs.SLA_MS, knobs.SLA_BUDGET]
    }
  return { sql: `${requests} AS requests, coalesce(fsum(cost_usd * w) ${inRun()}, 0) AS metric, coalesce(fsum(cost_usd * w) ${inRun()}, 0) AS excess`, params: [] }
}

/** One scan for every burning budget: each slice's requests, rate (or cost) and excess over that budget's run, best first per budget. */
async function sliceExcess(ctx: AnalysisContext, runs: readonly { kind: BudgetKind; since: string }[], to: string): Promise<SliceExcess[]> {
  const { where, params: scopeParams } = compileScope(ctx.scope)
  const params: SqlValue[] = []
  const flags = runs.map((r) => {
    params.push(r.since)
    return `timestamp_utc >= CAST(? AS DATE) AS r_${r.kind}`
  })
  const earliest = runs.reduce((a, r) => (r.since < a ? r.since : a), runs[0].since)
  params.push(earliest, to, ...scopeParams)
  const weighted = isWeighted(ctx)
  const perBudget = runs.map((r) => {
    const e = (weighted ? weightedExcessSql : excessSql)(r.kind, ctx.knobs)
    params.push(...e.params)
    return `SELECT '${r.kind}' AS budget, use_case, model_name, ${e.sql} FROM run_rows GROUP BY use_case, model_name HAVING count(*) FILTER (WHERE r_${r.kind}) > 0`
  })
  const sql = `
WITH run_rows AS MATERIALIZED (
  SELECT use_case, model_name, is_failure, latency_ms, cost_usd, ${flags.join(', ')}${weighted ? `, ${WEIGHT_SQL} AS w` : ''}
  FROM interactions
  WHERE timestamp_utc >= CAST(? AS DATE) AND timestamp_utc < CAST(? AS DATE) + INTERVAL 1 DAY AND (${where})
)
${perBudget.join('\nUNION ALL\n')}
ORDER BY budget, excess DESC, requests DESC, use_case NULLS LAST, model_name NULLS LAST`
  return ctx.engine.all<SliceExcess>(sql, params)
}

/** The slice with the largest positive excess and its share of all positive excess (rows in rank order). */
function topSlice(ranked: readonly SliceExcess[]): Incident['top_slice'] {
  const positive = ranked.filter((r) => r.excess > 0)
  const total = positive.reduce((s, r) => s + r.excess, 0)
  const top = positive[0]
  if (!top) return null
  return { use_case: top.use_case, model_name: top.model_name, requests: top.requests, rate_or_cost: top.metric ?? 0, excess_share: total > 0 ? top.excess / total : 0 }
}
