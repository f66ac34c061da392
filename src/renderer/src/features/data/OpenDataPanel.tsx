/** Where data is opened: the native file dialog on the desktop, a path on the server machine in web mode, and the bundled demo data. */
import { useId, useState, type ReactElement } from 'react'
import type { AppInfo } from '../../../../shared/api'
import { Icon } from '../../components/Icon'
import { Panel } from '../../components/Panel'

export interface OpenDataPanelProps {
  appInfo: AppInfo | null
  busy: boolean
  onPick: () => void
  onLoadPath: (path: string) => void
  onLoadDemo: () => void
}

export function OpenDataPanel({ appInfo, busy, onPick, onLoadPath, onLoadDemo }: OpenDataPanelProps): ReactElement {
  const [path, setPath] = useState('')
  const inputId = useId()
  const web = appInfo?.mode !== 'desktop'
  const trimmed = path.trim()
  return (
    <Panel
      title="Open data"
      subtitle={
        web
          ? 'A folder of telemetry CSVs, or one CSV file, on the machine running the workbench server. Nothing is uploaded.'
          : 'A folder of telemetry CSVs, or the files themselves. Everything stays on this machine.'
      }
      testId="open-data"
    >
      <form
        className="open-data"
        onSubmit={(e) => {
          e.preventDefault()
          if (trimmed && !busy) onLoadPath(trimmed)
        }}
      >
        {appInfo?.canPickFiles && (
          <button type="button" className="btn btn--primary" onClick={onPick} disabled={busy} data-testid="pick-files">
            <Icon name="folder" /> Choose files or folder…
          </button>
        )}
        <div className="open-data__path">
          <label htmlFor={inputId} className="field-label">
            {web ? 'Path on the server machine' : 'Or type a path'}
          </label>
          <div className="input-row">
            <input
              id={inputId}
              className="input mono"
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder={appInfo?.demoDataPath ? `e.g. ${appInfo.demoDataPath.replace(/[\\/]demo$/, '/my-dump')}` : '/path/to/telemetry'}
              value={path}
              onChange={(e) => setPath(e.target.value)}
              data-testid="path-input"
            />
            <button type="submit" className={`btn ${appInfo?.canPickFiles ? '' : 'btn--primary'}`} disabled={busy || !trimmed} data-testid="open-path">
              Open
            </button>
          </div>
          <div className="field-hint">
            Recognised by file name (llm_system_interactions.csv, …_sessions_summary, …_users_summary, …_prompts_lookup, …_instruction_tuning_samples), else by columns. Only
            interactions is required.
          </div>
        </div>
        <div className="open-data__demo">
          <span className="field-label">Or try it</span>
          <button type="button" className="btn" onClick={onLoadDemo} disabled={busy} data-testid="open-demo">
            Open demo data
          </button>
          <span className="field-hint">20,000 synthetic requests over 60 days, clearly marked as demo.</span>
        </div>
      </form>
    </Panel>
  )
}
