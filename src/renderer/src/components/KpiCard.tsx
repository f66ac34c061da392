/** One headline number with its label, unit-aware formatted value, an explanation on hover and a quiet secondary line. */
import type { ReactElement, ReactNode } from 'react'

export type KpiTone = 'good' | 'warn' | 'bad' | 'neutral'

export interface KpiCardProps {
  label: string
  /** the formatted value, e.g. "5.83%" */
  value: string
  /** the unformatted value, exposed as data-value so tests and tools can read the exact number */
  raw: number | null
  /** a short line under the value: what the number counts, a threshold */
  sub?: ReactNode
  /** how the number is defined (shown on hover and to screen readers) */
  definition?: string
  tone?: KpiTone
  /** true while a newer value is loading (the old value stays, dimmed) */
  stale?: boolean
  emphasis?: boolean
  testId?: string
}

export function KpiCard({ label, value, raw, sub, definition, tone = 'neutral', stale, emphasis, testId }: KpiCardProps): ReactElement {
  return (
    <div
      className={`kpi kpi--${tone}${stale ? ' kpi--stale' : ''}${emphasis ? ' kpi--emphasis' : ''}`}
      data-testid={testId}
      data-value={raw === null ? '' : String(raw)}
      title={definition}
      aria-busy={stale || undefined}
    >
      <div className="kpi__label">{label}</div>
      <div className="kpi__value" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </div>
      {sub && <div className="kpi__sub">{sub}</div>}
      {definition && <span className="sr-only">{definition}</span>}
    </div>
  )
}
