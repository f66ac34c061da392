/** Workspace notices under the header: an autosaved session to restore, sources that moved or changed, a read-only file, the outcome of the last file action. */
import type { ReactElement } from 'react'
import { call } from '../../api/client'
import { useQuery } from '../../api/useQuery'
import { useWorkspace } from '../../app/workspaceStore'
import { Icon } from '../../components/Icon'
import { formatUtc, plural } from '../../lib/format'
import { useFileActions } from './FileActions'

export function WorkspaceBanners(): ReactElement {
  const a = useFileActions()
  const ws = useWorkspace()
  const recoveries = useQuery('listRecoveries', {})
  const state = ws.state
  const changed = state?.warnings.filter((w) => w.kind !== 'relinked') ?? []
  const relinked = state?.warnings.filter((w) => w.kind === 'relinked') ?? []
  return (
    <>
      {(recoveries.data ?? []).slice(0, 1).map((r) => (
        <div key={r.id} className="banner banner--warn" role="status" data-testid="recovery-banner">
          <Icon name="history" />
          <span className="banner__body">
            Unsaved work from a session that ended unexpectedly: <strong>{r.name}</strong> ({plural(r.annotationCount, 'annotation')}), autosaved {formatUtc(r.savedAt)} UTC.
          </span>
          <button type="button" className="btn btn--sm btn--primary" onClick={() => a.open({ recovery: r.id })} data-testid="recovery-restore">
            Restore
          </button>
          <button type="button" className="btn btn--sm btn--ghost" onClick={() => void call('discardRecovery', { id: r.id }).then(() => recoveries.refetch())} data-testid="recovery-discard">
            Discard
          </button>
        </div>
      ))}
      {state?.readOnly && (
        <div className="banner banner--warn" role="status" data-testid="readonly-banner">
          <Icon name="alert" />
          <span>{state.readOnly}</span>
        </div>
      )}
      {changed.length > 0 && (
        <div className="banner banner--warn" role="alert" data-testid="source-warnings">
          <Icon name="alert" />
          <ul className="banner__body banner__list">
            {changed.map((w) => (
              <li key={w.file}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      {relinked.length > 0 && (
        <div className="banner banner--neutral" role="status" data-testid="source-relinked">
          <ul className="banner__body banner__list">
            {relinked.map((w) => (
              <li key={w.file}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      {a.notice && (
        <div className={`banner banner--${a.notice.tone}`} role={a.notice.tone === 'bad' ? 'alert' : 'status'} data-testid="file-notice">
          <span className="banner__body">{a.notice.text}</span>
          <button type="button" className="btn btn--ghost btn--xs" onClick={a.dismissNotice}>
            Dismiss
          </button>
        </div>
      )}
    </>
  )
}
