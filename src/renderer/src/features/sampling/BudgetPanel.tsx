/** The budget and knobs of the sampling policy: a keep share or dollars per month at a storage price, rare-slice minimum, floor rate, boosted days and the hash salt. */
import type { ReactElement, ReactNode } from 'react'
import type { SamplingProjection } from '../../../../shared/sampling'
import { Panel } from '../../components/Panel'
import { ViewToggle } from '../../components/ViewToggle'
import { formatBytes, formatUsd } from '../../lib/format'
import type { BudgetMode, SamplingDraft } from './samplingDraft'

export interface BudgetPanelProps {
  draft: SamplingDraft
  errors: Record<string, string>
  /** the projection of the last policy: the monthly volume it measured */
  projection: SamplingProjection | undefined
  onChange: (draft: SamplingDraft) => void
  onReset: () => void
}

const MODES: readonly { value: BudgetMode; label: string }[] = [
  { value: 'keep_share', label: 'Keep share' },
  { value: 'usd_per_month', label: '$ per month' }
]

function Field({ id, label, unit, hint, error, children }: { id: string; label: string; unit?: string; hint?: ReactNode; error?: string; children: ReactNode }): ReactElement {
  return (
    <div className="sampling-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="sampling-field__input">
        {children}
        {unit && <span className="muted">{unit}</span>}
      </div>
      <div className={`field-hint${error ? ' bad-text' : ''}`} role={error ? 'alert' : undefined} data-testid={error ? `${id}-error` : undefined}>
        {error ?? hint}
      </div>
    </div>
  )
}

export function BudgetPanel({ draft, errors, projection, onChange, onReset }: BudgetPanelProps): ReactElement {
  const set = (patch: Partial<SamplingDraft>): void => onChange({ ...draft, ...patch })
  const input = (id: string, key: keyof SamplingDraft, width = 90, mono = true): ReactElement => (
    <input
      id={id}
      className={`input input--sm${mono ? ' mono' : ''}`}
      style={{ width }}
      value={draft[key] as string}
      aria-invalid={errors[key] ? true : undefined}
      onChange={(e) => set({ [key]: e.target.value } as Partial<SamplingDraft>)}
      data-testid={id}
    />
  )
  const perMonth = projection?.bytes_per_month ?? null
  const fullCost = perMonth !== null && !errors.pricePerGb ? (perMonth / 1e9) * Number(draft.pricePerGb) : null
  return (
    <Panel
      title="Budget"
      subtitle="What the kept telemetry may cost. The policy recomputes as you type."
      actions={
        <button type="button" className="btn btn--xs btn--ghost" onClick={onReset} data-testid="sampling-reset">
          Reset
        </button>
      }
      testId="sampling-budget"
    >
      <div className="sampling-budget">
        <div className="sampling-budget__mode">
          <ViewToggle value={draft.mode} options={MODES} onChange={(mode) => set({ mode })} ariaLabel="Budget as" testId="sampling-budget-mode" />
        </div>
        {draft.mode === 'keep_share' ? (
          <Field id="sampling-keep-share" label="Keep share" unit="% of rows" error={errors.keepPct} hint="expected share of rows kept">
            {input('sampling-keep-share', 'keepPct')}
          </Field>
        ) : (
          <Field
            id="sampling-usd"
            label="Budget"
            unit="$ / month"
            error={errors.usdPerMonth}
            hint={fullCost !== null ? `keeping everything costs ${formatUsd(fullCost)} / month (${formatBytes(perMonth)} a month)` : 'storage cost of the kept rows per month'}
          >
            {input('sampling-usd', 'usdPerMonth')}
          </Field>
        )}
        <Field id="sampling-price" label="Storage price" unit="$ per GB-month" error={errors.pricePerGb} hint="what a GB of telemetry costs to keep for a month">
          {input('sampling-price', 'pricePerGb')}
        </Field>
        <Field id="sampling-min-kept" label="Rare slices keep at least" unit="rows / day" error={errors.minKept} hint="per model x use case x UTC day (expected)">
          {input('sampling-min-kept', 'minKept')}
        </Field>
        <Field id="sampling-min-rate" label="Floor rate" unit="%" error={errors.minRatePct} hint="no row of the default rule is kept at less">
          {input('sampling-min-rate', 'minRatePct')}
        </Field>
        <Field id="sampling-boost-days" label="More boosted days" error={errors.boostDays} hint="YYYY-MM-DD; the anomaly detector's days are boosted already (the Anomaly days rule)">
          {input('sampling-boost-days', 'boostDays', 220)}
        </Field>
        <Field id="sampling-salt" label="Hash salt" hint="another salt draws another sample of the same rates">
          {input('sampling-salt', 'salt', 140)}
        </Field>
      </div>
    </Panel>
  )
}
