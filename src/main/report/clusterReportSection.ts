/**
 * The report's "Top failure clusters" section: the active cluster run's clusters within the report's
 * scope, ranked as the Clusters page ranks them by default, the first ones that fail, each with its
 * diagnosis in brief. Registered with reportHooks by the app and the `report` command; without
 * computed clusters it gives null and the section is left out.
 */
import { DEFAULT_MIN_CLUSTER_SIZE, type ClusterRanking } from '../../shared/clusters'
import { diagnose } from '../analysis/clusterDiagnosis'
import { clusterList } from '../analysis/clusterList'
import type { AnalysisContext } from '../analysis/context'
import { setClusterReportProvider, type ReportCluster } from './reportHooks'

/** Clusters the report lists (each one's diagnosis costs a few scans of the scope). */
export const REPORT_TOP_CLUSTERS = 10

/** The ranking the report uses: the Clusters page's default (excess failures, minimum size 20). */
export const REPORT_CLUSTER_RANKING: ClusterRanking = { strategy: 'excess_failures', minSize: DEFAULT_MIN_CLUSTER_SIZE }

/**
 * The top failure clusters of the scope: in rank order, those with at least one failure, at most
 * REPORT_TOP_CLUSTERS; null when no cluster run is active. The diagnosis is its summary past the
 * first sentence (which restates the size and rate the table shows) and its strongest cause.
 */
export async function topFailureClusters(ctx: AnalysisContext, ranking: ClusterRanking = REPORT_CLUSTER_RANKING): Promise<ReportCluster[] | null> {
  const store = ctx.clusters
  if (!store?.active) return null
  const list = await clusterList(ctx, store, ranking)
  const top = list.clusters.filter((c) => c.failures > 0).slice(0, REPORT_TOP_CLUSTERS)
  const out: ReportCluster[] = []
  for (const c of top) {
    const d = await diagnose(ctx, store, { cluster_id: c.cluster_id })
    out.push({
      cluster_id: c.cluster_id,
      label: c.label,
      size: c.size,
      failures: c.failures,
      failure_rate: c.failure_rate ?? 0,
      rank: c.rank,
      lift: c.lift,
      trend: c.drift.status,
      diagnosis: [...d.summary.slice(1), ...d.causes.slice(0, 1)].map((s) => s.text)
    })
  }
  return out
}

/** Makes the report list the top failure clusters whenever they are computed (idempotent). */
export function registerClusterReport(): void {
  setClusterReportProvider((ctx) => topFailureClusters(ctx))
}
