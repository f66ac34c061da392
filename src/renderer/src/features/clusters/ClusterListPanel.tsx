/** The ranked cluster list: rank 1 is the family to look at first; label, size, failure-rate bar, daily trend sparkline with a "new" marker; the strategy and minimum size are the operator's. */
import { useEffect, useState, type ReactElement } from 'react'
import { RANKING_LABELS, RANKING_STRATEGIES, type ClusterList, type ClusterRanking } from '../../../../shared/clusters'
import { Badge } from '../../components/Badge'
import { ExportButton } from '../../components/ExportButton'
import { Panel } from '../../components/Panel'
import { formatInt, formatPercent } from '../../lib/format'
import { clusterListCsv, sparklinePath, trendText } from './clustersView'

export interface ClusterListPanelProps {
  list: ClusterList
  stale: boolean
  ranking: ClusterRanking
  onRankingChange: (r: ClusterRanking) => void
  selected: number | null
  onSelect: (clusterId: number) => void
  canPickFiles: boolean
}

export function ClusterListPanel({ list, stale, ranking, onRankingChange, selected, onSelect, canPickFiles }: ClusterListPanelProps): ReactElement {
  const [minText, setMinText] = useState(String(ranking.minSize))
  useEffect(() => setMinText(String(ranking.minSize)), [ranking.minSize])
  const maxRate = Math.max(0.0001, ...list.clusters.map((c) => c.failure_rate ?? 0))
  const apply = (): void => {
    if (/^\d+$/.test(minText.trim()) && Number(minText) >= 1) onRankingChange({ ...ranking, minSize: Number(minText) })
    else setMinText(String(ranking.minSize))
  }
  return (
    <Panel
      title="Clusters, ranked"
      subtitle={
        <>
          {formatInt(list.clusters.length)} clusters over {formatInt(list.scope_rows)} requests in scope; overall failure rate {formatPercent(list.overall_failure_rate)}. Rank 1 = look here first. Click a cluster for its diagnosis.
        </>
      }
      actions={
        <ExportButton label="CSV" title="Download the ranked list as CSV" canPickFiles={canPickFiles} files={() => [{ name: 'clusters_ranked.csv', content: clusterListCsv(list) }]} testId="cluster-list-csv" />
      }
      flush
      testId="cluster-list"
      className={stale ? 'is-stale' : undefined}
    >
      <form className="cluster-list__controls" onSubmit={(e) => (e.preventDefault(), apply())} aria-label="Ranking">
        <label className="cluster-list__control">
          <span className="field-label">Rank by</span>
          <select className="input input--sm" value={ranking.strategy} onChange={(e) => onRankingChange({ ...ranking, strategy: e.target.value as ClusterRanking['strategy'] })} data-testid="cluster-rank-by">
            {RANKING_STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {RANKING_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="cluster-list__control">
          <span className="field-label">Minimum size</span>
          <input className="input input--sm mono cluster-list__min" value={minText} onChange={(e) => setMinText(e.target.value)} onBlur={apply} inputMode="numeric" data-testid="cluster-min-size" />
        </label>
      </form>
      <div className="table-wrap cluster-list__wrap">
        <table className="table cluster-list__table" data-testid="cluster-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Cluster</th>
              <th className="num">Size</th>
              <th>Failure rate</th>
              <th title={`requests per day from ${list.days[0] ?? '…'} to ${list.days[list.days.length - 1] ?? '…'}`}>Trend</th>
            </tr>
          </thead>
          <tbody>
            {list.clusters.map((c) => {
              const trend = trendText(c.drift.status)
              return (
                <tr
                  key={c.cluster_id}
                  className={`cluster-list__row${c.cluster_id === selected ? ' is-selected' : ''}${c.below_min_size ? ' is-small' : ''}`}
                  onClick={() => onSelect(c.cluster_id)}
                  onKeyDown={(e) => e.key === 'Enter' && onSelect(c.cluster_id)}
                  tabIndex={0}
                  aria-selected={c.cluster_id === selected}
                  data-testid="cluster-row"
                  data-cluster={c.cluster_id}
                  data-rank={c.rank}
                >
                  <td className="num muted">{c.rank}</td>
                  <td className="cluster-list__label">
                    <span className="cluster-list__id mono">#{c.cluster_id}</span> <span data-testid="cluster-label">{c.label}</span>
                    {trend && (
                      <Badge tone={c.drift.status === 'shrinking' ? 'neutral' : 'warn'} title={`share ${formatPercent(c.drift.reference_share)} early → ${formatPercent(c.drift.current_share)} recent`} testId="cluster-trend">
                        {trend}
                      </Badge>
                    )}
                    <div className="cluster-list__meta muted">
                      {c.dominant_failure_type && c.failures > 0 ? `${c.dominant_failure_type.value ?? 'no type'} ${formatPercent(c.dominant_failure_type.share, 0)} · ` : ''}
                      {c.dominant_model?.value ?? ''}
                      {c.dominant_use_case?.value ? ` · ${c.dominant_use_case.value}` : ''}
                    </div>
                  </td>
                  <td className="num" data-testid="cluster-size" data-value={c.size}>
                    {formatInt(c.size)}
                  </td>
                  <td className="cluster-list__rate" data-value={c.failure_rate ?? ''}>
                    <span className="cluster-list__bar" aria-hidden>
                      <span className="cluster-list__bar-fill" style={{ width: `${(100 * (c.failure_rate ?? 0)) / maxRate}%` }} />
                    </span>
                    <span className="num">{formatPercent(c.failure_rate)}</span>
                  </td>
                  <td>
                    <svg className="cluster-list__spark" width="72" height="18" viewBox="0 0 72 18" aria-label={`daily requests of cluster ${c.cluster_id}`}>
                      <path d={sparklinePath(c.daily_requests, 72, 16)} transform="translate(0,1)" />
                    </svg>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
