import { describe, expect, it } from 'vitest'
import type { RoutingBacktestUseCase } from '../../../../shared/analysis'
import { backtestChartHeight, buildBacktestOption } from './buildBacktestOption'

function uc(use_case: string, baseline: number, policy: number, chosen: string | null): RoutingBacktestUseCase {
  return {
    use_case,
    requests: 70,
    baseline_fail_rate: 0.05,
    baseline_avg_cost: 0.002,
    baseline_p95_latency: 2500,
    baseline_sla_breach_rate: 0.2,
    baseline_expected_unit_cost: baseline,
    chosen_model_provider: chosen ? 'openai' : null,
    chosen_model_name: chosen,
    chosen_model_requests: chosen ? 30 : 0,
    policy_fail_rate: 0.04,
    policy_avg_cost: 0.002,
    policy_p95_latency: 2400,
    policy_sla_breach_rate: 0.1,
    policy_expected_unit_cost: policy
  }
}

type Bar = { name: string; stack?: string; data: (number | null)[]; itemStyle: { color: string }; label: { formatter: (p: unknown) => string } }

describe('buildBacktestOption', () => {
  const rows = [uc('coding', 3.2, 2.6, 'gpt'), uc('search', 1.1, 1.4, 'gpt'), uc('legal', 2, 2, null)]
  const opt = buildBacktestOption(rows)
  const [base, cheaper, costlier] = opt.series as Bar[]

  it('pairs baseline and policy unit costs per use case, in order', () => {
    expect((opt.yAxis as { data: string[] }).data).toEqual(['coding', 'search', 'legal'])
    expect(base.data).toEqual([3.2, 1.1, 2])
    expect(base.label.formatter({ value: 3.2 })).toBe('$3.20')
  })

  it('puts a policy bar in the cheaper or the costlier series, one slot, ties counting as not worse', () => {
    expect(cheaper.data).toEqual([2.6, null, 2])
    expect(costlier.data).toEqual([null, 1.4, null])
    expect(cheaper.stack).toBe(costlier.stack)
    expect(cheaper.itemStyle.color).not.toBe(costlier.itemStyle.color)
    expect((opt.legend as { data: string[] }).data).toEqual(['Baseline (today)', 'Policy: cheaper or equal', 'Policy: costlier'])
  })

  it('explains a row in its tooltip, saying when the baseline is kept', () => {
    const f = (opt.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(f([{ dataIndex: 0 }])).toContain('openai / gpt · observed on 30 requests')
    expect(f([{ dataIndex: 2 }])).toContain('no policy row: baseline kept')
    expect(backtestChartHeight(5)).toBe(276)
  })
})
