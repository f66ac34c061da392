import { describe, expect, it } from 'vitest'
import type { CategoricalDriftDistribution, NumericDriftDistribution } from '../../../../shared/drift'
import { binLabels, buildDistributionOption, distributionHeight, distributionLabels, formatEdge } from './buildDistributionOption'

const NUMERIC: NumericDriftDistribution = { type: 'numeric', edges: [120, 850.5, 1600, 2644.5095], reference: [0.3, 0.4, 0.3], current: [0.2, 0.3, 0.5] }
const CATEGORICAL: CategoricalDriftDistribution = { type: 'categorical', categories: ['free', 'pro', null], reference: [0.5, 0.45, 0.05], current: [0.6, 0.4, 0] }
const NAMES = { reference: 'History', current: 'Evaluation' }

type Series = { name: string; data: number[] }

describe('drift distribution option', () => {
  it('labels numeric bins from the edges, the last bin closed', () => {
    expect(formatEdge(2644.5095)).toBe('2.64K')
    expect(formatEdge(0.001967257)).toBe('0.00197')
    expect(formatEdge(850.5)).toBe('851')
    expect(binLabels(NUMERIC.edges)).toEqual(['[120, 851)', '[851, 1.6K)', '[1.6K, 2.64K]'])
  })

  it('draws the numeric bins as grouped vertical bars, reference then current', () => {
    const opt = buildDistributionOption(NUMERIC, NAMES)
    expect((opt.xAxis as { data: string[] }).data).toEqual(['[120, 851)', '[851, 1.6K)', '[1.6K, 2.64K]'])
    expect((opt.yAxis as { type: string }).type).toBe('value')
    const s = opt.series as Series[]
    expect(s.map((x) => x.name)).toEqual(['History', 'Evaluation'])
    expect(s[0].data).toEqual([0.3, 0.4, 0.3])
    expect(s[1].data).toEqual([0.2, 0.3, 0.5])
    const tip = (opt.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 2 }])
    expect(tip).toBe('<b>[1.6K, 2.64K]</b><br/>History: 30.0%<br/>Evaluation: 50.0%<br/>change: +20.00 pp')
  })

  it('draws categories as horizontal pairs, null as its own category', () => {
    const opt = buildDistributionOption(CATEGORICAL, NAMES)
    expect((opt.yAxis as { data: string[]; inverse: boolean }).data).toEqual(['free', 'pro', '(null)'])
    expect((opt.xAxis as { type: string }).type).toBe('value')
    expect((opt.series as Series[])[1].data).toEqual([0.6, 0.4, 0])
    expect(distributionLabels(CATEGORICAL)).toEqual(['free', 'pro', '(null)'])
    expect(distributionHeight(CATEGORICAL)).toBe(200)
    expect(distributionHeight({ ...CATEGORICAL, categories: Array(10).fill('x'), reference: [], current: [] })).toBe(404)
  })
})
