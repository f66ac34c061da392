import { describe, expect, it } from 'vitest'
import { median, rollingMedian, theilSen, trimmedVariance, weekendOffset } from './robust'

describe('robust location and scale', () => {
  it('median and rolling median', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(Number.isNaN(median([]))).toBe(true)
    // windows [1,5] [1,5,2] [5,2,8] [2,8,3] [8,3]
    expect(rollingMedian([1, 5, 2, 8, 3], 1)).toEqual([3, 2, 5, 3, 5.5])
  })

  it('trimmed variance: drops the largest share and corrects for what trimming takes from a normal', () => {
    // ten values of magnitude 1: nine kept, mean square 1, divided by E[Z^2 | |Z| <= 1.6449] = 0.6230154841346839
    expect(trimmedVariance([1, -1, 1, -1, 1, -1, 1, -1, 1, -1])).toBeCloseTo(1.605096543288833, 12)
    // an outlier is dropped entirely
    expect(trimmedVariance([1, -1, 1, -1, 1, -1, 1, -1, 1, 1000])).toBeCloseTo(1.605096543288833, 12)
    // no trimming: the plain mean square
    expect(trimmedVariance([2, -2, 2, -2, 2], 0)).toBe(4)
    expect(trimmedVariance([1, 2, 3, 4])).toBeNull()
  })

  it('weekend offset and Theil-Sen slope', () => {
    expect(weekendOffset([1, 1, 1, 3, 3], [false, false, false, true, true])).toBe(2)
    expect(weekendOffset([1, 1, 3], [false, false, true])).toBe(0)
    // fifteen slopes: ten are 1, the five through the outlier are 10, 12.25, 16, 23.5 and 46: the median is 1
    expect(theilSen([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 50])).toBe(1)
    expect(theilSen([1], [1])).toBe(0)
  })
})
