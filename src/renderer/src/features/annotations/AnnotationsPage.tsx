/** The annotations of the workspace: counts per status and every annotation within the global filters (newest first, each opens its interaction), the author, and JSONL export and import of all of them (merged by id, conflicts listed). */
import { useEffect, useState, type ReactElement } from 'react'
import { ANNOTATION_STATUSES, type AnnotationStatus } from '../../../../shared/annotations'
import { isEmptyScope } from '../../../../shared/scope'
import type { AnnotationImportResult } from '../../../../shared/workspaceApi'
import { call } from '../../api/client'
import { exportFiles } from '../../api/exportFiles'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { useWorkspace } from '../../app/workspaceStore'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatUtc, plural } from '../../lib/format'
import { statusLabel, STATUS_TONE } from './annotationText'
import './annotations.css'

const PAGE = 100

export function AnnotationsPage({ navigate, scope }: PageProps): ReactElement {
  const wb = useWorkbench()
  const ws = useWorkspace().state
  const [status, setStatus] = useState<AnnotationStatus | ''>('')
  const [offset, setOffset] = useState(0)
  const scoped = !isEmptyScope(scope)
  const scopeKey = JSON.stringify(scope)
  // other filters: back to the first page
  useEffect(() => setOffset(0), [scopeKey])
  // the filters (a cluster, a lasso, a model...) narrow the list and its counts to their interactions
  const list = useQuery('listAnnotations', { offset, limit: PAGE, ...(status ? { status } : {}), ...(scoped ? { scope } : {}) })
  const [author, setAuthor] = useState<string | null>(null)
  const [imported, setImported] = useState<AnnotationImportResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const counts = list.data?.counts

  const exportJsonl = async (): Promise<void> => {
    try {
      const f = await call('exportAnnotations', {})
      await exportFiles([{ name: f.name, content: f.content, mime: 'application/jsonl' }], wb.appInfo?.canPickFiles ?? false)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }
  const importJsonl = async (file: File): Promise<void> => {
    setError(null)
    try {
      setImported(await call('importAnnotations', { content: await file.text(), fileName: file.name }))
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <div className="stack" data-testid="annotations-page">
      <Panel
        title="Review status"
        subtitle={counts ? `${plural(counts.reviewed, 'annotated interaction')} ${scoped ? 'within the filters' : 'in this workspace'}` : 'Counting…'}
        actions={
          <>
            <button type="button" className="btn btn--sm" onClick={() => navigate(EXPLORER_PAGE_ID, { scope: { ...scope, annotation: ['unreviewed'] } })}>
              Open the unreviewed in the Explorer
            </button>
            <button type="button" className="btn btn--sm" onClick={() => void exportJsonl()} disabled={!ws?.annotationCount} title="Every annotation of the workspace, whatever the filters" data-testid="annotations-export">
              Export JSONL
            </button>
            <label className="btn btn--sm" data-testid="annotations-import">
              Import JSONL…
              <input type="file" accept=".jsonl,.json,application/json" hidden onChange={(e) => e.target.files?.[0] && void importJsonl(e.target.files[0])} data-testid="annotations-import-input" />
            </label>
          </>
        }
        testId="annotation-counts"
      >
        {counts && (
          <div className="counts">
            {ANNOTATION_STATUSES.map((s) => (
              <button key={s} type="button" className={`btn btn--sm${status === s ? ' btn--active' : ''}`} onClick={() => setStatus(status === s ? '' : s)} data-testid={`count-${s}`}>
                {statusLabel(s)} <strong>{formatInt(counts.by_status[s])}</strong>
              </button>
            ))}
            <span className="muted">Precision of the verdicts: {counts.precision === null ? '—' : `${(counts.precision * 100).toFixed(1)}%`} ({plural(counts.verdicts, 'verdict')})</span>
          </div>
        )}
        <form
          className="input-row"
          style={{ marginTop: 10, maxWidth: 520 }}
          onSubmit={(e) => {
            e.preventDefault()
            if (author?.trim()) void call('setAuthor', { author: author.trim() }).then(() => setAuthor(null))
          }}
        >
          <label className="field-label" htmlFor="author" style={{ alignSelf: 'center', margin: 0 }}>
            Author of new annotations
          </label>
          <input id="author" className="input input--sm" value={author ?? ws?.author ?? ''} onChange={(e) => setAuthor(e.target.value)} data-testid="author-input" />
          <button type="submit" className="btn btn--sm" disabled={author === null || !author.trim()}>
            Set
          </button>
        </form>
        {error && <div className="banner banner--bad">{error}</div>}
        {imported && <ImportResult result={imported} onDismiss={() => setImported(null)} />}
      </Panel>
      <Panel title={status ? `${statusLabel(status)}` : 'All annotations'} subtitle="Newest first; click an interaction to open it in the Explorer." flush testId="annotations-list">
        {list.data && list.data.rows.length === 0 ? (
          <p className="muted" style={{ padding: 12 }}>
            No annotation yet. Annotate from the Explorer’s detail drawer, the Explorer’s “Annotate rows…”, or the Triage page’s review flow.
          </p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Interaction</th>
                <th>Status</th>
                <th>Labels</th>
                <th>Note</th>
                <th>Author</th>
                <th>Updated (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.rows ?? []).map((a) => (
                <tr key={a.id} data-testid="annotation-row">
                  <td>
                    <button type="button" className="link-btn mono" onClick={() => navigate(EXPLORER_PAGE_ID, { params: { id: a.interaction_id } })}>
                      {a.interaction_id}
                    </button>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[a.status]}>{statusLabel(a.status)}</Badge>
                  </td>
                  <td>{a.labels.join(', ')}</td>
                  <td className="muted">{a.note}</td>
                  <td>{a.author}</td>
                  <td className="mono">{formatUtc(a.updated)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > PAGE && (
          <div className="annotation__row" style={{ padding: 8 }}>
            <button type="button" className="btn btn--xs" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              ← Newer
            </button>
            <span className="muted">
              {formatInt(offset + 1)}–{formatInt(Math.min(offset + PAGE, list.data.total))} of {formatInt(list.data.total)}
            </span>
            <button type="button" className="btn btn--xs" disabled={offset + PAGE >= list.data.total} onClick={() => setOffset(offset + PAGE)}>
              Older →
            </button>
          </div>
        )}
      </Panel>
    </div>
  )
}

function ImportResult({ result, onDismiss }: { result: AnnotationImportResult; onDismiss: () => void }): ReactElement {
  const skipped = Object.entries(result.skipped)
  return (
    <div className={`banner ${result.conflicts.length || result.invalid.length ? 'banner--warn' : 'banner--good'}`} role="status" data-testid="import-result">
      <div className="banner__body">
        <div>
          Read {plural(result.lines, 'line')}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged, {plural(result.conflicts.length, 'conflict')}
          {result.invalid.length ? `, ${result.invalid.length} not usable` : ''}
          {skipped.length ? `, skipped other scores (${skipped.map(([n, c]) => `${n}: ${c}`).join(', ')})` : ''}.
        </div>
        {result.conflicts.length > 0 && (
          <div className="conflicts">
            <table className="table" data-testid="import-conflicts">
              <thead>
                <tr>
                  <th>Interaction</th>
                  <th>Ours</th>
                  <th>Theirs</th>
                  <th>Kept</th>
                </tr>
              </thead>
              <tbody>
                {result.conflicts.map((c) => (
                  <tr key={c.interaction_id}>
                    <td className="mono">{c.interaction_id}</td>
                    <td>
                      {statusLabel(c.ours.status)} · {c.ours.author} · {formatUtc(c.ours.updated)}
                    </td>
                    <td>
                      {statusLabel(c.theirs.status)} · {c.theirs.author} · {formatUtc(c.theirs.updated)}
                    </td>
                    <td>{c.kept === 'ours' ? 'ours (newer or tie)' : 'theirs (newer)'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result.invalid.length > 0 && (
          <ul className="banner__details">
            {result.invalid.slice(0, 10).map((i) => (
              <li key={`${i.line}-${i.message}`}>
                line {i.line}: {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="btn btn--ghost btn--xs" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
