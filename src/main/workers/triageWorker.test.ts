// Tests of the triage worker's warm start: the full fit started from it reaches the optimum a fit from zero reaches.

import { describe, expect, it } from 'vitest'
import { balancedWeights, fitLogisticColumnar } from '../ml/logistic'
import type { ColumnarDesign } from '../ml/preprocess'
import { warmStart } from './triageWorker'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

describe('warmStart', () => {
  it('starts the full fit near the optimum: same optimum, fewer full passes', () => {
    const rand = lcg(5)
    const n = 40000
    const num = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]
    const cat = [new Int32Array(n), new Int32Array(n)]
    const y = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      let z = -2
      num.forEach((c, j) => {
        c[i] = rand() * 2 - 1
        z += (j - 1) * 1.3 * c[i]
      })
      cat[0][i] = 3 + Math.floor(rand() * 4)
      cat[1][i] = 7 + Math.floor(rand() * 3)
      z += cat[0][i] === 4 ? 1 : 0
      y[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0
    }
    const design: ColumnarDesign = { n, d: 10, num, cat }
    const w = balancedWeights(y)
    expect(warmStart(design, y, w, 20000)).toBeUndefined() // fewer than 4 subsample sizes: start from zero
    const start = warmStart(design, y, w, 2000)
    expect(start).toHaveLength(11)
    const cold = fitLogisticColumnar(design, y, w, { l2: 1, tol: 1e-8 })
    const warm = fitLogisticColumnar(design, y, w, { l2: 1, tol: 1e-8, start })
    expect(warm.converged && cold.converged).toBe(true)
    expect(warm.gradNorm).toBeLessThanOrEqual(1e-8)
    for (let j = 0; j < 10; j++) expect(Math.abs(warm.w[j] - cold.w[j])).toBeLessThan(1e-9)
    expect(Math.abs(warm.b - cold.b)).toBeLessThan(1e-9)
    expect(warm.nIter).toBeLessThan(cold.nIter)
  })
})
