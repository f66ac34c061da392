/** The "Export decision artifacts" action: renders every artifact of PIPELINE.md section 10 for a scope in the backend (progress and Cancel under its own job id), then saves the files the one way every page exports. */
import { JobProgress } from './JobProgress'
import { useEffect, useRef, useState, type ReactElement } from 'react'
import type { DriftDateRanges } from '../../../shared/drift'
import type { Scope } from '../../../shared/scope'
import { ApiCallError, call, onEvent } from '../api/client'
import { exportFiles, type ExportFile, type ExportOutcome } from '../api/exportFiles'
import { nextJobId } from '../api/jobIds'
import { plural } from '../lib/format'
import { Badge, type BadgeTone } from './Badge'

/**
 * Pause between browser downloads (web mode): Chromium silently drops some of a burst of a dozen
 * anchor downloads started in one task, so they go one at a time.
 */
export const DOWNLOAD_SPACING_MS = 250

/** Saves the files: the desktop dialog takes them all at once; browser downloads go one by one, spaced. */
async function saveAll(files: ExportFile[], canPickFiles: boolean): Promise<ExportOutcome> {
  if (canPickFiles) return exportFiles(files, true)
  let last: ExportOutcome = { via: 'download' }
  for (let i = 0; i < files.length; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, DOWNLOAD_SPACING_MS))
    last = await exportFiles([files[i]], false)
  }
  return last
}

export type ExportArtifactsState =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: number; phase: string; fraction: number | null; cancelling: boolean }
  | { kind: 'done'; files: number; via: 'dialog' | 'download'; location?: string; status: string; issues: string[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }

/** decision_artifact.json's status as a badge tone. */
export const DECISION_STATUS_TONE: Record<string, BadgeTone> = { ok: 'good', review_required: 'warn', partial: 'warn', blocked: 'bad' }

export interface ExportArtifactsButtonProps {
  scope: Scope
  /** the Drift page's operator-picked ranges, exported as drift_report.csv's third block */
  dateRanges?: DriftDateRanges
  /** true on the desktop (native save dialog); false downloads the files */
  canPickFiles: boolean
  label?: string
  /** keeps only some files (e.g. the triage artifacts); every file by default */
  include?: (fileName: string) => boolean
  disabled?: boolean
  testId?: string
}

export function ExportArtifactsButton({ scope, dateRanges, canPickFiles, label = 'Export decision artifacts', include, disabled, testId = 'export-artifacts' }: ExportArtifactsButtonProps): ReactElement {
  const [state, setState] = useState<ExportArtifactsState>({ kind: 'idle' })
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  const runningJob = state.kind === 'running' ? state.jobId : null
  useEffect(() => {
    if (runningJob === null) return
    return onEvent((e) => {
      if (e.type !== 'progress' || e.progress.jobId !== runningJob) return
      setState((s) => (s.kind === 'running' && s.jobId === runningJob ? { ...s, phase: e.progress.phase, fraction: e.progress.fraction } : s))
    })
  }, [runningJob])

  const start = async (): Promise<void> => {
    const jobId = nextJobId()
    setState({ kind: 'running', jobId, phase: 'starting', fraction: 0, cancelling: false })
    try {
      const r = await call('exportArtifacts', { jobId, scope, ...(dateRanges ? { dateRanges } : {}) })
      const files = include ? r.files.filter((f) => include(f.name)) : r.files
      if (files.length === 0) throw new Error('the backend produced none of the requested files')
      if (mounted.current) setState((st) => (st.kind === 'running' && st.jobId === jobId ? { ...st, phase: `saving ${plural(files.length, 'file')}`, fraction: 1 } : st))
      const out = await saveAll(files, canPickFiles)
      if (!mounted.current) return
      setState(out.via === 'cancelled' ? { kind: 'cancelled' } : { kind: 'done', files: files.length, via: out.via, location: out.location, status: r.status, issues: r.issues })
    } catch (err) {
      if (!mounted.current) return
      if (err instanceof ApiCallError && err.shape.code === 'cancelled') setState({ kind: 'cancelled' })
      else setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) })
    }
  }

  const cancel = (): void => {
    if (state.kind !== 'running' || state.cancelling) return
    setState({ ...state, cancelling: true })
    call('cancelJob', { jobId: state.jobId }).catch(() => undefined)
  }

  return (
    <div className="export-artifacts" data-testid={testId} style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 6 }}>
      <button type="button" className="btn btn--sm" onClick={() => void start()} disabled={disabled || state.kind === 'running'} data-testid={`${testId}-button`}>
        {label}
      </button>
      {state.kind === 'running' && (
        <div style={{ minWidth: 320 }}>
          <JobProgress title="Rendering artifacts" phase={state.phase} fraction={state.fraction} label="Artifact export progress" cancelling={state.cancelling} onCancel={cancel} testId={`${testId}-progress`} phaseTestId={`${testId}-phase`} cancelTestId={`${testId}-cancel`} />
        </div>
      )}
      {state.kind === 'done' && (
        <div className="banner banner--good" role="status" data-testid={`${testId}-done`} style={{ maxWidth: 520 }}>
          <div className="banner__body">
            <div>
              {plural(state.files, 'file')} {state.via === 'dialog' ? `saved${state.location ? ` to ${state.location}` : ''}` : 'downloaded'} · decision status{' '}
              <Badge tone={DECISION_STATUS_TONE[state.status] ?? 'neutral'} testId={`${testId}-status`}>
                {state.status}
              </Badge>
            </div>
            {state.issues.length > 0 && (
              <ul className="banner__details" data-testid={`${testId}-issues`}>
                {state.issues.map((i) => (
                  <li key={i} className="mono">
                    {i}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="btn btn--ghost btn--xs" onClick={() => setState({ kind: 'idle' })}>
            Dismiss
          </button>
        </div>
      )}
      {state.kind === 'cancelled' && (
        <div className="banner banner--neutral" role="status" data-testid={`${testId}-cancelled`}>
          <span>Export cancelled: nothing was saved.</span>
          <button type="button" className="btn btn--ghost btn--xs" onClick={() => setState({ kind: 'idle' })}>
            Dismiss
          </button>
        </div>
      )}
      {state.kind === 'failed' && (
        <div className="banner banner--bad" role="alert" data-testid={`${testId}-error`} style={{ maxWidth: 520 }}>
          <span>Could not export the artifacts: {state.message}</span>
          <button type="button" className="btn btn--ghost btn--xs" onClick={() => setState({ kind: 'idle' })}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  )
}
