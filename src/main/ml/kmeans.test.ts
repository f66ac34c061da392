import { describe, expect, it } from 'vitest'
import { assignNearest, countDistinct, kmeans, kmeansPlusPlus, lloyd, pairwiseDistances, silhouette, type Points } from './kmeans'
import { seededRandom } from './linalg'

const pts = (rows: number[][]): Points => ({ data: Float32Array.from(rows.flat()), n: rows.length, d: rows[0]?.length ?? 0 })

describe('silhouette', () => {
  it('matches the hand value for 0, 1 | 10, 11 on a line', () => {
    const p = pts([[0], [1], [10], [11]])
    const s = silhouette(pairwiseDistances(p), Int32Array.from([0, 0, 1, 1]), 4, 2)
    // points 0 and 11: (10.5 - 1) / 10.5; points 1 and 10: (9.5 - 1) / 9.5
    expect(s).toBeCloseTo((2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4, 6)
  })

  it('scores a point alone in its cluster 0 and is null for one cluster', () => {
    const p = pts([[0], [1], [10]])
    const d = pairwiseDistances(p)
    // point 0: a = 1, b = 10 -> 0.9; point 1: a = 1, b = 9 -> 8/9; point 10 alone -> 0
    expect(silhouette(d, Int32Array.from([0, 0, 1]), 3, 2)).toBeCloseTo((0.9 + 8 / 9 + 0) / 3, 6)
    expect(silhouette(d, Int32Array.from([0, 0, 0]), 3, 1)).toBeNull()
  })
})

describe('kmeans', () => {
  const random = seededRandom(5)
  const blob = (cx: number, cy: number, n: number): number[][] => Array.from({ length: n }, () => [cx + 0.1 * (random() - 0.5), cy + 0.1 * (random() - 0.5)])
  const data = pts([...blob(0, 0, 30), ...blob(5, 5, 20), ...blob(0, 5, 10)])

  it('recovers three separated blobs whatever the seed', () => {
    for (const seed of [1, 2, 3]) {
      const r = kmeans(data, 3, { seed, restarts: 2 })
      const first = r.labels[0]
      expect(new Set(Array.from(r.labels.subarray(0, 30)))).toEqual(new Set([first]))
      expect(new Set(Array.from(r.labels.subarray(30, 50))).size).toBe(1)
      expect(new Set(Array.from(r.labels.subarray(50, 60))).size).toBe(1)
      expect(new Set(Array.from(r.labels)).size).toBe(3)
    }
  })

  it('is deterministic for a seed and caps K at the number of points', () => {
    const a = kmeans(data, 4, { seed: 9 })
    const b = kmeans(data, 4, { seed: 9 })
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels))
    expect(kmeans(pts([[1], [2]]), 5, { seed: 1 }).k).toBe(2)
  })

  it('handles identical points (fewer distinct points than K) without NaN', () => {
    const same = pts([[1, 1], [1, 1], [1, 1], [2, 2]])
    const r = kmeans(same, 3, { seed: 4 })
    expect(Number.isFinite(r.inertia)).toBe(true)
    expect(r.labels[0]).toBe(r.labels[1])
    expect(r.labels[0]).not.toBe(r.labels[3])
    expect(countDistinct(same, 10)).toBe(2)
  })
})

describe('assignNearest', () => {
  it('picks the nearest centre (ties: the lower index) and its squared distance', () => {
    const p = pts([[0], [2], [1]])
    const { labels, dist } = assignNearest(p, Float64Array.from([0, 2]), 2)
    expect(Array.from(labels)).toEqual([0, 1, 0])
    expect(Array.from(dist)).toEqual([0, 0, 1])
  })
})

describe('kmeans against ml-kmeans (the reference implementation of Lloyd iterations)', () => {
  it('reaches the same partition and centres from the same k-means++ seeds', async () => {
    const { kmeans: referenceKmeans } = await import('ml-kmeans')
    for (const seed of [11, 12, 13]) {
      const random = seededRandom(seed)
      const rows = Array.from({ length: 240 }, (_, i) => Array.from({ length: 5 }, (_, t) => (i % 4 === t % 4 ? 3 : 0) + 2 * (random() - 0.5)))
      const p = pts(rows)
      const k = 4
      const initial = kmeansPlusPlus(p, k, seededRandom(seed + 100))
      const ours = lloyd(p, initial, k, 300)
      const start = Array.from({ length: k }, (_, c) => Array.from(initial.subarray(c * 5, c * 5 + 5)))
      const ref = referenceKmeans(rows, k, { initialization: start, maxIterations: 300, tolerance: 1e-12 })
      expect(Array.from(ours.labels)).toEqual(ref.clusters)
      for (let c = 0; c < k; c++) for (let t = 0; t < 5; t++) expect(ours.centers[c * 5 + t]).toBeCloseTo(ref.centroids[c][t], 5)
    }
  })
})
