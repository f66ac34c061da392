/** One cluster's panel: its diagnosis, terms, the requests nearest its centre, breakdowns against the rest of the scope and its daily volume and failure rate, each drilling down to the Explorer; its members annotated in bulk. */
import type { ReactElement } from 'react'
import type { ClusterBreakdownDimension, ClusterRow } from '../../../../shared/clusters'
import type { Scope, ScopeDimension } from '../../../../shared/scope'
import { useQuery } from '../../api/useQuery'
import type { NavigateOptions } from '../../app/pages'
import { Badge } from '../../components/Badge'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { ErrorState } from '../../components/ErrorState'
import { LoadingState } from '../../components/LoadingState'
import { Panel } from '../../components/Panel'
import { toCsv } from '../../lib/csv'
import { drilldown, EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatPercent, humanize, MISSING } from '../../lib/format'
import { BulkAnnotateButton } from '../annotations/BulkAnnotateButton'
import { buildClusterDailyOption, clusterDrilldown } from './clustersView'
import { DiagnosisCard } from './DiagnosisCard'

export interface ClusterDetailPanelProps {
  scope: Scope
  cluster: ClusterRow
  canPickFiles: boolean
  navigate: (pageId: string, opts?: NavigateOptions) => void
  modelEndpoint: string | null
}

/** Breakdown dimensions that are also filters (a row then drills down); the others are shown only. */
const FILTERABLE: Partial<Record<ClusterBreakdownDimension, ScopeDimension>> = { model_name: 'model_name', use_case: 'use_case', failure_type: 'failure_type', account_tier: 'account_tier', channel: 'channel', region: 'region' }

export function ClusterDetailPanel({ scope, cluster, canPickFiles, navigate, modelEndpoint }: ClusterDetailPanelProps): ReactElement {
  const q = useQuery('getClusterDetail', { scope, cluster_id: cluster.cluster_id })
  const d = q.data
  const id = cluster.cluster_id
  const open = (failed?: boolean): void => navigate(EXPLORER_PAGE_ID, clusterDrilldown(scope, id, cluster.label, failed ? cluster.failures : cluster.size, failed))
  return (
    <Panel
      title={
        <>
          Cluster #{id} · {cluster.label}
        </>
      }
      subtitle={
        <>
          Rank {cluster.rank} · {formatInt(cluster.size)} requests in scope ({formatInt(cluster.size_total)} in the dataset) · {formatInt(cluster.failures)} failed ({formatPercent(cluster.failure_rate)})
          {cluster.drift.status === 'new' || cluster.drift.status === 'growing' ? ` · ${cluster.drift.status}: ${formatPercent(cluster.drift.reference_share)} → ${formatPercent(cluster.drift.current_share)} of the traffic` : ''}
        </>
      }
      actions={
        <>
          <button type="button" className="btn btn--xs" onClick={() => open()} data-testid="cluster-open">
            Open {formatInt(cluster.size)} in Explorer
          </button>
          <button type="button" className="btn btn--xs" onClick={() => open(true)} disabled={cluster.failures === 0} data-testid="cluster-open-failures">
            Open its {formatInt(cluster.failures)} failures
          </button>
          <BulkAnnotateButton
            scope={clusterDrilldown(scope, id, cluster.label, cluster.size).scope}
            total={cluster.size}
            label={`Annotate ${formatInt(cluster.size)}…`}
            what={`Every request of cluster #${id} within the filters`}
            buttonClassName="btn btn--xs"
            testId="cluster-annotate"
          />
        </>
      }
      testId="cluster-detail"
      className={q.stale ? 'is-stale' : undefined}
    >
      <DiagnosisCard scope={scope} target={{ cluster_id: id }} navigate={navigate} canPickFiles={canPickFiles} modelEndpoint={modelEndpoint} />
      <div className="cluster-detail__terms" data-testid="cluster-terms">
        <span className="muted">Terms (class-based TF-IDF):</span>
        {cluster.terms.slice(0, 12).map((t) => (
          <span key={t.term} className="chip chip--static" title={`in ${formatPercent(t.share)} of its requests; weight ${t.weight.toFixed(3)}`}>
            {t.term}
          </span>
        ))}
        {cluster.terms.length === 0 && <span className="muted">{MISSING}</span>}
      </div>
      {q.error ? (
        <ErrorState title="Could not load the cluster" error={q.error} onRetry={q.refetch} compact />
      ) : !d ? (
        <LoadingState label="Loading the cluster…" compact />
      ) : (
        <>
          <section className="cluster-detail__section">
            <h3 className="cluster-detail__heading">Requests nearest its centre</h3>
            <ol className="cluster-detail__exemplars" data-testid="cluster-exemplars">
              {d.exemplars.map((e, i) => (
                <li key={`${e.interaction_id ?? 'null'}-${i}`}>
                  <button
                    type="button"
                    className="link-button"
                    disabled={!e.interaction_id}
                    onClick={() => e.interaction_id && navigate(EXPLORER_PAGE_ID, { params: { id: e.interaction_id } })}
                  >
                    {e.is_failure ? <Badge tone="bad">failed</Badge> : <Badge tone="good">ok</Badge>} <span className="mono muted">{e.similarity.toFixed(3)}</span> {e.request_text ?? <span className="muted">(no text)</span>}
                  </button>
                </li>
              ))}
            </ol>
          </section>
          <div className="cluster-detail__breakdowns">
            {d.breakdowns
              .filter((b) => b.rows.length > 0)
              .map((b) => (
                <div key={b.dimension} className="cluster-detail__breakdown" data-testid={`breakdown-${b.dimension}`}>
                  <table className="table table--compact" aria-label={`Cluster ${id} by ${b.dimension}`}>
                    <thead>
                      <tr>
                        <th>{humanize(b.dimension)}</th>
                        <th className="num">Requests</th>
                        <th className="num">Fail rate</th>
                        <th className="num" title="share of this value among the other requests in scope">Elsewhere</th>
                      </tr>
                    </thead>
                    <tbody>
                      {b.rows.map((r) => {
                        const dim = FILTERABLE[b.dimension]
                        return (
                          <tr
                            key={r.value ?? '\u0000'}
                            className={dim ? 'is-clickable' : undefined}
                            onClick={() => dim && navigate(EXPLORER_PAGE_ID, drilldown(scope, { filters: { cluster: [String(id)], [dim]: [r.value] } }, { origin: `Cluster #${id} · ${b.dimension} ${r.value ?? '(empty)'}`, expected: r.requests }))}
                          >
                            <td>{r.value ?? <span className="muted">(empty)</span>}</td>
                            <td className="num">{formatInt(r.requests)}</td>
                            <td className="num">{formatPercent(r.failure_rate)}</td>
                            <td className="num muted">{formatPercent(r.share_elsewhere)}</td>
                          </tr>
                        )
                      })}
                    </tbody>
                  </table>
                </div>
              ))}
          </div>
          <ChartPanel
            title="Daily volume and failure rate"
            subtitle="Requests of this cluster per UTC day within the filters (bars) and their failure rate (line)."
            canPickFiles={canPickFiles}
            empty={d.days.length === 0 ? <div className="muted">No request of this cluster has a timestamp.</div> : undefined}
            csv={{ file: () => ({ name: `cluster_${id}_daily.csv`, content: toCsv(['date_utc', 'requests', 'failures'], d.days.map((x) => [x.date, x.requests, x.failures])) }), title: 'Download the daily series as CSV', testId: 'cluster-daily-csv' }}
            png={{ name: `cluster_${id}_daily`, testId: 'cluster-daily-png' }}
            chart={(ref) => <Chart ref={ref} option={buildClusterDailyOption(d.days)} ariaLabel={`Daily requests and failure rate of cluster ${id}`} height={220} testId="cluster-daily-chart" />}
            testId="cluster-daily"
          />
        </>
      )}
    </Panel>
  )
}
