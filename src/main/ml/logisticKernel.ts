// The objective of the columnar logistic fit (its pass over the rows plus the L2 penalty), with passes specialised to the number of numeric columns: source generated once per width, every numeric sum in a local variable.

/**
 * A columnar design laid out for the fit's passes: rows grouped by one-hot pattern (a stable
 * counting sort, so each pattern keeps its rows in table order) and each row's J numeric values
 * side by side.
 */
export interface PatternLayout {
  /** output columns: numeric 0..J-1, then the one-hot columns, all below d */
  d: number
  J: number
  /** categorical features */
  K: number
  /** patterns; pattern q's rows are [first[q], first[q + 1]) */
  Q: number
  first: Int32Array
  /** per pattern, its K one-hot columns (-1: none), pattern q at [q * K, (q + 1) * K) */
  cols: Int32Array
  /** numeric values, row r at [r * J, (r + 1) * J) */
  xr: Float64Array
  y: Uint8Array
  sw: Float64Array
}

/** Objective at theta; fills `grad` and, when `hess` is given, the full symmetric Hessian (p x p). */
export type Evaluator = (theta: Float64Array, grad: Float64Array, hess: Float64Array | null) => number

/**
 * One pass over the rows at t: adds every row's terms to g and, when h is given, to the upper
 * triangle of h (both zeroed by the caller), sets the intercept's entries and returns the summed
 * loss. hx is scratch of length J.
 */
type Pass = (
  t: Float64Array,
  g: Float64Array,
  h: Float64Array | null,
  hx: Float64Array,
  d: number,
  K: number,
  Q: number,
  first: Int32Array,
  cols: Int32Array,
  xr: Float64Array,
  ys: Uint8Array,
  sw: Float64Array
) => number

/**
 * Widths up to this get specialised passes (J (J + 1) / 2 Hessian sums in locals); wider designs
 * use the generic one, whose sums live in the Hessian array.
 */
export const MAX_SPECIALISED_J = 16

/**
 * Adds the L2 penalty on w (not b) to a gradient and an upper-triangle Hessian, mirrors the
 * Hessian into its lower triangle, and returns 0.5 * l2 * ||w||^2.
 */
export function penalise(t: Float64Array, g: Float64Array, h: Float64Array | null, d: number, l2: number): number {
  const p = d + 1
  let wNorm2 = 0
  for (let j = 0; j < d; j++) {
    wNorm2 += t[j] * t[j]
    g[j] += l2 * t[j]
  }
  if (h) {
    for (let j = 0; j < d; j++) h[j * p + j] += l2
    for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) h[a * p + c] = h[c * p + a]
  }
  return 0.5 * l2 * wNorm2
}

/**
 * The objective of the columnar fit for a layout: a pass over the rows plus the L2 penalty. With
 * `specialised` (the default) and 1 <= J <= MAX_SPECIALISED_J, the pass is the one generated for
 * J; it returns bit-identical values to the generic pass (logisticKernel.test.ts checks it).
 */
export function columnarEvaluator(L: PatternLayout, l2: number, specialised = true): Evaluator {
  const passes = specialised ? specialisedPasses(L.J) : null
  const withH = passes ? passes.withHessian : genericPass
  const gradOnly = passes ? passes.gradientOnly : genericPass
  const hx = new Float64Array(L.J)
  return (t, g, h) => {
    g.fill(0)
    if (h) h.fill(0)
    // The layout goes in as arguments, not as an object: optimised code then depends on no object shape.
    const { d, K, Q, first, cols, xr, y, sw } = L
    const loss = h ? withH(t, g, h, hx, d, K, Q, first, cols, xr, y, sw) : gradOnly(t, g, null, hx, d, K, Q, first, cols, xr, y, sw)
    return loss + penalise(t, g, h, L.d, l2)
  }
}

/**
 * The pass, generic in J: per pattern, its rows' numeric terms go straight into the gradient and
 * the Hessian, and its categorical and intercept terms are summed over its rows and spread once.
 */
const genericPass: Pass = function genericPass(t, g, h, hx, d, K, Q, first, cols, xr, ys, sw) {
  const J = hx.length
  const p = d + 1
  const b = t[d]
  let loss = 0
  let gb = 0
  let hbb = 0
  for (let q = 0; q < Q; q++) {
    let zq = b
    for (let k = 0; k < K; k++) {
      const c = cols[q * K + k]
      if (c >= 0) zq += t[c]
    }
    let sumR = 0
    let sumH = 0
    hx.fill(0)
    for (let i = first[q]; i < first[q + 1]; i++) {
      const s = sw[i]
      if (s === 0) continue
      const off = i * J
      let zi = zq
      for (let j = 0; j < J; j++) zi += t[j] * xr[off + j]
      const yi = ys[i]
      // With e = exp(-|z|): sigma(z), sigma(z)(1 - sigma(z)) and the log-loss, as in fitLogistic.
      const e = Math.exp(-Math.abs(zi))
      const onePlusE = 1 + e
      const pr = zi >= 0 ? 1 / onePlusE : e / onePlusE
      const u = yi ? -zi : zi
      loss += s * ((u > 0 ? u : 0) + Math.log1p(e))
      const r = s * (pr - yi)
      sumR += r
      for (let j = 0; j < J; j++) g[j] += r * xr[off + j]
      if (h) {
        const hh = (s * e) / (onePlusE * onePlusE)
        sumH += hh
        for (let a = 0; a < J; a++) {
          const va = hh * xr[off + a]
          hx[a] += va
          const rowOff = a * p
          for (let c = a; c < J; c++) h[rowOff + c] += va * xr[off + c]
        }
      }
    }
    gb += sumR
    hbb += sumH
    spreadPattern(q, sumR, sumH, hx, g, h, d, K, cols)
  }
  g[d] = gb
  if (h) h[d * p + d] = hbb
  return loss
}

/**
 * Adds pattern q's summed terms to its one-hot columns: sumR to their gradient entries and, with
 * h, its numeric Hessian-row sums hx and sumH to their Hessian entries (upper triangle: numeric
 * columns come first and each categorical block after the previous one, so a < c below).
 */
function spreadPattern(q: number, sumR: number, sumH: number, hx: Float64Array, g: Float64Array, h: Float64Array | null, d: number, K: number, cols: Int32Array): void {
  const J = hx.length
  const p = d + 1
  const base = q * K
  for (let k = 0; k < K; k++) {
    const c = cols[base + k]
    if (c >= 0) g[c] += sumR
  }
  if (!h) return
  for (let a = 0; a < J; a++) {
    const sx = hx[a]
    h[a * p + d] += sx
    for (let k = 0; k < K; k++) {
      const c = cols[base + k]
      if (c >= 0) h[a * p + c] += sx
    }
  }
  for (let k = 0; k < K; k++) {
    const c = cols[base + k]
    if (c < 0) continue
    h[c * p + d] += sumH
    for (let k2 = k; k2 < K; k2++) {
      const c2 = cols[base + k2]
      if (c2 >= 0) h[c * p + c2] += sumH
    }
  }
}

interface Passes {
  withHessian: Pass
  gradientOnly: Pass
}
const passesByWidth = new Map<number, Passes>()

/**
 * Generates and primes the specialised passes for J numeric columns now (once per width, a no-op
 * beyond MAX_SPECIALISED_J): a caller that knows J early (the triage worker, before preprocessing)
 * lets V8 optimise them in the background while other work runs, instead of during the first fit.
 */
export function prepareColumnarPasses(J: number): void {
  specialisedPasses(J)
}

/**
 * The generic pass for width J (1..MAX_SPECIALISED_J, null otherwise) with its loops over j, a and
 * c unrolled and every numeric sum (gradient, Hessian, the pattern's Hessian-row sums) and weight
 * in a local: each sum still adds the same terms in the same order. Generated once per width (the
 * source depends on J only) as two plain functions, with and without the Hessian, that take the
 * layout as an argument, so their optimised code serves every fit.
 */
function specialisedPasses(J: number): Passes | null {
  if (!(J >= 1 && J <= MAX_SPECIALISED_J)) return null
  let passes = passesByWidth.get(J)
  if (!passes) {
    const make = (withH: boolean): Pass => new Function('spreadPattern', passSource(J, withH))(spreadPattern) as Pass
    passes = { withHessian: make(true), gradientOnly: make(false) }
    prime(passes, J)
    passesByWidth.set(J, passes)
  }
  return passes
}

/**
 * Runs both passes a few times on a made-up layout of a few thousand rows (fractional values, both
 * signs of z, both labels, weight-0 rows, rows without category), about 10 ms. V8 then has seen
 * doubles everywhere and every branch, and finds the passes hot: it optimises them in the
 * background, from that feedback. Otherwise the first real pass, at theta = 0, teaches it small
 * integers (z = 0, 1 + e = 2), and the code optimised from that was thrown away on the next pass.
 */
function prime(passes: Passes, J: number): void {
  // Two one-hot features with one column each (J and J + 1); pattern 0 is [J, none], pattern 1 [none, J + 1].
  const d = J + 2
  const rows = 2048
  const first = Int32Array.from([0, rows / 2, rows])
  const cols = Int32Array.from([J, -1, -1, J + 1])
  const xr = Float64Array.from({ length: rows * J }, (_, k) => ((k * 7) % 11) / 4 - 1.3)
  const ys = Uint8Array.from({ length: rows }, (_, i) => (i * 5) % 3 === 0 ? 1 : 0)
  const sw = Float64Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? 0 : 0.5 + (i % 4) * 0.25))
  const t = Float64Array.from({ length: d + 1 }, (_, j) => (j % 2 ? 0.7 : -0.45))
  const hx = new Float64Array(J)
  const g = new Float64Array(d + 1)
  const h = new Float64Array((d + 1) * (d + 1))
  // V8 records feedback only once a function has run a while (its feedback vector is allocated lazily): several calls.
  for (let run = 0; run < 3; run++) {
    passes.withHessian(t, g.fill(0), h.fill(0), hx, d, 2, 2, first, cols, xr, ys, sw)
    passes.gradientOnly(t, g.fill(0), null, hx, d, 2, 2, first, cols, xr, ys, sw)
  }
}

/** Source of the body `return function (t, g, h, hx, d, K, Q, first, cols, xr, ys, sw) { ... }` of the pass for width J. */
function passSource(J: number, withH: boolean): string {
  const js = Array.from({ length: J }, (_, j) => j)
  const each = (f: (j: number) => string): string => js.map(f).join('\n')
  const upper = (f: (a: number, c: number) => string): string => each((a) => js.slice(a).map((c) => f(a, c)).join('\n'))
  return `'use strict'
return function pass${J}${withH ? 'H' : 'G'}(t, g, h, hx, d, K, Q, first, cols, xr, ys, sw) {
  const p = d + 1
  const b = t[d]
  let loss = 0
  let gb = 0
  let hbb = 0
  ${each((j) => `const t${j} = t[${j}]`)}
  ${each((j) => `let g${j} = 0`)}
  ${withH ? upper((a, c) => `let h${a}_${c} = 0`) : ''}
  for (let q = 0; q < Q; q++) {
    let zq = b
    for (let k = 0; k < K; k++) {
      const c = cols[q * K + k]
      if (c >= 0) zq += t[c]
    }
    let sumR = 0
    let sumH = 0
    ${withH ? each((a) => `let hx${a} = 0`) : ''}
    for (let i = first[q], end = first[q + 1]; i < end; i++) {
      const s = sw[i]
      if (s === 0) continue
      const off = i * ${J}
      ${each((j) => `const x${j} = xr[off + ${j}]`)}
      let zi = zq
      ${each((j) => `zi += t${j} * x${j}`)}
      const yi = ys[i]
      const e = Math.exp(-Math.abs(zi))
      const onePlusE = 1 + e
      const pr = zi >= 0 ? 1 / onePlusE : e / onePlusE
      const u = yi ? -zi : zi
      loss += s * ((u > 0 ? u : 0) + Math.log1p(e))
      const r = s * (pr - yi)
      sumR += r
      ${each((j) => `g${j} += r * x${j}`)}
      ${
        withH
          ? `const hh = (s * e) / (onePlusE * onePlusE)
      sumH += hh
      ${each((a) => [`const v${a} = hh * x${a}`, `hx${a} += v${a}`, ...js.slice(a).map((c) => `h${a}_${c} += v${a} * x${c}`)].join('\n'))}`
          : ''
      }
    }
    gb += sumR
    hbb += sumH
    ${withH ? each((a) => `hx[${a}] = hx${a}`) : ''}
    spreadPattern(q, sumR, sumH, hx, g, h, d, K, cols)
  }
  ${each((j) => `g[${j}] = g${j}`)}
  ${withH ? upper((a, c) => `h[${a} * p + ${c}] = h${a}_${c}`) : ''}
  g[d] = gb
  ${withH ? 'h[d * p + d] = hbb' : ''}
  return loss
}`
}
