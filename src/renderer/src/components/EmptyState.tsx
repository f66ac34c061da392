/** The message a panel shows when it has nothing to show, saying what to do next. */
import type { ReactElement, ReactNode } from 'react'

export interface EmptyStateProps {
  title: string
  children?: ReactNode
  /** a button or link that fixes the emptiness */
  action?: ReactNode
  compact?: boolean
  testId?: string
}

export function EmptyState({ title, children, action, compact, testId }: EmptyStateProps): ReactElement {
  return (
    <div className={`state state--empty${compact ? ' state--compact' : ''}`} data-testid={testId}>
      <div className="state__title">{title}</div>
      {children && <div className="state__body">{children}</div>}
      {action && <div className="state__action">{action}</div>}
    </div>
  )
}
