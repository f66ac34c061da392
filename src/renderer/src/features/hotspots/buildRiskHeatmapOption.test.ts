import { describe, expect, it } from 'vitest'
import type { RiskSliceTable } from '../../../../shared/analysis'
import { HEATMAP_RAMP, HEATMAP_UNSUPPORTED_COLOR, buildRiskHeatmapOption, columnLabelRotation, heatmapDescription, heatmapGrid, heatmapHeight } from './buildRiskHeatmapOption'

const TABLE: RiskSliceTable = {
  dimensions: ['account_tier', 'use_case'],
  min_requests: 1,
  slices_total: 5,
  rows: [
    { key: ['enterprise', 'search'], requests: 127, fail_rate: 0.06299212598425197, p95_latency: 3002.364, avg_cost: 0.0020923779527559057, score: 0.8085489443092335 },
    { key: ['free', 'support'], requests: 118, fail_rate: 0.059322033898305086, p95_latency: 2906.8755, avg_cost: 0.0019949322033898306, score: 0.7794970837442217 },
    { key: ['enterprise', 'coding'], requests: 117, fail_rate: 0.09401709401709402, p95_latency: 2404.99, avg_cost: 0.0018508205128205128, score: 0.7348079064491062 },
    { key: ['unknown', 'coding'], requests: 7, fail_rate: 0.2857142857142857, p95_latency: 2100, avg_cost: null, score: 0.8 },
    { key: ['pro', 'search'], requests: 98, fail_rate: 0.02040816326530612, p95_latency: 2739.704, avg_cost: 0.001933959183673469, score: 0.6636697224489796 }
  ]
}

type Datum = { value: [number, number, number]; slice: { requests: number }; supported: boolean }
type Series = { name: string; data: Datum[]; itemStyle: { color?: string }; label: { formatter: (p: unknown) => string } }

describe('heatmapGrid', () => {
  it('puts dimension 0 on the rows and dimension 1 on the columns, sorted, unknown last', () => {
    const g = heatmapGrid(TABLE, 60)
    expect(g.rows).toEqual(['enterprise', 'free', 'pro', 'unknown'])
    expect(g.columns).toEqual(['coding', 'search', 'support'])
    const cell = g.cells.find((c) => c.slice.key[0] === 'free')!
    expect([g.columns[cell.x], g.rows[cell.y]]).toEqual(['support', 'free'])
    expect(g.cells.filter((c) => !c.supported).map((c) => c.slice.key)).toEqual([['unknown', 'coding']])
  })
})

describe('buildRiskHeatmapOption', () => {
  it('colours supported cells by fail rate and greys the ones below the minimum support', () => {
    const opt = buildRiskHeatmapOption(TABLE, 60)
    const [supported, below] = opt.series as Series[]
    expect(supported.data).toHaveLength(4)
    expect(below.data).toHaveLength(1)
    expect(below.name).toBe('Below 60 requests')
    expect(below.itemStyle.color).toBe(HEATMAP_UNSUPPORTED_COLOR)
    // the colour scale maps only the supported series, from 0 to the highest supported fail rate
    const vm = opt.visualMap as { seriesIndex: number; min: number; max: number; inRange: { color: string[] } }
    expect(vm.seriesIndex).toBe(0)
    expect(vm.min).toBe(0)
    expect(vm.max).toBe(0.09401709401709402)
    expect(vm.inRange.color).toEqual([...HEATMAP_RAMP])
    // each cell carries its value triple and shows fail rate and support
    const d = supported.data.find((x) => x.slice.requests === 127)!
    expect(d.value).toEqual([1, 0, 0.06299212598425197])
    expect(supported.label.formatter({ data: d })).toBe('6.30%\nn=127')
  })

  it('says in the tooltip that the numbers are history-window counts and when a cell is not ranked', () => {
    const opt = buildRiskHeatmapOption(TABLE, 60)
    const fmt = (opt.tooltip as { formatter: (p: unknown) => string }).formatter
    const [supported, below] = opt.series as Series[]
    const tip = fmt({ data: supported.data[0] })
    expect(tip).toContain('Tier enterprise · Use case search')
    expect(tip).toContain('127 requests (history window)')
    expect(tip).toContain('fail rate 6.30% · p95 3,002.4 ms')
    expect(tip).not.toContain('below the minimum support')
    expect(fmt({ data: below.data[0] })).toContain('below the minimum support of 60 requests')
    expect(fmt({ data: below.data[0] })).toContain('avg cost —')
  })

  it('moves cells between the two series when the minimum support changes', () => {
    const [supported, below] = buildRiskHeatmapOption(TABLE, 110).series as Series[]
    expect(supported.data.map((d) => d.slice.requests)).toEqual([127, 118, 117])
    expect(below.data.map((d) => d.slice.requests)).toEqual([7, 98])
    expect(heatmapHeight(3)).toBe(278)
    expect(heatmapHeight(1)).toBe(200)
  })

  it('describes every cell for screen readers, in place of echarts\' generic text', () => {
    const d = heatmapDescription(TABLE, 60)
    expect(d).toContain('Failure rate by Tier and Use case, history window: enterprise search 6.30% of 127;')
    expect(d).toContain('unknown coding 28.6% of 7 (below support)')
    expect((buildRiskHeatmapOption(TABLE, 60).aria as { label: { description: string } }).label.description).toBe(d)
  })

  it('turns column labels when many long ones would run together', () => {
    expect(columnLabelRotation(['coding', 'search', 'support'])).toBe(0)
    expect(columnLabelRotation(['analytics', 'coding', 'search', 'summarization', 'support'])).toBe(30)
    expect((buildRiskHeatmapOption(TABLE, 60).xAxis as { axisLabel: { rotate: number } }).axisLabel.rotate).toBe(0)
  })

  it('draws an empty table without a zero-width colour scale', () => {
    const opt = buildRiskHeatmapOption({ ...TABLE, rows: [] }, 60)
    expect((opt.series as Series[])[0].data).toEqual([])
    expect((opt.visualMap as { max: number }).max).toBe(0.01)
  })
})
