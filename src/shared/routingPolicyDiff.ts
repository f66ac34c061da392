/** Pure comparison of two routing results (a what-if against the saved knobs, or two policy versions): which use cases route elsewhere or in another tier, and how the backtest totals move. */
import type { RoutingBacktestSummary, RoutingPolicyRow, RoutingStatus } from './analysis'

export type PolicyChange = 'same' | 'model' | 'mode' | 'added' | 'removed'

export interface PolicyRowDiff {
  use_case: string
  change: PolicyChange
  saved: RoutingPolicyRow | null
  whatIf: RoutingPolicyRow | null
  /** what-if minus saved expected unit cost of the chosen model (null when either side has no row) */
  unitCostDelta: number | null
}

/** "openai / gpt" (a null provider reads as "—"). */
export function modelLabel(provider: string | null, name: string | null): string {
  return `${provider ?? '—'} / ${name ?? '—'}`
}

/** One entry per use case of either policy, sorted by use case; `change` is the biggest difference (model before mode). */
export function diffPolicies(saved: readonly RoutingPolicyRow[], whatIf: readonly RoutingPolicyRow[]): PolicyRowDiff[] {
  const a = new Map(saved.map((r) => [r.use_case, r]))
  const b = new Map(whatIf.map((r) => [r.use_case, r]))
  const useCases = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
  return useCases.map((use_case) => {
    const s = a.get(use_case) ?? null
    const w = b.get(use_case) ?? null
    let change: PolicyChange
    if (!s) change = 'added'
    else if (!w) change = 'removed'
    else if (s.model_name !== w.model_name || s.model_provider !== w.model_provider) change = 'model'
    else if (s.policy_mode !== w.policy_mode) change = 'mode'
    else change = 'same'
    return { use_case, change, saved: s, whatIf: w, unitCostDelta: s && w ? w.expected_unit_cost - s.expected_unit_cost : null }
  })
}

export interface SummaryDiff {
  savedStatus: RoutingStatus
  whatIfStatus: RoutingStatus
  /** what-if minus saved; null when either side is null */
  policyUnitCost: number | null
  policyFailRate: number | null
  policyTotalCost: number
  /** use cases whose model or tier differs */
  changedUseCases: number
}

function minus(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b
}

export function diffSummaries(saved: RoutingBacktestSummary, whatIf: RoutingBacktestSummary, rows: readonly PolicyRowDiff[]): SummaryDiff {
  return {
    savedStatus: saved.routing_status,
    whatIfStatus: whatIf.routing_status,
    policyUnitCost: minus(whatIf.policy_expected_unit_cost, saved.policy_expected_unit_cost),
    policyFailRate: minus(whatIf.policy_expected_fail_rate, saved.policy_expected_fail_rate),
    policyTotalCost: whatIf.policy_total_expected_cost - saved.policy_total_expected_cost,
    changedUseCases: rows.filter((r) => r.change !== 'same').length
  }
}

/** How a row changed, in a few words: "was anthropic / claude (relax_1)". */
export function describeChange(d: PolicyRowDiff): string {
  switch (d.change) {
    case 'same':
      return 'same model and tier'
    case 'added':
      return 'new: no policy row with the saved knobs'
    case 'removed':
      return `dropped: was ${modelLabel(d.saved!.model_provider, d.saved!.model_name)}`
    case 'model':
      return `was ${modelLabel(d.saved!.model_provider, d.saved!.model_name)} (${d.saved!.policy_mode})`
    case 'mode':
      return `same model, tier was ${d.saved!.policy_mode}`
  }
}
