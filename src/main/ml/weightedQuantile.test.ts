import { describe, expect, it } from 'vitest'
import { interpolateQuantile, weightedQuantile, weightedQuantileSorted } from './weightedQuantile'

describe('weightedQuantile', () => {
  it('is the ordinary linear-interpolation quantile when every weight is 1', () => {
    // [1, 2, 3, 4], q 0.5: pos 1.5 between 2 and 3
    expect(weightedQuantile([4, 1, 3, 2], [1, 1, 1, 1], 0.5)).toBe(2.5)
    expect(weightedQuantile([4, 1, 3, 2], [1, 1, 1, 1], 0)).toBe(1)
    expect(weightedQuantile([4, 1, 3, 2], [1, 1, 1, 1], 1)).toBe(4)
  })

  it('counts a value `weight` times', () => {
    // [10 x3, 20 x1] = [10, 10, 10, 20]: q 0.5 -> pos 1.5 -> 10; q 0.95 -> pos 2.85 -> 10 * 0.15 + 20 * 0.85
    expect(weightedQuantile([10, 20], [3, 1], 0.5)).toBe(10)
    const d = 0.95 * 3 - 2
    expect(weightedQuantile([20, 10], [1, 3], 0.95)).toBe(10 * (1 - d) + 20 * d)
    expect(weightedQuantile([10, 20], [3, 1], 0.95)).toBeCloseTo(18.5, 12)
  })

  it('takes fractional weights as a step function of cumulative weight', () => {
    // N = 3: q 0.5 -> pos 1: rank 1 lies in the first value's weight (cum 1.5 > 1)
    expect(weightedQuantile([10, 20], [1.5, 1.5], 0.5)).toBe(10)
    // q 0.95 -> pos 1.9: rank 1 -> 10, rank 2 -> 20 (cum 3 > 2)
    expect(weightedQuantile([10, 20], [1.5, 1.5], 0.95)).toBeCloseTo(19, 12)
  })

  it('handles one value, ties, NaN and nothing', () => {
    expect(weightedQuantile([7], [5], 0.95)).toBe(7)
    expect(weightedQuantile([5, 5, 5, 9], [1, 1, 1, 1], 0.5)).toBe(5)
    expect(weightedQuantile([NaN, 3, NaN], [1, 2, 1], 0.5)).toBe(3)
    expect(weightedQuantile([], [], 0.95)).toBeNull()
    expect(weightedQuantileSorted([1, 2], [0, 0], 0.5)).toBeNull()
  })

  it('interpolates as DuckDB does for doubles', () => {
    expect(interpolateQuantile(3, 1, 2)).toBe(1)
    expect(interpolateQuantile(3.25, 1, 2)).toBe(1 * 0.75 + 2 * 0.25)
    expect(interpolateQuantile(3.25, 1, null)).toBe(1)
  })
})
