/** A two-or-more-way switch for a panel's view (e.g. Chart / Table): buttons in a group, the current one pressed. */
import type { ReactElement } from 'react'

export interface ViewToggleProps<V extends string> {
  value: V
  options: readonly { value: V; label: string }[]
  onChange: (value: V) => void
  /** names the group for screen readers, e.g. "Cost by day view" */
  ariaLabel: string
  testId?: string
}

export function ViewToggle<V extends string>({ value, options, onChange, ariaLabel, testId }: ViewToggleProps<V>): ReactElement {
  return (
    <span role="group" aria-label={ariaLabel} data-testid={testId} style={{ display: 'inline-flex', gap: 2 }}>
      {options.map((o) => (
        <button key={o.value} type="button" className={`btn btn--xs${o.value === value ? ' btn--active' : ' btn--ghost'}`} aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </span>
  )
}
