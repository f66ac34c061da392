// Tests of the tagged radix sort against the native typed-array sort, with negatives, zeros, ties and extremes.

import { describe, expect, it } from 'vitest'
import { sortedOrder, sortUint32WithTags, sortWithTags } from './radixSort'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

describe('sortWithTags', () => {
  it('sorts like Float64Array.prototype.sort and keeps each tag with its value', () => {
    const r = lcg(9)
    const kinds: Record<string, () => number> = {
      mixed: () => (r() - 0.5) * Math.pow(10, Math.floor(r() * 40) - 20),
      integers: () => Math.floor(r() * 60000),
      ties: () => Math.floor(r() * 5) - 2,
      extremes: () => [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, Infinity, -Infinity, 0, 1e-300][Math.floor(r() * 8)]
    }
    for (const [kind, gen] of Object.entries(kinds)) {
      for (const n of [0, 1, 2, 3, 100, 5000]) {
        const values = Float64Array.from({ length: n }, gen)
        // Each value's tag is a function of the value, so a tag that travelled with another value shows.
        const tagOf = (v: number): number => (Math.floor(Math.abs(v) * 7919) + (v < 0 ? 1 : 0)) & 0xff
        const tags = Uint8Array.from(values, tagOf)
        const expected = values.slice().sort()
        sortWithTags(values, tags)
        expect(Array.from(values), `${kind} ${n}`).toEqual(Array.from(expected))
        for (let i = 0; i < n; i++) expect(tags[i]).toBe(tagOf(values[i]))
      }
    }
  })

  it('is stable and puts -0 next to +0', () => {
    const values = Float64Array.from([0, -0, 1, 0, -1, -0])
    const tags = Uint8Array.from([0, 1, 2, 3, 4, 5])
    sortWithTags(values, tags)
    expect(Array.from(values)).toEqual([-1, -0, -0, 0, 0, 1])
    expect(Array.from(tags)).toEqual([4, 1, 5, 0, 3, 2])
  })

  it('works on a view into a larger buffer and refuses mismatched lengths', () => {
    const buf = new Float64Array([9, 3, 1, 2, 7])
    const view = buf.subarray(1, 4)
    const tags = Uint8Array.from([3, 1, 2])
    sortWithTags(view, tags)
    expect(Array.from(buf)).toEqual([9, 1, 2, 3, 7])
    expect(Array.from(tags)).toEqual([1, 2, 3])
    expect(() => sortWithTags(new Float64Array(2), new Uint8Array(1))).toThrow(/lengths/)
  })
})

describe('sortedOrder', () => {
  it('is the stable ascending permutation (NaN first, as -Infinity), input untouched', () => {
    const r = lcg(4)
    for (const n of [0, 1, 2, 50, 3000]) {
      const values = Float64Array.from({ length: n }, () => (r() < 0.05 ? NaN : Math.round((r() - 0.5) * 40) / 8))
      const copy = values.slice()
      const key = (i: number): number => (Number.isNaN(values[i]) ? -Infinity : values[i])
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b)
      expect(Array.from(sortedOrder(values))).toEqual(expected)
      expect(Array.from(values)).toEqual(Array.from(copy))
    }
  })
})

describe('sortUint32WithTags', () => {
  it('sorts unsigned keys across the whole 32-bit range, stable, tags along', () => {
    const r = lcg(12)
    const keys = Uint32Array.from({ length: 4000 }, (_, i) => (i % 3 === 0 ? 0xffffffff - Math.floor(r() * 10) : Math.floor(r() * 2 ** 32)))
    const tags = Uint8Array.from(keys, (_, i) => i & 0xff)
    const expected = Array.from(keys, (k, i) => [k, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1])
    sortUint32WithTags(keys, tags)
    expect(Array.from(keys)).toEqual(expected.map((e) => e[0]))
    expect(Array.from(tags)).toEqual(expected.map((e) => e[1] & 0xff))
  })

  it('sorts keys of every width (one pass, several, all zero, one key) stable with their tags', () => {
    const r = lcg(21)
    for (const top of [0, 1, 2, 5, 2 ** 11 - 1, 2 ** 11, 2 ** 20, 2 ** 22 - 1, 2 ** 22, 2 ** 31]) {
      for (const n of [1, 2, 3, 1000]) {
        const keys = Uint32Array.from({ length: n }, () => Math.floor(r() * (top + 1)))
        const tags = Uint8Array.from(keys, (_, i) => i & 0xff)
        const expected = Array.from(keys, (k, i) => [k, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1])
        sortUint32WithTags(keys, tags)
        expect(Array.from(keys)).toEqual(expected.map((e) => e[0]))
        expect(Array.from(tags)).toEqual(expected.map((e) => e[1] & 0xff))
      }
    }
  })
})
