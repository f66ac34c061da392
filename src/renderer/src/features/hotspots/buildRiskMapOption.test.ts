import { describe, expect, it } from 'vitest'
import type { ModelHotspots } from '../../../../shared/analysis'
import { BUCKET_COLOR, BUCKET_LABEL, buildRiskMapOption, modelLabel, niceCeil, niceFloor, riskMapBounds, riskMapDescription, symbolSizeFor, unplottedModels } from './buildRiskMapOption'

// model_hotspots.csv of the notebook sample, plus one model without latency
const HOTSPOTS: ModelHotspots = {
  hotspot_fail_rate: 0.06,
  min_requests: 60,
  rows: [
    { model_provider: 'anthropic', model_name: 'claude', requests: 422, fail_rate: 0.06635071090047394, p95_latency: 2512.8095000000003, cost_per_request: 0.0018969810426540284, sla_breach_rate: 0.15165876777251186, bucket: 'high_failure_and_sla' },
    { model_provider: 'local', model_name: 'llama', requests: 422, fail_rate: 0.06398104265402843, p95_latency: 2663.774, cost_per_request: 0.001964658767772512, sla_breach_rate: 0.1966824644549763, bucket: 'high_failure_and_sla' },
    { model_provider: 'google', model_name: 'gemini', requests: 423, fail_rate: 0.06382978723404255, p95_latency: 2815.5529999999994, cost_per_request: 0.002035238770685579, sla_breach_rate: 0.24113475177304963, bucket: 'high_failure_and_sla' },
    { model_provider: 'openai', model_name: 'gpt', requests: 407, fail_rate: 0.0343980343980344, p95_latency: 2664.437, cost_per_request: 0.0019753022113022114, sla_breach_rate: 0.19164619164619165, bucket: 'sla_risk' },
    { model_provider: 'unknown', model_name: 'mystery', requests: 80, fail_rate: 0.1, p95_latency: null, cost_per_request: null, sla_breach_rate: null, bucket: 'high_failure' }
  ]
}
const T = { slaMs: 2200, hotspotFailRate: 0.06 }

type Point = { value: [number, number]; symbolSize: number; model: { model_name: string } }
type Series = {
  name: string
  symbol?: string
  itemStyle?: { color: string }
  data: Point[]
  markLine?: { data: { name: string; xAxis?: number; yAxis?: number; label: { formatter: string } }[] }
  markArea?: { data: [{ xAxis: number; yAxis: number }, { xAxis: number; yAxis: number }][] }
}

describe('buildRiskMapOption', () => {
  it('plots p95 (x) against fail rate (y), one series per bucket with its colour, in the legend', () => {
    const opt = buildRiskMapOption(HOTSPOTS, T)
    const series = opt.series as Series[]
    expect(series.map((s) => s.name)).toEqual(['High failure + SLA risk', 'High failure', 'SLA risk', 'OK', 'thresholds'])
    expect((opt.legend as { data: string[] }).data).toEqual(Object.values(BUCKET_LABEL))
    expect(series[0].itemStyle!.color).toBe(BUCKET_COLOR.high_failure_and_sla)
    expect(series[0].data.map((p) => p.model.model_name)).toEqual(['claude', 'llama', 'gemini'])
    expect(series[0].data[0].value).toEqual([2512.8095000000003, 0.06635071090047394])
    expect(series[2].data.map((p) => p.value)).toEqual([[2664.437, 0.0343980343980344]])
    // a model without latency cannot be placed: it is left out of the map and listed instead
    expect(series[1].data).toEqual([])
    expect(unplottedModels(HOTSPOTS).map(modelLabel)).toEqual(['unknown / mystery'])
  })

  it('sizes markers by requests', () => {
    const series = buildRiskMapOption(HOTSPOTS, T).series as Series[]
    expect(series[0].data.map((p) => p.symbolSize)).toEqual([symbolSizeFor(422, 423), symbolSizeFor(422, 423), 40])
    expect(symbolSizeFor(0, 423)).toBe(12)
    expect(symbolSizeFor(106, 424)).toBe(26)
    expect(symbolSizeFor(5, 0)).toBe(12)
  })

  it('draws the SLA line at x = SLA_MS and the hotspot line at y = HOTSPOT_FAIL_RATE, and shades the hotspot quadrant', () => {
    const opt = buildRiskMapOption(HOTSPOTS, T)
    const thresholds = (opt.series as Series[])[4]
    expect(thresholds.data).toEqual([])
    const [sla, hot] = thresholds.markLine!.data
    expect(sla).toMatchObject({ xAxis: 2200, label: { formatter: 'SLA 2,200 ms' } })
    expect(hot).toMatchObject({ yAxis: 0.06, label: { formatter: 'hotspot 6%' } })
    const [[from, to]] = thresholds.markArea!.data
    expect(from).toEqual({ xAxis: 2200, yAxis: 0.06 })
    const x = opt.xAxis as { min: number; max: number }
    const y = opt.yAxis as { min: number; max: number }
    expect(to).toEqual({ xAxis: x.max, yAxis: y.max })
  })

  it('keeps both lines and every point inside the axes, also when a knob moves a line past the data', () => {
    expect(riskMapBounds(HOTSPOTS, T)).toEqual({ xMin: 2000, xMax: 3000, yMax: 0.077 })
    const far = riskMapBounds(HOTSPOTS, { slaMs: 5000, hotspotFailRate: 0.15 })
    expect(far.xMax).toBeGreaterThan(5000)
    expect(far.xMin).toBeLessThan(2512)
    expect(far.yMax).toBeGreaterThan(0.15)
    const opt = buildRiskMapOption(HOTSPOTS, { slaMs: 5000, hotspotFailRate: 0.15 })
    expect((opt.series as Series[])[4].markLine!.data[0].xAxis).toBe(5000)
  })

  it('describes the lines and every model for screen readers', () => {
    const d = riskMapDescription(HOTSPOTS, T)
    expect(d).toContain('SLA line at 2,200 ms, hotspot fail rate line at 6%.')
    expect(d).toContain('openai / gpt: p95 2,664.4 ms, fail rate 3.44%, 407 requests, SLA risk')
    expect((buildRiskMapOption(HOTSPOTS, T).aria as { label: { description: string } }).label.description).toBe(d)
  })

  it('rounds axis ends to two significant digits', () => {
    expect(niceCeil(0.0794)).toBe(0.08)
    expect(niceCeil(2815.5)).toBe(2900)
    expect(niceCeil(0.08)).toBe(0.08)
    expect(niceFloor(2404.99)).toBe(2400)
    expect(niceFloor(0)).toBe(0)
  })

  it('tells in the tooltip that the numbers are history-window numbers', () => {
    const opt = buildRiskMapOption(HOTSPOTS, T)
    const fmt = (opt.tooltip as { formatter: (p: unknown) => string }).formatter
    const tip = fmt({ data: (opt.series as Series[])[0].data[0] })
    expect(tip).toContain('anthropic / claude')
    expect(tip).toContain('422 requests (history window)')
    expect(tip).toContain('fail rate 6.64% · p95 2,512.8 ms')
  })
})
