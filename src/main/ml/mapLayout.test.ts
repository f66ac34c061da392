import { describe, expect, it } from 'vitest'
import { fitToBox, jitter, pca2d, placeFromSample, rowPositions, stratifiedSample } from './mapLayout'

describe('pca2d', () => {
  it('puts the main spread on the first axis, centred on the weighted mean', () => {
    // points along (1, 1) in 3-D, with a small spread on z
    const data = Float32Array.from([0, 0, 0, 1, 1, 0.1, 2, 2, 0, 3, 3, 0.1])
    const xy = pca2d({ data, n: 4, d: 3 }, [1, 1, 1, 1])
    const xs = [0, 1, 2, 3].map((i) => xy[i * 2])
    // projections on (1, 1, 0)/√2 minus the mean 1.5 √2, up to the sign fix
    const expected = [-1.5, -0.5, 0.5, 1.5].map((t) => t * Math.SQRT2)
    const sign = Math.sign(xs[3])
    expect(xs.map((x) => x * sign)).toEqual(expected.map((e) => expect.closeTo(e, 2)))
  })

  it('ignores points of weight 0', () => {
    const data = Float32Array.from([0, 0, 1, 0, 100, 100])
    const xy = pca2d({ data, n: 3, d: 2 }, [1, 1, 0])
    expect(Math.abs(xy[0])).toBeCloseTo(0.5, 6)
  })
})

describe('fitToBox and jitter', () => {
  it('scales the longer axis to [-10, 10] around the middle', () => {
    const xy = Float32Array.from([0, 0, 4, 1, 2, 2])
    fitToBox(xy)
    expect(Array.from(xy)).toEqual([-10, -5, 10, 0, 0, 5])
  })

  it('jitters deterministically within [-1, 1)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => jitter(i, 0, 42))
    expect(values.every((v) => v >= -1 && v < 1)).toBe(true)
    expect(jitter(7, 1, 42)).toBe(jitter(7, 1, 42))
    expect(jitter(7, 0, 42)).not.toBe(jitter(7, 1, 42))
    const rows = rowPositions(Float32Array.from([1, 2]), Int32Array.from([0, 0]), 0.1, 3)
    expect(Math.abs(rows[0] - 1)).toBeLessThanOrEqual(0.1)
    expect(Math.abs(rows[3] - 2)).toBeLessThanOrEqual(0.1)
  })
})

describe('stratifiedSample and placeFromSample', () => {
  it('gives every cluster at least its floor and the rest by weight', () => {
    const cluster = Int32Array.from([...new Array(90).fill(0), ...new Array(10).fill(1)])
    const s = stratifiedSample(cluster, new Array(100).fill(1), 2, 20, 1, 5)
    const per = [0, 0]
    for (const i of s) per[cluster[i]]++
    expect(per).toEqual([18, 5])
    expect(Array.from(s)).toEqual([...s].sort((a, b) => a - b))
  })

  it('keeps sampled points where they are and puts the others at their nearest sampled neighbour', () => {
    const data = Float32Array.from([1, 0, 0, 1, 0.99, 0.141])
    const placed = placeFromSample({ data, n: 3, d: 2 }, Int32Array.from([0, 1, 0]), Int32Array.from([0, 1]), Float32Array.from([5, 5, -5, -5]), 1)
    expect(Array.from(placed)).toEqual([5, 5, -5, -5, 5, 5])
  })
})
