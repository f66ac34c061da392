/**
 * Makes the sample itself, not only its expectation, fit the budget: the rows the hash keeps grow with
 * the rate (a row kept at p is kept at every higher rate), so the largest base rate whose kept rows
 * fit is found by bisection, counting kept rows per stratum with a binary search over their hashes.
 */
import type { SampleFrame } from './samplingBacktest'

/** Per stratum, the default rule's rows as hash units in [0, 1) sorted, with the running sum of their units. */
export interface CriticalIndex {
  sorted: Float64Array[]
  cumUnits: Float64Array[]
}

/**
 * Builds the index of the rows of `defaultClass` (units: 1 per row, or the row's bytes), in typed
 * arrays: per stratum the critical rates sorted natively (by rows) or through an index (by bytes).
 * The order within equal rates does not matter: a rate keeps all of them or none.
 */
export function criticalIndex(frame: SampleFrame, defaultClass: number, strata: number, unit: 'rows' | 'bytes'): CriticalIndex {
  const counts = new Int32Array(strata + 1)
  for (let i = 0; i < frame.n; i++) if (frame.cls[i] === defaultClass) counts[frame.stratum[i] + 1]++
  for (let s = 0; s < strata; s++) counts[s + 1] += counts[s]
  const crit = new Float64Array(counts[strata])
  const units = unit === 'bytes' ? new Float64Array(counts[strata]) : null
  const fill = counts.slice(0, strata)
  for (let i = 0; i < frame.n; i++) {
    if (frame.cls[i] !== defaultClass) continue
    const k = fill[frame.stratum[i]]++
    // the smallest rate that keeps the row, to double precision (exact decisions come from applyRates)
    crit[k] = (frame.uHi[i] * 4294967296 + frame.uLo[i]) / 18446744073709551616
    if (units) units[k] = frame.bytes[i]
  }
  const sorted: Float64Array[] = []
  const cumUnits: Float64Array[] = []
  for (let s = 0; s < strata; s++) {
    const c = crit.subarray(counts[s], counts[s + 1])
    const cum = new Float64Array(c.length + 1)
    if (units) {
      const u = units.subarray(counts[s], counts[s + 1])
      const order = new Uint32Array(c.length)
      for (let k = 0; k < order.length; k++) order[k] = k
      order.sort((x, y) => c[x] - c[y])
      const sc = new Float64Array(c.length)
      for (let k = 0; k < order.length; k++) {
        sc[k] = c[order[k]]
        cum[k + 1] = cum[k] + u[order[k]]
      }
      sorted.push(sc)
    } else {
      const sc = Float64Array.from(c).sort()
      for (let k = 0; k < sc.length; k++) cum[k + 1] = k + 1
      sorted.push(sc)
    }
    cumUnits.push(cum)
  }
  return { sorted, cumUnits }
}

/** Units of the default rows kept at these per-stratum rates. */
export function keptUnits(index: CriticalIndex, rates: Float64Array): number {
  let total = 0
  for (let s = 0; s < index.sorted.length; s++) {
    const a = index.sorted[s]
    let lo = 0
    let hi = a.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (a[mid] < rates[s]) lo = mid + 1
      else hi = mid
    }
    total += index.cumUnits[s][lo]
  }
  return total
}

/**
 * The largest base rate in [0, upper] whose kept units (the other rules' kept units `fixedKept` plus
 * the default rows kept at `ratesAt(r)`) fit `budget`; `upper` itself when it fits, 0 when nothing does.
 */
export function largestFittingBaseRate(index: CriticalIndex, ratesAt: (r: number) => Float64Array, fixedKept: number, budget: number, upper: number): number {
  const fits = (r: number): boolean => fixedKept + keptUnits(index, ratesAt(r)) <= budget
  if (fits(upper)) return upper
  let lo = 0
  let hi = upper
  for (let i = 0; i < 60 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2
    if (fits(mid)) lo = mid
    else hi = mid
  }
  return lo
}
