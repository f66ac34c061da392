/** Web mode's Save As: a path on the server's machine, or a download of the workspace file. */
import { useState, type ReactElement } from 'react'
import type { WorkspaceState } from '../../../../shared/workspace'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { ServerPathForm } from '../../components/ServerPathForm'
import { downloadText } from '../../lib/download'
import { flushWorkspaceUi } from '../../app/workspaceStore'

export function SaveAsDialog({ state, busy, onSave, onClose }: { state: WorkspaceState | null; busy: boolean; onSave: (path: string) => void; onClose: () => void }): ReactElement {
  const suggested = state?.path && state.fileKind === 'json' ? state.path : ''
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog title="Save workspace as" open onClose={onClose} testId="save-as-dialog">
      {state?.readOnly && <div className="banner banner--warn">{state.readOnly}</div>}
      <ServerPathForm
        inputId="save-path"
        submitTestId="save-submit"
        initial={suggested}
        placeholder="/home/you/incident.twb.json"
        busy={busy}
        action="Save"
        busyAction="Saving…"
        hint="Written atomically; the previous file is kept beside it as .bak. The data stays where it is: the workspace refers to it (Export Bundle carries the data too)."
        onSubmit={onSave}
      />
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
