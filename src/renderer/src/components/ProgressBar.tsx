/** A determinate or indeterminate progress bar with an accessible value. */
import type { ReactElement } from 'react'

export interface ProgressBarProps {
  /** 0..1, or null when indeterminate */
  fraction: number | null
  label: string
  testId?: string
}

export function ProgressBar({ fraction, label, testId }: ProgressBarProps): ReactElement {
  const pct = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 100)
  return (
    <div
      className={`progress${pct === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      data-testid={testId}
    >
      <div className="progress__fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  )
}
