/** A titled card that groups one part of a page, with optional actions on the right of its header. */
import type { ReactElement, ReactNode } from 'react'

export interface PanelProps {
  title: ReactNode
  /** a short line under the title: what the numbers are */
  subtitle?: ReactNode
  actions?: ReactNode
  children: ReactNode
  testId?: string
  className?: string
  /** no inner padding (tables that run to the edges) */
  flush?: boolean
  id?: string
}

export function Panel({ title, subtitle, actions, children, testId, className, flush, id }: PanelProps): ReactElement {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId} aria-labelledby={id ? `${id}-title` : undefined} id={id}>
      <header className="panel__header">
        <div className="panel__titles">
          <h2 className="panel__title" id={id ? `${id}-title` : undefined}>
            {title}
          </h2>
          {subtitle && <div className="panel__subtitle">{subtitle}</div>}
        </div>
        {actions && <div className="panel__actions">{actions}</div>}
      </header>
      <div className={`panel__body${flush ? ' panel__body--flush' : ''}`}>{children}</div>
    </section>
  )
}
