/** Web mode's Save As: a path on the server's machine, or a download of the workspace file. */
import { useState, type ReactElement } from 'react'
import type { WorkspaceState } from '../../../../shared/workspace'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { downloadText } from '../../lib/download'
import { flushWorkspaceUi } from '../../app/workspaceStore'

export function SaveAsDialog({ state, busy, onSave, onClose }: { state: WorkspaceState | null; busy: boolean; onSave: (path: string) => void; onClose: () => void }): ReactElement {
  const suggested = state?.path && state.fileKind === 'json' ? state.path : ''
  const [path, setPath] = useState(suggested)
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog title="Save workspace as" open onClose={onClose} testId="save-as-dialog">
      {state?.readOnly && <div className="banner banner--warn">{state.readOnly}</div>}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (path.trim()) onSave(path.trim())
        }}
      >
        <label className="field-label" htmlFor="save-path">
          Path on the machine running the server
        </label>
        <div className="input-row">
          <input id="save-path" className="input mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/you/incident.twb.json" autoFocus data-testid="save-path" />
          <button type="submit" className="btn btn--primary" disabled={busy || !path.trim()} data-testid="save-submit">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
        <p className="field-hint">Written atomically; the previous file is kept beside it as .bak. The data stays where it is: the workspace refers to it (Export Bundle carries the data too).</p>
      </form>
      <div className="dialog__actions dialog__actions--start">
        <button
          type="button"
          className="btn btn--sm"
          onClick={() =>
            void flushWorkspaceUi()
              .then(() => call('getWorkspaceFile', {}))
              .then((f) => downloadText(f.name, f.content, 'application/json'))
              .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
          }
          data-testid="download-workspace"
        >
          Download the workspace file instead
        </button>
        {error && <span className="bad-text">{error}</span>}
      </div>
    </Dialog>
  )
}
