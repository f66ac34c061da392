/** The state of the current or last dataset load: phase and progress with Cancel, or how it ended (an error keeps the previous dataset). */
import { JobProgress } from '../../components/JobProgress'
import type { ReactElement } from 'react'
import { Icon } from '../../components/Icon'
import { formatDuration, formatInt } from '../../lib/format'
import type { LoadJob, LoadOutcome } from '../../app/workbenchState'
import type { DatasetSummary } from '../../../../shared/types'

export interface LoadStatusProps {
  job: LoadJob | null
  outcome: LoadOutcome | null
  dataset: DatasetSummary | null
  onCancel: () => void
  onDismiss: () => void
}

export function LoadStatus({ job, outcome, dataset, onCancel, onDismiss }: LoadStatusProps): ReactElement | null {
  if (job) {
    return (
      <JobProgress
        className="load-status--running"
        title={
          <>
            {job.cancelling ? 'Cancelling' : 'Loading'} <span className="mono">{job.external ? 'data requested at start-up' : job.target}</span>
          </>
        }
        phase={job.phase}
        fraction={job.fraction}
        label="Load progress"
        cancelling={job.cancelling}
        onCancel={job.external ? undefined : onCancel}
        detail={job.detail}
        testId="load-progress"
        phaseTestId="load-phase"
        cancelTestId="cancel-load"
      />
    )
  }
  if (!outcome) return null
  if (outcome.kind === 'failed') {
    const details = outcome.error.details ?? []
    return (
      <div className="banner banner--bad load-error" role="alert" data-testid="load-error">
        <Icon name="alert" />
        <div className="banner__body">
          <div className="banner__title">
            Could not load <span className="mono">{outcome.target}</span>
          </div>
          <div data-testid="load-error-message">{outcome.error.message}</div>
          {details.length > 0 && (
            <ul className="banner__details" data-testid="load-error-details">
              {details.map((d, i) => (
                <li key={i} className="mono">
                  {d}
                </li>
              ))}
            </ul>
          )}
          <div className="banner__note">
            {dataset ? (
              <>
                The previous dataset, <strong>{dataset.label}</strong>, is still loaded and everything below refers to it.
              </>
            ) : (
              'No dataset is loaded.'
            )}
          </div>
        </div>
        <button type="button" className="btn btn--ghost btn--xs" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    )
  }
  if (outcome.kind === 'cancelled') {
    return (
      <div className="banner banner--neutral" role="status" data-testid="load-cancelled">
        <span>
          Loading <span className="mono">{outcome.target}</span> was cancelled.{dataset ? ` ${dataset.label} is still loaded.` : ''}
        </span>
        <button type="button" className="btn btn--ghost btn--xs" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    )
  }
  return (
    <div className="banner banner--good" role="status" data-testid="load-success">
      <Icon name="check" />
      <span>
        Loaded <strong>{outcome.label}</strong>: {formatInt(outcome.interactions)} interactions in {formatDuration(outcome.loadMs)}.
      </span>
      <button type="button" className="btn btn--ghost btn--xs" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
