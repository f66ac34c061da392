/** Normal tail probabilities far into the tail (in log space), their inverse, and the Bonferroni-adjusted z used by the anomaly detectors. */
import { gammaQ } from '../analysis/stats'

const LOG_2PI = Math.log(2 * Math.PI)

/** P(Z > x) for a standard normal Z (through the regularised incomplete gamma: 2 P(Z > x) = Q(1/2, x^2/2)). */
export function normalSf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x === 0) return 0.5
  const q = 0.5 * gammaQ(0.5, (x * x) / 2)
  return x > 0 ? q : 1 - q
}

/** log P(Z > x), accurate where P underflows (x beyond ~37). */
export function normalLogSf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 30) return Math.log(normalSf(x))
  // Mills ratio asymptotic series: P(Z > x) = phi(x) / x * (1 - 1/x^2 + 3/x^4 - 15/x^6 + ...)
  const x2 = x * x
  return -x2 / 2 - Math.log(x) - LOG_2PI / 2 + Math.log(1 - 1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2))
}

/** log of the standard normal density. */
function normalLogPdf(x: number): number {
  return -(x * x) / 2 - LOG_2PI / 2
}

// Acklam's rational approximation of the normal quantile (relative error 1.15e-9), refined below by Newton steps.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671010115982, 4.374664141464968, 2.938163982698783]
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]

function acklamQuantile(p: number): number {
  const plow = 0.02425
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  }
  if (p > 1 - plow) return -acklamQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
}

/** The x with log P(Z > x) = logP, for logP <= 0 (-Infinity gives Infinity, 0 gives -Infinity). */
export function normalIsfLog(logP: number): number {
  if (Number.isNaN(logP) || logP > 0) return NaN
  if (logP === 0) return -Infinity
  if (logP === -Infinity) return Infinity
  if (logP > Math.log(0.5)) {
    // upper half: P(Z > x) > 1/2 means x < 0; by symmetry x = -isf(1 - p)
    return -normalIsfLog(Math.log1p(-Math.exp(logP)))
  }
  let x: number
  if (logP > -700) x = -acklamQuantile(Math.exp(logP))
  else {
    const t = -2 * logP
    x = Math.sqrt(t - Math.log(t) - LOG_2PI)
  }
  // Newton on f(x) = log P(Z > x) - logP, f'(x) = -pdf(x) / P(Z > x); log P(Z > x) is concave, so this converges from either side.
  for (let i = 0; i < 4; i++) {
    const ls = normalLogSf(x)
    const step = (ls - logP) / Math.exp(normalLogPdf(x) - ls)
    x += step
    if (Math.abs(step) < 1e-12 * Math.max(1, Math.abs(x))) break
  }
  return x
}

/** Upper quantile: the x with P(Z > x) = p. */
export function normalIsf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN
  return normalIsfLog(Math.log(p))
}

/**
 * Significance of the largest of `m` two-sided normal tests: the two-sided z whose p-value is the
 * Bonferroni-adjusted p = min(1, m * P(|Z| > |z|)). 0 when the adjusted p reaches 1.
 */
export function adjustedZ(z: number, m: number): { z: number; logP: number } {
  const absZ = Math.abs(z)
  const logP = Math.min(0, Math.LN2 + normalLogSf(absZ) + Math.log(Math.max(1, m)))
  if (logP >= 0) return { z: 0, logP: 0 }
  return { z: Math.max(0, normalIsfLog(logP - Math.LN2)), logP }
}

/**
 * The same test counted among `families` families of tests (one series read two ways): its p-value
 * times `families` (Bonferroni), as an adjusted z and log p-value.
 */
export function acrossFamilies(test: { z: number; logP: number }, families: number): { z: number; logP: number } {
  if (families <= 1) return test
  const logP = Math.min(0, test.logP + Math.log(families))
  return { z: logP >= 0 ? 0 : Math.max(0, normalIsfLog(logP - Math.LN2)), logP }
}

/** The adjusted z one family must reach so that, counted among `families`, the test still reaches `z`. */
export function familyThreshold(z: number, families: number): number {
  return families <= 1 ? z : normalIsfLog(normalLogSf(z) - Math.log(families))
}
