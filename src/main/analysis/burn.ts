/** Daily budget burn of PIPELINE.md section 5: every timed row in scope, in a window or not, per UTC day. */
import type { BurnDay } from '../../shared/analysis'
import type { Knobs } from '../../shared/knobs'
import type { AnalysisContext } from './context'
import { scopeAggregates, type ScopeAggregates } from './scopeAggregates'

/** Computes one row per UTC day present in scope, oldest first. */
export async function budgetBurnDaily(ctx: AnalysisContext): Promise<BurnDay[]> {
  // the scan behind it is memoised (shared with the health snapshot); this is only arithmetic per day
  return (await scopeAggregates(ctx)).days.map((r) => burnDay(r, ctx.knobs))
}

function burnDay(r: ScopeAggregates['days'][number], knobs: Knobs): BurnDay {
  const fail_rate = r.n_fail / r.n
  const sla_breach_rate = r.n_lat > 0 ? r.n_breach / r.n_lat : null
  const cost = r.n_cost > 0 ? r.cost_sum : null
  const fail_budget_burn = fail_rate / knobs.FAIL_BUDGET
  const sla_budget_burn = sla_breach_rate === null ? null : sla_breach_rate / knobs.SLA_BUDGET
  const cost_budget_burn = cost === null ? null : cost / knobs.DAILY_COST_BUDGET_USD
  return {
    date_utc: r.date_utc,
    requests: r.n,
    fail_rate,
    sla_breach_rate,
    cost,
    p95_latency: r.p95,
    fail_budget_burn,
    sla_budget_burn,
    cost_budget_burn,
    fail_over_budget: fail_budget_burn > 1,
    // An unknown burn is not reported as over budget (as pandas' NaN > 1 is False).
    sla_over_budget: sla_budget_burn !== null && sla_budget_burn > 1,
    cost_over_budget: cost_budget_burn !== null && cost_budget_burn > 1
  }
}
