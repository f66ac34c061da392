/** Web mode's Open: a path on the server's machine (a workspace file, a bundle, or data), or a recent file. */
import type { ReactElement } from 'react'
import { useQuery } from '../../api/useQuery'
import { Dialog } from '../../components/Dialog'
import { ServerPathForm } from '../../components/ServerPathForm'
import { formatUtc } from '../../lib/format'

export function OpenDialog({ busy, onOpen, onClose }: { busy: boolean; onOpen: (path: string) => void; onClose: () => void }): ReactElement {
  const recent = useQuery('listRecentFiles', {})
  return (
    <Dialog title="Open" open onClose={onClose} testId="open-dialog">
      <ServerPathForm
        inputId="open-path"
        submitTestId="open-submit"
        placeholder="/home/you/incident.twb.json"
        busy={busy}
        action="Open"
        busyAction="Opening…"
        hint="A workspace file (.twb.json), a bundle (any name: it is recognised by its content), or a folder or CSV files of telemetry. You can also drop a workspace file on the window."
        onSubmit={onOpen}
      />
      {recent.data && recent.data.length > 0 && (
        <section className="recent" data-testid="recent-files">
          <h3 className="field-label">Recent</h3>
          <ul className="recent__list">
            {recent.data.map((r) => (
              <li key={r.path}>
                <button type="button" className="recent__item" disabled={!r.exists || busy} onClick={() => onOpen(r.path)} title={r.exists ? r.path : `${r.path} (not found)`}>
                  <span className="recent__name">{r.name}</span>
                  <span className="muted mono recent__path">{r.path}</span>
                  <span className="muted">{r.exists ? formatUtc(r.openedAt, false) : 'not found'}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Dialog>
  )
}
