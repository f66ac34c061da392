/** The detail drawer of one interaction: its facts, flags, request and response text, every field, and its session's requests in order (click one to open it). */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import type { InteractionDetail } from '../../../../shared/explorer'
import { useQuery } from '../../api/useQuery'
import { Badge } from '../../components/Badge'
import { CopyButton } from '../../components/CopyButton'
import { MaskSwitch } from '../privacy/MaskSwitch'
import { ErrorState } from '../../components/ErrorState'
import { LoadingState } from '../../components/LoadingState'
import { MISSING, formatMs, formatUtc, humanize, plural } from '../../lib/format'
import { AnnotationEditor } from '../annotations/AnnotationEditor'
import { SimilarRequests } from '../clusters/SimilarRequests'
import { detailView, type DetailView } from './interactionDetail'

export interface InteractionDrawerProps {
  id: string
  onOpen: (interactionId: string) => void
  onClose: () => void
}

function Texts({ view }: { view: DetailView }): ReactElement {
  if (view.texts.length === 0) return <p className="muted">This dataset has no request or response text columns.</p>
  return (
    <>
      {view.texts.map((t) => (
        <section key={t.field} className="drawer__section">
          <h3 className="drawer__heading">
            {t.label} <code className="muted">{t.field}</code>
          </h3>
          {t.text === null ? (
            <p className="muted drawer__empty-text">Empty for this interaction.</p>
          ) : (
            <div className="drawer__text" data-testid={`detail-${t.field}`}>
              {t.text}
            </div>
          )}
        </section>
      ))}
    </>
  )
}

function Session({ detail, currentId, onOpen }: { detail: InteractionDetail; currentId: string; onOpen: (id: string) => void }): ReactElement {
  const session = detail.session
  return (
    <section className="drawer__section" data-testid="detail-session">
      <h3 className="drawer__heading">
        Session <span className="muted">· {plural(session.length, 'request')} in time order{session.length >= 500 ? ' (first 500)' : ''}</span>
      </h3>
      {session.length === 0 ? (
        <p className="muted">This interaction has no session id.</p>
      ) : (
        <ol className="session-list">
          {session.map((s, i) => {
            const current = s.interaction_id === currentId
            return (
              <li key={`${s.interaction_id ?? 'null'}-${i}`}>
                <button
                  type="button"
                  className={`session-item${current ? ' session-item--current' : ''}`}
                  aria-current={current ? 'true' : undefined}
                  disabled={!s.interaction_id || current}
                  onClick={() => s.interaction_id && onOpen(s.interaction_id)}
                  data-testid="session-item"
                >
                  <span className="session-item__n">{i + 1}</span>
                  <span className="session-item__main">
                    <span className="session-item__line">
                      <span className="mono">{s.interaction_id ?? MISSING}</span>
                      <span className="muted">{formatUtc(s.timestamp_utc)}</span>
                      <span>{s.model_name ?? MISSING}</span>
                      <span className="muted">{formatMs(s.latency_ms)}</span>
                      {s.is_failure ? <Badge tone="bad">{s.failure_type ?? 'failed'}</Badge> : <Badge tone="good">ok</Badge>}
                    </span>
                    {s.request_text && <span className="session-item__text">{s.request_text}</span>}
                  </span>
                </button>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}

/** The requests nearest by meaning to this one, looked up when the section is opened. */
function Similar({ id, onOpen }: { id: string; onOpen: (id: string) => void }): ReactElement {
  const [open, setOpen] = useState(false)
  return (
    <details className="drawer__section" data-testid="detail-similar" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="drawer__heading">Similar requests</summary>
      {open && <SimilarRequests interactionId={id} onOpen={onOpen} testId="drawer-similar" />}
    </details>
  )
}

export function InteractionDrawer({ id, onOpen, onClose }: InteractionDrawerProps): ReactElement {
  const q = useQuery('getInteraction', { interaction_id: id })
  const view = useMemo(() => (q.data ? detailView(q.data) : null), [q.data])
  const ref = useRef<HTMLElement>(null)

  // focus moves into the drawer when it opens, so Escape and the keyboard work at once
  useEffect(() => {
    ref.current?.focus()
  }, [id])

  return (
    <aside
      ref={ref}
      className="drawer"
      role="dialog"
      aria-modal="false"
      aria-label={`Interaction ${id}`}
      tabIndex={-1}
      data-testid="interaction-drawer"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault()
          onClose()
        }
      }}
    >
      <header className="drawer__header">
        <div className="drawer__title">
          <span className="muted">Interaction</span>
          <code className="drawer__id" data-testid="detail-id">
            {id}
          </code>
          <CopyButton value={id} what="interaction id" />
        </div>
        <MaskSwitch compact />
        <button type="button" className="btn btn--ghost btn--sm" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="drawer__body">
        {q.error ? (
          <ErrorState title="Could not load this interaction" error={q.error} onRetry={q.refetch} compact />
        ) : !view ? (
          <LoadingState label="Loading the interaction…" compact />
        ) : (
          <div className={q.stale ? 'is-stale' : undefined}>
            <div className="drawer__status">
              {view.failed === null ? (
                <Badge>is_failure unknown</Badge>
              ) : view.failed ? (
                <Badge tone="bad" solid testId="detail-status">
                  FAILED{view.failureType && view.failureType !== 'none' ? ` · ${view.failureType}` : ''}
                </Badge>
              ) : (
                <Badge tone="good" testId="detail-status">
                  SUCCEEDED
                </Badge>
              )}
            </div>
            <AnnotationEditor interactionId={id} />
            <dl className="facts drawer__facts" data-testid="detail-facts">
              {view.facts.map((f) => (
                <div key={f.field}>
                  <dt>{f.label}</dt>
                  <dd className={f.field.endsWith('_id') ? 'mono' : undefined}>{f.value}</dd>
                </div>
              ))}
            </dl>
            {view.flags.length > 0 && (
              <section className="drawer__section">
                <h3 className="drawer__heading">Flags</h3>
                <ul className="flag-list" data-testid="detail-flags">
                  {view.flags.map((f) => (
                    <li key={f.name} className={`flag${f.set ? ' flag--set' : ''}`} data-set={f.set}>
                      <span aria-hidden>{f.set ? '●' : '○'}</span> {humanize(f.name)}
                      <span className="sr-only">{f.set ? ': set' : ': not set'}</span>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <Texts view={view} />
            <Similar key={id} id={id} onOpen={onOpen} />
            {q.data && <Session detail={q.data} currentId={id} onOpen={onOpen} />}
            <details className="drawer__section drawer__fields">
              <summary className="drawer__heading">All {view.fields.length} fields</summary>
              <table className="table drawer__fields-table" data-testid="detail-fields">
                <tbody>
                  {view.fields.map((f) => (
                    <tr key={f.name}>
                      <th scope="row" className="mono">
                        {f.name}
                      </th>
                      <td className={f.raw === null ? 'muted' : undefined}>{f.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </div>
        )}
      </div>
    </aside>
  )
}
