import { describe, expect, it } from 'vitest'
import { csrOperator, denseOperator, randomizedSvd } from './randomizedSvd'

describe('randomizedSvd', () => {
  it('finds the singular values and right vectors of a rank-2 matrix exactly', () => {
    // A = [[3, 0], [0, 4], [0, 0]]: singular values 4 and 3, right vectors e2 and e1
    const a = Float64Array.from([3, 0, 0, 4, 0, 0])
    const svd = randomizedSvd(denseOperator(a, 3, 2), { k: 5, seed: 1 })
    expect(svd.k).toBe(2)
    expect(svd.singularValues[0]).toBeCloseTo(4, 10)
    expect(svd.singularValues[1]).toBeCloseTo(3, 10)
    // components: cols x k row-major, each column sign-fixed positive
    expect(Array.from(svd.components).map((x) => Math.round(x * 1e9) / 1e9 + 0)).toEqual([0, 1, 1, 0])
  })

  it('gives the same answer from the sparse and the dense form, and drops a zero direction', () => {
    // rank 1: every row a multiple of (1, 2, 0)
    const dense = Float64Array.from([1, 2, 0, 2, 4, 0, 0, 0, 0])
    const csr = { rows: 3, cols: 3, indptr: Int32Array.from([0, 2, 4, 4]), indices: Int32Array.from([0, 1, 0, 1]), values: Float32Array.from([1, 2, 2, 4]) }
    const a = randomizedSvd(denseOperator(dense, 3, 3), { k: 3, seed: 7 })
    const b = randomizedSvd(csrOperator(csr), { k: 3, seed: 7 })
    expect(a.k).toBe(1)
    expect(b.k).toBe(1)
    // the singular value of the rank-1 matrix is |(1, 2)| x |(1, 2, 0)| = 5
    expect(a.singularValues[0]).toBeCloseTo(5, 10)
    expect(b.singularValues[0]).toBeCloseTo(5, 6)
    expect(Array.from(a.components)).toEqual([expect.closeTo(1 / Math.sqrt(5), 9), expect.closeTo(2 / Math.sqrt(5), 9), expect.closeTo(0, 9)])
  })

  it('is deterministic for a seed and returns nothing for an all-zero matrix', () => {
    const m = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7))
    const x = randomizedSvd(denseOperator(m, 8, 5), { k: 3, seed: 3 })
    const y = randomizedSvd(denseOperator(m, 8, 5), { k: 3, seed: 3 })
    expect(Array.from(x.components)).toEqual(Array.from(y.components))
    expect(randomizedSvd(denseOperator(new Float64Array(6), 2, 3), { k: 2, seed: 1 }).k).toBe(0)
  })
})
