/** The requests nearest by meaning to one request or to a phrase, with their failure status and how often their exact text occurs; used in the Explorer drawer, the triage queue and the Clusters page. */
import type { ReactElement } from 'react'
import { SIMILAR_LIMIT } from '../../../../shared/clusters'
import { useQuery } from '../../api/useQuery'
import { Badge } from '../../components/Badge'
import { ErrorState } from '../../components/ErrorState'
import { LoadingState } from '../../components/LoadingState'
import { formatInt, formatPercent, MISSING } from '../../lib/format'
import './clusters.css'

export interface SimilarRequestsProps {
  interactionId?: string
  text?: string
  /** opens one of the listed requests (e.g. in the Explorer) */
  onOpen?: (interactionId: string) => void
  /** goes to the Clusters page (when clusters are not computed yet) */
  onOpenClusters?: () => void
  testId?: string
}

export function SimilarRequests({ interactionId, text, onOpen, onOpenClusters, testId = 'similar' }: SimilarRequestsProps): ReactElement {
  const status = useQuery('getClusterStatus', {})
  const active = status.data?.active ?? null
  const q = useQuery('findSimilar', active ? (interactionId !== undefined ? { interaction_id: interactionId, limit: SIMILAR_LIMIT } : { text: text ?? '', limit: SIMILAR_LIMIT }) : null)

  if (status.data && !active) {
    return (
      <div className="similar__note muted" data-testid={`${testId}-not-computed`}>
        Similar requests need the text vectors, which are computed with the clusters: they are not computed yet for this dataset.{' '}
        {onOpenClusters && (
          <button type="button" className="btn btn--xs btn--ghost" onClick={onOpenClusters}>
            Open Clusters
          </button>
        )}
      </div>
    )
  }
  if (q.error) return <ErrorState title="Could not find similar requests" error={q.error} onRetry={q.refetch} compact />
  if (!q.data) return <LoadingState label="Finding similar requests…" compact />
  const r = q.data
  if (r.results.length === 0) return <div className="similar__note muted" data-testid={`${testId}-empty`}>{r.note ?? 'No similar request.'}</div>
  const failed = r.results.filter((x) => x.is_failure).length
  return (
    <div className={`similar${q.stale ? ' is-stale' : ''}`} data-testid={testId}>
      <div className="similar__summary muted" data-testid={`${testId}-summary`}>
        {formatInt(r.results.length)} nearest requests by cosine of their text vectors (one per distinct text), {formatInt(failed)} of them failed · {r.elapsed_ms} ms
      </div>
      <ol className="similar__list">
        {r.results.map((s, i) => (
          <li key={`${s.interaction_id ?? 'null'}-${i}`} className="similar__item" data-testid={`${testId}-item`} data-failed={s.is_failure ? 'true' : 'false'}>
            <button type="button" className="similar__open" disabled={!s.interaction_id || !onOpen} onClick={() => s.interaction_id && onOpen?.(s.interaction_id)} title="Open this request">
              <span className="similar__score mono" title="cosine similarity">
                {s.similarity.toFixed(3)}
              </span>
              {s.is_failure ? <Badge tone="bad">{s.failure_type && s.failure_type !== 'none' ? s.failure_type : 'failed'}</Badge> : s.is_failure === false ? <Badge tone="good">ok</Badge> : <Badge>unknown</Badge>}
              <span className="similar__meta muted">
                <span className="mono">{s.interaction_id ?? MISSING}</span> · {s.model_name ?? MISSING} · {s.use_case ?? MISSING} · cluster #{s.cluster_id}
              </span>
              {s.same_text_requests > 1 && (
                <span className="similar__dupes muted" title="requests with exactly this text, and how many of them failed">
                  ×{formatInt(s.same_text_requests)} same text, {formatPercent(s.same_text_failures / s.same_text_requests)} failed
                </span>
              )}
              <span className="similar__text">{s.request_text ?? <span className="muted">(no request text)</span>}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  )
}
