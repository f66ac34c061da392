/**
 * The keyboard review flow over the triage queue's rows to review: one request at a time with its
 * text, a key per status (1-4, then on to the next), j/k or the arrows to move, "37 of 200
 * reviewed", and the precision reviewers found next to the one the model expects.
 */
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react'
import type { TriageQueueRow } from '../../../../shared/triage'
import { call } from '../../api/client'
import { useQuery } from '../../api/useQuery'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { formatMs, formatPercent, formatUtc, MISSING } from '../../lib/format'
import { AnnotationEditor } from './AnnotationEditor'
import { reviewedText, STATUS_KEYS, statusLabel, STATUS_TONE } from './annotationText'
import './annotations.css'

export interface ReviewPanelProps {
  /** changes with every triage run */
  runId: number
  /** rows marked for review in the last run */
  reviewTotal: number
  onOpen: (row: TriageQueueRow) => void
}

export function ReviewPanel({ runId, reviewTotal, onOpen }: ReviewPanelProps): ReactElement {
  const [index, setIndex] = useState(0)
  // the row on screen with its queue position: keys act on what is shown, not on a row still loading
  const [shown, setShown] = useState<{ index: number; row: TriageQueueRow } | null>(null)
  const row = shown?.row ?? null
  const [error, setError] = useState<string | null>(null)
  const review = useQuery('getTriageReview', {})
  const rootRef = useRef<HTMLDivElement>(null)
  const id = row?.interaction_id ?? null
  const current = useQuery('getAnnotations', id ? { interaction_ids: [id] } : null)
  const detail = useQuery('getInteraction', id ? { interaction_id: id } : null)

  const refetchReview = review.refetch
  useEffect(() => {
    // a new run is a new queue: start at its top and count again
    setIndex(0)
    refetchReview()
  }, [runId, refetchReview])
  useEffect(() => {
    let live = true
    if (reviewTotal === 0) {
      setShown(null)
      return
    }
    call('getTriageQueue', { offset: index, limit: 1, onlyReview: true }).then(
      (r) => live && setShown(r.rows[0] ? { index, row: r.rows[0] } : null),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err))
    )
    return () => {
      live = false
    }
  }, [index, runId, reviewTotal])

  const move = useCallback((d: number) => setIndex((i) => Math.min(Math.max(0, i + d), Math.max(0, reviewTotal - 1))), [reviewTotal])

  const onKey = (e: React.KeyboardEvent): void => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) return
    if (e.ctrlKey || e.metaKey || e.altKey) return
    const status = STATUS_KEYS[e.key]
    if (status && id) {
      e.preventDefault()
      const existing = current.data?.[0]
      void call('setAnnotation', { interaction_id: id, edit: { status, labels: existing?.labels ?? [], note: existing?.note ?? '' } }).then(() => move(1))
    } else if (e.key === 'j' || e.key === 'ArrowDown' || e.key === 'ArrowRight') {
      e.preventDefault()
      move(1)
    } else if (e.key === 'k' || e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      e.preventDefault()
      move(-1)
    } else if (e.key === 'Enter' && row) {
      e.preventDefault()
      onOpen(row)
    }
  }

  const r = review.data
  const text = detail.data?.fields.find((f) => f.name === 'request_text')?.value
  const response = detail.data?.fields.find((f) => f.name === 'response_text_snippet')?.value
  return (
    <Panel
      title="Review the queue"
      subtitle="One request at a time. Keys: 1 open · 2 confirmed failure · 3 false alarm · 4 fixed (then the next) · j / k or arrows to move · Enter opens it in the Explorer."
      testId="review-panel"
    >
      <div className="review" ref={rootRef} tabIndex={0} onKeyDown={onKey} data-testid="review-flow" aria-label="Review flow: press 1 to 4 to set a status">
        <div className="review__row">
          {reviewTotal === 0 ? (
            <p className="muted">The last run marked no request for review.</p>
          ) : !row ? (
            <p className="muted">{error ?? 'Loading…'}</p>
          ) : (
            <>
              <div className="review__head">
                <strong data-testid="review-position">
                  {(shown?.index ?? index) + 1} / {reviewTotal}
                </strong>
                <span className="mono">{row.interaction_id ?? MISSING}</span>
                <Badge tone="warn">P(failure) {row.proba_failure.toFixed(3)}</Badge>
                <span className="muted">
                  {row.use_case ?? MISSING} · {row.model_provider ?? MISSING} / {row.model_name ?? MISSING} · {formatMs(row.latency_ms)} · {formatUtc(row.timestamp_utc.replace(' ', 'T').replace('+00:00', 'Z'))}
                </span>
                {current.data?.[0] && (
                  <Badge tone={STATUS_TONE[current.data[0].status]} testId="review-current-status">
                    {statusLabel(current.data[0].status)}
                  </Badge>
                )}
              </div>
              {typeof text === 'string' && <div className="review__text" data-testid="review-request">{text}</div>}
              {typeof response === 'string' && <div className="review__text muted">{response}</div>}
              {id && <AnnotationEditor interactionId={id} compact />}
              <div className="annotation__row">
                <button type="button" className="btn btn--sm" onClick={() => move(-1)} disabled={index === 0}>
                  ← Previous
                </button>
                <button type="button" className="btn btn--sm" onClick={() => move(1)} disabled={index >= reviewTotal - 1} data-testid="review-next">
                  Next →
                </button>
                <button type="button" className="btn btn--sm btn--ghost" onClick={() => onOpen(row)}>
                  Open in Explorer
                </button>
              </div>
            </>
          )}
        </div>
        <div className="review__stats" data-testid="review-stats">
          {r ? (
            <>
              <div className="kpi-inline">
                <strong data-testid="review-progress">{reviewedText(r.review)}</strong>
              </div>
              <div>
                Reviewed precision <strong data-testid="review-precision">{r.review.precision === null ? MISSING : formatPercent(r.review.precision, 1)}</strong>
                <span className="muted"> over {r.review.verdicts} verdict{r.review.verdicts === 1 ? '' : 's'} (confirmed + fixed) / (+ false alarms)</span>
              </div>
              <div>
                Model’s expected precision <strong data-testid="review-expected">{formatPercent(r.expected_precision, 1)}</strong>
                <span className="muted"> at threshold {r.threshold.toFixed(2)} on the evaluation window</span>
              </div>
              <div className="counts">
                {Object.entries(r.review.by_status).map(([s, n]) => (
                  <Badge key={s} tone={STATUS_TONE[s as keyof typeof STATUS_TONE]}>
                    {statusLabel(s as keyof typeof STATUS_TONE)} {n}
                  </Badge>
                ))}
              </div>
            </>
          ) : (
            <span className="muted">{review.error ? review.error.message : 'Counting…'}</span>
          )}
        </div>
      </div>
    </Panel>
  )
}
