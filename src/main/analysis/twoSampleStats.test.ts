// Tests of the two-sample statistics: hand-computed cases, a published interval (Newcombe 1998) and SciPy 1.17 reference values (numbers committed here; SciPy is not a test dependency).
import { describe, expect, it } from 'vitest'
import {
  cohenMagnitude,
  fisherExactTwoSided,
  holmAdjust,
  mannWhitneyU,
  normalQuantile,
  normalSf,
  normalTwoSidedP,
  quantileDifference,
  quantileRankInterval,
  rankBiserialMagnitude,
  rankSums,
  rankSumsFromCounts,
  regIncBeta,
  studentTCritical,
  studentTTwoSidedP,
  twoProportion,
  welchTTest,
  wilsonInterval,
  Z95
} from './twoSampleStats'

function rel(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(Math.abs(expected), 1e-300))
}

const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length
const variance = (v: number[]): number => {
  const m = mean(v)
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)
}

describe('distributions', () => {
  it('normal tails and quantiles match SciPy', () => {
    rel(normalSf(1.96), 0.024997895148220435)
    rel(normalSf(5), 2.866515718791933e-7)
    rel(normalSf(-1), 0.8413447460685429)
    rel(normalSf(9), 1.1285884059538324e-19, 1e-10)
    rel(normalTwoSidedP(-1.96), 2 * 0.024997895148220435)
    rel(normalQuantile(0.975), 1.959963984540054)
    rel(Z95, 1.959963984540054)
    rel(normalQuantile(0.001), -3.090232306167813)
    rel(normalQuantile(1e-10), -6.361340902404056, 1e-10)
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true)
  })

  it('regularised incomplete beta: I_0.4(2, 3) by hand', () => {
    // I_x(2, 3) = P(Binomial(4, x) >= 2) = 6 x^2 (1-x)^2 + 4 x^3 (1-x) + x^4 = 0.3456 + 0.1536 + 0.0256
    rel(regIncBeta(2, 3, 0.4), 0.5248, 1e-13)
    rel(regIncBeta(0.5, 7.2, 0.01), 0.29151409789519056, 1e-11)
    expect(regIncBeta(2, 3, 0)).toBe(0)
    expect(regIncBeta(2, 3, 1)).toBe(1)
  })

  it('Student t tail and critical values match SciPy', () => {
    rel(studentTTwoSidedP(2.1, 7.5), 0.07123707145807809, 1e-10)
    // df = 1 is Cauchy: P(|T| > 1) = 1/2 exactly
    rel(studentTTwoSidedP(1, 1), 0.5, 1e-13)
    rel(studentTCritical(0.05, 10), 2.228138851986274, 1e-10)
    rel(studentTCritical(0.05, 3.3), 3.024874461840807, 1e-10)
    expect(studentTTwoSidedP(Infinity, 4)).toBe(0)
  })
})

describe('proportions', () => {
  it('Wilson interval by hand (z = 2, 2 of 4)', () => {
    // centre (2 + 2) / (4 + 4) = 0.5; half 2 sqrt(2*2/4 + 1) / 8 = sqrt(2) / 4
    const w = wilsonInterval(2, 4, 2)
    rel(w.low, 0.5 - Math.SQRT2 / 4)
    rel(w.high, 0.5 + Math.SQRT2 / 4)
    expect(wilsonInterval(0, 10).low).toBe(0)
    expect(wilsonInterval(10, 10).high).toBe(1)
  })

  it("reproduces Newcombe's (1998) example: 56/70 vs 48/80 -> +0.2000 [0.0524, 0.3339]", () => {
    const r = twoProportion(48, 80, 56, 70)
    rel(r.diff, 0.2, 1e-12)
    expect(r.ci.low).toBeCloseTo(0.0524, 4)
    expect(r.ci.high).toBeCloseTo(0.3339, 4)
    // pooled z and p computed by the textbook formula (SciPy's normal tail)
    expect(r.test).toBe('two_proportion_z')
    rel(r.z, 2.6501719512585336, 1e-12)
    rel(r.pValue, 0.00804508136819656, 1e-9)
    rel(r.cohensH, 0.4421431880029534, 1e-12)
  })

  it("switches to Fisher's exact test when an expected count is below 5 (SciPy values)", () => {
    // tea tasting: 3/4 vs 1/4 -> 0.4857142857 (= 34/70)
    rel(fisherExactTwoSided(3, 4, 1, 4), 34 / 70, 1e-12)
    const r = twoProportion(1, 20, 7, 20)
    expect(r.test).toBe('fisher_exact')
    rel(r.pValue, 0.04359604359604359, 1e-9)
    // 0 of 30 vs 4 of 30 -> expected 2 failures a side
    const z = twoProportion(0, 30, 4, 30)
    expect(z.minExpected).toBe(2)
    rel(z.pValue, 0.11239964317573597, 1e-9)
  })

  it('handles a pooled rate of 0 (no test statistic) without NaN', () => {
    const r = twoProportion(0, 50, 0, 60)
    expect(r.diff).toBe(0)
    expect(r.z).toBe(0)
    expect(r.pValue).toBe(1)
    expect(r.ci.low).toBeLessThan(0)
    expect(r.ci.high).toBeGreaterThan(0)
  })
})

describe('means: Welch', () => {
  const a = [12.1, 14.3, 11.0, 15.2, 13.3, 12.9]
  const b = [15.0, 16.2, 14.8, 17.9, 15.5, 16.1, 18.2, 14.0]

  it("matches SciPy's ttest_ind(b, a, equal_var=False) with its interval, and Hedges' g", () => {
    const r = welchTTest({ n: a.length, mean: mean(a), variance: variance(a) }, { n: b.length, mean: mean(b), variance: variance(b) })
    rel(r.t, 3.5123203019987908, 1e-12)
    rel(r.df, 10.783596228365946, 1e-12)
    rel(r.pValue, 0.0050090972825182645, 1e-9)
    rel(r.ci.low, 1.0519272909218997, 1e-10)
    rel(r.ci.high, 4.606406042411439, 1e-10)
    rel(r.hedgesG!, 1.7818947409306847, 1e-12)
  })

  it('without spread the difference is exact', () => {
    const same = welchTTest({ n: 3, mean: 2, variance: 0 }, { n: 4, mean: 2, variance: 0 })
    expect([same.pValue, same.ci.low, same.ci.high, same.hedgesG]).toEqual([1, 0, 0, null])
    const differ = welchTTest({ n: 3, mean: 2, variance: 0 }, { n: 4, mean: 3, variance: 0 })
    expect([differ.pValue, differ.diff, differ.t]).toEqual([0, 1, Infinity])
  })
})

describe('Mann-Whitney U', () => {
  // A = 1 2 2 3 3 3 4 5, B = 2 3 4 4 5 5 6 7 7; merged mid-ranks give R_B = 103.5, U_B = 103.5 - 45 = 58.5
  // ties: 2 (x3), 3 (x4), 4 (x3), 5 (x3), 7 (x2): sum t^3 - t = 24 + 60 + 24 + 24 + 6 = 138
  // var = 8*9/12 (18 - 138 / (17*16)) = 104.95588...; z = (22.5 - 0.5) / sqrt(var) = 2.14744
  const a = [1, 2, 2, 3, 3, 3, 4, 5]
  const b = [2, 3, 4, 4, 5, 5, 6, 7, 7]

  it('rank sums with ties by hand', () => {
    expect(rankSums(a, b)).toEqual({ nA: 8, nB: 9, twiceRankSumB: 207, tieTerm: 138 })
    // the grouped form the SQL uses gives the same
    const groups = [1, 2, 3, 4, 5, 6, 7].map((v) => ({ countA: a.filter((x) => x === v).length, countB: b.filter((x) => x === v).length }))
    expect(rankSumsFromCounts(groups)).toEqual(rankSums(a, b))
  })

  it("matches SciPy's mannwhitneyu(b, a, method='asymptotic')", () => {
    const r = mannWhitneyU(rankSums(a, b))
    expect(r.uB).toBe(58.5)
    rel(r.z, 22 / Math.sqrt(6 * (18 - 138 / 272)), 1e-14)
    rel(r.pValue, 0.03175895714806371, 1e-9)
    rel(r.probabilityBGreater, 58.5 / 72, 1e-15)
    rel(r.rankBiserial, (2 * 58.5) / 72 - 1, 1e-15)
  })

  it('all values tied: no evidence, p = 1', () => {
    const r = mannWhitneyU(rankSums([3, 3], [3, 3, 3]))
    expect([r.pValue, r.z, r.probabilityBGreater]).toEqual([1, 0, 0.5])
  })
})

describe('quantiles', () => {
  it('order-statistic ranks bounding a quantile, by hand', () => {
    // n = 100, median: s = 5, 50 -+ 1.96*5 = 40.2 / 59.8 -> ranks 40 and 60
    expect(quantileRankInterval(100, 0.5)).toEqual({ low: 40, high: 60 })
    // n = 1000, p95: s = sqrt(47.5) = 6.892; 950 -+ 13.51 -> 936 and 964
    expect(quantileRankInterval(1000, 0.95)).toEqual({ low: 936, high: 964 })
    // tiny n clamps to the sample
    expect(quantileRankInterval(3, 0.95)).toEqual({ low: 2, high: 3 })
  })

  it('difference of quantiles with its interval and Wald test, by hand', () => {
    // se_A = (12 - 8) / (2 z) ; se_B = (17 - 11) / (2 z); se = sqrt(16 + 36) / (2 z)
    const r = quantileDifference({ estimate: 10, lowValue: 8, highValue: 12 }, { estimate: 14, lowValue: 11, highValue: 17 })
    const se = Math.sqrt(52) / (2 * Z95)
    rel(r.se, se, 1e-15)
    rel(r.ci.low, 4 - Z95 * se, 1e-15)
    rel(r.z!, 4 / se, 1e-15)
    const flat = quantileDifference({ estimate: 5, lowValue: 5, highValue: 5 }, { estimate: 5, lowValue: 5, highValue: 5 })
    expect([flat.pValue, flat.diff]).toEqual([null, 0])
  })
})

describe('effect sizes and multiplicity', () => {
  it('labels magnitudes at the conventional thresholds', () => {
    expect([0.1, 0.2, 0.49, 0.5, -0.8].map(cohenMagnitude)).toEqual(['negligible', 'small', 'small', 'medium', 'large'])
    expect([0.11, 0.12, 0.3, -0.5].map(rankBiserialMagnitude)).toEqual(['negligible', 'small', 'medium', 'large'])
  })

  it("Holm's adjustment by hand", () => {
    // sorted 0.01, 0.03, 0.04 -> 3*0.01 = 0.03, max(0.03, 2*0.03) = 0.06, max(0.06, 0.04) = 0.06
    const out = holmAdjust([0.04, null, 0.01, 0.03])
    expect(out[1]).toBeNull()
    rel(out[0]!, 0.06)
    rel(out[2]!, 0.03)
    rel(out[3]!, 0.06)
  })
})
