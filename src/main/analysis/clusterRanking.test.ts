import { describe, expect, it } from 'vitest'
import { rankClusters, shareDrift, wilsonLower } from './clusterRanking'

describe('wilsonLower', () => {
  it('matches the hand value for 5 of 10 and pulls small clusters down', () => {
    // p = 0.5, z^2 = 3.8415: (0.5 + 0.19207 - 1.95996 * sqrt(0.025 + 0.0096037)) / 1.38415
    expect(wilsonLower(5, 10)).toBeCloseTo(0.2365931, 6)
    expect(wilsonLower(2, 2)!).toBeLessThan(wilsonLower(300, 400)!)
    expect(wilsonLower(0, 10)).toBe(0)
    expect(wilsonLower(0, 0)).toBeNull()
  })
})

describe('rankClusters', () => {
  const stats = [
    { cluster_id: 0, size: 5000, failures: 500, cost_usd: 10, p95_latency_ms: 900 },
    { cluster_id: 1, size: 400, failures: 300, cost_usd: 1, p95_latency_ms: 3000 },
    { cluster_id: 2, size: 2, failures: 2, cost_usd: 0.1, p95_latency_ms: 100 },
    { cluster_id: 3, size: 0, failures: 0, cost_usd: null, p95_latency_ms: null }
  ]

  it('ranks by excess failures over the overall rate: size x (Wilson lower bound - overall)', () => {
    const r = rankClusters(stats, 0.1, { strategy: 'excess_failures', minSize: 20 })
    expect(r.map((x) => x.cluster_id)).toEqual([1, 0, 2, 3])
    const c1 = r[0]
    expect(c1.score).toBeCloseTo(400 * (wilsonLower(300, 400)! - 0.1), 9)
    expect(c1.lift).toBeCloseTo(7.5, 12)
    expect(r[2].below_min_size).toBe(true)
    expect(r.map((x) => x.rank)).toEqual([1, 2, 3, 4])
  })

  it('offers size x failure, smoothed failure rate, cost and latency', () => {
    expect(rankClusters(stats, 0.1, { strategy: 'failures', minSize: 1 }).map((x) => x.cluster_id)).toEqual([0, 1, 2, 3])
    // 2 of 2 is smoothed below 300 of 400 even with no minimum size
    expect(rankClusters(stats, 0.1, { strategy: 'failure_rate', minSize: 1 }).map((x) => x.cluster_id)).toEqual([1, 2, 0, 3])
    expect(rankClusters(stats, 0.1, { strategy: 'cost', minSize: 1 }).map((x) => x.cluster_id)).toEqual([0, 1, 2, 3])
    expect(rankClusters(stats, 0.1, { strategy: 'latency', minSize: 1 }).map((x) => x.cluster_id)).toEqual([1, 0, 2, 3])
  })

  it('breaks ties by failures, size and cluster id', () => {
    const tie = [
      { cluster_id: 5, size: 10, failures: 1, cost_usd: 1, p95_latency_ms: 1 },
      { cluster_id: 4, size: 10, failures: 1, cost_usd: 1, p95_latency_ms: 1 }
    ]
    expect(rankClusters(tie, 0.1, { strategy: 'cost', minSize: 1 }).map((x) => x.cluster_id)).toEqual([4, 5])
  })
})

describe('shareDrift', () => {
  it('flags a cluster that went from nearly absent to frequent as new', () => {
    const d = shareDrift(2, 1000, 100, 1000)
    expect(d.ratio).toBeCloseTo(100.5 / 2.5, 9)
    expect(d.status).toBe('new')
  })

  it('says growing, shrinking, stable and insufficient data', () => {
    expect(shareDrift(100, 1000, 200, 1000).status).toBe('growing')
    expect(shareDrift(200, 1000, 100, 1000).status).toBe('shrinking')
    expect(shareDrift(100, 1000, 105, 1000).status).toBe('stable')
    expect(shareDrift(1, 10, 40, 1000).status).toBe('insufficient_data')
  })
})
