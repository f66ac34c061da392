import { describe, expect, it } from 'vitest'
import type { AnomalySeries } from '../../../../shared/anomalies'
import { finding } from '../../lib/anomalyFixtures'
import { buildAnomalySeriesOption, seriesDescription, seriesRows } from './buildAnomalySeriesOption'

const SERIES: AnomalySeries = {
  metric: 'failure_rate',
  dimension: 'model_name',
  value: 'B',
  dates: ['2025-03-08', '2025-03-09', '2025-03-10', '2025-03-11', '2025-03-12'],
  values: [0.1, 0.1, 0.4, 0.6, 0.6],
  fitted: [0.1, 0.1, 0.35, 0.6, 0.6],
  support: [10, 10, 10, 10, 3],
  requests: [10, 10, 10, 10, 3],
  findings: [finding({ ramp_days: 1, level_reached: '2025-03-11' })],
  checked: true
}

type Bar = { value: number | null; itemStyle: { color: string; opacity: number } }

describe('buildAnomalySeriesOption', () => {
  it('draws the daily values, the fitted level, the change line and the gradual change shaded', () => {
    const o = buildAnomalySeriesOption(SERIES) as unknown as { xAxis: { data: string[] }; series: [{ data: Bar[]; markLine: { data: { xAxis: string }[] }; markArea: { data: [{ xAxis: string }, { xAxis: string }][] } }, { data: (number | null)[] }] }
    expect(o.xAxis.data).toEqual(SERIES.dates)
    const [bars, fitted] = o.series
    expect(bars.data.map((b) => b.value)).toEqual(SERIES.values)
    // the transition days (2025-03-10 to the new level on 03-11) are red
    expect(bars.data.map((b) => b.itemStyle.color === bars.data[0].itemStyle.color)).toEqual([true, true, false, false, true])
    expect(bars.markLine.data.map((d) => d.xAxis)).toEqual(['2025-03-10'])
    expect(bars.markArea.data).toEqual([[{ xAxis: '2025-03-10' }, { xAxis: '2025-03-11' }]])
    expect(fitted.data).toEqual(SERIES.fitted)
  })

  it('describes the series and lists it as rows', () => {
    expect(seriesDescription(SERIES)).toBe('Failure rate of model_name = B per UTC day, 5 days from 2025-03-08 to 2025-03-12; findings: Failure rate up 10.0% → 60.0% since 2025-03-10, new level from 2025-03-11.')
    expect(seriesDescription({ ...SERIES, dates: [] })).toBe('No timed requests in scope.')
    expect(seriesRows(SERIES)[2]).toEqual({ date: '2025-03-10', value: 0.4, fitted: 0.35, support: 10, requests: 10, finding: 'change' })
    expect(seriesRows(SERIES)[0].finding).toBe('')
  })
})
