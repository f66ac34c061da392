/** The operator's two date ranges for the drift report: four UTC day inputs bounded by the data's days, checked as typed, applied on Compare. */
import { useState, type ReactElement } from 'react'
import type { DriftDateRanges } from '../../../../shared/drift'
import { checkDateRanges, draftFromRanges, type DateDraft, type DateField, type DayBounds } from './driftWindows'

export interface DateRangesFormProps {
  bounds: DayBounds | null
  /** the applied ranges, or the suggestion when none is applied yet */
  initial: DriftDateRanges
  applied: boolean
  busy: boolean
  onApply: (ranges: DriftDateRanges) => void
}

const FIELDS: { side: 'Reference' | 'Current'; from: DateField; to: DateField }[] = [
  { side: 'Reference', from: 'referenceFrom', to: 'referenceTo' },
  { side: 'Current', from: 'currentFrom', to: 'currentTo' }
]

export function DateRangesForm({ bounds, initial, applied, busy, onApply }: DateRangesFormProps): ReactElement {
  const [draft, setDraft] = useState<DateDraft>(() => draftFromRanges(initial))
  const check = checkDateRanges(draft, bounds)
  const changed = JSON.stringify(draftFromRanges(initial)) !== JSON.stringify(draft)
  return (
    <form
      className="date-ranges"
      aria-label="Date ranges to compare"
      data-testid="date-ranges-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (check.ranges) onApply(check.ranges)
      }}
    >
      {FIELDS.map(({ side, from, to }) => (
        <fieldset key={side} className="date-ranges__side">
          <legend className="field-label">{side} days (UTC, inclusive)</legend>
          <div className="date-ranges__inputs">
            {[from, to].map((f, i) => (
              <label key={f} className="date-ranges__field">
                <span className="muted">{i === 0 ? 'from' : 'to'}</span>
                <input
                  type="date"
                  className="input input--sm"
                  value={draft[f]}
                  min={bounds?.min}
                  max={bounds?.max}
                  required
                  aria-invalid={check.errors[f] ? true : undefined}
                  aria-label={`${side} ${i === 0 ? 'from' : 'to'}`}
                  onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
                  data-testid={`range-${f}`}
                />
              </label>
            ))}
          </div>
          {(check.errors[from] || check.errors[to]) && (
            <div className="field-hint bad-text" role="alert">
              {check.errors[from] ? `from: ${check.errors[from]}` : ''}
              {check.errors[from] && check.errors[to] ? ' · ' : ''}
              {check.errors[to] ? `to: ${check.errors[to]}` : ''}
            </div>
          )}
        </fieldset>
      ))}
      <div className="date-ranges__actions">
        <button type="submit" className="btn btn--primary btn--sm" disabled={!check.ranges || busy || (applied && !changed)} data-testid="apply-ranges">
          {applied && !changed ? 'Compared' : 'Compare'}
        </button>
        {bounds && (
          <span className="muted">
            data from {bounds.min} to {bounds.max}
          </span>
        )}
        {check.warnings.map((w) => (
          <span key={w} className="warn-text">
            {w}
          </span>
        ))}
      </div>
    </form>
  )
}
