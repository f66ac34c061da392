/**
 * The weighted quantile with linear interpolation the app uses on sampled dumps: each value counts as
 * if it were repeated `weight` times, and the result is DuckDB's `quantile_cont` over that repeated
 * list. With every weight 1 it is `quantile_cont` to the last bit (same position, same interpolation).
 */

/**
 * The position and the two neighbours the weighted quantile interpolates between. Sorted values `x`
 * with weights `w` (all >= 0) stand for a list of N = sum(w) values; the value at (0-based) rank r of
 * that list is the first x whose cumulative weight exceeds r. `pos = q * (N - 1)` (DuckDB's RN).
 */
export interface QuantileParts {
  pos: number
  /** the value at rank floor(pos) */
  lo: number
  /** the value at rank floor(pos) + 1 (only read when pos is not whole) */
  hi: number
}

/** Interpolates like DuckDB's quantile_cont on doubles: `lo * (1 - d) + hi * d`, d = pos - floor(pos); lo alone when d is 0. */
export function interpolateQuantile(pos: number, lo: number, hi: number | null): number {
  const d = pos - Math.floor(pos)
  if (d === 0 || hi === null) return lo
  return lo * (1 - d) + hi * d
}

/**
 * The weighted q-quantile of `n` values in ascending order, read through accessors (so callers can
 * walk an index order without copying): `value(k)` is the k-th smallest, `weight(k)` its weight (0 leaves
 * it out). Null when the total weight is 0. A tie contributes its weight once per copy, as the
 * repeated list would.
 */
export function weightedQuantileOf(n: number, value: (k: number) => number, weight: (k: number) => number, q: number): number | null {
  let total = 0
  for (let k = 0; k < n; k++) total += weight(k)
  if (!(total > 0)) return null
  const pos = q * (total - 1)
  const r = Math.floor(pos)
  let cum = 0
  let lo: number | null = null
  let hi: number | null = null
  let last = 0
  for (let k = 0; k < n; k++) {
    const w = weight(k)
    if (w === 0) continue
    last = value(k)
    cum += w
    if (lo === null && cum > r) lo = last
    if (cum > r + 1) {
      hi = last
      break
    }
  }
  // pos <= N - 1, so rank floor(pos) always exists; rank floor(pos) + 1 exists whenever pos is not whole.
  return interpolateQuantile(pos, lo ?? last, hi)
}

/** The weighted q-quantile of values already sorted ascending (NaN values must be left out by the caller). */
export function weightedQuantileSorted(sorted: ArrayLike<number>, weights: ArrayLike<number>, q: number): number | null {
  return weightedQuantileOf(
    sorted.length,
    (k) => sorted[k],
    (k) => weights[k],
    q
  )
}

/** The weighted q-quantile of unsorted values (NaN skipped); sorts a copy. */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number | null {
  const idx: number[] = []
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) idx.push(i)
  idx.sort((a, b) => values[a] - values[b])
  return weightedQuantileSorted(
    idx.map((i) => values[i]),
    idx.map((i) => weights[i]),
    q
  )
}
