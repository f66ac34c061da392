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

/** Builds the index of the rows of `defaultClass` (units: 1 per row, or the row's bytes). */
export function criticalIndex(frame: SampleFrame, defaultClass: number, strata: number, unit: 'rows' | 'bytes'): CriticalIndex {
  const lists: { c: number; u: number }[][] = Array.from({ length: strata }, () => [])
  for (let i = 0; i < frame.n; i++) {
    if (frame.cls[i] !== defaultClass) continue
    // the smallest rate that keeps the row, to double precision (exact decisions come from applyRates)
    const c = (frame.uHi[i] * 4294967296 + frame.uLo[i]) / 18446744073709551616
    lists[frame.stratum[i]].push({ c, u: unit === 'rows' ? 1 : frame.bytes[i] })
  }
  const sorted: Float64Array[] = []
  const cumUnits: Float64Array[] = []
  for (const list of lists) {
    list.sort((a, b) => a.c - b.c)
    sorted.push(Float64Array.from(list, (x) => x.c))
    const cum = new Float64Array(list.length + 1)
    list.forEach((x, k) => (cum[k + 1] = cum[k] + x.u))
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
