/** Small status labels: gate results (PASS / FAIL / SKIPPED), severities, and neutral tags such as DEMO DATA. */
import type { ReactElement, ReactNode } from 'react'

export type BadgeTone = 'good' | 'bad' | 'warn' | 'neutral' | 'info' | 'accent'

export interface BadgeProps {
  tone?: BadgeTone
  children: ReactNode
  title?: string
  testId?: string
  /** solid fill for the few badges that must stand out (stop-ship, demo data) */
  solid?: boolean
}

export function Badge({ tone = 'neutral', children, title, testId, solid }: BadgeProps): ReactElement {
  return (
    <span className={`badge badge--${tone}${solid ? ' badge--solid' : ''}`} title={title} data-testid={testId}>
      {children}
    </span>
  )
}
