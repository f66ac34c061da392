/** The running state of a long job (load, triage, clustering, exports): a title, its phase and percentage, a Cancel button and a progress bar. */
import type { ReactElement, ReactNode } from 'react'
import { ProgressBar } from './ProgressBar'

export interface JobProgressProps {
  /** What is running, e.g. "Running triage"; callers switch it to a cancelling wording themselves when they want one. */
  title: ReactNode
  phase: string
  /** 0..1, or null while the job cannot tell. */
  fraction: number | null
  /** The progress bar's accessible name. */
  label: string
  cancelling?: boolean
  /** Absent: no Cancel button (a job this window did not start). */
  onCancel?: () => void
  detail?: ReactNode
  className?: string
  testId: string
  phaseTestId?: string
  cancelTestId?: string
}

export function JobProgress({ title, phase, fraction, label, cancelling = false, onCancel, detail, className, testId, phaseTestId, cancelTestId }: JobProgressProps): ReactElement {
  const pct = fraction === null ? null : Math.round(fraction * 100)
  return (
    <div className={className ? `load-status ${className}` : 'load-status'} aria-live="polite" data-testid={testId}>
      <div className="load-status__head">
        <span className="spinner" aria-hidden />
        <span className="load-status__title">{title}</span>
        <span className="load-status__phase" data-testid={phaseTestId}>
          {phase}
          {pct !== null && ` · ${pct}%`}
        </span>
        {onCancel && (
          <button type="button" className="btn btn--sm" onClick={onCancel} disabled={cancelling} data-testid={cancelTestId}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      <ProgressBar fraction={fraction} label={label} />
      {detail && <div className="load-status__detail muted">{detail}</div>}
    </div>
  )
}
