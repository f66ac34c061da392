/** Extension points of the HTML report: features built elsewhere (the failure clusters) provide their section's data here. */
import type { AnalysisContext } from '../analysis/context'

/** One failure cluster as the report lists it (the columns of cluster_summary.json it needs). */
export interface ReportCluster {
  cluster_id: number | string
  label: string
  size: number
  failures: number
  failure_rate: number
  /** 1 = look at first */
  rank: number
  /** failure rate / the scope's failure rate */
  lift?: number | null
  /** is it new? (ClusterTrend: new, growing, shrinking, stable, insufficient_data) */
  trend?: string
  /** the diagnosis in brief: sentences built from evidence in the data */
  diagnosis?: string[]
}

/**
 * Returns the top failure clusters of the scope when they have been computed (null otherwise: the
 * section is left out). The clusters feature registers its provider with setClusterReportProvider.
 */
export type ClusterReportProvider = (ctx: AnalysisContext) => Promise<ReportCluster[] | null>

let clusterProvider: ClusterReportProvider = async () => null

export function setClusterReportProvider(p: ClusterReportProvider): void {
  clusterProvider = p
}

export function clusterReportProvider(): ClusterReportProvider {
  return clusterProvider
}
