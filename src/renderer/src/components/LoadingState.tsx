/** A quiet loading indicator for a panel whose data is on its way. */
import type { ReactElement } from 'react'

export function LoadingState({ label = 'Loading…', compact }: { label?: string; compact?: boolean }): ReactElement {
  return (
    <div className={`state state--loading${compact ? ' state--compact' : ''}`} role="status" aria-live="polite">
      <span className="spinner" aria-hidden />
      <span>{label}</span>
    </div>
  )
}
