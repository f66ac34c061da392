/** A workspace's sources were not where it said: lists them and where they were looked for, and asks for a folder to search by SHA-256. */
import { useState, type ReactElement } from 'react'
import type { MissingSource } from '../../../../shared/workspaceApi'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { shortHash } from '../../lib/format'

export function RelinkDialog({ missing, message, busy, canPickFiles, onSearch, onClose }: { missing: MissingSource[]; message: string; busy: boolean; canPickFiles: boolean; onSearch: (folder: string) => void; onClose: () => void }): ReactElement {
  const [folder, setFolder] = useState('')
  return (
    <Dialog title="Find the data" open onClose={onClose} wide testId="relink-dialog">
      <p className="dialog__lead">{message}</p>
      <ul className="relink__list">
        {missing.map((m) => (
          <li key={m.sha256}>
            <strong className="mono">{m.file}</strong> <span className="muted">({m.table ?? 'table unknown'}, SHA-256 {shortHash(m.sha256)})</span>
            <div className="muted relink__looked">Looked in: {m.looked.join(' · ')}</div>
          </li>
        ))}
      </ul>
      <p className="field-hint">Files are matched by content (SHA-256), so moved or renamed files are found in the folder you pick or below it.</p>
      <div className="input-row">
        {canPickFiles ? (
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy}
            onClick={() => void call('pickPath', { purpose: 'relink-folder' }).then((p) => p && onSearch(p))}
          >
            Choose a folder…
          </button>
        ) : (
          <form
            className="input-row"
            style={{ flex: 1 }}
            onSubmit={(e) => {
              e.preventDefault()
              if (folder.trim()) onSearch(folder.trim())
            }}
          >
            <input className="input mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/folder/on/the/server" aria-label="Folder to search" data-testid="relink-folder" autoFocus />
            <button type="submit" className="btn btn--primary" disabled={busy || !folder.trim()} data-testid="relink-search">
              {busy ? 'Searching…' : 'Search this folder'}
            </button>
          </form>
        )}
      </div>
    </Dialog>
  )
}
