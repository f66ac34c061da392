/** The workspace itself: its file and state, its data sources (where each was found, its hash and rows), the saved views, and free notes. */
import { useEffect, useState, type ReactElement } from 'react'
import { ScopeSchema } from '../../../../shared/scope'
import type { PageProps } from '../../app/pages'
import { findPage } from '../../app/pages'
import { patchWorkspaceUi, useWorkspace } from '../../app/workspaceStore'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { formatBytes, formatInt, formatUtc, plural, shortHash } from '../../lib/format'
import { useFileActions } from './FileActions'

export function WorkspacePage({ navigate }: PageProps): ReactElement {
  const { state, ui } = useWorkspace()
  const files = useFileActions()
  const [notes, setNotes] = useState(ui?.notes ?? '')
  useEffect(() => setNotes(ui?.notes ?? ''), [ui?.notes])
  if (!state || !ui) return <p className="muted">Connecting…</p>
  return (
    <div className="stack" data-testid="workspace-page">
      <Panel
        title={state.name}
        subtitle={state.path ? `${state.fileKind === 'bundle' ? 'Bundle (the data travels in the file)' : 'Workspace file'}: ${state.path}` : 'Not saved yet'}
        actions={
          <>
            <button type="button" className="btn btn--sm btn--primary" onClick={() => void files.save()} data-testid="workspace-save">
              Save
            </button>
            <button type="button" className="btn btn--sm" onClick={files.saveAs}>
              Save As…
            </button>
            <button type="button" className="btn btn--sm" onClick={files.exportBundle}>
              Export Bundle…
            </button>
          </>
        }
        testId="workspace-file"
      >
        <div className="counts">
          {state.dirty ? <Badge tone="warn">unsaved changes</Badge> : <Badge tone="good">saved</Badge>}
          {state.readOnly && <Badge tone="bad">read-only</Badge>}
          <span>{plural(state.annotationCount, 'annotation')}</span>
          <span>{plural(state.policyVersionCount, 'policy version')}</span>
          <span>{plural(ui.saved_views.length, 'saved view')}</span>
          <span className="muted">author of new annotations: {state.author}</span>
        </div>
      </Panel>
      <Panel title="Data sources" subtitle="Found by their path relative to the workspace file, their absolute path, the workspace's folder, then by SHA-256 in a folder you pick." flush testId="workspace-sources">
        {state.sources.length === 0 ? (
          <p className="muted" style={{ padding: 12 }}>
            The bundled demo data.
          </p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>File</th>
                <th>Table</th>
                <th className="num">Rows</th>
                <th className="num">Size</th>
                <th>SHA-256</th>
                <th>Where</th>
              </tr>
            </thead>
            <tbody>
              {state.sources.map((s) => (
                <tr key={`${s.kind}-${s.file}`}>
                  <td className="mono">{s.file}</td>
                  <td>{s.kind === 'bundle' ? <Badge tone="accent">bundle</Badge> : s.table}</td>
                  <td className="num">{formatInt(s.rows)}</td>
                  <td className="num">{formatBytes(s.bytes)}</td>
                  <td className="mono" title={s.sha256}>
                    {shortHash(s.sha256)}
                  </td>
                  <td className="mono muted">{s.relative_path ?? s.absolute_path}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Saved views" subtitle="A page with its filters and panel settings. Save the view you are looking at from the Views menu in the header." testId="workspace-views">
        {ui.saved_views.length === 0 ? (
          <p className="muted">No saved view yet.</p>
        ) : (
          <ul className="views-list">
            {ui.saved_views.map((v) => {
              const scope = ScopeSchema.safeParse(v.filters)
              return (
                <li key={v.id}>
                  <button type="button" className="link-btn" onClick={() => navigate(findPage(v.page) ? v.page : 'overview', { scope: scope.success ? scope.data : {}, params: v.params })}>
                    {v.name}
                  </button>
                  <span className="muted">
                    {findPage(v.page)?.label ?? v.page} · saved {formatUtc(v.created)} UTC
                  </span>
                  <button type="button" className="btn btn--ghost btn--xs" aria-label={`Delete view ${v.name}`} onClick={() => patchWorkspaceUi({ saved_views: ui.saved_views.filter((x) => x.id !== v.id) })}>
                    Delete
                  </button>
                </li>
              )
            })}
          </ul>
        )}
      </Panel>
      <Panel title="Notes" subtitle="Free text saved with the workspace (and in bundles and the report)." testId="workspace-notes">
        <textarea
          className="input workspace__notes"
          value={notes}
          rows={8}
          onChange={(e) => setNotes(e.target.value)}
          onBlur={() => patchWorkspaceUi({ notes })}
          placeholder="What you found, what to check next, who to tell…"
          data-testid="workspace-notes-input"
        />
      </Panel>
    </div>
  )
}
