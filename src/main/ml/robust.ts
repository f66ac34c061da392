/** Robust location and scale for the anomaly detectors: median, rolling median, a trimmed variance of standardised values, a weekend offset and a trend from lag-7 differences. */
import { normalIsf } from './significance'

/** The median of the values (mean of the middle two for an even count); NaN when empty. */
export function median(values: ArrayLike<number>): number {
  const n = values.length
  if (n === 0) return NaN
  const s = Float64Array.from(values).sort()
  const h = n >> 1
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

/** The median of each value and its `half` neighbours on either side (fewer at the ends). */
export function rollingMedian(values: readonly number[], half: number): number[] {
  return values.map((_, i) => median(values.slice(Math.max(0, i - half), Math.min(values.length, i + half + 1))))
}

/** Fewest values for a trimmed variance. */
const MIN_VALUES = 5

/**
 * Variance of values that should be N(0, s^2) apart from a few outliers (steps, spikes): the mean
 * square of the values after dropping the largest `trim` share by absolute value, divided by what
 * that trimming leaves of a normal's variance (E[Z^2 | |Z| <= c] = 1 - 2 c pdf(c) / (1 - trim)),
 * so that clean normal data gives s^2 on average. Null for fewer than 5 values.
 */
export function trimmedVariance(values: readonly number[], trim = 0.1): number | null {
  const finite = values.filter((v) => Number.isFinite(v))
  const n = finite.length
  if (n < MIN_VALUES) return null
  const abs = finite.map(Math.abs).sort((a, b) => a - b)
  const keep = Math.max(MIN_VALUES - 1, Math.round((1 - trim) * n))
  let ss = 0
  for (let i = 0; i < keep; i++) ss += abs[i] * abs[i]
  const frac = keep / n
  if (frac >= 1) return ss / keep
  const c = normalIsf((1 - frac) / 2)
  const pdf = Math.exp(-(c * c) / 2) / Math.sqrt(2 * Math.PI)
  return ss / keep / (1 - (2 * c * pdf) / frac)
}

/**
 * The level of weekend days above weekday days: median(weekend) - median(weekday); 0 unless there
 * are at least two of each.
 */
export function weekendOffset(y: readonly number[], weekend: readonly boolean[]): number {
  const we = y.filter((_, i) => weekend[i])
  const wd = y.filter((_, i) => !weekend[i])
  if (we.length < 2 || wd.length < 2) return 0
  return median(we) - median(wd)
}

/**
 * Theil-Sen slope: the median of (y[j] - y[i]) / (x[j] - x[i]) over all pairs with x[j] > x[i];
 * robust to outliers (not to a level step, which the caller's segmentation handles). 0 with fewer than two points.
 */
export function theilSen(x: readonly number[], y: readonly number[]): number {
  const slopes: number[] = []
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) if (x[j] !== x[i]) slopes.push((y[j] - y[i]) / (x[j] - x[i]))
  return slopes.length ? median(slopes) : 0
}
