// Tests of the order statistics: every rank against a full sort, on random data with many ties.

import { describe, expect, it } from 'vitest'
import { finiteMedian, median, selectKth } from './select'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

describe('selectKth', () => {
  it('finds every rank of random data with ties, sorted and reversed runs', () => {
    const r = lcg(3)
    for (const n of [1, 2, 3, 15, 16, 17, 100, 1001]) {
      for (const kind of ['random', 'ties', 'sorted', 'reversed']) {
        const v = Float64Array.from({ length: n }, (_, i) => (kind === 'random' ? r() - 0.5 : kind === 'ties' ? Math.floor(r() * 4) : kind === 'sorted' ? i : n - i))
        const sorted = v.slice().sort()
        for (let k = 0; k < n; k += Math.max(1, Math.floor(n / 37))) {
          const a = v.slice()
          expect(selectKth(a, k)).toBe(sorted[k])
          for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k])
          for (let i = k + 1; i < n; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k])
        }
      }
    }
  })

  it('refuses a rank outside the array', () => {
    expect(() => selectKth(new Float64Array(3), 3)).toThrow(/outside/)
  })
})

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, and leaves the input alone', () => {
    const v = Float64Array.from([4, 1, 2, 8])
    expect(median(v)).toBe(3)
    expect(Array.from(v)).toEqual([4, 1, 2, 8])
    expect(median(Float64Array.from([5, -1, 3]))).toBe(3)
    expect(median(new Float64Array(0))).toBeNull()
    expect(median(Float64Array.from([-0.25, 0.25]))).toBe(0)
  })
})

describe('finiteMedian', () => {
  /** The 64 bits of a value, so that -0 and 0 differ. */
  const bits = (x: number | null): string => (x === null ? 'null' : new BigUint64Array(Float64Array.of(x).buffer)[0].toString(16))

  it('equals median() of the finite values, bit for bit, on data of every shape', () => {
    const r = lcg(11)
    const shapes: Record<string, (i: number) => number> = {
      spread: () => (r() - 0.3) * 10 ** Math.floor(r() * 12 - 6),
      ties: () => Math.floor(r() * 5) - 2 || 7,
      narrow: () => 1000 + r(),
      lopsided: (i) => (i % 10 === 0 ? -1e300 : 5e-324 * Math.floor(r() * 9 + 1)),
      missing: () => (r() < 0.3 ? [NaN, Infinity, -Infinity][Math.floor(r() * 3)] : r() * 100 - 50),
      zeros: () => (r() < 0.5 ? 0 : r() < 0.5 ? -0 : r() - 0.5),
      positiveZeros: () => (r() < 0.6 ? 0 : r() * 3),
      negativeZeros: () => (r() < 0.6 ? -0 : r() - 0.7),
      allSame: () => 42.5
    }
    for (const [name, gen] of Object.entries(shapes)) {
      for (const n of [0, 1, 2, 3, 10, 101, 1000, 5001]) {
        const col = Float64Array.from({ length: n }, (_, i) => gen(i))
        const finite = col.filter((v) => Number.isFinite(v))
        const got = finiteMedian(col, new Float64Array(n))
        expect(got.count, `${name} ${n}`).toBe(finite.length)
        expect(bits(got.sum), `${name} ${n}`).toBe(bits(finite.reduce((a, v) => a + v, 0)))
        expect(bits(got.median), `${name} ${n}`).toBe(bits(median(finite)))
      }
    }
  })

  it('takes the mean of the two middle values for an even count, and null without a finite value', () => {
    // finite values 1, 2, 8, 9 -> (2 + 8) / 2 = 5
    expect(finiteMedian(Float64Array.of(9, NaN, 1, 8, Infinity, 2), new Float64Array(6))).toEqual({ median: 5, count: 4, sum: 20 })
    expect(finiteMedian(Float64Array.of(NaN, -Infinity), new Float64Array(2))).toEqual({ median: null, count: 0, sum: 0 })
  })
})
