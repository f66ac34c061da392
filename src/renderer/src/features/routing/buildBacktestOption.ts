/** Pure echarts option for the per-use-case backtest: expected unit cost today (baseline) next to the policy's, one pair of bars per evaluation use case. */
import type { EChartsOption } from 'echarts'
import type { RoutingBacktestUseCase } from '../../../../shared/analysis'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatInt, formatPercent, formatUsd } from '../../lib/format'
import { modelLabel } from './policyDiff'

/** Pixel height giving each use case room for two bars. */
export function backtestChartHeight(useCases: number): number {
  return Math.max(160, 56 + useCases * 44)
}

function policySeries(name: string, color: string, data: (number | null)[]): Record<string, unknown> {
  return {
    type: 'bar',
    name,
    stack: 'policy',
    barMaxWidth: 14,
    itemStyle: { color, borderRadius: [0, 3, 3, 0] },
    data,
    label: { show: true, position: 'right', fontSize: 10, formatter: (p: unknown) => formatUsd((p as { value: number }).value) }
  }
}

export function buildBacktestOption(useCases: readonly RoutingBacktestUseCase[]): EChartsOption {
  const names = useCases.map((u) => u.use_case)
  const tooltip = (i: number): string => {
    const u = useCases[i]
    const chosen = u.chosen_model_name === null ? 'no policy row: baseline kept' : `${modelLabel(u.chosen_model_provider, u.chosen_model_name)} · observed on ${formatInt(u.chosen_model_requests)} requests`
    return [
      `<b>${u.use_case}</b> · ${formatInt(u.requests)} evaluation requests`,
      `baseline: ${formatUsd(u.baseline_expected_unit_cost)} per request · fail ${formatPercent(u.baseline_fail_rate)}`,
      `policy: ${formatUsd(u.policy_expected_unit_cost)} per request · fail ${formatPercent(u.policy_fail_rate)}`,
      chosen
    ].join('<br/>')
  }
  return {
    animationDuration: 300,
    legend: { top: 0, left: 0, data: ['Baseline (today)', 'Policy: cheaper or equal', 'Policy: costlier'] },
    grid: { left: 8, right: 72, top: 28, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (p: unknown) => tooltip((p as { dataIndex: number }[])[0]?.dataIndex ?? 0) },
    xAxis: { type: 'value', min: 0, name: 'expected unit cost ($ / request)', nameLocation: 'middle', nameGap: 24, axisLabel: { formatter: (v: number) => formatUsd(v) } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 11 } },
    series: [
      {
        type: 'bar',
        name: 'Baseline (today)',
        barMaxWidth: 14,
        itemStyle: { color: SEMANTIC_COLORS.neutral, borderRadius: [0, 3, 3, 0] },
        data: useCases.map((u) => u.baseline_expected_unit_cost),
        label: { show: true, position: 'right', fontSize: 10, formatter: (p: unknown) => formatUsd((p as { value: number }).value) }
      },
      // one slot for the policy, coloured by whether it beats the baseline: two series stacked, each holding its rows only
      policySeries('Policy: cheaper or equal', SEMANTIC_COLORS.good, useCases.map((u) => (u.policy_expected_unit_cost <= u.baseline_expected_unit_cost ? u.policy_expected_unit_cost : null))),
      policySeries('Policy: costlier', SEMANTIC_COLORS.bad, useCases.map((u) => (u.policy_expected_unit_cost > u.baseline_expected_unit_cost ? u.policy_expected_unit_cost : null)))
    ] as EChartsOption['series']
  }
}
