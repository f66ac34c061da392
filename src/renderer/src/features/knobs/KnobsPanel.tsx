/** The knobs panel: every operator knob grouped with unit and meaning, validated as typed, saved with setKnobs (errors per knob), reset to defaults, derived thresholds read-only. */
import { useEffect, useMemo, useState, type ReactElement } from 'react'
import { DEFAULT_KNOBS, type Knobs } from '../../../../shared/knobs'
import { ApiCallError, call } from '../../api/client'
import { invalidateForKnobs } from '../../api/queryCache'
import { useQuery } from '../../api/useQuery'
import { Dialog } from '../../components/Dialog'
import { ErrorState } from '../../components/ErrorState'
import { LoadingState } from '../../components/LoadingState'
import { formatPercentShort } from '../../lib/format'
import { KNOB_DEFS, KNOB_GROUPS, type KnobDef, type KnobName } from './knobDefs'
import { DEFAULT_DRAFT, changedKnobs, derivedFromDraft, describeChanges, draftFromKnobs, editedKnobs, errorsByKnob, knobPatch, validateDraft, type KnobDraft, type KnobErrors } from './knobForm'
import { KNOBS_SHORTCUT_LABEL } from './knobsShortcut'
import './knobs.css'

export interface KnobsPanelProps {
  open: boolean
  onClose: () => void
}

const NO_ERRORS: KnobErrors = { byKnob: {}, general: [] }
const ON_LOAD = new Set(KNOB_DEFS.filter((d) => d.appliesOnLoad).map((d) => d.name))

export function KnobsPanel({ open, onClose }: KnobsPanelProps): ReactElement | null {
  const stored = useQuery('getKnobs', open ? {} : null)
  return (
    <Dialog title="Knobs" open={open} onClose={onClose} wide testId="knobs-panel">
      {stored.error ? (
        <ErrorState title="Could not read the knobs" error={stored.error} onRetry={stored.refetch} compact />
      ) : !stored.data ? (
        <LoadingState label="Reading the knobs…" compact />
      ) : (
        <KnobsForm stored={stored.data} onClose={onClose} />
      )}
    </Dialog>
  )
}

function KnobsForm({ stored, onClose }: { stored: Knobs; onClose: () => void }): ReactElement {
  // The draft starts from the stored knobs and follows them (another window, a save) until the operator edits it.
  const [baseline, setBaseline] = useState<Knobs>(stored)
  const [draft, setDraft] = useState<KnobDraft>(() => draftFromKnobs(stored))
  const [serverErrors, setServerErrors] = useState<KnobErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  const edited = useMemo(() => editedKnobs(baseline, draft), [baseline, draft])
  useEffect(() => {
    if (edited.length === 0 && changedKnobs(baseline, stored).length > 0) {
      setBaseline(stored)
      setDraft(draftFromKnobs(stored))
    }
  }, [stored, baseline, edited.length])

  const result = useMemo(() => validateDraft(draft), [draft])
  const clientErrors = result.ok ? NO_ERRORS : result.errors
  const derived = derivedFromDraft(draft)
  const atDefaults = editedKnobs(DEFAULT_KNOBS, draft).length === 0

  const setValue = (name: KnobName, text: string): void => {
    setDraft((d) => ({ ...d, [name]: text }))
    setNotice(null)
    if (serverErrors.byKnob[name] || serverErrors.general.length) setServerErrors((e) => ({ byKnob: { ...e.byKnob, [name]: undefined }, general: [] }))
  }

  const apply = async (): Promise<void> => {
    if (!result.ok || saving) return
    const patch = knobPatch(baseline, result.knobs)
    if (Object.keys(patch).length === 0) return
    setSaving(true)
    setServerErrors(NO_ERRORS)
    try {
      const r = await call('setKnobs', { knobs: patch })
      if (r.ok) {
        invalidateForKnobs(r.knobs)
        const onLoad = changedKnobs(baseline, r.knobs).filter((n) => ON_LOAD.has(n))
        setNotice(
          `Applied: ${describeChanges(baseline, r.knobs)}. Every analysis now recomputes with these values.` +
            (onLoad.length ? ` ${onLoad.join(', ')} re-judged the integrity gates and windows of the loaded data (see the Data page).` : '')
        )
        setBaseline(r.knobs)
        setDraft(draftFromKnobs(r.knobs))
      } else {
        setServerErrors(errorsByKnob(r.errors))
      }
    } catch (err) {
      const details = err instanceof ApiCallError ? (err.shape.details ?? []) : []
      const sorted = errorsByKnob(details)
      setServerErrors({ byKnob: sorted.byKnob, general: [err instanceof Error ? err.message : String(err), ...sorted.general] })
    } finally {
      setSaving(false)
    }
  }

  const errorCount = Object.keys(clientErrors.byKnob).length + clientErrors.general.length
  return (
    <form
      className="knobs"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void apply()
      }}
    >
      <p className="dialog__lead muted">
        Knobs apply to every analysis in this session (saved with the workspace, echoed in the decision artifact). After Apply, every number that depends on them is recomputed. Open
        this panel from anywhere with <kbd>{KNOBS_SHORTCUT_LABEL}</kbd>.
      </p>
      <div className="knobs__groups">
        {KNOB_GROUPS.map((g) => (
          <fieldset key={g.id} className="knobs__group" data-testid={`knob-group-${g.id}`}>
            <legend className="knobs__legend">{g.title}</legend>
            {g.knobs.map((def) => (
              <KnobRow
                key={def.name}
                def={def}
                value={draft[def.name]}
                stored={baseline[def.name]}
                error={clientErrors.byKnob[def.name]}
                serverError={serverErrors.byKnob[def.name]}
                onChange={(t) => setValue(def.name, t)}
              />
            ))}
            {g.id === 'slo' && (
              <div className="knobs__derived" data-testid="knobs-derived">
                <div className="knobs__derived-title">Derived (read-only)</div>
                <DerivedRow name="HOTSPOT_FAIL_RATE" formula="max(3 × FAIL_BUDGET, 0.05)" value={derived?.HOTSPOT_FAIL_RATE ?? null} />
                <DerivedRow name="ROUTING_MAX_FAIL_RATE" formula="min(0.20, max(6 × FAIL_BUDGET, FAIL_BUDGET))" value={derived?.ROUTING_MAX_FAIL_RATE ?? null} />
              </div>
            )}
          </fieldset>
        ))}
      </div>
      {(clientErrors.general.length > 0 || serverErrors.general.length > 0) && (
        <ul className="knobs__general" role="alert" data-testid="knobs-general-errors">
          {[...clientErrors.general, ...serverErrors.general].map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <footer className="knobs__footer">
        <span className="knobs__status" role="status" data-testid="knobs-status">
          {notice ? (
            <span className="good-text">{notice}</span>
          ) : errorCount > 0 ? (
            <span className="bad-text">
              {errorCount === 1 ? '1 value needs fixing' : `${errorCount} values need fixing`} before Apply
              {Object.keys(clientErrors.byKnob).length > 0 && `: ${Object.keys(clientErrors.byKnob).join(', ')}`}.
            </span>
          ) : edited.length > 0 ? (
            <span>
              {edited.length === 1 ? '1 change' : `${edited.length} changes`} not applied yet: {edited.join(', ')}
            </span>
          ) : (
            <span className="muted">No changes.</span>
          )}
        </span>
        <button type="button" className="btn" onClick={() => setDraft({ ...DEFAULT_DRAFT })} disabled={atDefaults || saving} data-testid="knobs-reset" title="Fill every input with the defaults of PIPELINE.md section 11 (then Apply)">
          Reset to defaults
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button type="submit" className="btn btn--primary" disabled={!result.ok || edited.length === 0 || saving} data-testid="knobs-apply">
          {saving ? 'Applying…' : 'Apply'}
        </button>
      </footer>
    </form>
  )
}

function KnobRow({
  def,
  value,
  stored,
  error,
  serverError,
  onChange
}: {
  def: KnobDef
  value: string
  stored: number
  error?: string
  serverError?: string
  onChange: (text: string) => void
}): ReactElement {
  const id = `knob-${def.name}`
  const isDefault = DEFAULT_KNOBS[def.name] === stored
  const message = error ?? serverError
  return (
    <div className={`knob${message ? ' knob--invalid' : ''}`} data-testid={`knob-${def.name}`}>
      <label className="knob__name mono" htmlFor={id}>
        {def.name}
      </label>
      <div className="knob__control">
        <input
          id={id}
          className="input input--sm mono knob__input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={message ? true : undefined}
          aria-describedby={`${id}-help${message ? ` ${id}-error` : ''}`}
          data-testid={`knob-input-${def.name}`}
        />
        <span className="knob__unit">{def.unit}</span>
      </div>
      <div className="knob__help" id={`${id}-help`}>
        {def.help}
        {def.appliesOnLoad && <span className="knob__onload"> Shapes the integrity report: changing it re-judges the gates and windows of the loaded data.</span>}
        {!isDefault && <span className="knob__default"> Default {String(DEFAULT_KNOBS[def.name])}.</span>}
      </div>
      {message && (
        <div className="knob__error" id={`${id}-error`} data-testid={`knob-error-${def.name}`}>
          {serverError && !error ? `Rejected by the backend: ${serverError}` : message}
        </div>
      )}
    </div>
  )
}

function DerivedRow({ name, formula, value }: { name: string; formula: string; value: number | null }): ReactElement {
  return (
    <div className="knob knob--derived" data-testid={`knob-derived-${name}`} data-value={value ?? ''}>
      <span className="knob__name mono">{name}</span>
      <output className="knob__value mono">{value === null ? '—' : `${value} (${formatPercentShort(value)})`}</output>
      <div className="knob__help">{formula}</div>
    </div>
  )
}
