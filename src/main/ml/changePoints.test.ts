import { describe, expect, it } from 'vitest'
import { detectChangePoints, dispersionFromDifferences, huberLevel, refineStep } from './changePoints'

const weekdays = (n: number): boolean[] => new Array<boolean>(n).fill(false)

describe('detectChangePoints: binomial cost', () => {
  // 1/10 failures on four days, then 5/10 on four days. By hand:
  //   whole: p = 24/80 = 0.3, LL = 24 ln 0.3 + 56 ln 0.7 = -48.86909...
  //   left:  p = 0.1,         LL = 4 ln 0.1 + 36 ln 0.9  = -13.00332...
  //   right: p = 0.5,         LL = 40 ln 0.5             = -27.72589...
  //   gain = 2 (LL_left + LL_right - LL_whole) = 16.279876012671470
  //   5 candidate positions (2 to 6, at least 2 days a side): p = 5 * 2 P(Z > sqrt(16.28)), adjusted z = 3.639464191788486
  const k = [1, 1, 1, 1, 5, 5, 5, 5]
  const n = new Array<number>(8).fill(10)

  it('finds the step with its levels, likelihood-ratio statistic and adjusted z', () => {
    const { changes } = detectChangePoints({ kind: 'binomial', k, n, weekend: weekdays(8) }, { z: 3, dispersion: 1, minSegment: 2 })
    expect(changes).toHaveLength(1)
    const c = changes[0]
    expect([c.start, c.end, c.from, c.to]).toEqual([4, 4, 0, 8])
    expect(c.before).toBeCloseTo(0.1, 15)
    expect(c.after).toBeCloseTo(0.5, 15)
    expect(c.statistic).toBeCloseTo(16.27987601267147, 9)
    expect(c.z).toBeCloseTo(3.639464191788486, 8)
  })

  it('is not significant at a stricter z, or under over-dispersion', () => {
    expect(detectChangePoints({ kind: 'binomial', k, n, weekend: weekdays(8) }, { z: 4, dispersion: 1, minSegment: 2 }).changes).toEqual([])
    // dispersion 2 halves the statistic: 8.14, adjusted z 2.27
    const d = detectChangePoints({ kind: 'binomial', k, n, weekend: weekdays(8) }, { z: 2, dispersion: 2, minSegment: 2 }).changes
    expect(d[0].statistic).toBeCloseTo(16.27987601267147 / 2, 9)
  })

  it('a day with three requests is little evidence: the same rates on tiny days are no change', () => {
    const tiny = detectChangePoints({ kind: 'binomial', k: [0, 0, 0, 0, 1, 1, 2, 1], n: [3, 3, 3, 3, 3, 3, 3, 3], weekend: weekdays(8) }, { z: 3, dispersion: 1, minSegment: 2 })
    expect(tiny.changes).toEqual([])
  })

  it('finds nothing in a constant series and nothing in a series too short to split', () => {
    expect(detectChangePoints({ kind: 'binomial', k: new Array(30).fill(5), n: new Array(30).fill(100), weekend: weekdays(30) }, { z: 3, dispersion: 1 }).changes).toEqual([])
    expect(detectChangePoints({ kind: 'binomial', k: [0, 0, 9, 9, 9], n: [9, 9, 9, 9, 9], weekend: weekdays(5) }, { z: 1, dispersion: 1 }).changes).toEqual([])
    expect(detectChangePoints({ kind: 'binomial', k: [], n: [], weekend: [] }, { z: 1, dispersion: 1 }).changes).toEqual([])
  })

  it('a weekend rate of its own is not read as changes', () => {
    // weekdays 5%, weekends 15%, four weeks
    const we = Array.from({ length: 28 }, (_, i) => i % 7 >= 5)
    const kk = we.map((w) => (w ? 30 : 10))
    const nn = new Array<number>(28).fill(200)
    expect(detectChangePoints({ kind: 'binomial', k: kk, n: nn, weekend: we, weekendFactor: 3 }, { z: 4, dispersion: 1 }).changes).toEqual([])
  })
})

describe('detectChangePoints: Gaussian cost', () => {
  it('finds a step: gain W1 W2 / W (m1 - m2)^2 = 16 * 16 / 32 = 8, adjusted z over 5 positions 2.267025387168767', () => {
    const y = [0, 0, 0, 0, 1, 1, 1, 1]
    const w = new Array<number>(8).fill(4)
    const { changes } = detectChangePoints({ kind: 'gaussian', y, w }, { z: 2, dispersion: 1, minSegment: 2 })
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ start: 4, end: 4, before: 0, after: 1 })
    expect(changes[0].statistic).toBeCloseTo(8, 12)
    expect(changes[0].z).toBeCloseTo(2.267025387168767, 8)
  })

  it('dates a gradual change by its first moved point and its end by the first at the new level', () => {
    // 0 for ten points, then 0.25, 0.5, 0.75, then 1 (sd 0.05 per point)
    const y = [...new Array<number>(10).fill(0), 0.25, 0.5, 0.75, ...new Array<number>(17).fill(1)]
    const { changes } = detectChangePoints({ kind: 'gaussian', y, w: new Array<number>(30).fill(400) }, { z: 4, dispersion: 1 })
    expect(changes).toHaveLength(1)
    expect([changes[0].start, changes[0].end]).toEqual([10, 13])
    expect(changes[0].before).toBeCloseTo(0, 12)
    expect(changes[0].after).toBeCloseTo(1, 12)
  })

  it('a one- to three-day spike is not a change (clipped to the rolling median)', () => {
    const y = new Array<number>(30).fill(0)
    y[12] = y[13] = y[14] = 5
    expect(detectChangePoints({ kind: 'gaussian', y, w: new Array<number>(30).fill(100) }, { z: 4, dispersion: 1 }).changes).toEqual([])
  })

  it('growth is a trend, not steps; a jump on top of it is a change, and the trend is estimated', () => {
    const day = Array.from({ length: 40 }, (_, i) => i)
    const wiggle = (i: number): number => 0.01 * Math.sin(i * 1.7)
    const grow = day.map((t) => 0.02 * t + wiggle(t))
    const w = new Array<number>(40).fill(2500)
    const noTrend = detectChangePoints({ kind: 'gaussian', y: grow, w }, { z: 4, dispersion: 1 })
    expect(noTrend.changes.length).toBeGreaterThan(0)
    const withTrend = detectChangePoints({ kind: 'gaussian', y: grow, w, day, trend: true }, { z: 4, dispersion: 1 })
    expect(withTrend.changes).toEqual([])
    const jump = detectChangePoints({ kind: 'gaussian', y: grow.map((v, t) => v + (t >= 30 ? 0.5 : 0)), w, day, trend: true }, { z: 4, dispersion: 1 })
    expect(jump.changes.map((c) => c.start)).toEqual([30])
    expect(jump.trend).toBeCloseTo(0.02, 3)
    expect(jump.changes[0].after - jump.changes[0].before).toBeCloseTo(0.5, 2)
  })

  it('takes a weekend level out before segmenting', () => {
    const weekend = Array.from({ length: 35 }, (_, i) => i % 7 >= 5)
    const y = weekend.map((we, i) => (we ? -0.5 : 0) + 0.01 * Math.cos(i))
    const r = detectChangePoints({ kind: 'gaussian', y, w: new Array<number>(35).fill(1000), weekend }, { z: 4, dispersion: 1 })
    expect(r.changes).toEqual([])
    expect(r.weekendShift).toBeCloseTo(-0.5, 1)
  })
})

describe('dispersionFromDifferences', () => {
  it('is the trimmed variance of standardised differences, at least 1', () => {
    // differences +-2 with variance 1 + 1: standardised +-sqrt(2); nine of ten kept: 2 / 0.6230154841346839
    const y = [0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0]
    expect(dispersionFromDifferences(y, new Array<number>(11).fill(1))).toBeCloseTo(2 * 1.605096543288833, 10)
    expect(dispersionFromDifferences([1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1])).toBe(1)
  })
})

describe('huberLevel and refineStep (the day of a step)', () => {
  it('Huber level: an outlier pulls by at most c standard deviations in all', () => {
    // [0, 0, 0, 10], sd 1: the outlier's residual is capped at c = 1.345, so 3 m = 1.345, m = 0.448333...
    // loss = 3 m^2 / 2 + c (10 - m) - c^2 / 2 = 12.243983333333333
    const h = huberLevel([0, 0, 0, 10], [1, 1, 1, 1], 0, 4)
    expect(h.level).toBeCloseTo(1.345 / 3, 12)
    expect(h.loss).toBeCloseTo(12.243983333333333, 10)
    // a clean segment: the weighted mean, loss = sum of squared standardised residuals / 2 = (1 + 1) / 2
    const c = huberLevel([1, 2, 3], [1, 1, 1], 0, 3)
    expect(c.level).toBeCloseTo(2, 12)
    expect(c.loss).toBeCloseTo(1, 12)
  })

  it('moves a split found a point early to the first point of the new level', () => {
    const y = [0, 0, 0, 0, 0, 5, 5, 5, 5, 5]
    const sd = new Array<number>(10).fill(1)
    expect(refineStep(y, sd, 0, 10, 4, 2)).toBe(5)
    expect(refineStep(y, sd, 0, 10, 7, 2)).toBe(5)
    // never closer than minSeg to the neighbours
    expect(refineStep(y, sd, 0, 10, 5, 6)).toBe(5)
  })

  it('is symmetric: the reversed series gives the mirrored day', () => {
    const y = [0.1, -0.3, 0.2, 0, 0.9, 0.4, 1.3, 0.8, 1.1, 0.7, 1.2, 0.9]
    const sd = new Array<number>(12).fill(0.4)
    const t = refineStep(y, sd, 0, 12, 6, 3)
    expect(refineStep([...y].reverse(), sd, 0, 12, 12 - 6, 3)).toBe(12 - t)
  })

  it('a single noisy day before a weak step does not date it days early', () => {
    // old level 0, new level 1 from point 20, sd 0.5; point 16 reads 1.6 (over 3 sd)
    const y = Array.from({ length: 40 }, (_, i) => (i >= 20 ? 1 : 0) + 0.05 * Math.sin(i * 2.3))
    y[16] = 1.6
    const sd = new Array<number>(40).fill(0.5)
    expect(Math.abs(refineStep(y, sd, 0, 40, 16, 3) - 20)).toBeLessThanOrEqual(1)
    const { changes } = detectChangePoints({ kind: 'gaussian', y, w: sd.map((s) => 1 / (s * s)) }, { z: 4, dispersion: 1 })
    expect(changes.map((c) => c.start)).toEqual([20])
  })
})
