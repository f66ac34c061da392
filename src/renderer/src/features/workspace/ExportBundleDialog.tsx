/**
 * Export Bundle: lists every column that would leave the machine (free-text columns marked), lets
 * the operator keep, mask or drop each, then writes the bundle (desktop: where the save dialog
 * says; web: a server-side path, or a download), with progress and Cancel.
 */
import { JobProgress } from '../../components/JobProgress'
import { useState, type ReactElement } from 'react'
import type { ExportBundleResult } from '../../../../shared/workspaceApi'
import { ApiCallError, call } from '../../api/client'
import { nextJobId } from '../../api/jobIds'
import { downloadUrl } from '../../api/transport'
import { useQuery } from '../../api/useQuery'
import { useWorkspace } from '../../app/workspaceStore'
import { Badge } from '../../components/Badge'
import { Dialog } from '../../components/Dialog'
import { formatBytes, formatInt, plural, shortHash } from '../../lib/format'
import { choiceKey, choicesToRequest, isLocked, leavingSummary, setAllText, type ColumnAction, type ColumnChoices } from './bundleChoices'
import { useJobProgress } from './useJobProgress'

type Run = { kind: 'idle' } | { kind: 'running'; jobId: number } | { kind: 'done'; result: ExportBundleResult } | { kind: 'failed'; message: string }

export function ExportBundleDialog({ canPickFiles, onClose }: { canPickFiles: boolean; onClose: () => void }): ReactElement {
  const plan = useQuery('getBundlePlan', {})
  const ws = useWorkspace()
  const [choices, setChoices] = useState<ColumnChoices>({})
  const [path, setPath] = useState('')
  const [run, setRun] = useState<Run>({ kind: 'idle' })
  const progress = useJobProgress(run.kind === 'running' ? run.jobId : null)
  const summary = plan.data ? leavingSummary(plan.data, choices) : null
  const stem = (ws.state?.name ?? 'workspace').replace(/(\.twb)?\.json$|\.twbundle$/, '').replace(/^Untitled$/, 'workspace')

  const start = async (): Promise<void> => {
    if (!plan.data) return
    let target: string | undefined = path.trim() || undefined
    if (canPickFiles) {
      const picked = await call('pickPath', { purpose: 'export-bundle', defaultName: `${stem}.twbundle` })
      if (!picked) return
      target = picked
    }
    const jobId = nextJobId()
    setRun({ kind: 'running', jobId })
    try {
      const result = await call('exportBundle', { jobId, ...(target ? { path: target } : {}), ...choicesToRequest(plan.data, choices) })
      setRun({ kind: 'done', result })
      const url = result.download ? downloadUrl(result.download) : null
      if (url) {
        // the server streams the file; the browser saves it as a download
        const a = document.createElement('a')
        a.href = url
        a.download = result.download!.split('/').pop()!
        a.click()
      }
    } catch (err) {
      setRun(err instanceof ApiCallError && err.shape.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', message: err instanceof Error ? err.message : String(err) })
    }
  }

  const set = (table: string, column: string, action: ColumnAction): void => setChoices((c) => ({ ...c, [choiceKey(table, column)]: action }))

  return (
    <Dialog title="Export bundle" open onClose={onClose} wide testId="bundle-dialog">
      <p className="dialog__lead">
        One file with the data (Parquet), the integrity report, this workspace ({plural(plan.data?.annotations ?? 0, 'annotation')}, {plural(plan.data?.policyVersions ?? 0, 'policy version')}, filters and views) and a manifest of SHA-256s. A colleague opens it
        without the CSVs and sees the same numbers. <strong>Everything below leaves this machine</strong> with the file.
      </p>
      {plan.error && <div className="banner banner--bad">{plan.error.message}</div>}
      {plan.data && summary && (
        <>
          <div className="bundle__toolbar">
            <span>
              {formatInt(summary.rows)} rows in {plural(summary.tables, 'table')}, {plural(summary.columns, 'column')}
              {summary.dropped > 0 && `, ${summary.dropped} dropped`}
              {summary.masked > 0 && `, ${summary.masked} masked`}
            </span>
            <span className="bundle__toolbar-actions">
              <button type="button" className="btn btn--xs" onClick={() => setChoices({})} data-testid="bundle-keep-all">
                Keep all text
              </button>
              <button type="button" className="btn btn--xs" onClick={() => setChoices(setAllText(plan.data!, 'mask'))} data-testid="bundle-mask-text">
                Mask all text
              </button>
              <button type="button" className="btn btn--xs" onClick={() => setChoices(setAllText(plan.data!, 'drop'))} data-testid="bundle-drop-text">
                Drop all text
              </button>
            </span>
          </div>
          {summary.clearText.length > 0 ? (
            <div className="banner banner--warn" data-testid="bundle-clear-text">
              Free text leaves in clear: {summary.clearText.join(', ')}. Requests and responses can hold personal data or secrets: mask or drop them unless the recipient may see them.
            </div>
          ) : (
            <div className="banner banner--good">No free-text column leaves in clear.</div>
          )}
          <p className="field-hint">{plan.data.masking.description}</p>
          <div className="bundle__tables" data-testid="bundle-columns">
            {plan.data.tables.map((t) => (
              <details key={t.table} open={t.table === 'interactions'} className="bundle__table">
                <summary>
                  <strong>{t.table}</strong> <span className="muted">{formatInt(t.rows)} rows · {plural(t.columns.length, 'column')}</span>
                </summary>
                <table className="table bundle__columns">
                  <tbody>
                    {t.columns.map((c) => {
                      const action = isLocked(t.table, c.name) ? 'keep' : (choices[choiceKey(t.table, c.name)] ?? 'keep')
                      return (
                        <tr key={c.name} data-testid={`bundle-col-${t.table}-${c.name}`}>
                          <td className="mono">{c.name}</td>
                          <td className="muted">{c.type}</td>
                          <td>{c.text && <Badge tone="warn">free text</Badge>}</td>
                          <td className="bundle__choice">
                            <select className="input input--sm" value={action} disabled={isLocked(t.table, c.name)} onChange={(e) => set(t.table, c.name, e.target.value as ColumnAction)} aria-label={`${t.table}.${c.name}`}>
                              <option value="keep">keep</option>
                              {c.text && <option value="mask">mask</option>}
                              <option value="drop">drop</option>
                            </select>
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
              </details>
            ))}
          </div>
        </>
      )}
      {!canPickFiles && (
        <>
          <label className="field-label" htmlFor="bundle-path">
            Path on the server (leave empty to download)
          </label>
          <input id="bundle-path" className="input mono" style={{ width: '100%' }} value={path} onChange={(e) => setPath(e.target.value)} placeholder={`/home/you/${stem}.twbundle`} data-testid="bundle-path" />
        </>
      )}
      {run.kind === 'running' && (
        <JobProgress title="Writing the bundle" phase={progress?.phase ?? 'starting'} fraction={progress?.fraction ?? null} label="Bundle export progress" onCancel={() => void call('cancelJob', { jobId: run.jobId })} testId="bundle-progress" />
      )}
      {run.kind === 'done' && (
        <div className="banner banner--good" data-testid="bundle-done">
          <div className="banner__body">
            <div>
              {run.result.download ? 'Downloaded' : 'Wrote'} <span className="mono">{run.result.download ? run.result.download.split('/').pop() : run.result.path}</span> · {formatBytes(run.result.bytes)} · SHA-256{' '}
              <span className="mono" title={run.result.sha256}>
                {shortHash(run.result.sha256)}
              </span>
            </div>
            {run.result.download && (
              <a href={downloadUrl(run.result.download) ?? '#'} download data-testid="bundle-download-link">
                Download again
              </a>
            )}
          </div>
        </div>
      )}
      {run.kind === 'failed' && (
        <div className="banner banner--bad" role="alert" data-testid="bundle-error">
          {run.message}
        </div>
      )}
      <div className="dialog__actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button type="button" className="btn btn--primary" disabled={!plan.data || run.kind === 'running'} onClick={() => void start()} data-testid="bundle-export">
          {canPickFiles ? 'Export…' : path.trim() ? 'Export' : 'Export and download'}
        </button>
      </div>
    </Dialog>
  )
}
