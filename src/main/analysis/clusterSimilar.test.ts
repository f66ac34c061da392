import { describe, expect, it } from 'vitest'
import { seededRandom } from '../ml/linalg'
import { buildSimilarIndex, topUnits } from './clusterSimilar'

describe('topUnits', () => {
  it('equals a brute-force scan of every unit (the cluster bounds only skip what cannot win)', () => {
    const random = seededRandom(3)
    const U = 600
    const d = 8
    const K = 6
    const vectors = new Float32Array(U * d)
    const unitCluster = new Int32Array(U)
    const hasVector = new Uint8Array(U).fill(1)
    const centers = new Float64Array(K * d)
    const dirs = Array.from({ length: K }, () => Array.from({ length: d }, () => random() - 0.5))
    for (let u = 0; u < U; u++) {
      const k = u % K
      unitCluster[u] = k
      let n = 0
      for (let t = 0; t < d; t++) {
        vectors[u * d + t] = dirs[k][t] + 0.3 * (random() - 0.5)
        n += vectors[u * d + t] ** 2
      }
      for (let t = 0; t < d; t++) vectors[u * d + t] /= Math.sqrt(n)
    }
    hasVector[5] = 0
    for (let u = 0; u < U; u++) for (let t = 0; t < d; t++) centers[unitCluster[u] * d + t] += vectors[u * d + t] / (U / K)
    const c = { vectors, dims: d, hasVector, unitCluster, centers, clusterCount: K }
    const index = buildSimilarIndex(c)
    for (const query of [0, 17, 333]) {
      const q = vectors.slice(query * d, (query + 1) * d)
      const scores = Array.from({ length: U }, (_, u) => ({ unit: u, score: q.reduce((s, x, t) => s + x * vectors[u * d + t], 0) }))
        .filter((x) => x.unit !== query && hasVector[x.unit])
        .sort((a, b) => b.score - a.score || a.unit - b.unit)
        .slice(0, 20)
      expect(topUnits(c, index, q, 20, query)).toEqual(scores)
    }
    expect(index.units.length).toBe(U - 1)
  })
})
