import { describe, expect, it } from 'vitest'
import { normaliseInPlace, orthonormaliseByGram, orthonormaliseColumns, seededRandom, symmetricEigen } from './linalg'

describe('symmetricEigen', () => {
  it('decomposes [[2, 1], [1, 2]] into 3 and 1 with (1, 1)/√2 and (1, -1)/√2', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2)
    expect(values[0]).toBeCloseTo(3, 12)
    expect(values[1]).toBeCloseTo(1, 12)
    const s = Math.SQRT1_2
    // columns are the eigenvectors; the largest-magnitude entry of each is positive (the first, on a tie)
    expect(vectors[0]).toBeCloseTo(s, 12)
    expect(vectors[2]).toBeCloseTo(s, 12)
    expect(vectors[1]).toBeCloseTo(s, 12)
    expect(vectors[3]).toBeCloseTo(-s, 12)
  })

  it('sorts a diagonal matrix and keeps its axes', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([1, 0, 0, 0, 5, 0, 0, 0, 3]), 3)
    expect(Array.from(values)).toEqual([5, 3, 1])
    expect(Array.from(vectors)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0])
  })
})

describe('orthonormaliseColumns', () => {
  it('makes the columns orthonormal and zeroes a dependent one', () => {
    // columns: (1, 1, 0), (2, 2, 0) dependent, (0, 1, 1)
    const a = Float64Array.from([1, 2, 0, 1, 2, 1, 0, 0, 1])
    const rank = orthonormaliseColumns(a, 3, 3)
    expect(rank).toBe(2)
    const col = (j: number): number[] => [a[j], a[3 + j], a[6 + j]]
    expect(col(0).map((x) => x * Math.SQRT2)).toEqual([expect.closeTo(1, 12), expect.closeTo(1, 12), 0])
    expect(col(1)).toEqual([0, 0, 0])
    const dot = col(0).reduce((s, x, i) => s + x * col(2)[i], 0)
    expect(dot).toBeCloseTo(0, 12)
    expect(Math.hypot(...col(2))).toBeCloseTo(1, 12)
  })
})

describe('orthonormaliseByGram', () => {
  it('gives an orthonormal basis of the same span and finds the rank', () => {
    // columns (1, 1, 0, 0), (2, 2, 0, 0) dependent, (0, 1, 1, 1)
    const a = Float64Array.from([1, 2, 0, 1, 2, 1, 0, 0, 1, 0, 0, 1])
    const original = Float64Array.from(a)
    expect(orthonormaliseByGram(a, 4, 3)).toBe(2)
    const col = (m: Float64Array, j: number): number[] => [0, 1, 2, 3].map((i) => m[i * 3 + j])
    const dot = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * y[i], 0)
    const basis = [col(a, 0), col(a, 1)]
    expect(dot(basis[0], basis[0])).toBeCloseTo(1, 12)
    expect(dot(basis[1], basis[1])).toBeCloseTo(1, 12)
    expect(dot(basis[0], basis[1])).toBeCloseTo(0, 12)
    expect(col(a, 2)).toEqual([0, 0, 0, 0])
    // every original column lies in the span: its projection keeps its length
    for (const j of [0, 2]) {
      const c = col(original, j)
      const proj = basis.map((b) => dot(b, c))
      expect(Math.hypot(...proj)).toBeCloseTo(Math.hypot(...c), 10)
    }
  })
})

describe('seededRandom and normaliseInPlace', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const xs = [a(), a(), a()]
    expect([b(), b(), b()]).toEqual(xs)
    expect(c()).not.toBe(xs[0])
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true)
  })

  it('scales to unit length and leaves a zero vector alone', () => {
    const v = Float32Array.from([3, 4])
    expect(normaliseInPlace(v)).toBe(5)
    expect(Array.from(v)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)])
    const z = Float32Array.from([0, 0])
    expect(normaliseInPlace(z)).toBe(0)
    expect(Array.from(z)).toEqual([0, 0])
  })
})
