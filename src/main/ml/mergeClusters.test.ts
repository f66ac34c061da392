import { describe, expect, it } from 'vitest'
import { pairwiseDistances, silhouette, type Points } from './kmeans'
import { averageLinkage, cellDistanceSums, chooseLevel, groupedSilhouette, mergeLevels } from './mergeClusters'

describe('averageLinkage', () => {
  it('merges the most similar centres first, by weighted mean cosine', () => {
    // c0 = (1, 0), c1 = (1, 0.1) nearly parallel, c2 = (0, 1)
    const centers = Float64Array.from([1, 0, 1, 0.1, 0, 1])
    const merges = averageLinkage(centers, [1, 1, 1], 3, 2)
    expect(merges[0].a).toBe(0)
    expect(merges[0].b).toBe(1)
    expect(merges[0].similarity).toBeCloseTo(1 / Math.hypot(1, 0.1), 12)
    // group {0, 1} to 2: mean of cos(c0, c2) = 0 and cos(c1, c2) = 0.1 / |c1|
    expect(merges[1].similarity).toBeCloseTo((0 + 0.1 / Math.hypot(1, 0.1)) / 2, 12)
  })

  it('weighs members by their size', () => {
    const centers = Float64Array.from([1, 0, 1, 0.1, 0, 1])
    const merges = averageLinkage(centers, [3, 1, 1], 3, 2)
    expect(merges[1].similarity).toBeCloseTo((3 * 0 + 1 * (0.1 / Math.hypot(1, 0.1))) / 4, 12)
  })
})

describe('mergeLevels', () => {
  it('numbers groups by their lowest cell', () => {
    const merges = [
      { a: 1, b: 2, similarity: 0.9 },
      { a: 0, b: 1, similarity: 0.5 }
    ]
    expect(Array.from(mergeLevels(merges, 3, 3))).toEqual([0, 1, 2])
    expect(Array.from(mergeLevels(merges, 3, 2))).toEqual([0, 1, 1])
    expect(Array.from(mergeLevels(merges, 3, 1))).toEqual([0, 0, 0])
  })
})

describe('groupedSilhouette and chooseLevel', () => {
  const p: Points = { data: Float32Array.from([0, 1, 10, 11, 20, 21]), n: 6, d: 1 }
  const cellOf = Int32Array.from([0, 0, 1, 1, 2, 2])

  it('equals the plain silhouette when each cell is its own group', () => {
    const dist = pairwiseDistances(p)
    const { sums, counts } = cellDistanceSums(dist, 6, cellOf, 3)
    const direct = silhouette(dist, cellOf, 6, 3)
    expect(groupedSilhouette(sums, counts, 6, cellOf, 3, Int32Array.from([0, 1, 2]), 3)).toBeCloseTo(direct!, 12)
    // cells 1 and 2 merged
    const merged = silhouette(dist, Int32Array.from([0, 0, 1, 1, 1, 1]), 6, 2)
    expect(groupedSilhouette(sums, counts, 6, cellOf, 3, Int32Array.from([0, 1, 1]), 2)).toBeCloseTo(merged!, 12)
  })

  it('keeps the level with the best silhouette, or the level asked for', () => {
    const dist = pairwiseDistances(p)
    const { sums, counts } = cellDistanceSums(dist, 6, cellOf, 3)
    const merges = [
      { a: 1, b: 2, similarity: 0.9 },
      { a: 0, b: 1, similarity: 0.5 }
    ]
    const auto = chooseLevel(merges, 3, sums, counts, 6, cellOf, null)
    expect(auto.k).toBe(3)
    expect(auto.scores.map((s) => s.k)).toEqual([3, 2])
    expect(chooseLevel(merges, 3, sums, counts, 6, cellOf, 2).k).toBe(2)
  })
})
