import { describe, expect, it } from 'vitest'
import type { RoutingBacktest, RoutingBacktestSummary } from '../../../../shared/analysis'
import { SAMPLE_SUMMARY } from './routingFixtures'
import { formatUsdDelta, routingVerdict } from './routingVerdict'

const SUMMARY = SAMPLE_SUMMARY

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
