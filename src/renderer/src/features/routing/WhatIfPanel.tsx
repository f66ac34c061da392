/** The routing what-if controls: SLA_MS, the two business costs and FAIL_BUDGET (with the max fail rate it sets), validated as typed, never saved. */
import type { ReactElement } from 'react'
import type { Knobs } from '../../../../shared/knobs'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { formatPercentShort } from '../../lib/format'
import { maxFailRateFor, maxFailRateNote, WHAT_IF_KNOBS, WHAT_IF_SPECS, type WhatIfDraft, type WhatIfParse } from './whatIfKnobs'

export interface WhatIfPanelProps {
  saved: Knobs
  draft: WhatIfDraft
  parsed: WhatIfParse
  /** true while the draft differs from the saved knobs */
  active: boolean
  /** true while the what-if result is being computed */
  computing: boolean
  onChange: (draft: WhatIfDraft) => void
  onReset: () => void
}

export function WhatIfPanel({ saved, draft, parsed, active, computing, onChange, onReset }: WhatIfPanelProps): ReactElement {
  return (
    <Panel
      title="What-if"
      subtitle="Try other knobs: the policy and backtest recompute as you type. Nothing is saved."
      actions={
        active ? (
          <Badge tone="warn" solid testId="what-if-marker">
            what-if (not saved)
          </Badge>
        ) : (
          <Badge tone="neutral">saved knobs</Badge>
        )
      }
      testId="what-if"
      className="what-if"
    >
      <div className="what-if__grid">
        {WHAT_IF_KNOBS.map((k) => {
          const spec = WHAT_IF_SPECS[k]
          const error = parsed.errors[k]
          const changed = !error && parsed.values[k] !== null && parsed.values[k] !== saved[k]
          const id = `what-if-${k}`
          const failNote = k === 'FAIL_BUDGET' ? maxFailRateNote(parsed.values.FAIL_BUDGET) : null
          return (
            <div key={k} className={`what-if__field${changed ? ' what-if__field--changed' : ''}`}>
              <label className="field-label" htmlFor={id}>
                <code>{spec.label}</code>
                {failNote && (
                  <span className="what-if__derived" data-testid="what-if-max-fail">
                    {' '}
                    ({failNote})
                  </span>
                )}
              </label>
              <div className="what-if__input">
                <input
                  id={id}
                  className="input input--sm mono"
                  type="number"
                  inputMode="decimal"
                  step={spec.step}
                  min={spec.min}
                  value={draft[k]}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-hint`}
                  onChange={(e) => onChange({ ...draft, [k]: e.target.value })}
                  data-testid={id}
                />
                <span className="muted what-if__unit">{spec.unit}</span>
              </div>
              <div className={`field-hint${error ? ' bad-text' : ''}`} id={`${id}-hint`} role={error ? 'alert' : undefined}>
                {error ??
                  (changed ? (
                    <>
                      saved: <span className="mono">{saved[k]}</span>
                      {k === 'FAIL_BUDGET' && ` (max fail rate ${formatPercentShort(maxFailRateFor(saved.FAIL_BUDGET))})`}
                    </>
                  ) : (
                    spec.help
                  ))}
              </div>
            </div>
          )
        })}
      </div>
      <div className="what-if__foot">
        <span className="muted" aria-live="polite">
          {computing ? 'Recomputing the policy…' : active ? 'Showing the what-if policy; the diff compares it with the saved knobs.' : 'Showing the policy of the saved knobs.'}
        </span>
        <button type="button" className="btn btn--sm" onClick={onReset} disabled={!active && Object.keys(parsed.errors).length === 0} data-testid="what-if-reset">
          Reset to saved
        </button>
      </div>
    </Panel>
  )
}
