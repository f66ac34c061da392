import { describe, expect, it } from 'vitest'
import type { CategoricalDriftDistribution, NumericDriftDistribution } from '../../../../shared/drift'
import { binAxisNameGap, binLabels, buildDistributionOption, distributionHeight, distributionLabels, formatEdge } from './buildDistributionOption'

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

  it('puts the bins axis name past the longest rotated label', () => {
    // short labels keep the 48 px floor; 11 characters need 3 x 11 + 9 + 14 = 56 px, 21 need 86
    expect(binAxisNameGap(['[1, 2)', '[2, 3]'])).toBe(48)
    expect(binAxisNameGap(['[120, 851)', '[851, 1.6K)'])).toBe(56)
    expect(binAxisNameGap(['[0.0000046, 0.000103)', '[0.000375, 0.000579)'])).toBe(3 * 21 + 9 + 14)
    expect(binAxisNameGap([])).toBe(48)
    const cost: NumericDriftDistribution = { type: 'numeric', edges: [0.0000046, 0.000103, 0.00017], reference: [0.5, 0.5], current: [0.5, 0.5] }
    const opt = buildDistributionOption(cost, NAMES)
    expect((opt.xAxis as { nameGap: number }).nameGap).toBe(binAxisNameGap(binLabels(cost.edges)))
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
