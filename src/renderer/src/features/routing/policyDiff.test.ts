import { describe, expect, it } from 'vitest'
import type { RoutingBacktestSummary, RoutingPolicyRow } from '../../../../shared/analysis'
import { describeChange, diffPolicies, diffSummaries, modelLabel } from './policyDiff'

function row(use_case: string, model_name: string, policy_mode: RoutingPolicyRow['policy_mode'], expected_unit_cost: number, model_provider: string | null = 'openai'): RoutingPolicyRow {
  return { use_case, model_provider, model_name, requests: 80, fail_rate: 0.02, p95_latency: 2400, sla_breach_rate: 0.1, avg_cost: 0.002, expected_unit_cost, policy_mode }
}

describe('diffPolicies', () => {
  const saved = [row('coding', 'claude', 'relax_1', 2.65, 'anthropic'), row('search', 'gpt', 'relax_2', 1.35), row('support', 'gpt', 'relax_1', 1.0), row('legal', 'gpt', 'strict', 0.5)]
  const whatIf = [row('coding', 'gpt', 'strict', 2.0), row('search', 'gpt', 'strict', 1.1), row('support', 'gpt', 'relax_1', 1.25), row('analytics', 'gpt', 'relax_2', 1.9)]
  const d = diffPolicies(saved, whatIf)

  it('lists every use case of either side, sorted, with the biggest change', () => {
    expect(d.map((x) => [x.use_case, x.change])).toEqual([
      ['analytics', 'added'],
      ['coding', 'model'],
      ['legal', 'removed'],
      ['search', 'mode'],
      ['support', 'same']
    ])
    expect(d[1].unitCostDelta).toBeCloseTo(2.0 - 2.65, 12)
    expect(d[0].unitCostDelta).toBeNull()
    expect(d[4].unitCostDelta).toBeCloseTo(0.25, 12)
  })

  it('says how each row changed', () => {
    expect(d.map(describeChange)).toEqual([
      'new: no policy row with the saved knobs',
      'was anthropic / claude (relax_1)',
      'dropped: was openai / gpt',
      'same model, tier was relax_2',
      'same model and tier'
    ])
    expect(modelLabel(null, 'm')).toBe('— / m')
  })

  it('moves the backtest totals', () => {
    const s = { routing_status: 'candidate_failed_backtest', policy_expected_unit_cost: 4.19, policy_expected_fail_rate: 0.08, policy_total_expected_cost: 1503 } as RoutingBacktestSummary
    const w = { routing_status: 'candidate_mixed', policy_expected_unit_cost: 3.5, policy_expected_fail_rate: null, policy_total_expected_cost: 1400 } as RoutingBacktestSummary
    expect(diffSummaries(s, w, d)).toEqual({
      savedStatus: 'candidate_failed_backtest',
      whatIfStatus: 'candidate_mixed',
      policyUnitCost: 3.5 - 4.19,
      policyFailRate: null,
      policyTotalCost: -103,
      changedUseCases: 4
    })
  })
})
