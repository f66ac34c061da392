/** Pure echarts options and CSVs of the Costs page's economics: the slice re-priced on every model (bars, coloured by its failure rate there) and the volume x routing scenarios of the month-end and next-month forecasts. */
import type { EChartsOption } from 'echarts'
import type { Economics, RepricedOption, SavingsIdea, Scenario, SliceRepricing } from '../../../../shared/economics'
import { modelLabel } from '../../../../shared/economics'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { toCsv } from '../../lib/csv'
import { formatInt, formatPercent, formatUsd } from '../../lib/format'

/** How the option's failure rate on the slice compares with the slice's own: the bar's colour. */
export function optionTone(o: RepricedOption, sliceFailRate: number | null): 'good' | 'bad' | 'neutral' {
  if (o.fail_rate === null || sliceFailRate === null) return 'neutral'
  return o.fail_rate <= sliceFailRate ? 'good' : 'bad'
}

const TONE_COLOR = { good: SEMANTIC_COLORS.good, bad: SEMANTIC_COLORS.bad, neutral: SEMANTIC_COLORS.neutral } as const

/** What the re-pricing chart shows, for screen readers. */
export function repricingDescription(s: SliceRepricing): string {
  const parts = s.options.map((o) => `${modelLabel(o)} ${formatUsd(o.cost)}${o.fail_rate !== null ? `, fails ${formatPercent(o.fail_rate)}` : ''}`)
  return `${s.use_case ?? 'The scope'} re-priced on each model (now ${formatUsd(s.baseline_cost)}): ${parts.join('; ') || 'no priced model'}.`
}

export function buildRepricingOption(s: SliceRepricing): EChartsOption {
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: repricingDescription(s) } },
    grid: { left: 8, right: 90, top: 18, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const o = (p as { data: { option?: RepricedOption } }).data.option
        if (!o) return ''
        return [
          `<b>${modelLabel(o)}</b> ($${o.usd_per_1m_prompt} / $${o.usd_per_1m_completion} per 1M tokens)`,
          `${formatUsd(o.cost)} for this traffic (${o.delta >= 0 ? '+' : '−'}${formatUsd(Math.abs(o.delta))} vs now)`,
          o.fail_rate === null ? 'no failure record on these use cases' : `fails ${formatPercent(o.fail_rate)} here (${formatInt(o.support)} requests) vs ${formatPercent(s.fail_rate)} now`,
          `serves ${formatPercent(o.current_share)} of it today`,
          'Click: re-price onto this model'
        ].join('<br/>')
      }
    },
    xAxis: { type: 'value', min: 0, name: 'USD', nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: (v: number) => formatUsd(v) } },
    yAxis: { type: 'category', inverse: true, data: s.options.map(modelLabel), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        name: 'Cost of this traffic',
        barMaxWidth: 18,
        cursor: 'pointer',
        data: s.options.map((o) => ({ value: o.cost, option: o, itemStyle: { color: TONE_COLOR[optionTone(o, s.fail_rate)], borderRadius: [0, 3, 3, 0] } })),
        label: { show: true, position: 'right', fontSize: 11, textBorderWidth: 0, formatter: (p: unknown) => formatUsd((p as { value: number }).value) },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: SEMANTIC_COLORS.accent, type: 'dashed', width: 2 },
          label: { formatter: `now ${formatUsd(s.baseline_cost)}`, position: 'start', fontSize: 11 },
          data: [{ xAxis: s.baseline_cost }]
        }
      }
    ]
  }
}

/** Budgets are drawn when they are at most this many times the largest scenario cost. */
export const BUDGET_SCALE = 3

/** The smallest 1, 2 or 5 x 10^k at or above v (a round axis maximum). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 0
  const p = Math.pow(10, Math.floor(Math.log10(v)))
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p
  return 10 * p
}

/** The scenarios of one kind (with or without the routing change), by volume. */
function line(scenarios: readonly Scenario[], withChange: boolean, pick: (s: Scenario) => number): [number, number][] {
  return scenarios.filter((s) => s.with_change === withChange).map((s) => [s.volume, pick(s)])
}

/** What the scenario chart shows, for screen readers. */
export function scenarioDescription(scenarios: readonly Scenario[]): string {
  const base = scenarios.filter((s) => !s.with_change)
  if (base.length === 0) return 'No forecast: no timed requests in scope.'
  return `Month-end and next-month cost by volume: ${base.map((s) => `x${s.volume} ${formatUsd(s.month_end_cost)} / ${formatUsd(s.next_month_cost)}`).join('; ')}.`
}

export function buildScenarioOption(scenarios: readonly Scenario[]): EChartsOption {
  const changed = scenarios.some((s) => s.with_change)
  const first = scenarios[0]
  const series: NonNullable<EChartsOption['series']> = [
    { type: 'line', name: `${first?.month ?? ''} month end`, data: line(scenarios, false, (s) => s.month_end_cost), symbolSize: 6, itemStyle: { color: SEMANTIC_COLORS.accent } },
    { type: 'line', name: `${first?.next_month ?? ''} (next month)`, data: line(scenarios, false, (s) => s.next_month_cost), symbolSize: 6, itemStyle: { color: '#8661d8' } }
  ]
  if (changed) {
    series.push(
      { type: 'line', name: 'month end, with the routing change', data: line(scenarios, true, (s) => s.month_end_cost), symbolSize: 6, lineStyle: { type: 'dashed' }, itemStyle: { color: SEMANTIC_COLORS.accent } },
      { type: 'line', name: 'next month, with the routing change', data: line(scenarios, true, (s) => s.next_month_cost), symbolSize: 6, lineStyle: { type: 'dashed' }, itemStyle: { color: '#8661d8' } }
    )
  }
  const maxCost = Math.max(0, ...scenarios.flatMap((s) => [s.month_end_cost, s.next_month_cost]))
  // budgets far above every scenario would flatten the lines into the axis: then the footnote states them instead
  const showBudgets = first !== undefined && Math.max(first.month_budget, first.next_month_budget) <= BUDGET_SCALE * maxCost
  if (first && showBudgets) {
    series.push({
      type: 'line',
      name: 'budgets',
      data: [],
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: SEMANTIC_COLORS.bad, type: 'dotted' },
        label: { fontSize: 10, formatter: (p: unknown) => (p as { name: string }).name },
        data: [
          { name: `${first.month} budget ${formatUsd(first.month_budget)}`, yAxis: first.month_budget, label: { position: 'insideStartTop' } },
          { name: `${first.next_month} budget ${formatUsd(first.next_month_budget)}`, yAxis: first.next_month_budget, label: { position: 'insideEndBottom' } }
        ]
      }
    })
  }
  const yMax = niceCeil(Math.max(maxCost, showBudgets && first ? Math.max(first.month_budget, first.next_month_budget) : 0) * 1.05)
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: scenarioDescription(scenarios) } },
    grid: { left: 8, right: 150, top: 30, bottom: 28, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatUsd(v as number) },
    xAxis: { type: 'value', min: 0.5, max: 5, interval: 0.5, name: 'volume ×', nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: (v: number) => `×${v}` } },
    // the budgets are drawn as mark lines, which do not stretch the axis by themselves
    yAxis: { type: 'value', min: 0, max: yMax > 0 ? yMax : undefined, axisLabel: { formatter: (v: number) => formatUsd(v) } },
    series
  }
}

export function repricingCsv(s: SliceRepricing): string {
  return toCsv(
    ['use_case', 'model_provider', 'model_name', 'usd_per_1m_prompt', 'usd_per_1m_completion', 'cost', 'delta_vs_now', 'fail_rate', 'fail_rate_support', 'p95_latency', 'avg_quality', 'current_share', 'baseline_cost', 'requests', 'requests_priceable'],
    s.options.map((o) => [s.use_case ?? '(whole scope)', o.model_provider, o.model_name, o.usd_per_1m_prompt, o.usd_per_1m_completion, o.cost, o.delta, o.fail_rate, o.support, o.p95_latency, o.avg_quality, o.current_share, s.baseline_cost, s.requests, s.requests_priceable])
  )
}

export function scenariosCsv(scenarios: readonly Scenario[]): string {
  return toCsv(
    ['volume', 'with_routing_change', 'month', 'month_end_cost', 'month_budget', 'next_month', 'next_month_cost', 'next_month_budget', 'expected_fail_rate', 'next_month_requests', 'expected_failures_next_month'],
    scenarios.map((s) => [s.volume, s.with_change, s.month, s.month_end_cost, s.month_budget, s.next_month, s.next_month_cost, s.next_month_budget, s.expected_fail_rate, s.next_month_requests, s.expected_failures_next_month])
  )
}

export function ideasCsv(ideas: readonly SavingsIdea[]): string {
  return toCsv(
    ['rank', 'kind', 'use_case', 'title', 'savings', 'savings_per_30d', 'share_of_use_case_cost', 'requests_affected', 'fail_rate_delta', 'model_provider', 'model_name', 'detail'],
    ideas.map((i, k) => [k + 1, i.kind, i.use_case, i.title, i.savings, i.savings_per_30d, i.share_of_use_case_cost, i.requests_affected, i.fail_rate_delta, i.model_provider, i.model_name, i.detail])
  )
}

/** The scenario rows of the table: per volume, without and with the change side by side. */
export function scenarioRows(e: Pick<Economics, 'scenarios'>): { volume: number; base: Scenario; changed: Scenario | null }[] {
  const base = e.scenarios.filter((s) => !s.with_change)
  return base.map((b) => ({ volume: b.volume, base: b, changed: e.scenarios.find((s) => s.with_change && s.volume === b.volume) ?? null }))
}
