// Pure statistics for the drift report and the pipeline (quantiles, rounding, PSI, TV distance, two-sample KS, Pearson chi-square).

/** Severity label shared by the PSI and TV drift metrics (PIPELINE.md section 8). */
export type DriftSeverity = 'high' | 'medium' | 'low' | 'insufficient_data'

/** Result of {@link psi}: the index and the bin edges it used (both null when not computable). */
export interface PsiResult {
  psi: number | null
  edges: number[] | null
}

/** Result of {@link ksTwoSample}. `method` says which p-value path was taken (SciPy's naming). */
export interface KsResult {
  statistic: number
  pvalue: number
  method: 'exact' | 'asymp'
}

/** Result of {@link chiSquareTest}. */
export interface ChiSquareResult {
  statistic: number
  dof: number
  pvalue: number
}

// ---------------------------------------------------------------------------------------------
// Quantiles and rounding
// ---------------------------------------------------------------------------------------------

/**
 * Quantile of a sorted sample of n values read through `at(rank)`, exactly as numpy's default
 * (`linear`) method computes it: position h = (n - 1) * q, lo = floor(h), t = h - lo, and numpy's
 * lerp of v[lo] and v[lo + 1] (a + (b - a) t for t < 0.5, b - (b - a)(1 - t) otherwise), so the
 * result is bit-for-bit numpy's, which decides on which side of an edge a tied value falls.
 * DuckDB's `quantile_cont` interpolates the same points (within rounding). n must be >= 1.
 */
export function quantileAt(n: number, q: number, at: (rank: number) => number): number {
  const h = (n - 1) * q
  if (h >= n - 1) return at(n - 1)
  if (!(h > 0)) return at(0)
  const lo = Math.floor(h)
  const t = h - lo
  const a = at(lo)
  const b = at(lo + 1)
  // Equal neighbours give the value itself (also where (b - a) * t would be 0 * something).
  if (a === b) return a
  const diff = b - a
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

/**
 * {@link quantileAt} on a sorted array (numpy `quantile(method='linear')`). `sortedValues` must be
 * sorted ascending and finite. Returns null for an empty input.
 */
export function quantileLinear(sortedValues: ArrayLike<number>, q: number): number | null {
  const n = sortedValues.length
  if (n === 0) return null
  return quantileAt(n, q, (r) => sortedValues[r])
}

/** Round to the nearest integer, ties to the even one (Python's `round`, numpy's `round`). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x
  // Beyond 2^52 every double is already an integer.
  if (Math.abs(x) >= 4503599627370496) return x
  const f = Math.floor(x)
  const frac = x - f // exact for |x| < 2^52
  if (frac < 0.5) return f
  if (frac > 0.5) return f + 1
  return f % 2 === 0 ? f : f + 1
}

// ---------------------------------------------------------------------------------------------
// PSI
// ---------------------------------------------------------------------------------------------

const PSI_MIN_VALUES = 50
const PSI_BINS = 10
const PSI_FLOOR = 1e-6

/**
 * The PSI quantile levels of PIPELINE.md section 8: `numpy.linspace(0, 1, 11)`, which is i * 0.1
 * in float64 (0.30000000000000004, 0.6000000000000001, 0.7000000000000001 at i = 3, 6, 7, not
 * i / 10), the last exactly 1.
 */
export const PSI_LEVELS: readonly number[] = Object.freeze(Array.from({ length: PSI_BINS + 1 }, (_, i) => (i === PSI_BINS ? 1 : i * 0.1)))

function finiteSorted(values: ArrayLike<number | null>): Float64Array {
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== null && Number.isFinite(v)) n++
  }
  const out = new Float64Array(n)
  let k = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== null && Number.isFinite(v)) out[k++] = v
  }
  out.sort()
  return out
}

/**
 * Count values into the bins [e_0, e_1), [e_1, e_2), ..., [e_{k-1}, e_k] (the last bin closed),
 * like numpy's `histogram`. Values outside [e_0, e_k] and non-finite values are not counted.
 * `edges` must be strictly increasing with at least two entries.
 */
export function histogramCounts(values: ArrayLike<number | null>, edges: ArrayLike<number>): number[] {
  const nb = edges.length - 1
  const counts = new Array<number>(Math.max(nb, 0)).fill(0)
  if (nb < 1) return counts
  const first = edges[0]
  const last = edges[nb]
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === null || !(v >= first && v <= last)) continue
    // Largest bin index b with edges[b] <= v, capped at the last bin (which is closed).
    let lo = 0
    let hi = nb - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (edges[mid] <= v) lo = mid
      else hi = mid - 1
    }
    counts[lo]++
  }
  return counts
}

/**
 * Population stability index with 10 reference-quantile bins, exactly as PIPELINE.md section 8:
 * non-finite values dropped; null when either side has fewer than 50 values or fewer than 3
 * distinct edges remain; proportions clipped to [1e-6, 1]; PSI = sum((cur-ref) ln(cur/ref)).
 */
export function psi(reference: ArrayLike<number | null>, current: ArrayLike<number | null>): PsiResult {
  const ref = finiteSorted(reference)
  const cur = finiteSorted(current)
  if (ref.length < PSI_MIN_VALUES || cur.length < PSI_MIN_VALUES) return { psi: null, edges: null }

  const raw: number[] = []
  for (const level of PSI_LEVELS) raw.push(quantileAt(ref.length, level, (r) => ref[r]))
  raw[0] = Math.min(raw[0], cur[0])
  raw[PSI_BINS] = Math.max(raw[PSI_BINS], cur[cur.length - 1])
  raw.sort((a, b) => a - b)
  const edges: number[] = []
  for (const e of raw) if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e)
  if (edges.length < 3) return { psi: null, edges: null }

  const refCounts = histogramCounts(ref, edges)
  const curCounts = histogramCounts(cur, edges)
  const refTotal = Math.max(ref.length, 1)
  const curTotal = Math.max(cur.length, 1)
  let sum = 0
  for (let b = 0; b < refCounts.length; b++) {
    const p = clip(refCounts[b] / refTotal, PSI_FLOOR, 1)
    const q = clip(curCounts[b] / curTotal, PSI_FLOOR, 1)
    sum += (q - p) * Math.log(q / p)
  }
  return { psi: sum, edges }
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

// ---------------------------------------------------------------------------------------------
// Total variation distance
// ---------------------------------------------------------------------------------------------

/**
 * Total variation distance between two categorical samples: 0.5 * sum |p - q| over the union
 * of categories, null being a category of its own. Null when either side is empty.
 */
export function tvDistance(reference: ArrayLike<string | null>, current: ArrayLike<string | null>): number | null {
  return tvDistanceFromCounts(countCategories(reference), countCategories(current))
}

/** Count occurrences per category (null kept as its own key). */
export function countCategories(values: ArrayLike<string | null>): Map<string | null, number> {
  const m = new Map<string | null, number>()
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    m.set(v, (m.get(v) ?? 0) + 1)
  }
  return m
}

/** {@link tvDistance} on pre-aggregated counts per category. Null when either total is 0. */
export function tvDistanceFromCounts(
  reference: Map<string | null, number>,
  current: Map<string | null, number>
): number | null {
  let refTotal = 0
  let curTotal = 0
  for (const c of reference.values()) refTotal += c
  for (const c of current.values()) curTotal += c
  if (!(refTotal > 0) || !(curTotal > 0)) return null
  let sum = 0
  for (const [k, c] of reference) sum += Math.abs(c / refTotal - (current.get(k) ?? 0) / curTotal)
  for (const [k, c] of current) if (!reference.has(k)) sum += c / curTotal
  return 0.5 * sum
}

// ---------------------------------------------------------------------------------------------
// Severity
// ---------------------------------------------------------------------------------------------

/** PSI severity: >= 0.2 high, >= 0.1 medium, else low; null (or NaN) -> insufficient_data. */
export function severityPsi(v: number | null): DriftSeverity {
  if (v === null || Number.isNaN(v)) return 'insufficient_data'
  return v >= 0.2 ? 'high' : v >= 0.1 ? 'medium' : 'low'
}

/** TV severity: >= 0.15 high, >= 0.08 medium, else low; null (or NaN) -> insufficient_data. */
export function severityTv(v: number | null): DriftSeverity {
  if (v === null || Number.isNaN(v)) return 'insufficient_data'
  return v >= 0.15 ? 'high' : v >= 0.08 ? 'medium' : 'low'
}

// ---------------------------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------------------------

// Lanczos approximation, g = 7, nine terms: relative error around 1e-15 for x > 0.
const LANCZOS_G = 7
const LANCZOS_COEF = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
]
const LN_SQRT_2PI = 0.91893853320467274178

/** Natural log of the gamma function for x > 0 (reflection formula below 0.5). */
export function lnGamma(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0.5) {
    // Gamma(x) Gamma(1-x) = pi / sin(pi x); only meaningful where sin(pi x) > 0.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x)
  }
  const z = x - 1
  let s = LANCZOS_COEF[0]
  for (let i = 1; i < LANCZOS_COEF.length; i++) s += LANCZOS_COEF[i] / (z + i)
  const t = z + LANCZOS_G + 0.5
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s)
}

const GAMMA_EPS = 1e-16
const GAMMA_TINY = 1e-300
const GAMMA_MAX_ITER = 100000

/**
 * Regularised upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a), for a > 0, x >= 0.
 * Series for P when x < a + 1 (then Q = 1 - P), continued fraction (modified Lentz) otherwise,
 * so that the small tail is never obtained by cancellation.
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0) || Number.isNaN(x)) return NaN
  if (x === 0) return 1
  if (x === Infinity) return 0
  const logPrefactor = -x + a * Math.log(x) - lnGamma(a)
  if (x < a + 1) {
    let ap = a
    let term = 1 / a
    let sum = term
    for (let i = 0; i < GAMMA_MAX_ITER; i++) {
      ap += 1
      term *= x / ap
      sum += term
      if (Math.abs(term) < Math.abs(sum) * GAMMA_EPS) break
    }
    const p = sum * Math.exp(logPrefactor)
    return p >= 1 ? 0 : 1 - p
  }
  // Continued fraction for Gamma(a,x) e^x x^-a:  1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))
  let b = x + 1 - a
  let c = 1 / GAMMA_TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < GAMMA_MAX_ITER; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < GAMMA_TINY) d = GAMMA_TINY
    c = b + an / c
    if (Math.abs(c) < GAMMA_TINY) c = GAMMA_TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < GAMMA_EPS) break
  }
  const q = Math.exp(logPrefactor) * h
  return q > 1 ? 1 : q
}

/** Upper tail of the chi-square distribution with `dof` degrees of freedom. */
export function chiSquareSf(x: number, dof: number): number {
  if (!(dof > 0)) return NaN
  if (!(x > 0)) return 1
  return gammaQ(dof / 2, x / 2)
}

// ---------------------------------------------------------------------------------------------
// Pearson chi-square test of independence
// ---------------------------------------------------------------------------------------------

/**
 * Pearson chi-square test of independence on an r x c table of counts (rows = samples, e.g.
 * reference / current; columns = categories), without continuity correction. Columns with a
 * zero total are dropped first. Returns null when the table is empty or a row total is zero
 * (an expected count of zero; SciPy raises there). One remaining column means 0 degrees of
 * freedom: statistic 0, p-value 1 (SciPy's convention).
 */
export function chiSquareTest(table: number[][]): ChiSquareResult | null {
  const r = table.length
  if (r === 0) return null
  const c0 = table[0].length
  for (const row of table) if (row.length !== c0) throw new Error('chiSquareTest: ragged table')
  const keep: number[] = []
  const colTotals: number[] = []
  for (let j = 0; j < c0; j++) {
    let s = 0
    for (let i = 0; i < r; i++) s += table[i][j]
    if (s > 0) {
      keep.push(j)
      colTotals.push(s)
    }
  }
  if (keep.length === 0) return null
  const rowTotals: number[] = []
  let grand = 0
  for (let i = 0; i < r; i++) {
    let s = 0
    for (const j of keep) s += table[i][j]
    if (!(s > 0)) return null
    rowTotals.push(s)
    grand += s
  }
  const dof = (r - 1) * (keep.length - 1)
  if (dof === 0) return { statistic: 0, dof: 0, pvalue: 1 }
  let stat = 0
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < keep.length; k++) {
      const expected = (rowTotals[i] * colTotals[k]) / grand
      const diff = table[i][keep[k]] - expected
      stat += (diff * diff) / expected
    }
  }
  return { statistic: stat, dof, pvalue: chiSquareSf(stat, dof) }
}

// ---------------------------------------------------------------------------------------------
// Two-sample Kolmogorov-Smirnov test
// ---------------------------------------------------------------------------------------------

/** SciPy's `ks_2samp(method='auto')` is exact while both samples have at most this many values. */
const KS_MAX_EXACT_N = 10000

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

/**
 * Two-sample, two-sided Kolmogorov-Smirnov test following SciPy's `ks_2samp` default
 * (method 'auto'): D = max |F1 - F2| over all observed values (ties handled by evaluating both
 * empirical CDFs right-continuously at each distinct value). P-value: exact when both samples
 * have at most 10000 values (the lattice-path probability of leaving the band |x/m - y/n| < D,
 * as in SciPy; D is then snapped to the lattice, h / lcm(n1, n2), like SciPy), otherwise the
 * one-sample Kolmogorov distribution sf(D; round(n1 n2 / (n1 + n2))) like SciPy's 'asymp'.
 * Non-finite values are dropped; null when either side is then empty.
 */
export function ksTwoSample(a: ArrayLike<number | null>, b: ArrayLike<number | null>): KsResult | null {
  const x = finiteSorted(a)
  const y = finiteSorted(b)
  const n1 = x.length
  const n2 = y.length
  if (n1 === 0 || n2 === 0) return null

  // Walk the merged distinct values v; after the inner loops i and j count the values <= v.
  let i = 0
  let j = 0
  let maxDiff = -Infinity
  let minDiff = Infinity
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j]
    while (i < n1 && x[i] <= v) i++
    while (j < n2 && y[j] <= v) j++
    const diff = i / n1 - j / n2
    if (diff > maxDiff) maxDiff = diff
    if (diff < minDiff) minDiff = diff
  }
  const minS = clip(-minDiff, 0, 1)
  let d = minS > maxDiff ? minS : maxDiff

  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const g = gcd(n1, n2)
    const lcm = (n1 / g) * n2
    const h = Math.round(d * lcm)
    d = h / lcm
    if (h === 0) return { statistic: d, pvalue: 1, method: 'exact' }
    const p = n1 === n2 ? ksSquareTail(n1, h) : ksLatticeTail(n1, n2, g, h)
    if (p >= 0 && p <= 1) return { statistic: d, pvalue: p, method: 'exact' }
    // Falls through to the asymptotic distribution if the exact path ever misbehaves.
  }
  const m = Math.max(n1, n2)
  const n = Math.min(n1, n2)
  const en = (m * n) / (m + n)
  return { statistic: d, pvalue: clip(kolmogorovSf(roundHalfEven(en), d), 0, 1), method: 'asymp' }
}

/**
 * P(D_{n,n} >= h/n) for two samples of equal size n: by reflection,
 * 2 * sum_{k>=1} (-1)^(k+1) C(2n, n-kh) / C(2n, n). Each ratio of consecutive terms is a product
 * of h factors, so the alternating sum is evaluated innermost-first (Horner) without huge numbers.
 */
function ksSquareTail(n: number, h: number): number {
  let acc = 0
  for (let k = Math.floor(n / h); k >= 0; k--) {
    // ratio = C(2n, n-(k+1)h) / C(2n, n-kh)
    let ratio = 1
    for (let t = 0; t < h; t++) ratio = (ratio * (n - k * h - t)) / (n + k * h + t + 1)
    acc = ratio * (1 - acc)
  }
  return 2 * acc
}

/**
 * P(D_{n1,n2} >= h / lcm) for unequal sizes: a uniformly random lattice path from (0,0) to (m,n)
 * (m >= n) leaves the band |ng*x - mg*y| < h. Q(x,y), the probability that a random path to
 * (x,y) has already left, obeys Q = (x Q(x-1,y) + y Q(x,y-1)) / (x+y) inside the band and Q = 1
 * outside (Viehmann 2021), a convex combination at every step so nothing overflows or cancels.
 * One column over y is kept; only the band's window of it is updated.
 */
function ksLatticeTail(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2)
  const n = Math.min(n1, n2)
  const mg = m / g
  const ng = n / g
  const col = new Float64Array(n + 1).fill(1)
  // Column x = 0: Q(0,y) = 0 while inside the band (mg*y < h), 1 beyond.
  const hi0 = Math.min(Math.ceil(h / mg), n + 1)
  for (let yy = 0; yy < hi0; yy++) col[yy] = 0
  for (let xx = 1; xx <= m; xx++) {
    // Window of y inside the band at this x: lo <= y < hi. It only moves up as x grows, so
    // entries above the previous window still hold 1 (never written) and those below are unused.
    const lo = Math.min(Math.max(Math.floor((ng * xx - h) / mg) + 1, 0), n)
    const hi = Math.min(Math.ceil((ng * xx + h) / mg), n + 1)
    if (hi <= lo) return 1
    let below = lo === 0 ? 0 : 1 // Q(x, lo-1) is outside the band, hence 1 (weight 0 when lo = 0)
    for (let yy = lo; yy < hi; yy++) {
      const v = (col[yy] * xx + below * yy) / (xx + yy)
      col[yy] = v
      below = v
    }
  }
  return col[n]
}

// ---------------------------------------------------------------------------------------------
// Kolmogorov distribution of the one-sample two-sided statistic D_n
// ---------------------------------------------------------------------------------------------

/**
 * P(D_n >= d) for the one-sample two-sided Kolmogorov statistic with n observations, following
 * the case split of Simard & L'Ecuyer (2011) that SciPy's `kstwo.sf` uses: Ruben-Gambino closed
 * forms at the extremes, 2 x the exact one-sided Smirnov tail (Birnbaum-Tingey sum) in the upper
 * tail, the Durbin matrix (Marsaglia-Tsang-Wang) for small n d, and the Pelz-Good expansion
 * for large n. SciPy's Pomeranz branch (n <= 140) is replaced here by the Durbin matrix, which is
 * also exact; both agree to rounding.
 */
export function kolmogorovSf(n: number, d: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return NaN
  if (d >= 1) return 0
  if (d <= 0) return 1
  const t = n * d
  if (t <= 1) {
    if (t <= 0.5) return 1
    // P(D_n <= d) = n!/n^n (2t-1)^n for 1/(2n) <= d <= 1/n.
    const cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1))
    return clip(1 - cdf, 0, 1)
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - d, n), 0, 1)
  if (d >= 0.5) return clip(2 * smirnovSf(n, d), 0, 1)
  const nd2 = t * d
  if (n <= 140) {
    if (nd2 <= 4) return clip(1 - durbinCdf(n, d), 0, 1)
    return clip(2 * smirnovSf(n, d), 0, 1)
  }
  if (nd2 >= 370) return 0
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d), 0, 1)
  if (n <= 100000 && n * Math.pow(d, 1.5) <= 1.4) return clip(1 - durbinCdf(n, d), 0, 1)
  return clip(1 - pelzGoodCdf(n, d), 0, 1)
}

/** log(n! / n^n), by direct summation for small n and by Stirling's series otherwise. */
function logFactorialOverPower(n: number): number {
  if (n <= 140) {
    let s = 0
    for (let i = 1; i <= n; i++) s += Math.log(i / n)
    return s
  }
  // log n! - n log n = 0.5 log(2 pi n) - n + 1/(12n) - 1/(360n^3) + 1/(1260n^5) - ...
  const r = 1 / n
  const r2 = r * r
  return 0.5 * Math.log(n) + LN_SQRT_2PI - n + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)))
}

/**
 * One-sided Smirnov tail P(D_n^+ >= d), Birnbaum-Tingey:
 * d * sum_{j=0}^{floor(n(1-d))} C(n,j) (1-d-j/n)^(n-j) (d+j/n)^(j-1); every term is positive,
 * so the terms are formed in logs and summed directly.
 */
export function smirnovSf(n: number, d: number): number {
  if (d <= 0) return 1
  if (d >= 1) return 0
  const nd = n * d
  const jmax = Math.floor(n - nd + 1e-12 * n)
  let logC = 0 // log C(n, j)
  let sum = 0
  // Scale by the largest log term, found on the fly (terms are unimodal in practice, but the
  // rescaling below is exact whatever the shape).
  let scale = -Infinity
  let prev = -Infinity
  for (let j = 0; j <= Math.min(jmax, n); j++) {
    if (j > 0) logC += Math.log((n - j + 1) / j)
    const a = (n - j - nd) / n
    if (!(a > 0) && n - j > 0) continue
    const b = (nd + j) / n
    const lt = logC + (n - j > 0 ? (n - j) * Math.log(a) : 0) + (j - 1) * Math.log(b)
    if (lt > scale) {
      sum = sum * Math.exp(scale - lt) + 1
      scale = lt
    } else {
      sum += Math.exp(lt - scale)
      // Past the peak the terms fall steadily (their logs are concave in j): once a falling term is
      // below 1e-20 of the largest, the rest cannot move the sum (they shrink faster than geometrically).
      if (lt < prev && lt < scale - 46) break
    }
    prev = lt
  }
  if (sum === 0) return 0
  return d * sum * Math.exp(scale)
}

/**
 * Durbin's matrix formula for P(D_n < d) (Marsaglia, Tsang & Wang 2003): with k = ceil(n d),
 * h = k - n d and the (2k-1)-square matrix H, the answer is n!/n^n (H^n)_{kk}. Powers are taken
 * by squaring with the scale kept as a separate power-of-two exponent.
 */
function durbinCdf(n: number, d: number): number {
  const nd = n * d
  if (nd <= 0.5) return 0
  const k = Math.ceil(nd)
  const h = k - nd
  const m = 2 * k - 1
  const H = new Float64Array(m * m)
  // Entries H[i][j] = 1/(i-j+1)! for i-j+1 >= 0, with corrected first column and last row.
  const invFact = new Float64Array(m + 1)
  invFact[0] = 1
  for (let i = 1; i <= m; i++) invFact[i] = invFact[i - 1] / i
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const e = i - j + 1
      if (e >= 0) H[i * m + j] = invFact[e]
    }
  }
  for (let i = 0; i < m; i++) {
    H[i * m] -= Math.pow(h, i + 1) * invFact[i + 1]
    H[(m - 1) * m + i] -= Math.pow(h, m - i) * invFact[m - i]
  }
  H[(m - 1) * m] += (2 * h - 1 > 0 ? Math.pow(2 * h - 1, m) : 0) * invFact[m]

  const TWO_POW = 140
  const BIG = Math.pow(2, TWO_POW)
  let result: Float64Array | null = null
  let resultExp = 0
  let base: Float64Array = H
  let baseExp = 0
  let e = n
  while (e > 0) {
    if (e & 1) {
      if (result === null) {
        result = base.slice()
        resultExp = baseExp
      } else {
        result = matMul(result, base, m)
        resultExp += baseExp
      }
      if (Math.abs(result[(k - 1) * m + (k - 1)]) > BIG) {
        scaleInPlace(result, 1 / BIG)
        resultExp += TWO_POW
      }
    }
    e = Math.floor(e / 2)
    if (e > 0) {
      base = matMul(base, base, m)
      baseExp *= 2
      if (Math.abs(base[(k - 1) * m + (k - 1)]) > BIG) {
        scaleInPlace(base, 1 / BIG)
        baseExp += TWO_POW
      }
    }
  }
  let p = (result as Float64Array)[(k - 1) * m + (k - 1)]
  // Multiply by n!/n^n, keeping the value representable.
  for (let i = 1; i <= n; i++) {
    p = (p * i) / n
    if (Math.abs(p) < 1 / BIG) {
      p *= BIG
      resultExp -= TWO_POW
    }
  }
  return p * Math.pow(2, resultExp)
}

function matMul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m)
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]
      if (ail === 0) continue
      const rowB = l * m
      const rowO = i * m
      for (let j = 0; j < m; j++) out[rowO + j] += ail * b[rowB + j]
    }
  }
  return out
}

function scaleInPlace(a: Float64Array, s: number): void {
  for (let i = 0; i < a.length; i++) a[i] *= s
}

/**
 * Pelz-Good (1976) expansion of P(D_n <= d) in powers of 1/sqrt(n) around the Kolmogorov limit,
 * each term written with theta-function sums that converge fast for small z = d sqrt(n).
 */
function pelzGoodCdf(n: number, d: number): number {
  const z = Math.sqrt(n) * d
  const z2 = z * z
  const z4 = z2 * z2
  const z6 = z4 * z2
  const pi2 = Math.PI * Math.PI
  const pi4 = pi2 * pi2
  const pi6 = pi4 * pi2
  const qlog = -pi2 / 8 / z2
  if (qlog < -708) return 0
  const q = Math.exp(qlog)
  const sqrt2pi = Math.sqrt(2 * Math.PI)

  const c1a = -z2
  const c1b = pi2 / 4
  const c2a = 6 * z6 + 2 * z4
  const c2b = ((2 * z4 - 5 * z2) * pi2) / 4
  const c2c = (pi4 * (1 - 2 * z2)) / 16
  const c3a = -30 * z6 - 90 * z6 * z2
  const c3b = (pi2 * (135 * z4 - 96 * z6)) / 4
  const c3c = (pi4 * (-60 * z2 + 212 * z4)) / 16
  const c3d = (pi6 * (5 - 30 * z2)) / 64

  // Sums over odd m = 2k-1 of c(m) q^(m^2), evaluated innermost-first: q^(m^2) = q * prod q^(8i).
  const kmax = Math.ceil((16 * z) / Math.PI)
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  for (let kk = kmax; kk >= 1; kk--) {
    const mm = 2 * kk - 1
    const m2 = mm * mm
    const m4 = m2 * m2
    const m6 = m4 * m2
    const qp = Math.pow(q, 8 * kk)
    s0 = s0 * qp + 1
    s1 = s1 * qp + (c1a + c1b * m2)
    s2 = s2 * qp + (c2a + c2b * m2 + c2c * m4)
    s3 = s3 * qp + (c3a + c3b * m2 + c3c * m4 + c3d * m6)
  }
  const k0 = (s0 * q * sqrt2pi) / z
  let k1 = (s1 * q * sqrt2pi) / (6 * z4)
  let k2 = (s2 * q * sqrt2pi) / (72 * z6 * z)
  let k3 = (s3 * q * sqrt2pi) / (6480 * z6 * z4)

  // Terms over all integers k with q' = exp(-pi^2 / (2 z^2)).
  const qq = Math.exp(-pi2 / 2 / z2)
  const sqrt3z = Math.sqrt(3) * z
  let e2 = 0
  let e3 = 0
  for (let kk = kmax; kk >= 1; kk--) {
    const k2sq = kk * kk
    const w = Math.pow(qq, k2sq)
    const kpi = Math.PI * kk
    e2 += k2sq * w
    e3 += (sqrt3z + kpi) * (sqrt3z - kpi) * k2sq * w
  }
  k2 += (e2 * pi2 * sqrt2pi) / (-36 * z2 * z)
  k3 += (e3 * pi2 * sqrt2pi) / (216 * z6)

  const sn = Math.sqrt(n)
  k1 /= sn
  k2 /= n
  k3 /= n * sn
  return k0 + k1 + k2 + k3
}
