/** Annotates every interaction in a scope at once (the Explorer's rows; the Clusters page a cluster's members or a lasso selection): a status, labels added, an optional note. */
import { useState, type ReactElement } from 'react'
import { ANNOTATION_STATUSES, type AnnotationStatus } from '../../../../shared/annotations'
import type { Scope } from '../../../../shared/scope'
import { call } from '../../api/client'
import { Popover } from '../../components/Popover'
import { formatInt, plural } from '../../lib/format'
import { parseLabels, statusLabel } from './annotationText'
import './annotations.css'

export interface BulkAnnotateButtonProps {
  scope: Scope
  /** interactions in the scope (shown, and the most the request may touch); null while counting */
  total: number | null
  label?: string
  /** what "every interaction" is, in words (default: every interaction in scope) */
  what?: string
  /**
   * The target when it is made only on submit (a lasso becomes a map selection then): its scope and
   * the count the operator confirmed; `scope` and `total` are then what the button shows.
   */
  resolve?: () => Promise<{ scope: Scope; total: number }>
  /** the button's classes (default: a small button) */
  buttonClassName?: string
  testId?: string
}

export function BulkAnnotateButton({ scope, total, label = 'Annotate all…', what = 'Every interaction in scope', resolve, buttonClassName = 'btn btn--sm', testId = 'bulk-annotate' }: BulkAnnotateButtonProps): ReactElement {
  const [status, setStatus] = useState<AnnotationStatus>('open')
  const [labels, setLabels] = useState('')
  const [note, setNote] = useState('')
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; count: number } | { kind: 'failed'; message: string }>({ kind: 'idle' })

  const run = async (): Promise<void> => {
    if (total === null) return
    setState({ kind: 'running' })
    try {
      const target = resolve ? await resolve() : { scope, total }
      const r = await call('annotateMany', { target: { scope: target.scope }, edit: { status, addLabels: parseLabels(labels), ...(note.trim() ? { note } : {}) }, maxRows: Math.max(1, target.total) })
      setState({ kind: 'done', count: r.count })
    } catch (err) {
      setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) })
    }
  }

  return (
    <Popover label={label} buttonClassName={buttonClassName} testId={testId} align="end" onOpenChange={(open) => open && setState({ kind: 'idle' })}>
      <form
        className="stack"
        style={{ gap: 8, width: 300 }}
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <div className="muted">
          {what}
          {total !== null ? `: ${plural(total, 'interaction')}` : ''}. Labels are added to what each has; a note replaces theirs.
        </div>
        <select className="input input--sm" value={status} onChange={(e) => setStatus(e.target.value as AnnotationStatus)} aria-label="Status" data-testid={`${testId}-status`}>
          {ANNOTATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
        <input className="input input--sm" value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="labels to add, comma separated" aria-label="Labels to add" data-testid={`${testId}-labels`} />
        <input className="input input--sm" value={note} onChange={(e) => setNote(e.target.value)} placeholder="note (optional)" aria-label="Note" />
        <button type="submit" className="btn btn--primary btn--sm" disabled={total === null || total === 0 || state.kind === 'running'} data-testid={`${testId}-run`}>
          {state.kind === 'running' ? 'Annotating…' : `Annotate ${total === null ? '…' : formatInt(total)} interactions`}
        </button>
        {state.kind === 'done' && (
          <div className="banner banner--good" data-testid={`${testId}-done`}>
            Annotated {plural(state.count, 'interaction')} as {statusLabel(status)}.
          </div>
        )}
        {state.kind === 'failed' && <div className="banner banner--bad">{state.message}</div>}
      </form>
    </Popover>
  )
}
