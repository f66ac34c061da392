import { describe, expect, it } from 'vitest'
import type { ModelCostQuality } from '../../../../shared/costs'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { buildCostPer1kOption, buildCostQualityOption, costModelLabel, costPer1kDescription, costPer1kRows, costQualityDescription, modelSymbolSize, paretoPath, plottableModels } from './buildModelCostOptions'

/** The fields the model-cost charts do not read, at neutral values. */
const REST = { failures: 0, fail_rate: 0, p95_latency: null, sla_breach_rate: null, total_cost: null, cost_per_success: null, cost_per_quality_point: null, pareto_all: false }

// getCosts().models of the notebook sample, plus a frontier of three, a model without quality and a null provider
const SAMPLE: ModelCostQuality[] = [
  { ...REST, model_provider: 'anthropic', model_name: 'claude', requests: 600, avg_cost: 0.0018401366666666685, cost_per_1k_tokens: 0.003373385233980666, avg_quality: 0.6144500000000002, pareto: true },
  { ...REST, model_provider: 'google', model_name: 'gemini', requests: 600, avg_cost: 0.002026139999999999, cost_per_1k_tokens: 0.0034706955471620546, avg_quality: 0.6123950000000002, pareto: false },
  { ...REST, model_provider: 'local', model_name: 'llama', requests: 600, avg_cost: 0.001963416666666666, cost_per_1k_tokens: 0.0033515889498990014, avg_quality: 0.6091949999999997, pareto: false },
  { ...REST, model_provider: 'openai', model_name: 'gpt', requests: 600, avg_cost: 0.0019999900000000027, cost_per_1k_tokens: 0.0033322151844251482, avg_quality: 0.5888866666666664, pareto: false }
]
const FRONTIER: ModelCostQuality[] = [
  { ...REST, model_provider: 'a', model_name: 'big', requests: 100, avg_cost: 0.01, cost_per_1k_tokens: 0.02, avg_quality: 0.9, pareto: true },
  { ...REST, model_provider: 'a', model_name: 'small', requests: 400, avg_cost: 0.001, cost_per_1k_tokens: 0.002, avg_quality: 0.6, pareto: true },
  { ...REST, model_provider: 'b', model_name: 'mid', requests: 25, avg_cost: 0.004, cost_per_1k_tokens: 0.01, avg_quality: 0.8, pareto: true },
  { ...REST, model_provider: 'b', model_name: 'worse', requests: 50, avg_cost: 0.005, cost_per_1k_tokens: 0.01, avg_quality: 0.7, pareto: false },
  { ...REST, model_provider: null, model_name: 'noq', requests: 10, avg_cost: 0.002, cost_per_1k_tokens: null, avg_quality: null, pareto: false }
]

type Series = { type: string; name: string; data: unknown[]; itemStyle?: { color: string } }

describe('buildCostPer1kOption', () => {
  it('draws one bar per model with a cost per 1k tokens, most expensive first', () => {
    const opt = buildCostPer1kOption(SAMPLE)
    expect((opt.yAxis as { data: string[] }).data).toEqual(['google / gemini', 'anthropic / claude', 'local / llama', 'openai / gpt'])
    const s = (opt.series as Series[])[0]
    expect((s.data as { value: number }[]).map((d) => d.value)).toEqual([0.0034706955471620546, 0.003373385233980666, 0.0033515889498990014, 0.0033322151844251482])
    expect(costPer1kRows(FRONTIER).map((m) => m.model_name)).toEqual(['big', 'mid', 'worse', 'small'])
    expect(costModelLabel(FRONTIER[4])).toBe('(empty) / noq')
  })
})

describe('buildCostQualityOption', () => {
  it('marks the frontier points and draws the frontier line through them in cost order', () => {
    const opt = buildCostQualityOption(FRONTIER)
    const [line, frontier, dominated] = opt.series as Series[]
    expect(line.type).toBe('line')
    expect(line.data).toEqual([
      [0.001, 0.6],
      [0.004, 0.8],
      [0.01, 0.9]
    ])
    expect(paretoPath(FRONTIER).map((m) => m.model_name)).toEqual(['small', 'mid', 'big'])
    expect(frontier.name).toBe('Pareto frontier')
    expect(frontier.itemStyle!.color).toBe(SEMANTIC_COLORS.good)
    expect((frontier.data as { model: ModelCostQuality }[]).map((d) => d.model.model_name)).toEqual(['big', 'small', 'mid'])
    expect((dominated.data as { model: ModelCostQuality }[]).map((d) => d.model.model_name)).toEqual(['worse'])
    // a model without quality cannot be placed
    expect(plottableModels(FRONTIER)).toHaveLength(4)
  })

  it('sizes points by requests and puts cost on x, quality on y', () => {
    const [, frontier] = buildCostQualityOption(FRONTIER).series as Series[]
    const small = (frontier.data as { value: [number, number]; symbolSize: number; model: ModelCostQuality }[]).find((d) => d.model.model_name === 'small')!
    expect(small.value).toEqual([0.001, 0.6])
    expect(small.symbolSize).toBe(36)
    expect(modelSymbolSize(100, 400)).toBe(23)
    expect(modelSymbolSize(0, 400)).toBe(10)
  })

  it('describes both charts for screen readers', () => {
    expect(costPer1kDescription(SAMPLE)).toBe('Cost per 1k tokens by model: google / gemini $0.00347; anthropic / claude $0.00337; local / llama $0.00335; openai / gpt $0.00333.')
    expect(costQualityDescription(SAMPLE)).toContain('anthropic / claude cost $0.00184 quality 0.614 (Pareto frontier); google / gemini cost $0.00203 quality 0.612;')
  })

  it('on the sample: one frontier model, a one-point line, three dominated', () => {
    const [line, frontier, dominated] = buildCostQualityOption(SAMPLE).series as Series[]
    expect(line.data).toEqual([[0.0018401366666666685, 0.6144500000000002]])
    expect(frontier.data).toHaveLength(1)
    expect(dominated.data).toHaveLength(3)
  })
})
