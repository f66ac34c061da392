import { describe, expect, it } from 'vitest'
import { scoreSpikes } from './spikes'

const flat = (n: number) => ({ day: Array.from({ length: n }, (_, i) => i), weekend: new Array<boolean>(n).fill(false), segment: new Array<number>(n).fill(0) })

describe('scoreSpikes', () => {
  it('scores a spike against the median of its neighbours (hand-computed)', () => {
    // ten points at 0 but one at 1, variance 0.01 each. Point 5: baseline = median of the nine others = 0,
    // sd = sqrt(0.01 + (pi / 2) 0.01 / 9) = 0.108376..., u = 9.227146206184011. Every other point has
    // baseline 0 and u = 0; the trimmed variance of the u's is 0, so the dispersion is 1.
    // Adjusted over 10 scored points: p = 10 * 2 P(Z > 9.2271), z = 8.977123399684461.
    const y = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    const { scores, dispersion } = scoreSpikes({ y, v: new Array<number>(10).fill(0.01), ...flat(10) })
    expect(dispersion).toBe(1)
    expect(scores).toHaveLength(10)
    const s = scores[5]
    expect(s.baseline).toBe(0)
    expect(s.references).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9])
    expect(s.zRaw).toBeCloseTo(9.227146206184011, 9)
    expect(s.z).toBeCloseTo(8.977123399684461, 7)
    expect(scores.filter((x) => x.index !== 5).every((x) => x.z === 0)).toBe(true)
  })

  it('a weekend level is not a spike: weekends are compared with weekends', () => {
    const n = 28
    const weekend = Array.from({ length: n }, (_, i) => i % 7 >= 5)
    const y = weekend.map((we, i) => (we ? 2 : 0) + 0.05 * Math.sin(i * 2.3))
    const { scores } = scoreSpikes({ y, v: new Array<number>(n).fill(0.01), day: y.map((_, i) => i), weekend, segment: new Array<number>(n).fill(0) })
    expect(Math.max(...scores.map((s) => Math.abs(s.z)))).toBeLessThan(2)
  })

  it('a day with a large variance (few requests) needs a larger deviation', () => {
    const y = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    const v = new Array<number>(10).fill(0.01)
    v[5] = 1
    const { scores } = scoreSpikes({ y, v, ...flat(10) })
    expect(Math.abs(scores[5].zRaw)).toBeLessThan(1.01)
  })

  it('leaves out excluded points and points without enough references, and stays in its segment', () => {
    const y = [0, 0, 0, 5, 5, 5, 9]
    const { scores } = scoreSpikes({ y, v: new Array<number>(7).fill(0.01), day: [0, 1, 2, 3, 4, 5, 6], weekend: new Array<boolean>(7).fill(false), segment: [0, 0, 0, 1, 1, 1, -1] })
    // each point has only two references of its own segment (< 3): none is scored; point 6 is excluded
    expect(scores).toEqual([])
    expect(scoreSpikes({ y: [], v: [], day: [], weekend: [], segment: [] }).scores).toEqual([])
  })
})
