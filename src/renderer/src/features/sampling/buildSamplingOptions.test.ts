import { describe, expect, it } from 'vitest'
import type { SamplingBacktestRow, SamplingProjectionRow } from '../../../../shared/sampling'
import { buildBacktestErrorOption, buildProjectionOption, errorPoints, PROJECTION_CHART_ROWS, stratumLabel } from './buildSamplingOptions'

const proj = (model: string | null, use: string, rows: number, kept: number): SamplingProjectionRow => ({
  model_name: model,
  use_case: use,
  total: false,
  rows,
  must_keep_rows: 1,
  expected_kept_rows: kept,
  sampled_rows: Math.round(kept),
  keep_share: kept / rows,
  bytes: rows * 100,
  expected_kept_bytes: kept * 100,
  storage_usd_month: 1,
  kept_storage_usd_month: kept / rows,
  saving_usd_month: 1 - kept / rows,
  rate_min: 0.1,
  rate_mean: kept / rows,
  rate_max: 1
})

const bt = (model: string | null, metric: SamplingBacktestRow['metric'], truth: number, est: number, se: number | null): SamplingBacktestRow => ({
  model_name: model,
  use_case: 'chat',
  total: model === null,
  metric,
  true_value: truth,
  estimate: est,
  error: est - truth,
  rel_error: (est - truth) / truth,
  std_error: se,
  z: se ? (est - truth) / se : null
})

/** The parts of an option these tests read. */
interface Drawn {
  yAxis: { data: string[] }
  series: { data: unknown[]; label?: { formatter: (p: { dataIndex: number }) => string } }[]
}
const drawn = (o: unknown): Drawn => o as Drawn

describe('projection chart', () => {
  it('draws rows and expected kept rows per stratum, labelled with the share kept', () => {
    const o = drawn(buildProjectionOption([proj('m1', 'chat', 1000, 200), proj(null, 'rag', 10, 10)]))
    expect(o.yAxis.data).toEqual(['m1 / chat', '(empty) / rag'])
    expect(o.series[0].data).toEqual([1000, 10])
    expect(o.series[1].data).toEqual([200, 10])
    expect(o.series[1].label!.formatter({ dataIndex: 0 })).toBe('20.0%')
    expect(stratumLabel({ model_name: null, use_case: null, total: true })).toBe('all rows')
  })

  it('draws at most the largest strata', () => {
    const rows = Array.from({ length: 30 }, (_, i) => proj(`m${i}`, 'chat', 100 - i, 10))
    expect(drawn(buildProjectionOption(rows)).yAxis.data).toHaveLength(PROJECTION_CHART_ROWS)
  })
})

describe('backtest chart', () => {
  it('turns each estimate into a relative error with a 2-standard-error band, skipping other metrics and zero truths', () => {
    const rows = [bt(null, 'requests', 1000, 1010, 20), bt('m1', 'requests', 100, 80, 5), bt('m1', 'failure_rate', 0.1, 0.1, 0.01), bt('m2', 'requests', 0, 0, 0), bt('m3', 'requests', 50, 55, null)]
    const pts = errorPoints(rows, 'requests')
    expect(pts.map((p) => p.label)).toEqual(['all rows', 'm1 / chat', 'm3 / chat'])
    expect(pts[0]).toMatchObject({ rel: 0.01, lo: 0.01 - 0.04, hi: 0.01 + 0.04 })
    expect(pts[2]).toMatchObject({ rel: 0.1, lo: null, hi: null })
    const o = drawn(buildBacktestErrorOption(pts, 'requests'))
    // the band crosses 0 for all rows (good), not for m1 (20% off, band 10%)
    expect(o.series[1].data.map((d) => (d as { itemStyle: { color: string } }).itemStyle.color)).toEqual(['#2f9e6e', '#d9962b', '#2f9e6e'])
    expect(o.series[0].data[1]).toEqual([1, -0.2 - 0.1, -0.2 + 0.1])
  })
})
