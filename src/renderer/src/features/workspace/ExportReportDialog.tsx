/** Export Report: renders the self-contained HTML report for the current filters (progress), then saves it (desktop dialog) or downloads it; web mode can also write it to a server path. */
import { JobProgress } from '../../components/JobProgress'
import { useState, type ReactElement } from 'react'
import type { Scope } from '../../../../shared/scope'
import { ApiCallError, call } from '../../api/client'
import { exportFiles } from '../../api/exportFiles'
import { nextJobId } from '../../api/jobIds'
import { Dialog } from '../../components/Dialog'
import { formatBytes } from '../../lib/format'
import { isEmptyScope } from '../../../../shared/scope'
import { useJobProgress } from './useJobProgress'

type Run = { kind: 'idle' } | { kind: 'running'; jobId: number } | { kind: 'done'; text: string } | { kind: 'failed'; message: string }

export function ExportReportDialog({ scope, canPickFiles, onClose }: { scope: Scope; canPickFiles: boolean; onClose: () => void }): ReactElement {
  const [path, setPath] = useState('')
  const [run, setRun] = useState<Run>({ kind: 'idle' })
  const progress = useJobProgress(run.kind === 'running' ? run.jobId : null)

  const start = async (): Promise<void> => {
    const jobId = nextJobId()
    setRun({ kind: 'running', jobId })
    try {
      const target = !canPickFiles && path.trim() ? path.trim() : undefined
      const r = await call('exportReport', { jobId, scope, ...(target ? { path: target } : {}) })
      if (r.path) {
        setRun({ kind: 'done', text: `Wrote ${r.path} (${formatBytes(r.content.length)})` })
        return
      }
      const out = await exportFiles([{ name: r.name, content: r.content, mime: 'text/html;charset=utf-8' }], canPickFiles)
      setRun(out.via === 'cancelled' ? { kind: 'idle' } : { kind: 'done', text: out.via === 'dialog' ? `Saved ${out.location ?? r.name}` : `Downloaded ${r.name} (${formatBytes(r.content.length)})` })
    } catch (err) {
      setRun(err instanceof ApiCallError && err.shape.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', message: err instanceof Error ? err.message : String(err) })
    }
  }

  return (
    <Dialog title="Export report" open onClose={onClose} testId="report-dialog">
      <p className="dialog__lead">
        One HTML file anyone can open in a browser, with no network: KPIs and incidents, hotspots, the routing policy and verdict, drift, the triage threshold and queue, failure clusters when computed, the integrity gates, knobs and input
        file hashes. Charts are inline; it prints cleanly to PDF. Computed for {isEmptyScope(scope) ? 'all interactions' : 'the current filters'}.
      </p>
      {!canPickFiles && (
        <>
          <label className="field-label" htmlFor="report-path">
            Path on the server (leave empty to download)
          </label>
          <input id="report-path" className="input mono" style={{ width: '100%' }} value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/you/report.html" data-testid="report-path" />
        </>
      )}
      {run.kind === 'running' && (
        <JobProgress title="Rendering the report" phase={progress?.phase ?? 'starting'} fraction={progress?.fraction ?? null} label="Report export progress" onCancel={() => void call('cancelJob', { jobId: run.jobId })} testId="report-progress" />
      )}
      {run.kind === 'done' && (
        <div className="banner banner--good" data-testid="report-done">
          {run.text}
        </div>
      )}
      {run.kind === 'failed' && (
        <div className="banner banner--bad" role="alert">
          {run.message}
        </div>
      )}
      <div className="dialog__actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button type="button" className="btn btn--primary" disabled={run.kind === 'running'} onClick={() => void start()} data-testid="report-export">
          {canPickFiles ? 'Export…' : path.trim() ? 'Export' : 'Export and download'}
        </button>
      </div>
    </Dialog>
  )
}
