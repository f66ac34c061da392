import { describe, expect, it } from 'vitest'
import { pointInPolygon, pointsInPolygons } from './geometry'

describe('pointInPolygon', () => {
  const square: [number, number][] = [
    [0, 0],
    [2, 0],
    [2, 2],
    [0, 2]
  ]
  it('tells inside from outside, for convex and concave shapes', () => {
    expect(pointInPolygon(1, 1, square)).toBe(true)
    expect(pointInPolygon(3, 1, square)).toBe(false)
    const u: [number, number][] = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3]
    ]
    expect(pointInPolygon(0.5, 2, u)).toBe(true)
    expect(pointInPolygon(1.5, 2, u)).toBe(false)
  })

  it('selects the union of several polygons, each point once, ascending', () => {
    const xy = [1, 1, 5, 5, 1.5, 1.5, 9, 9]
    const other: [number, number][] = [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6]
    ]
    expect(pointsInPolygons(xy, [square, other, square])).toEqual([0, 1, 2])
    expect(pointsInPolygons(xy, [])).toEqual([])
  })
})
