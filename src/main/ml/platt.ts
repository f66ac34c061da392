// Platt scaling: fits and applies P(y=1 | f) = 1 / (1 + exp(A f + B)) to decision values, against Platt's smoothed targets.

/** Fitted Platt parameters, plus how the fit ended. */
export interface PlattModel {
  A: number
  B: number
  nIter: number
  /** Max-abs gradient of the cross-entropy at (A, B). */
  gradMax: number
  converged: boolean
}

const MAX_ITER = 200
const MIN_STEP = 1e-12
const SIGMA = 1e-12 // Hessian ridge of Lin, Lin & Weng (2007)
const EPS = 2.220446049250313e-16

/**
 * Platt scaling as PIPELINE.md section 9 (sklearn's `_sigmoid_calibration`): targets
 * t+ = (N+ + 1) / (N+ + 2) for positives and t- = 1 / (N- + 2) for negatives, and (A, B)
 * minimising sum_i -[t_i log p_i + (1 - t_i) log(1 - p_i)] with p_i = 1 / (1 + exp(A f_i + B)).
 * Newton's method with backtracking as in Lin, Lin & Weng (2007), written on u = A f + B so that
 * every term is evaluated without overflow; started at A = 0, B = log((N- + 1) / (N+ + 1)) and run
 * to convergence (max-abs gradient at the level of rounding), not to sklearn's L-BFGS tolerance.
 * Empty input returns the starting point A = 0, B = 0 (P = 0.5).
 */
export function fitPlatt(f: Float64Array, y: Uint8Array): PlattModel {
  const n = f.length
  if (y.length !== n) throw new Error('fitPlatt: f and y lengths differ')
  let nPos = 0
  for (let i = 0; i < n; i++) if (y[i]) nPos++
  const nNeg = n - nPos
  const tPos = (nPos + 1) / (nPos + 2)
  const tNeg = 1 / (nNeg + 2)

  // The gradient sums carry rounding of order eps times the sum of their terms' sizes.
  let sumAbsF = 0
  for (let i = 0; i < n; i++) sumAbsF += Math.abs(f[i])
  const gradFloor = 64 * EPS * Math.max(1, n, sumAbsF)

  let A = 0
  let B = Math.log((nNeg + 1) / (nPos + 1))
  let fval = plattObjective(f, y, A, B, tPos, tNeg)
  let nIter = 0
  let gradMax = Infinity
  let converged = false
  let prevGradMax = Infinity
  let stalls = 0
  const d = new Float64Array(5)

  for (;;) {
    plattDerivatives(f, y, A, B, tPos, tNeg, d)
    const gA = d[0]
    const gB = d[1]
    const hAA = d[2]
    const hAB = d[3]
    const hBB = d[4]
    gradMax = Math.max(Math.abs(gA), Math.abs(gB))
    if (gradMax <= gradFloor || n === 0) {
      converged = true
      break
    }
    if (nIter >= MAX_ITER) break
    const det = hAA * hBB - hAB * hAB
    const dA = -(hBB * gA - hAB * gB) / det
    const dB = -(-hAB * gA + hAA * gB) / det
    const slope = gA * dA + gB * dB
    if (!(slope < 0) || !Number.isFinite(det)) break

    const atPrecision = -slope / 2 <= 1024 * EPS * Math.max(1, Math.abs(fval))
    if (atPrecision) {
      stalls = gradMax > 0.5 * prevGradMax ? stalls + 1 : 0
      if (stalls >= 3) {
        converged = true
        break
      }
    }
    prevGradMax = gradMax

    let step = 1
    let accepted = false
    while (step >= MIN_STEP) {
      const nA = A + step * dA
      const nB = B + step * dB
      const nf = plattObjective(f, y, nA, nB, tPos, tNeg)
      if (atPrecision || nf <= fval + 1e-4 * step * slope) {
        A = nA
        B = nB
        fval = nf
        accepted = true
        break
      }
      step /= 2
    }
    nIter++
    if (!accepted) {
      // Line search failure: no representable decrease left (Lin, Lin & Weng stop here too);
      // call it converged when their own tolerance (1e-5 on the gradient) is met.
      converged = gradMax <= 1e-5
      break
    }
  }
  return { A, B, nIter, gradMax, converged }
}

// The passes over the rows are functions of their own, their double arguments taken into locals
// first: in a short-lived process V8 then optimises each pass once, as a whole, without boxing a
// heap number per row on the way (closures over the fit's doubles did: ~2x slower on first use).

/**
 * The objective at (A, B). With u = A f + B and p = 1/(1+e^u):
 * loss = log(1 + e^u) - (1 - t) u; d loss / du = t - p; d2 loss / du2 = p (1 - p).
 */
function plattObjective(f: Float64Array, y: Uint8Array, A: number, B: number, tPos: number, tNeg: number): number {
  const a = +A
  const b = +B
  const tp = +tPos
  const tn = +tNeg
  let s = 0
  for (let i = 0; i < f.length; i++) {
    const u = a * f[i] + b
    const t = y[i] ? tp : tn
    s += u >= 0 ? t * u + Math.log1p(Math.exp(-u)) : (t - 1) * u + Math.log1p(Math.exp(u))
  }
  return s
}

/** Gradient and Hessian (with the ridge on the diagonal) at (A, B), into out: gA, gB, hAA, hAB, hBB. */
function plattDerivatives(f: Float64Array, y: Uint8Array, A: number, B: number, tPos: number, tNeg: number, out: Float64Array): void {
  const a = +A
  const b = +B
  const tp = +tPos
  const tn = +tNeg
  let gA = 0
  let gB = 0
  let hAA = SIGMA
  let hAB = 0
  let hBB = SIGMA
  for (let i = 0; i < f.length; i++) {
    const fi = f[i]
    const u = a * fi + b
    const t = y[i] ? tp : tn
    const e = Math.exp(-Math.abs(u))
    const p = u >= 0 ? e / (1 + e) : 1 / (1 + e) // 1 / (1 + e^u)
    const pq = e / ((1 + e) * (1 + e))
    const d1 = t - p
    gA += fi * d1
    gB += d1
    hAA += fi * fi * pq
    hAB += fi * pq
    hBB += pq
  }
  out[0] = gA
  out[1] = gB
  out[2] = hAA
  out[3] = hAB
  out[4] = hBB
}

/** P(failure) = 1 / (1 + exp(A f + B)) for each decision value, stable for large |A f + B|. */
export function applyPlatt(f: Float64Array, A: number, B: number): Float64Array {
  const out = new Float64Array(f.length)
  for (let i = 0; i < f.length; i++) {
    const u = A * f[i] + B
    if (u >= 0) {
      const e = Math.exp(-u)
      out[i] = e / (1 + e)
    } else {
      out[i] = 1 / (1 + Math.exp(u))
    }
  }
  return out
}
