// Tests of the columnar objective: the passes generated per width give bit-identical objectives, gradients and Hessians to the generic pass.

import { describe, expect, it } from 'vitest'
import { patternLayout } from './logistic'
import { columnarEvaluator, MAX_SPECIALISED_J, penalise } from './logisticKernel'
import type { ColumnarDesign } from './preprocess'

function lcg(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
}

/** n rows, J numeric columns (wide-ranging values, some exact zeros) and one-hot blocks of `sizes` categories (some rows with none). */
function design(n: number, J: number, sizes: number[], rand: () => number): ColumnarDesign {
  const num = Array.from({ length: J }, () => Float64Array.from({ length: n }, () => (rand() < 0.1 ? 0 : (rand() * 2 - 1) * 10 ** Math.floor(rand() * 4 - 2))))
  let offset = J
  const cat = sizes.map((size) => {
    const col = Int32Array.from({ length: n }, () => (rand() < 0.1 ? -1 : offset + Math.floor(rand() * size)))
    offset += size
    return col
  })
  return { n, d: offset, num, cat }
}

/** The 64 bits of each value, so that -0 / 0 and every last bit count. */
const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))
const bitsOf = (x: number): bigint[] => bits(Float64Array.of(x))

describe('columnarEvaluator', () => {
  it('specialised passes equal the generic pass bit for bit (several widths, with and without categories, weight-0 rows)', () => {
    const rand = lcg(23)
    for (const J of [1, 2, 3, 5, 8, MAX_SPECIALISED_J]) {
      for (const sizes of [[], [4], [3, 6, 2]]) {
        const D = design(700, J, sizes, rand)
        const y = Uint8Array.from({ length: D.n }, () => (rand() < 0.3 ? 1 : 0))
        const w = Float64Array.from({ length: D.n }, () => (rand() < 0.05 ? 0 : 0.25 + rand() * 3))
        const L = patternLayout(D, y, w)
        const fast = columnarEvaluator(L, 0.7)
        const generic = columnarEvaluator(L, 0.7, false)
        const p = D.d + 1
        // theta = 0 first (the cold start), then points with both signs and sizes.
        const thetas = [new Float64Array(p), ...Array.from({ length: 3 }, () => Float64Array.from({ length: p }, () => (rand() * 2 - 1) * 3))]
        for (const t of thetas) {
          for (const withH of [true, false]) {
            const [g1, g2] = [new Float64Array(p), new Float64Array(p)]
            const [h1, h2] = withH ? [new Float64Array(p * p), new Float64Array(p * p)] : [null, null]
            const f1 = fast(t, g1, h1)
            const f2 = generic(t, g2, h2)
            expect(bitsOf(f1), `J ${J}, blocks ${sizes.length}`).toEqual(bitsOf(f2))
            expect(bits(g1)).toEqual(bits(g2))
            if (h1 && h2) expect(bits(h1)).toEqual(bits(h2))
          }
        }
      }
    }
  })

  it('computes the objective, gradient and Hessian of a hand-checked case', () => {
    // Two rows, one numeric column and one one-hot column: x = [(2, 1), (-1, 0)], y = [1, 0], s = [1, 2], l2 = 1.
    // At w = 0, b = 0 every p = 1/2: loss = 3 log 2, r = s (p - y) = [-0.5, 1], h = s p (1 - p) = [0.25, 0.5].
    const D: ColumnarDesign = { n: 2, d: 2, num: [Float64Array.of(2, -1)], cat: [Int32Array.of(1, -1)] }
    const L = patternLayout(D, Uint8Array.of(1, 0), Float64Array.of(1, 2))
    for (const specialised of [true, false]) {
      const g = new Float64Array(3)
      const h = new Float64Array(9)
      expect(columnarEvaluator(L, 1, specialised)(new Float64Array(3), g, h)).toBeCloseTo(3 * Math.log(2), 14)
      // g_w0 = -0.5 * 2 + 1 * -1 = -2; g_w1 = -0.5; g_b = 0.5
      expect(Array.from(g)).toEqual([-2, -0.5, 0.5])
      // H_00 = 0.25 * 4 + 0.5 * 1 + l2 = 2.5; H_01 = 0.25 * 2 = 0.5; H_0b = 0.25 * 2 + 0.5 * -1 = 0;
      // H_11 = 0.25 + l2 = 1.25; H_1b = 0.25; H_bb = 0.75
      expect(Array.from(h)).toEqual([2.5, 0.5, 0, 0.5, 1.25, 0.25, 0, 0.25, 0.75])
    }
  })

  it('falls back to the generic pass beyond MAX_SPECIALISED_J and for no numeric column', () => {
    const rand = lcg(3)
    for (const J of [0, MAX_SPECIALISED_J + 1]) {
      const D = design(300, J, [3], rand)
      const y = Uint8Array.from({ length: D.n }, () => (rand() < 0.5 ? 1 : 0))
      const L = patternLayout(D, y, new Float64Array(D.n).fill(1))
      const t = Float64Array.from({ length: D.d + 1 }, () => rand() - 0.5)
      const [g1, g2] = [new Float64Array(D.d + 1), new Float64Array(D.d + 1)]
      expect(columnarEvaluator(L, 1)(t, g1, null)).toBe(columnarEvaluator(L, 1, false)(t, g2, null))
      expect(bits(g1)).toEqual(bits(g2))
    }
  })

  it('penalises w but not b and mirrors the Hessian', () => {
    const g = Float64Array.of(1, 1, 1)
    const h = Float64Array.of(1, 2, 3, 0, 4, 5, 0, 0, 6)
    // 0.5 * 2 * (3^2 + 4^2) = 25; g += 2 w; diagonal of w += 2
    expect(penalise(Float64Array.of(3, 4, 100), g, h, 2, 2)).toBe(25)
    expect(Array.from(g)).toEqual([7, 9, 1])
    expect(Array.from(h)).toEqual([3, 2, 3, 2, 6, 5, 3, 5, 6])
  })
})

describe('patternLayout', () => {
  it('groups rows by one-hot pattern in order of first appearance, keeping table order within a pattern', () => {
    const D: ColumnarDesign = { n: 5, d: 4, num: [Float64Array.of(0, 1, 2, 3, 4)], cat: [Int32Array.of(2, 1, 2, -1, 1), Int32Array.of(3, -1, 3, -1, -1)] }
    const L = patternLayout(D, Uint8Array.of(0, 1, 0, 1, 1), Float64Array.of(1, 2, 3, 4, 5))
    expect(L.Q).toBe(3)
    expect(Array.from(L.first)).toEqual([0, 2, 4, 5])
    expect(Array.from(L.cols)).toEqual([2, 3, 1, -1, -1, -1])
    expect(Array.from(L.xr)).toEqual([0, 2, 1, 4, 3])
    expect(Array.from(L.sw)).toEqual([1, 3, 2, 5, 4])
  })
  it('rejects a non-finite value and a one-hot column among the numeric ones', () => {
    const num = [Float64Array.of(1, NaN)]
    expect(() => patternLayout({ n: 2, d: 2, num, cat: [] }, new Uint8Array(2), new Float64Array(2))).toThrow(/non-finite/)
    expect(() => patternLayout({ n: 2, d: 2, num: [Float64Array.of(1, 2)], cat: [Int32Array.of(0, 1)] }, new Uint8Array(2), new Float64Array(2))).toThrow(/one-hot column 0/)
  })
})
