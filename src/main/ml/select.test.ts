// Tests of the order statistics: every rank against a full sort, on random data with many ties.

import { describe, expect, it } from 'vitest'
import { median, selectKth } from './select'

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
