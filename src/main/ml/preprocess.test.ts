// Tests of the triage preprocessing: imputation, standardisation and one-hot layout computed by hand.

import { describe, expect, it } from 'vitest'
import { denseDesign, designFor, featureNames, learnPreprocessor, type CodedColumn, type Preprocessor } from './preprocess'

/** A numeric column (null -> NaN). */
const N = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => (v === null ? NaN : v))

/** A categorical column coded over a dictionary in first-seen order (not sorted, so order independence is tested). */
function C(values: (string | null)[]): CodedColumn {
  const dictionary: string[] = []
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1
    let k = dictionary.indexOf(v)
    if (k < 0) k = dictionary.push(v) - 1
    return k
  })
  return { codes, dictionary }
}

const nums = (r: Record<string, (number | null)[]>): Record<string, Float64Array> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, N(v)]))
const cats = (r: Record<string, (string | null)[]>): Record<string, CodedColumn> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, C(v)]))

function learn(numeric: Record<string, (number | null)[]>, categorical: Record<string, (string | null)[]>, fn: string[], fc: string[]): Preprocessor {
  return learnPreprocessor(nums(numeric), cats(categorical), fn, fc)
}

/** The row-major matrix of rows through a learned preprocessor. */
function transform(pre: Preprocessor, numeric: Record<string, (number | null)[]>, categorical: Record<string, (string | null)[]>, n: number): Float64Array {
  return denseDesign(designFor(pre, nums(numeric), cats(categorical), n))
}

describe('learnPreprocessor', () => {
  it('imputes numeric nulls with the median, then standardises with the population std', () => {
    // fit column [1, null, 3, 10]: present 1,3,10 -> median 3; imputed [1,3,3,10]
    // mean = 17/4 = 4.25; squared deviations 10.5625 + 1.5625 + 1.5625 + 33.0625 = 46.75
    // population std = sqrt(46.75 / 4) = sqrt(11.6875) ~= 3.4187
    const pre = learn({ x: [1, null, 3, 10] }, {}, ['x'], [])
    expect(pre.numeric[0].median).toBe(3)
    expect(pre.numeric[0].mean).toBe(4.25)
    expect(pre.numeric[0].scale).toBeCloseTo(Math.sqrt(11.6875), 14)
    const X = transform(pre, { x: [1, null, 3, 10] }, {}, 4)
    expect(X[0]).toBeCloseTo((1 - 4.25) / Math.sqrt(11.6875), 14)
    expect(X[1]).toBeCloseTo((3 - 4.25) / Math.sqrt(11.6875), 14)
  })

  it('uses the mean of the two middle values for an even count, ignores non-finite values', () => {
    // present [4, 1, 2, 8] -> sorted 1,2,4,8 -> median (2 + 4)/2 = 3; NaN and Infinity count as null
    const pre = learn({ x: [4, 1, NaN, 2, 8, Infinity] }, {}, ['x'], [])
    expect(pre.numeric[0].median).toBe(3)
  })

  it('sorts numerically (negatives, fractions, mixed magnitudes) when finding the median of a large column', () => {
    // 200001 values: -100000..100000 shuffled, plus nulls; the median is 0, and a lexicographic
    // sort would give something else. Without the 0 the count is even: middle pair -0.25, 0.25 -> 0;
    // one more large value makes it odd again: the median moves up to 0.25.
    const values: (number | null)[] = []
    for (let v = -100000; v <= 100000; v++) values.push(v / 4)
    let s = 7
    for (let i = values.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      const j = s % (i + 1)
      ;[values[i], values[j]] = [values[j], values[i]]
    }
    values.push(null, null)
    expect(learn({ x: values }, {}, ['x'], []).numeric[0].median).toBe(0)
    const even = values.filter((v) => v !== 0)
    expect(learn({ x: even }, {}, ['x'], []).numeric[0].median).toBe(0)
    expect(learn({ x: [...even, 1e9] }, {}, ['x'], []).numeric[0].median).toBe(0.25)
  })

  it('learns bit for bit what the direct computation gives (sort for the median, sums in row order)', () => {
    let state = 9
    const rand = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return state / 4294967296
    }
    const shapes: ((i: number) => number)[] = [
      () => (rand() < 0.2 ? NaN : (rand() - 0.7) * 1e3),
      () => (rand() < 0.5 ? 0 : rand() < 0.3 ? NaN : Math.floor(rand() * 4)),
      () => (rand() < 0.6 ? -0 : rand() < 0.2 ? Infinity : -rand()),
      () => (rand() < 0.01 ? NaN : 1000 + rand() * 1e-9),
      (i) => (i % 3 === 0 ? NaN : -2.5)
    ]
    for (const [s, shape] of shapes.entries()) {
      for (const n of [1, 2, 9, 500, 2001]) {
        const col = Float64Array.from({ length: n }, (_, i) => shape(i))
        // The reference: present values, their median by a full sort, then the sums in row order.
        const present = col.filter((v) => Number.isFinite(v))
        const sorted = present.slice().sort()
        const m = sorted.length
        const med = m === 0 ? 0 : m % 2 ? sorted[m >> 1] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2
        let sum = (n - m) * med
        for (const v of present) sum += v
        const mean = sum / n
        let ss = (n - m) * (med - mean) * (med - mean)
        for (const v of present) ss += (v - mean) * (v - mean)
        const sd = Math.sqrt(ss / n)
        const t = learnPreprocessor({ x: col }, {}, ['x'], []).numeric[0]
        // Zeros compare equal whatever their sign, so the median is compared as a value; mean and scale bit for bit.
        expect(t.median === med, `shape ${s}, n ${n}`).toBe(true)
        expect(Object.is(t.mean, mean), `shape ${s}, n ${n}`).toBe(true)
        expect(Object.is(t.scale, sd > 0 ? sd : 1), `shape ${s}, n ${n}`).toBe(true)
      }
    }
  })

  it('maps a constant column to scale 1 and an all-null column to median 0', () => {
    // constant 5: mean 5, std 0 -> scale 1, so the transformed value is 0
    const pre = learn({ c: [5, 5, 5], z: [null, null, null] }, {}, ['c', 'z'], [])
    expect(pre.numeric[0]).toEqual({ name: 'c', median: 5, mean: 5, scale: 1 })
    expect(pre.numeric[1]).toEqual({ name: 'z', median: 0, mean: 0, scale: 1 })
    expect(Array.from(transform(pre, { c: [5, 7, null], z: [null, 2, null] }, {}, 3))).toEqual([0, 0, 2, 2, 0, 0])
  })

  it('imputes categorical nulls with the mode (ties: smallest) and one-hot encodes sorted categories', () => {
    // 'b' and 'a' both appear twice -> the tie goes to 'a'; categories sorted: a, b, c
    const pre = learn({}, { tier: ['b', 'a', null, 'c', 'b', 'a'] }, [], ['tier'])
    expect(pre.categorical[0]).toEqual({ name: 'tier', fill: 'a', categories: ['a', 'b', 'c'] })
    expect(pre.nOutputs).toBe(3)
    // rows: 'c' -> [0,0,1]; null -> fill 'a' -> [1,0,0]; unseen 'zzz' -> all zeros
    const X = transform(pre, {}, { tier: ['c', null, 'zzz'] }, 3)
    expect(Array.from(X)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0])
  })

  it('gives an all-null categorical column no output column', () => {
    const pre = learn({}, { r: [null, null] }, [], ['r'])
    expect(pre.categorical[0]).toEqual({ name: 'r', fill: null, categories: [] })
    expect(transform(pre, {}, { r: ['x', null] }, 2)).toHaveLength(0)
  })

  it('lays out numeric columns first, then one block per categorical feature', () => {
    const pre = learn({ lat: [1, 3] }, { m: ['gpt', 'claude'], ch: ['web', 'web'] }, ['lat'], ['m', 'ch'])
    expect(featureNames(pre)).toEqual(['lat', 'm=claude', 'm=gpt', 'ch=web'])
    // lat: mean 2, std 1 -> -1, 1
    expect(Array.from(transform(pre, { lat: [1, 3] }, { m: ['gpt', 'claude'], ch: ['web', 'api'] }, 2))).toEqual([
      -1, 0, 1, 1, 1, 1, 0, 0
    ])
  })

  it('rejects missing features and wrong lengths', () => {
    expect(() => learnPreprocessor({}, {}, ['x'], [])).toThrow(/'x'/)
    const pre = learn({ x: [1, 2] }, {}, ['x'], [])
    expect(() => transform(pre, { x: [1] }, {}, 2)).toThrow()
  })
})
