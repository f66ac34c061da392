/** Ranking of clusters (rank 1 = look here first): Wilson-smoothed failure-rate lift over the scope's rate weighed by size, or another strategy the operator picks, with a minimum size. */
import type { ClusterRanking, RankingStrategy } from '../../shared/clusters'

/** z of a two-sided 95% interval. */
export const Z95 = 1.959963984540054

/**
 * Wilson score lower bound of a proportion: (p + z²/2n - z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n).
 * Small clusters are pulled towards 0, so a 2-of-2 cluster does not outrank 300-of-400. Null when n = 0.
 */
export function wilsonLower(successes: number, n: number, z = Z95): number | null {
  if (n <= 0) return null
  const p = successes / n
  const z2 = z * z
  const centre = p + z2 / (2 * n)
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return Math.max(0, (centre - margin) / (1 + z2 / n))
}

export interface ClusterStats {
  cluster_id: number
  size: number
  failures: number
  cost_usd: number | null
  p95_latency_ms: number | null
}

export interface RankedStats extends ClusterStats {
  failure_rate: number | null
  failure_rate_lower: number | null
  lift: number | null
  excess_failures: number | null
  score: number | null
  below_min_size: boolean
  rank: number
}

/** The score of one cluster under a strategy (higher = look first); null sorts last. */
export function clusterScore(strategy: RankingStrategy, s: ClusterStats, lower: number | null, overallRate: number | null): number | null {
  switch (strategy) {
    case 'excess_failures':
      return lower === null || overallRate === null ? null : s.size * (lower - overallRate)
    case 'failures':
      return s.failures
    case 'failure_rate':
      return lower
    case 'cost':
      return s.cost_usd
    case 'latency':
      return s.p95_latency_ms
  }
}

/**
 * Scores and ranks clusters. Clusters with at least `minSize` rows come first; within each group:
 * score descending (null last), then failures, then size descending, then cluster id. Empty
 * clusters (no row in scope) come last. Ranks are 1..n in that order.
 */
export function rankClusters(stats: readonly ClusterStats[], overallRate: number | null, ranking: ClusterRanking): RankedStats[] {
  const rows = stats.map((s): RankedStats => {
    const failure_rate = s.size > 0 ? s.failures / s.size : null
    const lower = wilsonLower(s.failures, s.size)
    return {
      ...s,
      failure_rate,
      failure_rate_lower: lower,
      lift: failure_rate !== null && overallRate !== null && overallRate > 0 ? failure_rate / overallRate : null,
      excess_failures: lower !== null && overallRate !== null ? s.size * (lower - overallRate) : null,
      score: s.size > 0 ? clusterScore(ranking.strategy, s, lower, overallRate) : null,
      below_min_size: s.size < ranking.minSize,
      rank: 0
    }
  })
  rows.sort((a, b) => {
    if ((a.size === 0) !== (b.size === 0)) return a.size === 0 ? 1 : -1
    if (a.below_min_size !== b.below_min_size) return a.below_min_size ? 1 : -1
    if (a.score !== b.score) {
      if (a.score === null) return 1
      if (b.score === null) return -1
      return b.score - a.score
    }
    return b.failures - a.failures || b.size - a.size || a.cluster_id - b.cluster_id
  })
  rows.forEach((r, i) => (r.rank = i + 1))
  return rows
}

/**
 * How a cluster's share moved between two windows: ratio of the shares (each smoothed by half a
 * row), the two-proportion z statistic, and a status: 'insufficient_data' when either window has
 * fewer than 50 rows; 'new' when the share at least quadrupled, 'growing' when it grew by half,
 * 'shrinking' when it fell by a third, each only when |z| >= 3.29 (two-sided p < 0.001, as many
 * clusters are tested at once); else 'stable'.
 */
export function shareDrift(refCount: number, refRows: number, curCount: number, curRows: number) {
  const insufficient = refRows < 50 || curRows < 50
  const refShare = refRows > 0 ? refCount / refRows : null
  const curShare = curRows > 0 ? curCount / curRows : null
  const ratio = refRows > 0 && curRows > 0 ? (curCount + 0.5) / (curRows + 1) / ((refCount + 0.5) / (refRows + 1)) : null
  let z: number | null = null
  if (refRows > 0 && curRows > 0) {
    const pooled = (refCount + curCount) / (refRows + curRows)
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / refRows + 1 / curRows))
    z = se > 0 ? (curShare! - refShare!) / se : 0
  }
  let status: 'new' | 'growing' | 'shrinking' | 'stable' | 'insufficient_data' = 'stable'
  if (insufficient || ratio === null || z === null) status = 'insufficient_data'
  else if (ratio >= 4 && z >= 3.29) status = 'new'
  else if (ratio >= 1.5 && z >= 3.29) status = 'growing'
  else if (ratio <= 1 / 1.5 && z <= -3.29) status = 'shrinking'
  return { reference_rows: refRows, current_rows: curRows, reference_share: refShare, current_share: curShare, ratio, z, status }
}
