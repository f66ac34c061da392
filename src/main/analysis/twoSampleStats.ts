// Pure two-sample statistics for the Compare page: normal and Student-t tails, Wilson / Newcombe intervals, the two-proportion z and Fisher exact tests, Welch's t, Mann-Whitney U with tie correction, order-statistic intervals for quantiles, effect sizes and Holm's adjustment.

import { gammaQ, lnGamma } from './stats'

// ---------------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------------

/** Upper tail of the standard normal, P(Z > z), accurate in the far tail (erfc through the incomplete gamma). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return NaN
  if (z === Infinity) return 0
  if (z === -Infinity) return 1
  // erfc(x) = Q(1/2, x^2) for x >= 0
  const half = 0.5 * gammaQ(0.5, (z * z) / 2)
  return z >= 0 ? half : 1 - half
}

/** Two-sided p-value of a standard normal statistic. */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN
  return Math.min(1, 2 * normalSf(Math.abs(z)))
}

// Acklam's rational approximation (relative error 1.15e-9), then one Halley step on normalSf.
const ACK_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
const ACK_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
const ACK_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
const ACK_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]

/** The standard normal quantile: z with P(Z <= z) = p, for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN
  const lowTail = 0.02425
  let x: number
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = (((((ACK_C[0] * q + ACK_C[1]) * q + ACK_C[2]) * q + ACK_C[3]) * q + ACK_C[4]) * q + ACK_C[5]) / ((((ACK_D[0] * q + ACK_D[1]) * q + ACK_D[2]) * q + ACK_D[3]) * q + 1)
  } else if (p <= 1 - lowTail) {
    const q = p - 0.5
    const r = q * q
    x = ((((((ACK_A[0] * r + ACK_A[1]) * r + ACK_A[2]) * r + ACK_A[3]) * r + ACK_A[4]) * r + ACK_A[5]) * q) / (((((ACK_B[0] * r + ACK_B[1]) * r + ACK_B[2]) * r + ACK_B[3]) * r + ACK_B[4]) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -(((((ACK_C[0] * q + ACK_C[1]) * q + ACK_C[2]) * q + ACK_C[3]) * q + ACK_C[4]) * q + ACK_C[5]) / ((((ACK_D[0] * q + ACK_D[1]) * q + ACK_D[2]) * q + ACK_D[3]) * q + 1)
  }
  // Halley refinement: the error of the approximation is far above the rounding level.
  for (let i = 0; i < 2; i++) {
    // P(Z <= x) as the upper tail at -x: no cancellation for small p
    const e = normalSf(-x) - p
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)
    x = x - u / (1 + (x * u) / 2)
  }
  return x
}

/** z for a two-sided 95% interval (1.959963984540054). */
export const Z95 = normalQuantile(0.975)

const BETA_EPS = 1e-16
const BETA_TINY = 1e-300

/** Continued fraction of the incomplete beta (modified Lentz), valid for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < BETA_TINY) d = BETA_TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < BETA_TINY) d = BETA_TINY
    c = 1 + aa / c
    if (Math.abs(c) < BETA_TINY) c = BETA_TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < BETA_TINY) d = BETA_TINY
    c = 1 + aa / c
    if (Math.abs(c) < BETA_TINY) c = BETA_TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < BETA_EPS) break
  }
  return h
}

/** The regularised incomplete beta I_x(a, b) for a, b > 0 and 0 <= x <= 1. */
export function regIncBeta(a: number, b: number, x: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return NaN
  if (x === 0) return 0
  if (x === 1) return 1
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x)
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b
}

/** Two-sided p-value of Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN
  if (!Number.isFinite(t)) return 0
  // P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2)
  return Math.min(1, regIncBeta(df / 2, 0.5, df / (df + t * t)))
}

/** The t with P(|T| > t) = `alpha` (two-sided critical value), by bisection on the tail. */
export function studentTCritical(alpha: number, df: number): number {
  if (!(alpha > 0 && alpha < 1) || !(df > 0)) return NaN
  if (df === Infinity) return normalQuantile(1 - alpha / 2)
  let lo = 0
  let hi = 1
  while (studentTTwoSidedP(hi, df) > alpha) {
    lo = hi
    hi *= 2
    if (hi > 1e12) return Infinity
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2
    if (studentTTwoSidedP(mid, df) > alpha) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

// ---------------------------------------------------------------------------------------------
// Proportions
// ---------------------------------------------------------------------------------------------

export interface Interval {
  low: number
  high: number
}

/** Wilson score interval for x successes out of n (n > 0). */
export function wilsonInterval(x: number, n: number, z = Z95): Interval {
  const p = x / n
  const z2 = z * z
  const centre = (x + z2 / 2) / (n + z2)
  const half = (z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2)
  // At x = 0 or x = n one end is exactly 0 or 1; rounding must not move it past p.
  return { low: x === 0 ? 0 : Math.min(p, centre - half), high: x === n ? 1 : Math.max(p, centre + half) }
}

export type ProportionTest = 'two_proportion_z' | 'fisher_exact'

export interface TwoProportionResult {
  pA: number
  pB: number
  /** pB - pA */
  diff: number
  /** Newcombe's hybrid score interval (method 10) for pB - pA */
  ci: Interval
  /** pooled two-proportion z (B minus A); 0 when the pooled rate is 0 or 1 */
  z: number
  /** the test used for `pValue`: Fisher's exact test when an expected cell count is below 5 */
  test: ProportionTest
  pValue: number
  /** Cohen's h = 2 asin(sqrt(pB)) - 2 asin(sqrt(pA)) */
  cohensH: number
  /** smallest expected cell count of the 2 x 2 table under no difference */
  minExpected: number
}

/** Largest Fisher support walked exactly; larger tables have every expected count >= 5 anyway. */
const FISHER_MAX_SUPPORT = 200_000

/**
 * Fisher's exact test, two-sided as SciPy and R compute it: the sum of the hypergeometric
 * probabilities of every table (same margins) no more likely than the observed one (relative
 * tolerance 1e-7 for ties in probability). Rows are the samples: [xA, nA - xA], [xB, nB - xB].
 */
export function fisherExactTwoSided(xA: number, nA: number, xB: number, nB: number): number {
  const k = xA + xB
  const n = nA + nB
  const lo = Math.max(0, k - nB)
  const hi = Math.min(k, nA)
  if (hi - lo > FISHER_MAX_SUPPORT) return NaN
  const lnChoose = (a: number, b: number): number => lnGamma(a + 1) - lnGamma(b + 1) - lnGamma(a - b + 1)
  const lnTotal = lnChoose(n, k)
  const lnP = (x: number): number => lnChoose(nA, x) + lnChoose(nB, k - x) - lnTotal
  const observed = lnP(xA)
  const cutoff = observed + Math.log1p(1e-7)
  let p = 0
  for (let x = lo; x <= hi; x++) {
    const l = lnP(x)
    if (l <= cutoff) p += Math.exp(l)
  }
  return Math.min(1, p)
}

/**
 * Compares the rate xB/nB with xA/nA (nA, nB > 0): difference with Newcombe's interval, the pooled
 * z test (Fisher's exact test when any expected count is below 5) and Cohen's h.
 */
export function twoProportion(xA: number, nA: number, xB: number, nB: number, z = Z95): TwoProportionResult {
  const pA = xA / nA
  const pB = xB / nB
  const diff = pB - pA
  const wa = wilsonInterval(xA, nA, z)
  const wb = wilsonInterval(xB, nB, z)
  const ci = {
    low: diff - Math.sqrt((pB - wb.low) ** 2 + (wa.high - pA) ** 2),
    high: diff + Math.sqrt((wb.high - pB) ** 2 + (pA - wa.low) ** 2)
  }
  const pooled = (xA + xB) / (nA + nB)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB))
  const zStat = se > 0 ? diff / se : 0
  const events = xA + xB
  const nonEvents = nA + nB - events
  const minExpected = Math.min(nA, nB) * (Math.min(events, nonEvents) / (nA + nB))
  let test: ProportionTest = 'two_proportion_z'
  let pValue = se > 0 ? normalTwoSidedP(zStat) : 1
  if (minExpected < 5) {
    const f = fisherExactTwoSided(xA, nA, xB, nB)
    if (Number.isFinite(f)) {
      test = 'fisher_exact'
      pValue = f
    }
  }
  return { pA, pB, diff, ci, z: zStat, test, pValue, cohensH: 2 * Math.asin(Math.sqrt(pB)) - 2 * Math.asin(Math.sqrt(pA)), minExpected }
}

// ---------------------------------------------------------------------------------------------
// Means
// ---------------------------------------------------------------------------------------------

/** Summary of one sample: size, mean and sample variance (n - 1 denominator). */
export interface MeanSummary {
  n: number
  mean: number
  variance: number
}

export interface WelchResult {
  /** meanB - meanA */
  diff: number
  se: number
  df: number
  t: number
  pValue: number
  ci: Interval
  /** Hedges' g: the difference over the pooled standard deviation, small-sample corrected; null without spread */
  hedgesG: number | null
}

/**
 * Welch's unequal-variance t test of meanB - meanA (both n >= 2), its interval with the
 * Welch-Satterthwaite degrees of freedom, and Hedges' g. Without any spread (both variances 0)
 * the difference is exact: p = 1 when the means are equal, 0 otherwise, and the interval is the point.
 */
export function welchTTest(a: MeanSummary, b: MeanSummary, alpha = 0.05): WelchResult {
  const diff = b.mean - a.mean
  const va = a.variance / a.n
  const vb = b.variance / b.n
  const se = Math.sqrt(va + vb)
  const pooledSd = Math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / (a.n + b.n - 2))
  const j = 1 - 3 / (4 * (a.n + b.n) - 9)
  const hedgesG = pooledSd > 0 ? (j * diff) / pooledSd : null
  if (!(se > 0)) {
    return { diff, se: 0, df: a.n + b.n - 2, t: diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity, pValue: diff === 0 ? 1 : 0, ci: { low: diff, high: diff }, hedgesG }
  }
  const df = (va + vb) ** 2 / ((va > 0 ? va ** 2 / (a.n - 1) : 0) + (vb > 0 ? vb ** 2 / (b.n - 1) : 0))
  const t = diff / se
  const crit = studentTCritical(alpha, df)
  return { diff, se, df, t, pValue: studentTTwoSidedP(t, df), ci: { low: diff - crit * se, high: diff + crit * se }, hedgesG }
}

// ---------------------------------------------------------------------------------------------
// Mann-Whitney U
// ---------------------------------------------------------------------------------------------

/** Rank sums of the merged samples, ties at mid-ranks: what the SQL computes over the grouped values. */
export interface RankSums {
  nA: number
  nB: number
  /** 2 x the sum of B's mid-ranks (an integer: mid-ranks are halves) */
  twiceRankSumB: number
  /** sum over tie groups of t^3 - t */
  tieTerm: number
}

/** Rank sums from the count of each sample at each distinct value, values in ascending order. */
export function rankSumsFromCounts(groups: readonly { countA: number; countB: number }[]): RankSums {
  let before = 0
  let nA = 0
  let nB = 0
  let twice = 0
  let tie = 0
  for (const g of groups) {
    const t = g.countA + g.countB
    // mid-rank of the group = before + (t + 1) / 2
    twice += g.countB * (2 * before + t + 1)
    tie += t * t * t - t
    before += t
    nA += g.countA
    nB += g.countB
  }
  return { nA, nB, twiceRankSumB: twice, tieTerm: tie }
}

/** Rank sums of two raw samples (non-finite values dropped). */
export function rankSums(a: readonly number[], b: readonly number[]): RankSums {
  const counts = new Map<number, { countA: number; countB: number }>()
  const add = (v: number, side: 'countA' | 'countB'): void => {
    if (!Number.isFinite(v)) return
    const key = v === 0 ? 0 : v // -0 and 0 are one value
    const e = counts.get(key) ?? { countA: 0, countB: 0 }
    e[side]++
    counts.set(key, e)
  }
  for (const v of a) add(v, 'countA')
  for (const v of b) add(v, 'countB')
  const sorted = [...counts.entries()].sort((x, y) => x[0] - y[0]).map(([, c]) => c)
  return rankSumsFromCounts(sorted)
}

export interface MannWhitneyResult {
  /** U of sample B: the number of (a, b) pairs with b > a, plus half the ties */
  uB: number
  /** signed normal statistic with tie and continuity corrections (positive: B tends larger) */
  z: number
  pValue: number
  /** P(B > A) + P(B = A) / 2 (Vargha-Delaney A, the common-language effect size) */
  probabilityBGreater: number
  /** rank-biserial correlation 2 A - 1, in [-1, 1] (positive: B tends larger) */
  rankBiserial: number
}

/**
 * Two-sided Mann-Whitney U test, normal approximation with tie correction and SciPy's continuity
 * correction (`mannwhitneyu(method='asymptotic')`): z = (|U - nA nB / 2| - 0.5) / sigma,
 * sigma^2 = nA nB / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))). All values tied: p = 1.
 */
export function mannWhitneyU(r: RankSums): MannWhitneyResult {
  const { nA, nB } = r
  const n = nA + nB
  const uB = r.twiceRankSumB / 2 - (nB * (nB + 1)) / 2
  const mu = (nA * nB) / 2
  const variance = ((nA * nB) / 12) * (n + 1 - (n > 1 ? r.tieTerm / (n * (n - 1)) : 0))
  const a12 = uB / (nA * nB)
  const out = { uB, probabilityBGreater: a12, rankBiserial: 2 * a12 - 1 }
  if (!(variance > 0)) return { ...out, z: 0, pValue: 1 }
  const dev = uB - mu
  const zAbs = (Math.abs(dev) - 0.5) / Math.sqrt(variance)
  return { ...out, z: Math.sign(dev) * Math.max(0, zAbs), pValue: Math.min(1, 2 * normalSf(zAbs)) }
}

// ---------------------------------------------------------------------------------------------
// Quantiles
// ---------------------------------------------------------------------------------------------

/**
 * 1-based ranks (l, u) of the order statistics that bound the q-quantile with ~95% confidence,
 * distribution-free (normal approximation to Binomial(n, q)): l = floor(nq - z s), u = ceil(nq + z s),
 * s = sqrt(n q (1 - q)), clamped to [1, n].
 */
export function quantileRankInterval(n: number, q: number, z = Z95): { low: number; high: number } {
  const s = Math.sqrt(n * q * (1 - q))
  const low = Math.min(n, Math.max(1, Math.floor(n * q - z * s)))
  const high = Math.max(1, Math.min(n, Math.ceil(n * q + z * s)))
  return { low, high }
}

export interface QuantileSide {
  /** the point estimate (linear interpolation) */
  estimate: number
  /** the order statistics at quantileRankInterval's ranks */
  lowValue: number
  highValue: number
}

export interface QuantileDifferenceResult {
  /** B - A */
  diff: number
  se: number
  ci: Interval
  z: number | null
  pValue: number | null
}

/**
 * Difference of two independent sample quantiles. Each side's standard error is its
 * order-statistic interval divided by 2z (McKean-Schrader, generalised to any quantile); the
 * interval and Wald test use sqrt(seA^2 + seB^2). No spread on either side: no test (null).
 */
export function quantileDifference(a: QuantileSide, b: QuantileSide, z = Z95): QuantileDifferenceResult {
  const seA = (a.highValue - a.lowValue) / (2 * z)
  const seB = (b.highValue - b.lowValue) / (2 * z)
  const se = Math.sqrt(seA * seA + seB * seB)
  const diff = b.estimate - a.estimate
  if (!(se > 0)) return { diff, se: 0, ci: { low: diff, high: diff }, z: null, pValue: null }
  const stat = diff / se
  return { diff, se, ci: { low: diff - z * se, high: diff + z * se }, z: stat, pValue: normalTwoSidedP(stat) }
}

// ---------------------------------------------------------------------------------------------
// Effect sizes and multiplicity
// ---------------------------------------------------------------------------------------------

export type EffectMagnitude = 'negligible' | 'small' | 'medium' | 'large'

/** Cohen's conventions for h and for d / g: 0.2, 0.5, 0.8. */
export function cohenMagnitude(v: number): EffectMagnitude {
  const a = Math.abs(v)
  return a < 0.2 ? 'negligible' : a < 0.5 ? 'small' : a < 0.8 ? 'medium' : 'large'
}

/**
 * Vargha and Delaney's thresholds for A (0.56, 0.64, 0.71) written for the rank-biserial r = 2A - 1:
 * 0.12, 0.28, 0.42.
 */
export function rankBiserialMagnitude(r: number): EffectMagnitude {
  const a = Math.abs(r)
  return a < 0.12 ? 'negligible' : a < 0.28 ? 'small' : a < 0.42 ? 'medium' : 'large'
}

/** Holm's step-down adjustment of a family of p-values (nulls stay null and do not count). */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const idx = pValues.map((p, i) => [p, i] as const).filter((x): x is readonly [number, number] => x[0] !== null && Number.isFinite(x[0]))
  idx.sort((x, y) => x[0] - y[0] || x[1] - y[1])
  const m = idx.length
  const out: (number | null)[] = pValues.map(() => null)
  let running = 0
  idx.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p))
    out[i] = running
  })
  return out
}
