import { describe, expect, it } from 'vitest'
import { ROUTING_BACKTEST_NOTE, type RoutingBacktest, type RoutingBacktestSummary } from '../../../../shared/analysis'
import { formatUsdDelta, routingVerdict } from './routingVerdict'

// the notebook sample's routing_backtest_summary.csv as our pipeline writes it
const SUMMARY: RoutingBacktestSummary = {
  evaluation_window: "split == 'test'",
  requests: 359,
  use_cases_total: 5,
  use_cases_covered: 5,
  baseline_expected_fail_rate: 0.06685236768802229,
  policy_expected_fail_rate: 0.08037899890267577,
  fail_rate_delta_vs_baseline: 0.013526631214653487,
  baseline_expected_unit_cost: 3.7066831587743736,
  policy_expected_unit_cost: 4.186814718251457,
  unit_cost_delta_vs_baseline: 0.48013155947708297,
  baseline_total_expected_cost: 1330.699254,
  policy_total_expected_cost: 1503.0664838522728,
  total_expected_cost_delta_vs_baseline: 172.36722985227266,
  routing_status: 'candidate_failed_backtest',
  routing_recommendation: 'do_not_roll_out_keep_baseline',
  routing_max_fail_rate: 0.12,
  failure_business_cost: 40,
  sla_breach_penalty_usd: 5,
  use_cases_with_chosen_model_observed: 5,
  note: ROUTING_BACKTEST_NOTE
}

function backtest(summary: Partial<RoutingBacktestSummary>, extra: Partial<RoutingBacktest> = {}): RoutingBacktest {
  return { summary: { ...SUMMARY, ...summary }, use_cases: [], requests_without_use_case: 0, blocking_gates: [], backtest_status: summary.routing_status ?? SUMMARY.routing_status, ...extra }
}

describe('routingVerdict', () => {
  it('explains a failed backtest with its numbers', () => {
    const v = routingVerdict(backtest({}))
    expect(v.tone).toBe('bad')
    expect(v.headline).toBe('Do not roll out: keep the current routing.')
    expect(v.explanation).toBe(
      'On the evaluation window the policy gives an expected unit cost $4.19 vs $3.71 today (+$0.480 per request) and an expected fail rate 8.04% vs 6.69% (+1.35 pp). Both are above the current routing.'
    )
  })

  it('reads improves and mixed verdicts', () => {
    const good = routingVerdict(backtest({ routing_status: 'candidate_improves', routing_recommendation: 'shadow_then_canary' }))
    expect(good.tone).toBe('good')
    expect(good.headline).toBe('Run the policy in shadow mode, then as a canary.')
    const mixed = routingVerdict(backtest({ routing_status: 'candidate_mixed', routing_recommendation: 'review_tradeoff' }))
    expect(mixed.tone).toBe('warn')
    expect(mixed.explanation).toMatch(/the other above it\.$/)
  })

  it('names the failed gates and keeps what the backtest alone says', () => {
    const v = routingVerdict(
      backtest({ routing_status: 'blocked_by_gate', routing_recommendation: 'do_not_roll_out_fix_gate' }, { blocking_gates: ['token_accounting', 'cost_missing_rate'], backtest_status: 'no_routing_policy' })
    )
    expect(v.tone).toBe('bad')
    expect(v.explanation).toBe('Stop-ship: the integrity gates token_accounting, cost_missing_rate failed and are not overridden, so this policy must not be acted on.')
    expect(v.backtestReading).toMatch(/^Without the gate, the backtest says no_routing_policy: No \(use case, model\) pair/)
  })

  it('says why there is nothing to test', () => {
    expect(routingVerdict(backtest({ routing_status: 'no_evaluation_data', routing_recommendation: 'keep_baseline_collect_evaluation_data' })).headline).toBe(
      'Keep the current routing and collect evaluation data.'
    )
  })

  it('signs dollar changes', () => {
    expect(formatUsdDelta(0.48013155947708297)).toBe('+$0.480')
    expect(formatUsdDelta(-172.36722985227266)).toBe('−$172.37')
    expect(formatUsdDelta(0)).toBe('±$0.00')
    expect(formatUsdDelta(null)).toBe('—')
  })
})
