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
  return (maxOfFirst(a, m >> 1) + upper) / 2
}

/**
 * The median of the finite values of `col` (NaN and +-Infinity skipped), as {@link median} of them,
 * or null when there is none, with their count and their sum (added in order, from +0). Two
 * passes over `col` instead of a copy and a selection over all of it: a histogram of the top 16
 * bits of each value's order-preserving key finds the bucket(s) holding the middle rank(s), and
 * only their values are copied to `scratch` (at least col.length long) and selected there. A middle
 * value of zero in data holding a -0 falls back to the full selection, whose choice between -0 and
 * 0 this would not reproduce.
 */
export function finiteMedian(col: Float64Array, scratch: Float64Array): { median: number | null; count: number; sum: number } {
  if (scratch.length < col.length) throw new Error('finiteMedian: scratch shorter than the column')
  const words = new Uint32Array(col.buffer, col.byteOffset, col.length * 2)
  const hist = new Int32Array(65536)
  const pass = new Float64Array(3)
  histogramOfFinite(col, words, hist, pass)
  const count = pass[0]
  const sum = pass[1]
  const negativeZeros = pass[2]
  if (count === 0) return { median: null, count, sum }
  const k = count >> 1
  const even = count % 2 === 0
  // Buckets of ranks k - 1 (when even) and k, and how many values lie below the first.
  let below = 0
  let b = 0
  while (below + hist[b] <= (even ? k - 1 : k)) below += hist[b++]
  const bLow = b
  let upTo = below
  while (upTo + hist[b] <= k) upTo += hist[b++]
  const bHigh = b
  const m = valuesInBuckets(col, words, bLow, bHigh, scratch)
  const a = scratch.subarray(0, m)
  const upper = selectKth(a, k - below)
  const lower = even ? maxOfFirst(a, k - below) : upper
  if ((upper === 0 || lower === 0) && negativeZeros > 0) {
    const c = finiteValues(col, scratch)
    return { median: medianInPlace(scratch.subarray(0, c)), count, sum }
  }
  return { median: even ? (lower + upper) / 2 : upper, count, sum }
}

// finiteMedian's passes, each a function of its own: the triage worker runs each a handful of
// times, cold, and V8 then compiles each pass whole (inline, it compiled finiteMedian mid-loop
// without feedback for what follows and threw the code away on reaching it, call after call).

/** Histogram of the finite values' buckets; into out: their count, their sum (in order, from +0) and how many are -0. */
function histogramOfFinite(col: Float64Array, words: Uint32Array, hist: Int32Array, out: Float64Array): void {
  let count = 0
  let sum = 0
  let negativeZeros = 0
  for (let i = 0; i < col.length; i++) {
    const hi = words[2 * i + 1]
    if ((hi & 0x7ff00000) === 0x7ff00000) continue // NaN or +-Infinity
    if (hi === 0x80000000 && words[2 * i] === 0) negativeZeros++
    hist[bucketOf(hi)]++
    count++
    sum += col[i]
  }
  out[0] = count
  out[1] = sum
  out[2] = negativeZeros
}

/** The finite values whose bucket is in [bLow, bHigh], into out; how many. */
function valuesInBuckets(col: Float64Array, words: Uint32Array, bLow: number, bHigh: number, out: Float64Array): number {
  let m = 0
  for (let i = 0; i < col.length; i++) {
    const hi = words[2 * i + 1]
    if ((hi & 0x7ff00000) === 0x7ff00000) continue
    const bucket = bucketOf(hi)
    if (bucket >= bLow && bucket <= bHigh) out[m++] = col[i]
  }
  return m
}

/** The largest of a[0 .. n - 1] (-Infinity when n is 0). */
function maxOfFirst(a: Float64Array, n: number): number {
  let max = -Infinity
  for (let i = 0; i < n; i++) if (a[i] > max) max = a[i]
  return max
}

/** The finite values of col, in order, into out; how many. */
function finiteValues(col: Float64Array, out: Float64Array): number {
  let c = 0
  for (let i = 0; i < col.length; i++) if (Number.isFinite(col[i])) out[c++] = col[i]
  return c
}

/** Top 16 bits of a double's order-preserving key (sign bit flipped for positives, every bit flipped for negatives), from its high word. */
function bucketOf(hi: number): number {
  return (hi & 0x80000000 ? ~hi : hi | 0x80000000) >>> 16
}
