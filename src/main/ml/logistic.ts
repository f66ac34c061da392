// L2-regularised, sample-weighted binary logistic regression fitted to convergence by Newton's method, on a row-major matrix or on a columnar one-hot design.
import { columnarEvaluator, type Evaluator, type PatternLayout, penalise } from './logisticKernel'
import type { ColumnarDesign } from './preprocess'

/** Options of {@link fitLogistic}. */
export interface LogisticOptions {
  /** Penalty strength on w (not on b): the objective carries 0.5 * l2 * ||w||^2. 1 matches sklearn's C = 1. */
  l2: number
  /** Stop when the Euclidean norm of the full gradient (w and b) is at most this. Default 1e-8. */
  tol?: number
  /** Maximum number of Newton steps. Default 100. */
  maxIter?: number
  /** Called once per evaluated iterate (iteration 0 is the starting point). */
  onProgress?: (iter: number, gradNorm: number) => void
  /** Polled before every Newton step; returning true stops the fit with `cancelled: true`. */
  shouldCancel?: () => boolean
}

/** A fitted model. `converged` is false when maxIter or a cancellation stopped the fit early. */
export interface LogisticModel {
  w: Float64Array
  b: number
  /** Newton steps taken. */
  nIter: number
  /** Euclidean norm of the gradient of the objective at (w, b). */
  gradNorm: number
  converged: boolean
  cancelled: boolean
  /** Objective value 0.5 l2 ||w||^2 + sum_i s_i logloss_i at (w, b). */
  objective: number
}

const DEFAULT_TOL = 1e-8
const DEFAULT_MAX_ITER = 100
const ARMIJO_C = 1e-4
const MAX_HALVINGS = 60
const EPS = 2.220446049250313e-16
const NON_FINITE_MESSAGE = 'fitLogistic: non-finite objective or gradient (check X for NaN or Infinity)'

/**
 * Balanced class weights s_i = n / (2 * n_{class of i}) (sklearn's class_weight='balanced' for two
 * classes). When one class is absent the weights are all 1: there is nothing to balance, and the
 * fit then simply learns the (regularised) prior.
 */
export function balancedWeights(y: Uint8Array): Float64Array {
  const n = y.length
  let n1 = 0
  for (let i = 0; i < n; i++) if (y[i]) n1++
  const n0 = n - n1
  const out = new Float64Array(n)
  if (n0 === 0 || n1 === 0) return out.fill(1)
  const w1 = n / (2 * n1)
  const w0 = n / (2 * n0)
  for (let i = 0; i < n; i++) out[i] = y[i] ? w1 : w0
  return out
}

/** Decision values f_i = w . x_i + b for a row-major matrix X (nRows x nCols). */
export function decisionFunction(
  model: { w: Float64Array; b: number },
  X: Float64Array,
  nRows: number,
  nCols: number
): Float64Array {
  checkShape(X, nRows, nCols)
  if (model.w.length !== nCols) throw new Error(`decisionFunction: model has ${model.w.length} weights, X has ${nCols} columns`)
  const out = new Float64Array(nRows)
  const w = model.w
  for (let i = 0; i < nRows; i++) {
    const off = i * nCols
    let s = model.b
    for (let j = 0; j < nCols; j++) s += w[j] * X[off + j]
    out[i] = s
  }
  return out
}

function checkShape(X: Float64Array, nRows: number, nCols: number): void {
  if (!Number.isInteger(nRows) || !Number.isInteger(nCols) || nRows < 0 || nCols < 0) {
    throw new Error(`bad shape ${nRows} x ${nCols}`)
  }
  if (X.length !== nRows * nCols) throw new Error(`X has ${X.length} entries, expected ${nRows} x ${nCols}`)
}

function checkFitInputs(nRows: number, y: Uint8Array, sampleWeight: Float64Array, opts: LogisticOptions): void {
  if (y.length !== nRows || sampleWeight.length !== nRows) throw new Error('fitLogistic: y / sampleWeight length mismatch')
  if (!(opts.l2 >= 0)) throw new Error('fitLogistic: l2 must be >= 0')
}

/**
 * Minimise 0.5 * l2 * ||w||^2 + sum_i s_i * logloss(y_i, w . x_i + b) (b unpenalised) with
 * Newton's method and Armijo backtracking. X is row-major nRows x nCols; y holds 0/1;
 * sampleWeight the s_i (rows with weight 0 are skipped).
 *
 * Cost: one pass over X per iteration, which evaluates the objective, the gradient and the
 * (d+1)-square Hessian together at the trial point, touching only each row's non-zero entries
 * (one-hot columns are mostly zero); the step is accepted or halved on that same pass, so no
 * separate line-search pass is needed. Close to the optimum (gradient below 1e-3 of its starting
 * norm) the last Cholesky factor is reused for up to two steps (a chord step; the gradient is
 * always exact), which skips the Hessian, the dominant cost, on the final iterations.
 *
 * Stops when the gradient norm is <= tol. When the predicted decrease falls below the rounding
 * of the objective the line search can no longer judge a step; full steps are then taken, and if
 * the gradient stops shrinking (the floating-point floor of the sums, e.g. with huge weights) the
 * fit stops there, reported as converged with the gradient norm it reached.
 */
export function fitLogistic(
  X: Float64Array,
  nRows: number,
  nCols: number,
  y: Uint8Array,
  sampleWeight: Float64Array,
  opts: LogisticOptions
): LogisticModel {
  checkShape(X, nRows, nCols)
  checkFitInputs(nRows, y, sampleWeight, opts)
  const l2 = opts.l2
  const d = nCols
  const p = d + 1 // parameters: w[0..d-1], then b
  const nzIdx = new Int32Array(d)
  const nzVal = new Float64Array(d)

  const evaluate: Evaluator = (t, g, h) => {
    g.fill(0)
    if (h) h.fill(0)
    const b = t[d]
    let loss = 0
    let gb = 0
    let hbb = 0
    for (let i = 0; i < nRows; i++) {
      const s = sampleWeight[i]
      if (s === 0) continue
      const off = i * d
      let k = 0
      let zi = b
      for (let j = 0; j < d; j++) {
        const v = X[off + j]
        if (v !== 0) {
          nzIdx[k] = j
          nzVal[k] = v
          zi += t[j] * v
          k++
        }
      }
      const yi = y[i]
      // With e = exp(-|z|): sigma(z), sigma(z)(1 - sigma(z)) and the log-loss
      // log(1 + e^u) = max(u, 0) + log1p(e) for u = +-z, all without overflow or cancellation.
      const e = Math.exp(-Math.abs(zi))
      const onePlusE = 1 + e
      const pr = zi >= 0 ? 1 / onePlusE : e / onePlusE
      const u = yi ? -zi : zi
      loss += s * ((u > 0 ? u : 0) + Math.log1p(e))
      const r = s * (pr - yi)
      gb += r
      if (h) {
        const hh = (s * e) / (onePlusE * onePlusE)
        hbb += hh
        for (let a = 0; a < k; a++) {
          const ja = nzIdx[a]
          const va = nzVal[a]
          g[ja] += r * va
          const hva = hh * va
          const rowOff = ja * p
          // Upper triangle only: nzIdx is increasing, so ja <= nzIdx[c] for c >= a.
          for (let c = a; c < k; c++) h[rowOff + nzIdx[c]] += hva * nzVal[c]
          h[rowOff + d] += hva
        }
      } else {
        for (let a = 0; a < k; a++) g[nzIdx[a]] += r * nzVal[a]
      }
    }
    g[d] = gb
    if (h) h[d * p + d] = hbb
    return loss + penalise(t, g, h, d, l2)
  }
  return newton(d, evaluate, opts)
}

/** Rows of a columnar design grouped by their one-hot pattern: the categorical columns of each distinct pattern. */
interface Patterns {
  /** pattern of each row */
  of: Int32Array
  /** per pattern, its K one-hot columns (-1: none), pattern q at [q * K, (q + 1) * K) */
  cols: Int32Array
  count: number
}

/** Patterns are numbered through a lookup table while the key space has at most this many entries, through a Map beyond. */
const PATTERN_TABLE_MAX = 1 << 22

/** Numbers the distinct one-hot patterns (combinations of categorical columns) of the rows, in order of first appearance. */
function onehotPatterns(design: ColumnarDesign): Patterns {
  const { n, cat } = design
  const K = cat.length
  const of = new Int32Array(n)
  if (K === 0) return { of, cols: new Int32Array(0), count: n > 0 ? 1 : 0 }
  // A row's key: each feature's column relative to the lowest it uses (+1, so "none" is 0), in mixed
  // radix over the features' ranges; exact while below 2^53.
  const low = new Int32Array(K)
  const radix = new Float64Array(K)
  let space = 1
  for (let k = 0; k < K; k++) {
    const [lo, hi] = columnRange(cat[k])
    low[k] = lo > hi ? 0 : lo
    radix[k] = lo > hi ? 1 : hi - lo + 2
    space *= radix[k]
  }
  const first: number[] = []
  if (space <= PATTERN_TABLE_MAX) {
    // Keys below 2^22, built a column at a time, numbered through a lookup table.
    const keys = new Int32Array(n)
    for (let k = 0; k < K; k++) addDigit(keys, cat[k], low[k], radix[k])
    numberKeys(keys, new Int32Array(space).fill(-1), of, first)
  } else {
    const keyOf = (i: number): number => {
      let key = 0
      for (let k = 0; k < K; k++) {
        const c = cat[k][i]
        key = key * radix[k] + (c >= 0 ? c - low[k] + 1 : 0)
      }
      return key
    }
    const exact = space <= Number.MAX_SAFE_INTEGER
    const ids = new Map<number | string, number>()
    for (let i = 0; i < n; i++) {
      let key: number | string
      if (exact) key = keyOf(i)
      else {
        key = ''
        for (let k = 0; k < K; k++) key += cat[k][i] + ','
      }
      let q = ids.get(key)
      if (q === undefined) {
        q = first.length
        ids.set(key, q)
        first.push(i)
      }
      of[i] = q
    }
  }
  const cols = new Int32Array(first.length * K)
  first.forEach((i, q) => {
    for (let k = 0; k < K; k++) cols[q * K + k] = cat[k][i]
  })
  return { of, cols, count: first.length }
}

/** The lowest and highest non-negative value of a column (lo > hi when there is none). */
function columnRange(col: Int32Array): [number, number] {
  let lo = 2147483647
  let hi = -1
  for (let i = 0; i < col.length; i++) {
    const c = col[i]
    if (c >= 0) {
      if (c < lo) lo = c
      if (c > hi) hi = c
    }
  }
  return [lo, hi]
}

/** keys[i] = keys[i] * radix + the row's digit (its column - lo + 1, or 0 for none). */
function addDigit(keys: Int32Array, col: Int32Array, lo: number, radix: number): void {
  for (let i = 0; i < keys.length; i++) {
    const c = col[i]
    keys[i] = keys[i] * radix + (c >= 0 ? c - lo + 1 : 0)
  }
}

/** Pattern of each row by its key (table: key -> pattern, -1 unseen), new patterns numbered in row order; `first` gets each pattern's first row. */
function numberKeys(keys: Int32Array, table: Int32Array, of: Int32Array, first: number[]): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    let q = table[key]
    if (q < 0) {
      q = table[key] = first.length
      first.push(i)
    }
    of[i] = q
  }
}

/**
 * {@link fitLogistic} on a columnar design (standardised numeric columns plus one-hot
 * categorical columns given as column indices), the same objective and the same Newton iterations,
 * optionally started from `start` (w then b). Each pass touches every row's numeric values once:
 * the categorical parts of the gradient and Hessian are sums over the rows of each one-hot pattern,
 * accumulated per pattern and spread over the Hessian once per pass, so a row costs about
 * J (J + 3) operations for J numeric features whatever the number of categories.
 */
export function fitLogisticColumnar(
  design: ColumnarDesign,
  y: Uint8Array,
  sampleWeight: Float64Array,
  opts: LogisticOptions & { start?: Float64Array }
): LogisticModel {
  checkFitInputs(design.n, y, sampleWeight, opts)
  const p = design.d + 1
  if (opts.start && opts.start.length !== p) throw new Error(`fitLogistic: start has ${opts.start.length} values, expected ${p}`)
  const L = patternLayout(design, y, sampleWeight)
  return newton(design.d, columnarEvaluator(L, opts.l2), opts, opts.start)
}

/**
 * The rows of a columnar design grouped by one-hot pattern (a counting sort, so a pattern's sums
 * stay in registers while its rows pass), with each row's numeric values side by side for the inner
 * loops. Throws on a non-finite numeric value or a one-hot column outside [J, d).
 */
export function patternLayout(design: ColumnarDesign, y: Uint8Array, sampleWeight: Float64Array): PatternLayout {
  const { n, d, num } = design
  const J = num.length
  const K = design.cat.length
  const pat = onehotPatterns(design)
  const Q = pat.count
  for (let k = 0; k < pat.cols.length; k++) {
    const c = pat.cols[k]
    if (c >= 0 && !(c >= J && c < d)) throw new Error(`fitLogistic: one-hot column ${c} outside ${J}..${d - 1}`)
  }
  const first = new Int32Array(Q + 1)
  for (let i = 0; i < n; i++) first[pat.of[i] + 1]++
  for (let q = 0; q < Q; q++) first[q + 1] += first[q]
  const next = first.slice(0, Q)
  const xr = new Float64Array(n * J)
  const ys = new Uint8Array(n)
  const sw = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const r = next[pat.of[i]]++
    for (let j = 0; j < J; j++) {
      const v = num[j][i]
      if (!Number.isFinite(v)) throw new Error(NON_FINITE_MESSAGE)
      xr[r * J + j] = v
    }
    ys[r] = y[i]
    sw[r] = sampleWeight[i]
  }
  return { d, J, K, Q, first, cols: pat.cols, xr, y: ys, sw }
}

/** Decision values f_i = w . x_i + b of a columnar design's rows. */
export function decisionFunctionColumnar(model: { w: Float64Array; b: number }, design: ColumnarDesign): Float64Array {
  if (model.w.length !== design.d) throw new Error(`decisionFunction: model has ${model.w.length} weights, the design has ${design.d} columns`)
  const out = new Float64Array(design.n).fill(model.b)
  design.num.forEach((col, j) => {
    const wj = model.w[j]
    for (let i = 0; i < design.n; i++) out[i] += wj * col[i]
  })
  for (const col of design.cat) for (let i = 0; i < design.n; i++) if (col[i] >= 0) out[i] += model.w[col[i]]
  return out
}

/** The Newton iterations shared by both layouts: d weights plus the intercept, from `start` or zero. */
function newton(d: number, evaluate: Evaluator, opts: LogisticOptions, start?: Float64Array): LogisticModel {
  const tol = opts.tol ?? DEFAULT_TOL
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER
  const p = d + 1
  const norm = (v: Float64Array): number => {
    let s = 0
    for (let j = 0; j < v.length; j++) s += v[j] * v[j]
    return Math.sqrt(s)
  }

  let theta = start ? Float64Array.from(start) : new Float64Array(p)
  let grad = new Float64Array(p)
  let hess = new Float64Array(p * p)
  let trial = new Float64Array(p)
  let trialGrad = new Float64Array(p)
  let trialHess = new Float64Array(p * p)
  const step = new Float64Array(p)
  const chol = new Float64Array(p * p)

  let f = evaluate(theta, grad, hess)
  let hessAtTheta = true
  let gradNorm = norm(grad)
  const gradNorm0 = gradNorm
  let nIter = 0
  let converged = false
  let cancelled = false
  let prevGradNorm = Infinity
  let stalls = 0
  let factorAge = 0 // Newton steps taken with the current Cholesky factor

  for (;;) {
    opts.onProgress?.(nIter, gradNorm)
    if (!Number.isFinite(gradNorm) || !Number.isFinite(f)) {
      throw new Error(NON_FINITE_MESSAGE)
    }
    if (gradNorm <= tol) {
      converged = true
      break
    }
    if (nIter >= maxIter) break
    if (opts.shouldCancel?.()) {
      cancelled = true
      break
    }

    // ---- direction: H step = -grad (H fresh at theta, or the previous factor reused) ----
    if (hessAtTheta) {
      factorSpd(hess, chol, p)
      factorAge = 0
    }
    solveFactored(chol, grad, step, p)
    let slope = 0 // grad . step (negative: a descent direction)
    for (let j = 0; j < p; j++) slope += grad[j] * step[j]
    if (!(slope < 0)) {
      // Only possible when the gradient is numerically zero for the solver.
      converged = gradNorm <= Math.sqrt(Math.max(tol, EPS))
      break
    }
    factorAge++

    const atPrecision = -slope / 2 <= 1024 * EPS * Math.max(1, Math.abs(f))
    if (atPrecision) {
      stalls = gradNorm > 0.5 * prevGradNorm ? stalls + 1 : 0
      if (stalls >= 3) {
        converged = true
        break
      }
    }
    prevGradNorm = gradNorm

    // Skip the Hessian at the trial point when near the optimum and the factor is still young.
    const wantHess = !(gradNorm <= 1e-3 * gradNorm0 && factorAge < 3)

    // ---- backtracking: each trial evaluates everything needed for the next iteration ----
    let alpha = 1
    let fTrial = NaN
    let accepted = false
    for (let halving = 0; halving < MAX_HALVINGS; halving++) {
      for (let j = 0; j < p; j++) trial[j] = theta[j] + alpha * step[j]
      fTrial = evaluate(trial, trialGrad, wantHess ? trialHess : null)
      if (atPrecision || fTrial <= f + ARMIJO_C * alpha * slope) {
        accepted = true
        break
      }
      alpha *= 0.5
    }
    if (!accepted) {
      // No representable decrease along a descent direction: the floating floor.
      converged = gradNorm <= Math.sqrt(Math.max(tol, EPS))
      break
    }
    ;[theta, trial] = [trial, theta]
    ;[grad, trialGrad] = [trialGrad, grad]
    if (wantHess) [hess, trialHess] = [trialHess, hess]
    hessAtTheta = wantHess
    f = fTrial
    const newNorm = norm(grad)
    // A reused factor that no longer contracts the gradient well gets refreshed next time.
    if (!wantHess && newNorm > 0.1 * gradNorm) factorAge = 3
    gradNorm = newNorm
    nIter++
    if (!hessAtTheta && factorAge >= 3) {
      // The factor is stale: pay one extra pass for the Hessian here rather than crawl.
      f = evaluate(theta, grad, hess)
      hessAtTheta = true
    }
  }

  return {
    w: theta.slice(0, d),
    b: theta[d],
    nIter,
    gradNorm,
    converged,
    cancelled,
    objective: f
  }
}

/**
 * Cholesky factor of a symmetric positive (semi-)definite A (full storage, p x p) into L. If the
 * factorisation breaks down, a growing multiple of the identity is added (Levenberg), which still
 * gives a descent direction.
 */
function factorSpd(A: Float64Array, L: Float64Array, p: number): void {
  let maxDiag = 0
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * p + i]))
  let jitter = 0
  for (let attempt = 0; attempt < 60; attempt++) {
    if (cholesky(A, L, p, jitter)) return
    jitter = jitter === 0 ? Math.max(maxDiag, 1) * 1e-12 : jitter * 10
  }
  // Curvature unusable: fall back to the identity (steepest descent).
  L.fill(0)
  for (let i = 0; i < p; i++) L[i * p + i] = 1
}

/** Solve L L^T x = -g. */
function solveFactored(L: Float64Array, g: Float64Array, x: Float64Array, p: number): void {
  for (let i = 0; i < p; i++) {
    let s = -g[i]
    for (let k = 0; k < i; k++) s -= L[i * p + k] * x[k]
    x[i] = s / L[i * p + i]
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i]
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k]
    x[i] = s / L[i * p + i]
  }
}

function cholesky(A: Float64Array, L: Float64Array, p: number, jitter: number): boolean {
  L.fill(0)
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j] + (i === j ? jitter : 0)
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k]
      if (i === j) {
        if (!(s > 0)) return false
        L[i * p + i] = Math.sqrt(s)
      } else {
        L[i * p + j] = s / L[j * p + j]
      }
    }
  }
  return true
}
