/** An error confined to one panel: the backend's message, its details, and a retry, while the rest of the page stays usable. */
import type { ReactElement } from 'react'
import { ApiCallError } from '../api/client'

export interface ErrorStateProps {
  title: string
  error: Error
  onRetry?: () => void
  compact?: boolean
  testId?: string
}

export function ErrorState({ title, error, onRetry, compact, testId }: ErrorStateProps): ReactElement {
  const details = error instanceof ApiCallError ? (error.shape.details ?? []) : []
  return (
    <div className={`state state--error${compact ? ' state--compact' : ''}`} role="alert" data-testid={testId}>
      <div className="state__title">{title}</div>
      <div className="state__body">{error.message}</div>
      {details.length > 0 && (
        <ul className="state__details">
          {details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <div className="state__action">
          <button type="button" className="btn btn--sm" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </div>
  )
}
