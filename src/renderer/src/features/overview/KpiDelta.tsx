/** The change of one KPI against the previous period: an arrow, the signed change with its unit, coloured by whether the move is good or bad. */
import type { ReactElement } from 'react'
import type { KpiDeltaSpec } from './healthDeltas'

const ARROWS: Record<KpiDeltaSpec['direction'], string> = { up: '▲', down: '▼', flat: '■' }
const WORDS: Record<KpiDeltaSpec['direction'], string> = { up: 'up', down: 'down', flat: 'unchanged' }

export function KpiDelta({ spec, testId }: { spec: KpiDeltaSpec | undefined; testId?: string }): ReactElement | null {
  if (!spec) return null
  return (
    <div className={`kpi-delta kpi-delta--${spec.tone}`} title={spec.title} data-testid={testId} data-value={String(spec.raw)} data-direction={spec.direction}>
      <span className="kpi-delta__arrow" aria-hidden>
        {ARROWS[spec.direction]}
      </span>
      <span>{spec.text}</span>
      <span className="sr-only">
        {' '}
        ({WORDS[spec.direction]} vs the previous period; {spec.title})
      </span>
    </div>
  )
}
