// Tests of the weighted L2 logistic regression: closed-form cases, a tightly converged reference and zero-gradient checks.

import { describe, expect, it } from 'vitest'
import { balancedWeights, decisionFunction, decisionFunctionColumnar, fitLogistic, fitLogisticColumnar } from './logistic'
import { denseDesign, type ColumnarDesign } from './preprocess'

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** Gradient of 0.5 l2 ||w||^2 + sum s_i logloss, computed naively and independently of the fit. */
function naiveGradient(
  X: number[][],
  y: number[],
  s: number[],
  w: ArrayLike<number>,
  b: number,
  l2: number
): number[] {
  const d = w.length
  const g = new Array<number>(d + 1).fill(0)
  for (let i = 0; i < X.length; i++) {
    let z = b
    for (let j = 0; j < d; j++) z += w[j] * X[i][j]
    const r = s[i] * (sigmoid(z) - y[i])
    for (let j = 0; j < d; j++) g[j] += r * X[i][j]
    g[d] += r
  }
  for (let j = 0; j < d; j++) g[j] += l2 * w[j]
  return g
}

/** Deterministic pseudo-random numbers (LCG) so the tests do not depend on Math.random. */
function lcg(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
}

describe('balancedWeights', () => {
  it('gives n / (2 n_class)', () => {
    // n = 4, one positive: positive 4 / (2*1) = 2, negatives 4 / (2*3) = 2/3
    const w = balancedWeights(Uint8Array.from([1, 0, 0, 0]))
    expect(w[0]).toBe(2)
    expect(w[1]).toBeCloseTo(2 / 3, 15)
    // weighted class totals are both n / 2
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 14)
  })
  it('is all ones when a class is absent', () => {
    expect(Array.from(balancedWeights(Uint8Array.from([0, 0, 0])))).toEqual([1, 1, 1])
    expect(balancedWeights(new Uint8Array(0))).toHaveLength(0)
  })
})

describe('fitLogistic', () => {
  it('intercept only: b = log(weighted positives / weighted negatives)', () => {
    // no columns; y = [1,0,0,0], weights 1: minimise sum logloss(y, b) -> sigma(b) = 1/4, b = log(1/3)
    const m = fitLogistic(new Float64Array(0), 4, 0, Uint8Array.from([1, 0, 0, 0]), new Float64Array(4).fill(1), { l2: 1 })
    expect(m.b).toBeCloseTo(Math.log(1 / 3), 12)
    expect(m.converged).toBe(true)
    expect(m.gradNorm).toBeLessThanOrEqual(1e-8)
    // balanced weights make the classes weigh the same: b = 0
    const y = Uint8Array.from([1, 0, 0, 0])
    const mb = fitLogistic(new Float64Array(0), 4, 0, y, balancedWeights(y), { l2: 1 })
    expect(Math.abs(mb.b)).toBeLessThan(1e-12)
  })

  it('one symmetric feature: w solves w = 2 (1 - sigma(w)), b = 0', () => {
    // rows x = +1 (y=1) and x = -1 (y=0), weights 1, l2 = 1. By symmetry b = 0, and
    // dF/dw = w + (sigma(w) - 1) * 1 + sigma(-w) * (-1) = w - 2 (1 - sigma(w)) = 0.
    // Bisection by hand: w = 0.67 -> 2(1 - 0.66150) = 0.6770 > w; w = 0.675 -> 0.67476 < w, so w ~ 0.6749.
    // A tolerance below what double precision can reach exercises the stop at the floating floor.
    const m = fitLogistic(Float64Array.from([1, -1]), 2, 1, Uint8Array.from([1, 0]), Float64Array.from([1, 1]), {
      l2: 1,
      tol: 0
    })
    expect(m.converged).toBe(true)
    expect(m.gradNorm).toBeLessThan(1e-15)
    expect(Math.abs(m.b)).toBeLessThan(1e-12)
    expect(m.w[0]).toBeCloseTo(2 * (1 - sigmoid(m.w[0])), 12)
    expect(m.w[0]).toBeCloseTo(0.6749, 3)
  })

  it('matches a tightly converged reference solution with balanced weights', () => {
    // Reference: SciPy trust-exact on the same objective (gradient norm 4e-14).
    const rows = [
      [0.5, -1.2, 0],
      [1.5, 0.3, 1],
      [-0.7, 2.0, 0],
      [0.0, 0.0, 1],
      [2.2, -0.4, 0],
      [-1.1, -0.9, 1],
      [0.9, 1.1, 0],
      [-0.3, 0.4, 1],
      [1.7, -2.1, 0],
      [-2.0, 0.8, 1]
    ]
    const yArr = [1, 0, 0, 1, 1, 0, 0, 0, 0, 1]
    const y = Uint8Array.from(yArr)
    const s = balancedWeights(y) // 4 positives: 10/8 = 1.25, negatives 10/12
    const m = fitLogistic(Float64Array.from(rows.flat()), 10, 3, y, s, { l2: 1 })
    const ref = [-0.160498045431497, -0.27225118443148494, -0.04872438393137159, 0.05617838461043548]
    for (let j = 0; j < 3; j++) expect(m.w[j]).toBeCloseTo(ref[j], 12)
    expect(m.b).toBeCloseTo(ref[3], 12)
    expect(m.objective).toBeCloseTo(6.786766429826166, 12)
    const g = naiveGradient(rows, yArr, Array.from(s), m.w, m.b, 1)
    expect(Math.hypot(...g)).toBeLessThan(1e-10)
    expect(m.converged).toBe(true)
  })

  it('a weight of 2 equals a duplicated row', () => {
    const X1 = Float64Array.from([0.3, 1, -0.5, 0, 1.2, 1, -1.0, 0])
    const y1 = Uint8Array.from([1, 0, 1, 0])
    const a = fitLogistic(X1, 4, 2, y1, Float64Array.from([2, 1, 1, 1]), { l2: 1 })
    const X2 = Float64Array.from([0.3, 1, 0.3, 1, -0.5, 0, 1.2, 1, -1.0, 0])
    const b = fitLogistic(X2, 5, 2, Uint8Array.from([1, 1, 0, 1, 0]), new Float64Array(5).fill(1), { l2: 1 })
    expect(a.w[0]).toBeCloseTo(b.w[0], 12)
    expect(a.w[1]).toBeCloseTo(b.w[1], 12)
    expect(a.b).toBeCloseTo(b.b, 12)
  })

  it('stays finite on separable data thanks to the penalty', () => {
    const m = fitLogistic(Float64Array.from([-3, -2, -1, 1, 2, 3]), 6, 1, Uint8Array.from([0, 0, 0, 1, 1, 1]), new Float64Array(6).fill(1), {
      l2: 1
    })
    expect(m.converged).toBe(true)
    expect(Number.isFinite(m.w[0])).toBe(true)
    expect(m.w[0]).toBeGreaterThan(0)
  })

  it('converges on a larger sparse (one-hot-like) problem to a zero gradient', () => {
    const rand = lcg(7)
    const n = 5000
    const d = 12 // 4 numeric + two one-hot groups of 4
    const X = new Float64Array(n * d)
    const y = new Uint8Array(n)
    const rows: number[][] = []
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(d).fill(0)
      for (let j = 0; j < 4; j++) row[j] = rand() * 2 - 1
      row[4 + Math.floor(rand() * 4)] = 1
      row[8 + Math.floor(rand() * 4)] = 1
      const z = 1.5 * row[0] - row[1] + 0.8 * row[5] - 2.5 + 0.5 * row[9]
      y[i] = rand() < sigmoid(z) ? 1 : 0
      X.set(row, i * d)
      rows.push(row)
    }
    const s = balancedWeights(y)
    const seen: number[] = []
    const m = fitLogistic(X, n, d, y, s, { l2: 1, onProgress: (_it, g) => seen.push(g) })
    expect(m.converged).toBe(true)
    expect(m.gradNorm).toBeLessThanOrEqual(1e-8)
    expect(m.nIter).toBeLessThan(20)
    expect(seen.length).toBe(m.nIter + 1)
    const g = naiveGradient(rows, Array.from(y), Array.from(s), m.w, m.b, 1)
    expect(Math.hypot(...g)).toBeLessThan(1e-7)
    // the fit recovers the sign of the strong effects
    expect(m.w[0]).toBeGreaterThan(0)
    expect(m.w[1]).toBeLessThan(0)
  })

  it('stops on cancellation and on maxIter without claiming convergence', () => {
    const X = Float64Array.from([1, -1, 2, -2])
    const y = Uint8Array.from([1, 0, 0, 1])
    const s = new Float64Array(4).fill(1)
    const c = fitLogistic(X, 4, 1, y, s, { l2: 1, shouldCancel: () => true })
    expect(c.cancelled).toBe(true)
    expect(c.converged).toBe(false)
    expect(c.nIter).toBe(0)
    const capped = fitLogistic(Float64Array.from([0.5, -1, 2, -2]), 4, 1, y, s, { l2: 1, maxIter: 1 })
    expect(capped.nIter).toBe(1)
    expect(capped.converged).toBe(false)
  })

  it('rejects inconsistent shapes and non-finite inputs', () => {
    expect(() => fitLogistic(new Float64Array(3), 2, 2, new Uint8Array(2), new Float64Array(2), { l2: 1 })).toThrow()
    expect(() => fitLogistic(Float64Array.from([NaN, 1]), 2, 1, Uint8Array.from([0, 1]), Float64Array.from([1, 1]), { l2: 1 })).toThrow()
  })
})

describe('fitLogisticColumnar', () => {
  /** n rows: J numeric columns and K one-hot blocks of `sizes` categories (some rows with no category in a block). */
  function problem(n: number, J: number, sizes: number[], seed: number): { design: ColumnarDesign; y: Uint8Array } {
    const rand = lcg(seed)
    const num = Array.from({ length: J }, () => new Float64Array(n))
    let offset = J
    const cat = sizes.map((size) => {
      const col = new Int32Array(n)
      for (let i = 0; i < n; i++) col[i] = rand() < 0.05 ? -1 : offset + Math.floor(rand() * size)
      offset += size
      return col
    })
    const y = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      let z = -1.2
      for (let j = 0; j < J; j++) {
        num[j][i] = rand() * 2 - 1
        z += (j % 2 ? -0.7 : 0.9) * num[j][i]
      }
      for (const col of cat) if (col[i] >= 0) z += ((col[i] % 3) - 1) * 0.8
      y[i] = rand() < sigmoid(z) ? 1 : 0
    }
    return { design: { n, d: offset, num, cat }, y }
  }

  it('reaches the same optimum as the row-major fit, from zero and from a start point', () => {
    const { design, y } = problem(4000, 3, [4, 3, 5], 11)
    const s = balancedWeights(y)
    const dense = fitLogistic(denseDesign(design), design.n, design.d, y, s, { l2: 1 })
    const col = fitLogisticColumnar(design, y, s, { l2: 1 })
    const warm = fitLogisticColumnar(design, y, s, { l2: 1, start: Float64Array.from({ length: design.d + 1 }, (_, j) => (j % 2 ? 0.3 : -0.2)) })
    for (const m of [col, warm]) {
      expect(m.converged).toBe(true)
      expect(m.gradNorm).toBeLessThanOrEqual(1e-8)
      for (let j = 0; j < design.d; j++) expect(Math.abs(m.w[j] - dense.w[j])).toBeLessThan(1e-10)
      expect(Math.abs(m.b - dense.b)).toBeLessThan(1e-10)
      expect(Math.abs(m.objective - dense.objective)).toBeLessThan(1e-9 * dense.objective)
    }
    // The gradient at the optimum, recomputed naively on the dense rows, is zero.
    const X = denseDesign(design)
    const rows = Array.from({ length: design.n }, (_, i) => Array.from(X.subarray(i * design.d, (i + 1) * design.d)))
    expect(Math.hypot(...naiveGradient(rows, Array.from(y), Array.from(s), col.w, col.b, 1))).toBeLessThan(1e-7)
    const fCol = decisionFunctionColumnar(col, design)
    const fDense = decisionFunction(col, X, design.n, design.d)
    for (let i = 0; i < design.n; i++) expect(Math.abs(fCol[i] - fDense[i])).toBeLessThan(1e-12)
  })

  it('numbers one-hot patterns the same way whatever the size of their key space (table, numeric keys, text keys)', () => {
    // 3 x 200 categories: 8.1M keys, past the table; 7 x 300: past 2^53, so the keys are text.
    for (const sizes of [[200, 200, 200], [300, 300, 300, 300, 300, 300, 300]]) {
      const { design, y } = problem(1500, 2, sizes, 17)
      const s = balancedWeights(y)
      const col = fitLogisticColumnar(design, y, s, { l2: 1 })
      const dense = fitLogistic(denseDesign(design), design.n, design.d, y, s, { l2: 1 })
      for (let j = 0; j < design.d; j++) expect(Math.abs(col.w[j] - dense.w[j])).toBeLessThan(1e-9)
    }
  })

  it('handles no categorical block, no numeric column, and weight-0 rows', () => {
    const { design, y } = problem(500, 2, [], 5)
    const s = balancedWeights(y)
    expect(fitLogisticColumnar(design, y, s, { l2: 1 }).w[0]).toBeCloseTo(fitLogistic(denseDesign(design), 500, 2, y, s, { l2: 1 }).w[0], 10)
    const onlyCat = problem(500, 0, [3, 2], 6)
    const s2 = balancedWeights(onlyCat.y)
    s2[0] = 0
    const a = fitLogisticColumnar(onlyCat.design, onlyCat.y, s2, { l2: 1 })
    const b = fitLogistic(denseDesign(onlyCat.design), 500, onlyCat.design.d, onlyCat.y, s2, { l2: 1 })
    for (let j = 0; j < onlyCat.design.d; j++) expect(a.w[j]).toBeCloseTo(b.w[j], 10)
  })
})

describe('decisionFunction', () => {
  it('computes w.x + b row by row', () => {
    // rows [1,2] and [-1,0.5] with w = [0.5,-1], b = 0.25: 0.5 - 2 + 0.25 = -1.25; -0.5 - 0.5 + 0.25 = -0.75
    const f = decisionFunction({ w: Float64Array.from([0.5, -1]), b: 0.25 }, Float64Array.from([1, 2, -1, 0.5]), 2, 2)
    expect(Array.from(f)).toEqual([-1.25, -0.75])
  })
})
