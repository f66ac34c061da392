import { describe, expect, it } from 'vitest'
import type { RoutingPolicyRow } from '../../../../shared/analysis'
import { routingBacktestCsv, routingExportNames, routingPolicyCsv } from './routingCsv'
import { SAMPLE_SUMMARY } from './routingFixtures'

// two rows of the notebook sample's routing_policy_use_case.csv, byte for byte as the CLI writes them
const POLICY_CSV = `use_case,model_provider,model_name,requests,fail_rate,p95_latency,sla_breach_rate,avg_cost,expected_unit_cost,policy_mode
analytics,openai,gpt,82,0.024390243902439025,2706.4015,0.1951219512195122,0.002016390243902439,1.9532359024390242,relax_2
support,openai,gpt,70,0.0,2468.5244999999995,0.2,0.001967257142857143,1.001967257142857,relax_1
`

const ROWS: RoutingPolicyRow[] = [
  {
    use_case: 'analytics',
    model_provider: 'openai',
    model_name: 'gpt',
    requests: 82,
    fail_rate: 0.024390243902439025,
    p95_latency: 2706.4015,
    sla_breach_rate: 0.1951219512195122,
    avg_cost: 0.002016390243902439,
    expected_unit_cost: 1.9532359024390242,
    policy_mode: 'relax_2'
  },
  {
    use_case: 'support',
    model_provider: 'openai',
    model_name: 'gpt',
    requests: 70,
    fail_rate: 0,
    p95_latency: 2468.5244999999995,
    sla_breach_rate: 0.2,
    avg_cost: 0.001967257142857143,
    expected_unit_cost: 1.001967257142857,
    policy_mode: 'relax_1'
  }
]

describe('routing CSV exports', () => {
  it('writes the policy like the artifact', () => {
    expect(routingPolicyCsv(ROWS)).toBe(POLICY_CSV)
  })

  it('writes the one-row backtest summary like the artifact, the note quoted only if needed', () => {
    const summary = SAMPLE_SUMMARY
    const lines = routingBacktestCsv(summary).split('\n')
    expect(lines[0].split(',')).toHaveLength(20)
    expect(lines[1]).toBe(
      "split == 'test',359,5,5,0.06685236768802229,0.08037899890267577,0.013526631214653487,3.7066831587743736,4.186814718251457,0.48013155947708297,1330.699254,1503.0664838522728,172.36722985227266,candidate_failed_backtest,do_not_roll_out_keep_baseline,0.12,40.0,5.0,5,observational backtest on logged traffic (selection bias: the chosen model's metrics come from the requests it happened to serve)"
    )
    expect(lines[2]).toBe('')
  })

  it('names what-if exports apart from the saved policy', () => {
    expect(routingExportNames(false)).toEqual({ policy: 'routing_policy_use_case.csv', backtest: 'routing_backtest_summary.csv' })
    expect(routingExportNames(true)).toEqual({ policy: 'routing_policy_use_case.what-if.csv', backtest: 'routing_backtest_summary.what-if.csv' })
  })
})
