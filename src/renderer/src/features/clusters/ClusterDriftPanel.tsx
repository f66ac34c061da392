/** Cluster drift on the Drift page: how the mix of request families moved between early and recent rows (or the two picked date ranges); a family whose share grows is a new failure mode to look at. */
import type { ReactElement } from 'react'
import type { DriftDateRanges } from '../../../../shared/drift'
import type { Scope } from '../../../../shared/scope'
import { useQuery } from '../../api/useQuery'
import { Badge } from '../../components/Badge'
import { ErrorState } from '../../components/ErrorState'
import { ExportButton } from '../../components/ExportButton'
import { LoadingState } from '../../components/LoadingState'
import { Panel } from '../../components/Panel'
import { toCsv } from '../../lib/csv'
import { formatInt, formatNumber, formatPercent } from '../../lib/format'
import { clustersParams, readClustersParams } from './clustersView'
import './clusters.css'

export interface ClusterDriftPanelProps {
  scope: Scope
  ranges: DriftDateRanges | null
  canPickFiles: boolean
  /** opens the Clusters page on one cluster */
  onOpenCluster: (params: Record<string, string>) => void
}

const TONE = { new: 'bad', growing: 'warn', shrinking: 'neutral', stable: 'neutral', insufficient_data: 'neutral' } as const

export function ClusterDriftPanel({ scope, ranges, canPickFiles, onOpenCluster }: ClusterDriftPanelProps): ReactElement {
  const status = useQuery('getClusterStatus', {})
  const active = status.data?.active ?? null
  const q = useQuery('getClusterDrift', active ? { scope, ...(ranges ? { dateRanges: ranges } : {}) } : null)
  const r = q.data
  return (
    <Panel
      title="Cluster drift"
      subtitle={
        ranges
          ? `Share of each request family in ${ranges.reference.from} – ${ranges.reference.to} against ${ranges.current.from} – ${ranges.current.to}.`
          : 'Share of each request family in the early rows against the recent rows (the windows of the early-vs-recent block). A growing family is a new failure mode to check.'
      }
      actions={
        r && (
          <ExportButton
            label="CSV"
            canPickFiles={canPickFiles}
            title="Download the cluster drift as CSV"
            files={() => [
              {
                name: 'cluster_drift.csv',
                content: toCsv(
                  ['cluster_id', 'label', 'reference_rows', 'current_rows', 'reference_share', 'current_share', 'ratio', 'z', 'status'],
                  r.rows.map((x) => [x.cluster_id, x.label, x.drift.reference_rows, x.drift.current_rows, x.drift.reference_share, x.drift.current_share, x.drift.ratio, x.drift.z, x.drift.status])
                )
              }
            ]}
            testId="cluster-drift-csv"
          />
        )
      }
      flush
      testId="cluster-drift"
      className={q.stale ? 'is-stale' : undefined}
    >
      {status.data && !active ? (
        <div className="similar__note muted" style={{ padding: '10px 14px' }} data-testid="cluster-drift-not-computed">
          Clusters are not computed yet for this dataset.{' '}
          <button type="button" className="btn btn--xs btn--ghost" onClick={() => onOpenCluster({})}>
            Open Clusters
          </button>
        </div>
      ) : q.error ? (
        <ErrorState title="Could not compute the cluster drift" error={q.error} onRetry={q.refetch} compact />
      ) : !r ? (
        <LoadingState label="Comparing the cluster mixes…" compact />
      ) : (
        <>
          <div className="muted" style={{ padding: '8px 14px' }}>
            TV distance of the cluster mixes: <b data-testid="cluster-drift-tv">{formatNumber(r.tv_distance, 4)}</b> · {formatInt(r.windows.reference.rows)} reference rows, {formatInt(r.windows.current.rows)} current rows. New: share at least ×4; growing: ×1.5; both with |z| ≥ 3.29.
          </div>
          <div className="table-wrap" style={{ maxHeight: 360, overflow: 'auto' }}>
            <table className="table table--compact" data-testid="cluster-drift-table">
              <thead>
                <tr>
                  <th>Cluster</th>
                  <th className="num">Reference share</th>
                  <th className="num">Current share</th>
                  <th className="num">Ratio</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((x) => (
                  <tr key={x.cluster_id} className="is-clickable" onClick={() => onOpenCluster(clustersParams({ ...readClustersParams({}), cluster: x.cluster_id }))} data-testid="cluster-drift-row" data-status={x.drift.status}>
                    <td>
                      <span className="mono muted">#{x.cluster_id}</span> {x.label}
                    </td>
                    <td className="num">{formatPercent(x.drift.reference_share)}</td>
                    <td className="num">{formatPercent(x.drift.current_share)}</td>
                    <td className="num">{formatNumber(x.drift.ratio, 2)}</td>
                    <td>
                      <Badge tone={TONE[x.drift.status]}>{x.drift.status === 'insufficient_data' ? 'too few rows' : x.drift.status}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Panel>
  )
}
