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

/** A budget's aggregates over the rows of its run; `params` fill the `?` in order: requests, metric, excess. */
interface ExcessSql {
  requests: string
  metric: string
  excess: string
  params: SqlValue[]
}

/**
 * Picks a run's rows: `filter()` is the FILTER clause for count and avg; `sum(x)` the exact sum of x
 * over them (exact_sum takes no FILTER: the rows are picked inside its argument). `extra` narrows both.
 */
interface InRun {
  filter: (extra?: string) => string
  sum: (x: string, extra?: string) => string
}

// Per budget, what each slice spent over its run: excess = beyond its share of the budget (fail,
// sla) or its spend (cost).
function excessSql(kind: BudgetKind, knobs: AnalysisContext['knobs'], run: InRun): ExcessSql {
  const inRun = run.filter
  const requests = `count(*) ${inRun()}::BIGINT`
  if (kind === 'fail')
    return {
      requests,
      metric: `avg(CAST(is_failure AS DOUBLE)) ${inRun()}`,
      excess: `count_if(is_failure) ${inRun()} - CAST(? AS DOUBLE) * count(*) ${inRun()}`,
      params: [knobs.FAIL_BUDGET]
    }
  if (kind === 'sla')
    return {
      requests,
      metric: `avg(CAST(latency_ms > CAST(? AS DOUBLE) AS DOUBLE)) ${inRun()}`,
      excess: `count_if(latency_ms > CAST(? AS DOUBLE)) ${inRun()} - CAST(? AS DOUBLE) * count(latency_ms) ${inRun()}`,
      params: [knobs.SLA_MS, knobs.SLA_MS, knobs.SLA_BUDGET]
    }
  const spend = `coalesce(${run.sum('cost_usd')}, 0)`
  return { requests, metric: spend, excess: spend, params: [] }
}

/** excessSql on a weighted dump: every count a sum of the weights `w`, the cost a weighted sum. */
function weightedExcessSql(kind: BudgetKind, knobs: AnalysisContext['knobs'], run: InRun): ExcessSql {
  const w = (extra?: string): string => run.sum('w', extra)
  const requests = `coalesce(${w()}, 0)`
  if (kind === 'fail')
    return {
      requests,
      metric: `${w('is_failure')} / ${w()}`,
      excess: `coalesce(${w('is_failure')}, 0) - CAST(? AS DOUBLE) * ${requests}`,
      params: [knobs.FAIL_BUDGET]
    }
  if (kind === 'sla')
    return {
      requests,
      metric: `coalesce(${w('latency_ms > CAST(? AS DOUBLE)')}, 0) / ${w('latency_ms IS NOT NULL')}`,
      excess: `coalesce(${w('latency_ms > CAST(? AS DOUBLE)')}, 0) - CAST(? AS DOUBLE) * coalesce(${w('latency_ms IS NOT NULL')}, 0)`,
      params: [knobs.SLA_MS, knobs.SLA_MS, knobs.SLA_BUDGET]
    }
  const spend = `coalesce(${run.sum('cost_usd * w')}, 0)`
  return { requests, metric: spend, excess: spend, params: [] }
}

/**
 * One scan for every burning budget: the rows from the earliest run's first day on, grouped by
 * slice once with each budget's aggregates over its own run (a FILTER on the day it began), then
 * each budget's slices with rows in its run, best first per budget (the grouped slices are
 * materialized: the budgets read that small result, not the rows again).
 */
async function sliceExcess(ctx: AnalysisContext, runs: readonly { kind: BudgetKind; since: string }[], to: string): Promise<SliceExcess[]> {
  const { where, params: scopeParams } = compileScope(ctx.scope)
  const weighted = isWeighted(ctx)
  const params: SqlValue[] = []
  const columns = runs.map((r) => {
    const picked = (extra?: string): string => `r_${r.kind}${extra ? ` AND ${extra}` : ''}`
    const run: InRun = { filter: (extra) => `FILTER (WHERE ${picked(extra)})`, sum: (x, extra) => `exact_sum(CASE WHEN ${picked(extra)} THEN ${x} END)` }
    const e = (weighted ? weightedExcessSql : excessSql)(r.kind, ctx.knobs, run)
    params.push(...e.params)
    return `count(*) ${run.filter()} AS rows_${r.kind}, ${e.requests} AS requests_${r.kind}, ${e.metric} AS metric_${r.kind}, ${e.excess} AS excess_${r.kind}`
  })
  const flags = runs.map((r) => {
    params.push(r.since)
    return `timestamp_utc >= CAST(? AS DATE) AS r_${r.kind}`
  })
  const earliest = runs.reduce((a, r) => (r.since < a ? r.since : a), runs[0].since)
  params.push(earliest, to, ...scopeParams)
  const perBudget = runs.map((r) => `SELECT '${r.kind}' AS budget, use_case, model_name, requests_${r.kind} AS requests, metric_${r.kind} AS metric, excess_${r.kind} AS excess FROM slices WHERE rows_${r.kind} > 0`)
  const sql = `
WITH slices AS MATERIALIZED (
  SELECT use_case, model_name, ${columns.join(', ')}
  FROM (
    SELECT use_case, model_name, is_failure, latency_ms, cost_usd, ${flags.join(', ')}${weighted ? `, ${WEIGHT_SQL} AS w` : ''}
    FROM interactions
    WHERE timestamp_utc >= CAST(? AS DATE) AND timestamp_utc < CAST(? AS DATE) + INTERVAL 1 DAY AND (${where})
  )
  GROUP BY use_case, model_name
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
