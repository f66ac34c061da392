// Order statistics of typed arrays without a full sort: the k-th smallest value in expected linear time.

/**
 * Rearranges `a` (finite values, no NaN) so that a[k] is the value a full ascending sort would put
 * there, everything before it <= a[k] and everything after it >= a[k], and returns a[k]
 * (Hoare's quickselect with a median-of-three pivot; expected O(n)). Mutates `a`.
 */
export function selectKth(a: Float64Array, k: number): number {
  const n = a.length
  if (!(k >= 0 && k < n) || !Number.isInteger(k)) throw new Error(`selectKth: k = ${k} outside 0..${n - 1}`)
  let lo = 0
  let hi = n - 1
  while (hi > lo) {
    if (hi - lo < 16) {
      // Insertion sort finishes a short range.
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i]
        let j = i - 1
        while (j >= lo && a[j] > v) {
          a[j + 1] = a[j]
          j--
        }
        a[j + 1] = v
      }
      return a[k]
    }
    const mid = (lo + hi) >>> 1
    // Median of three as the pivot, placed so the partition loops need no bounds checks.
    if (a[mid] < a[lo]) swap(a, mid, lo)
    if (a[hi] < a[lo]) swap(a, hi, lo)
    if (a[hi] < a[mid]) swap(a, hi, mid)
    const pivot = a[mid]
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        swap(a, i, j)
        i++
        j--
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and every element strictly between j and i equals the pivot.
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]
  }
  return a[k]
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]
  a[i] = a[j]
  a[j] = t
}

/**
 * The median of the values (the mean of the two middle ones for an even count), or null when
 * there is none. Works on a copy; the input is left as it is.
 */
export function median(values: Float64Array): number | null {
  return values.length === 0 ? null : medianInPlace(values.slice())
}

/** {@link median} of a non-empty array, rearranging it (a selection in place, no copy). */
export function medianInPlace(a: Float64Array): number {
  const m = a.length
  const upper = selectKth(a, m >> 1)
  if (m % 2 === 1) return upper
  // After the selection every value below index m/2 is <= upper: the lower middle is their maximum.
  let lower = -Infinity
  for (let i = 0; i < m >> 1; i++) if (a[i] > lower) lower = a[i]
  return (lower + upper) / 2
}
