import { describe, expect, it } from 'vitest'
import type { CompareMetric, CompareResult } from '../../../../shared/compare'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { buildCompareOption, compareDescription, forestRows, unplottedMetrics } from './buildCompareOption'
import { compareCsv, describeScope, formatEffect, formatInterval, formatMetricDiff, formatMetricValue, formatPValue, sideDrilldown } from './compareView'

const metric = (m: Partial<CompareMetric>): CompareMetric => ({
  metric: 'failure_rate',
  label: 'failure rate',
  unit: 'rate',
  higher_is_worse: true,
  estimand: 'difference of proportions (B - A)',
  a: { n: 100, value: 0.05, events: 5 },
  b: { n: 100, value: 0.08, events: 8 },
  difference: 0.03,
  relative_difference: 0.6,
  ci_low: -0.01,
  ci_high: 0.07,
  ci_method: 'Newcombe',
  test: 'two_proportion_z',
  statistic: 0.8,
  df: null,
  p_value: 0.42,
  p_holm: 0.9,
  effect_name: 'cohens_h',
  effect_size: 0.12,
  magnitude: 'negligible',
  outcome: 'no_clear_difference',
  adequacy: 'ok',
  warning: null,
  verdict: 'No clear difference',
  ...m
})

const RESULT: CompareResult = {
  a_requests: 100,
  b_requests: 100,
  overlap: 0,
  alpha: 0.05,
  metrics: [
    metric({}),
    metric({ metric: 'cost', label: 'cost per request', unit: 'usd', a: { n: 100, value: 0.002, events: null }, b: { n: 100, value: 0.001, events: null }, difference: -0.001, ci_low: -0.0012, ci_high: -0.0008, outcome: 'b_better' }),
    metric({ metric: 'feedback', label: 'user feedback', unit: 'feedback', a: { n: 0, value: null, events: null }, difference: null, ci_low: null, ci_high: null, outcome: 'no_data' })
  ],
  summary: 'x',
  notes: []
}

describe('buildCompareOption', () => {
  it('places each difference and interval as a share of A, coloured by outcome', () => {
    // failure rate: 0.03 / 0.05 = 60%, interval -20% .. 140%; cost -0.001 / 0.002 = -50% (-60% .. -40%)
    const rows = forestRows(RESULT)
    expect(rows.map((r) => [r.metric.metric, r.point, r.low, r.high].map((v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)))).toEqual([
      ['failure_rate', 60, -20, 140],
      ['cost', -50, -60, -40]
    ])
    expect(unplottedMetrics(RESULT).map((m) => m.metric)).toEqual(['feedback'])
    const opt = buildCompareOption(RESULT) as { series: { type: string; data: unknown[]; itemStyle?: { color: string } }[]; xAxis: { min: number; max: number } }
    expect(opt.series.map((s) => s.type)).toEqual(['line', 'line', 'scatter'])
    expect(opt.series[1].itemStyle?.color).toBe(SEMANTIC_COLORS.good)
    expect(opt.xAxis.max).toBeCloseTo(154, 9)
    expect(compareDescription(RESULT)).toBe('Difference of B from A as a share of A, with 95% intervals: failure rate 60.0% (-20.0% to 140.0%), no clear difference; cost per request -50.0% (-60.0% to -40.0%), B better.')
  })
})

describe('compare view helpers', () => {
  it('writes values, differences, intervals, p-values and effects in their units', () => {
    expect(formatMetricValue('rate', 0.0512)).toBe('5.1%')
    expect(formatMetricDiff('rate', -0.028)).toBe('−2.8 pp')
    expect(formatMetricDiff('ms', 120)).toBe('+120.0 ms')
    expect(formatInterval(RESULT.metrics[0])).toBe('−1.0 pp to +7.0 pp')
    expect(formatPValue(0.0004)).toBe('< 0.001')
    expect(formatPValue(0.0423)).toBe('0.042')
    expect(formatPValue(0.42)).toBe('0.42')
    expect(formatEffect(RESULT.metrics[0])).toBe("Cohen's h 0.12 (negligible)")
    expect(formatEffect({ effect_name: 'relative_change', effect_size: -0.153, magnitude: null })).toBe('relative change −15.3%')
  })

  it('describes scopes, exports every metric and drills into either side', () => {
    expect(describeScope({})).toBe('every request')
    expect(describeScope({ filters: { model_name: ['claude'] } })).toBe('Model: claude')
    const csv = compareCsv(RESULT).split('\n')
    expect(csv[0].startsWith('metric,estimand,a_n,a_value')).toBe(true)
    expect(csv[1].startsWith('failure_rate,difference of proportions (B - A),100,0.05,5,100,0.08,8,0.03')).toBe(true)
    const d = sideDrilldown('B', { filters: { model_name: ['llama'] } }, 600, true)
    expect(d.scope).toEqual({ filters: { model_name: ['llama'] }, is_failure: true })
    expect(d.params.expect).toBe('600')
  })
})
