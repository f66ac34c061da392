/** The rule table of the sampling policy: the built-in keep rules (failures first, locked), the operator's rules with editable rates (add, reorder, remove), the default rule's solved rate, and what each keeps. */
import { useState, type ReactElement } from 'react'
import type { SamplingRuleRow, SamplingStage } from '../../../../shared/sampling'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatNumber, formatPercent } from '../../lib/format'
import { addRule, fieldKind, moveRule, removeRule, RULE_FIELD_GROUPS, updateRule, type RuleDraft, type SamplingDraft } from './samplingDraft'

export interface RulesPanelProps {
  draft: SamplingDraft
  errors: Record<string, string>
  /** the rule rows of the last computed policy (may lag the draft while it recomputes) */
  rules: SamplingRuleRow[] | undefined
  /** the solver's stage of that policy: outside `feasible` the flagged days get no boost at all */
  stage: SamplingStage | undefined
  stale: boolean
  onChange: (draft: SamplingDraft) => void
}

/** A rate as shown: one value, or the mean with the range the default rule spans over strata. */
function rateText(r: SamplingRuleRow): ReactElement {
  if (r.rows === 0 || r.rate_min === r.rate_max) return <>{formatPercent(r.rate)}</>
  return (
    <>
      {formatPercent(r.rate)}
      <div className="field-hint nowrap" title="rates differ by model x use case x day: rare slices and boosted days keep more">
        {formatPercent(r.rate_min)}–{formatPercent(r.rate_max)}
      </div>
    </>
  )
}

function Counts({ r }: { r: SamplingRuleRow | undefined }): ReactElement {
  if (!r) return <td colSpan={4} className="muted">computing…</td>
  return (
    <>
      <td className="num" data-value={r.rate} title={r.kind === 'keep' && r.rate < r.configured_rate ? 'lowered: the keep rules alone exceed the budget' : undefined}>
        <span className={r.kind === 'keep' && r.rate < 1 ? 'warn-text' : undefined}>{rateText(r)}</span>
      </td>
      <td className="num">{formatInt(r.rows)}</td>
      <td className="num" data-value={r.expected_kept_rows}>
        {formatNumber(r.expected_kept_rows, 1)}
      </td>
      <td className="num">{formatInt(r.sampled_rows)}</td>
    </>
  )
}

/** Rows, expected kept rows and rows kept by the hash of a rule whose rate is edited in its own cell. */
function KeptCells({ r }: { r: SamplingRuleRow | undefined }): ReactElement {
  if (!r) return <td colSpan={3} className="muted">computing…</td>
  return (
    <>
      <td className="num">{formatInt(r.rows)}</td>
      <td className="num">{formatNumber(r.expected_kept_rows, 1)}</td>
      <td className="num">{formatInt(r.sampled_rows)}</td>
    </>
  )
}

/** What the boost rule covers, in words: the flagged days and slices (the first few), and the detector's trouble if any. */
function boostCoverage(r: SamplingRuleRow | undefined, draft: SamplingDraft): string {
  const info = r?.boost
  if (!info) return draft.boostFromAnomalies ? 'the days (and slices) the anomaly detector flags' : 'the days named in the budget panel'
  const shown = info.targets.slice(0, 4).map((t) => (t.dimension === 'all' ? t.date : `${t.date} ${t.value}`))
  const more = info.targets.length > shown.length ? ` and ${info.targets.length - shown.length} more` : ''
  const what = info.targets.length ? `${shown.join(', ')}${more}` : info.from_anomalies ? 'no day flagged in scope' : 'no day named'
  return `${info.days} day(s): ${what}${info.detector_error ? ` (anomaly detector: ${info.detector_error})` : ''}`
}

/** The boost rule: on/off, its factor, what it covers, and what it keeps. */
function BoostRow({ draft, errors, r, n, stage, onChange }: { draft: SamplingDraft; errors: Record<string, string>; r: SamplingRuleRow | undefined; n: number; stage: SamplingStage | undefined; onChange: (d: SamplingDraft) => void }): ReactElement {
  const notHonoured = r?.boost && r.boost.enabled && r.rows > 0 && !r.boost.honoured
  return (
    <tr data-testid="sampling-rule-anomaly_boost" className={draft.boostEnabled ? undefined : 'muted'}>
      <td className="muted">{n}</td>
      <th scope="row">
        <label className="nowrap">
          <input
            type="checkbox"
            checked={draft.boostEnabled}
            onChange={(e) => onChange({ ...draft, boostEnabled: e.target.checked })}
            aria-label="Boost the anomaly days"
            data-testid="sampling-boost-enabled"
          />{' '}
          Anomaly days
        </label>{' '}
        <Badge tone={draft.boostEnabled ? 'accent' : 'neutral'} title="rows the default rule would take, on flagged days, kept at factor x the default rate (within the budget)">
          {draft.boostEnabled ? 'boost' : 'off'}
        </Badge>
      </th>
      <td>
        <label className="nowrap">
          <input
            type="checkbox"
            checked={draft.boostFromAnomalies}
            onChange={(e) => onChange({ ...draft, boostFromAnomalies: e.target.checked })}
            aria-label="Use the anomaly detector's days"
            data-testid="sampling-boost-from-anomalies"
          />{' '}
          <span className="muted">from the anomaly detector</span>
        </label>
        <div className="field-hint" data-testid="sampling-boost-coverage">
          {boostCoverage(r, draft)}
        </div>
        {notHonoured && (
          <div className="field-hint warn-text" role="status">
            the boost at the floor rate needs {formatPercent(r!.boost!.min_share_with_boost)}: more than the budget, so{' '}
            {stage === 'feasible' ? `the flagged days get less than x${r!.boost!.factor}` : 'the flagged days are not boosted (sampled as on any other day)'}
          </div>
        )}
      </td>
      <td className="num">
        ×{' '}
        <input
          className="input input--sm mono"
          style={{ width: 52, textAlign: 'right' }}
          value={draft.boostFactor}
          aria-label="Boost factor (times the default rate)"
          onChange={(e) => onChange({ ...draft, boostFactor: e.target.value })}
          disabled={!draft.boostEnabled}
          data-testid="sampling-boost-factor"
        />
        {errors.boostFactor && (
          <div className="field-hint bad-text" role="alert">
            {errors.boostFactor}
          </div>
        )}
        {r && r.rows > 0 && <div className="field-hint">{rateText(r)}</div>}
      </td>
      <KeptCells r={r} />
      <td />
    </tr>
  )
}

function AddRuleForm({ onAdd }: { onAdd: (rule: Omit<RuleDraft, 'id'>) => void }): ReactElement {
  const [field, setField] = useState('use_case')
  const [value, setValue] = useState('')
  const [ratePct, setRatePct] = useState('100')
  const kind = fieldKind(field)
  return (
    <form
      className="sampling-add"
      onSubmit={(e) => {
        e.preventDefault()
        onAdd({ field, value, ratePct })
        setValue('')
      }}
      data-testid="sampling-add-rule"
    >
      <span className="strong">Add a rule:</span>
      <select className="input input--sm" value={field} onChange={(e) => setField(e.target.value)} aria-label="Column" data-testid="sampling-add-field">
        {RULE_FIELD_GROUPS.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <span className="muted">{kind === 'categorical' ? 'is one of' : kind === 'flag' ? 'is true' : 'is above'}</span>
      {kind !== 'flag' && (
        <input
          className="input input--sm mono"
          style={{ width: 180 }}
          value={value}
          placeholder={kind === 'categorical' ? 'value, value, …' : 'number'}
          onChange={(e) => setValue(e.target.value)}
          aria-label="Value"
          data-testid="sampling-add-value"
        />
      )}
      <span className="muted">keep</span>
      <input className="input input--sm mono" style={{ width: 64 }} value={ratePct} onChange={(e) => setRatePct(e.target.value)} aria-label="Rate in percent" data-testid="sampling-add-rate" />
      <span className="muted">%</span>
      <button type="submit" className="btn btn--sm" data-testid="sampling-add-submit">
        Add rule
      </button>
    </form>
  )
}

export function RulesPanel({ draft, errors, rules, stage, stale, onChange }: RulesPanelProps): ReactElement {
  const byId = new Map((rules ?? []).map((r) => [r.id, r]))
  const builtins = (rules ?? []).filter((r) => r.kind === 'keep')
  const def = rules?.find((r) => r.kind === 'default')
  const boost = rules?.find((r) => r.kind === 'boost')
  return (
    <Panel
      title="Rules"
      subtitle="Evaluated top to bottom; the first rule a row matches sets its rate. Failures come first and are always kept."
      className={stale ? 'is-stale' : undefined}
      testId="sampling-rules"
      flush
    >
      <div className="table-wrap">
        <table className="table sampling-rules" aria-label="Sampling rules">
          <TableHead
            columns={[
              { label: '#' },
              { label: 'Rule' },
              { label: 'Condition' },
              { label: 'Rate', num: true, title: 'the share of its rows a rule keeps' },
              { label: 'Rows', num: true, title: 'rows in scope this rule is the first to match' },
              { label: 'Kept (expected)', num: true },
              { label: 'Kept (hash)', num: true, title: 'rows the hash of interaction_id keeps' },
              { label: '' }
            ]}
          />
          <tbody>
            {builtins.map((r, i) => (
              <tr key={r.id} data-testid={`sampling-rule-${r.id}`}>
                <td className="muted">{i + 1}</td>
                <th scope="row">
                  {r.name}{' '}
                  <Badge tone={r.locked ? 'good' : 'neutral'} title={r.locked ? 'always kept at rate 1, whatever the budget' : 'kept at rate 1 unless the keep rules alone exceed the budget'}>
                    {r.locked ? 'always' : 'keep'}
                  </Badge>
                </th>
                <td className="mono">{r.condition}</td>
                <Counts r={r} />
                <td />
              </tr>
            ))}
            {draft.rules.map((d, k) => {
              const r = byId.get(d.id)
              const error = errors[`rule:${d.id}`]
              const kind = fieldKind(d.field)
              return (
                <tr key={d.id} data-testid={`sampling-rule-${d.id}`} className={error ? 'table__row--bad' : undefined}>
                  <td className="muted">{builtins.length + k + 1}</td>
                  <th scope="row">
                    {d.id}{' '}
                    <Badge tone="accent" title="your rule">
                      rule
                    </Badge>
                  </th>
                  <td>
                    <span className="mono">
                      {d.field} {kind === 'categorical' ? 'in' : kind === 'flag' ? 'is true' : '>'}{' '}
                    </span>
                    {kind !== 'flag' && (
                      <input
                        className="input input--sm mono"
                        style={{ width: 150 }}
                        value={d.value}
                        aria-label={`Values of rule ${d.id}`}
                        onChange={(e) => onChange(updateRule(draft, d.id, { value: e.target.value }))}
                        data-testid={`sampling-rule-${d.id}-value`}
                      />
                    )}
                    {error && (
                      <div className="field-hint bad-text" role="alert">
                        {error}
                      </div>
                    )}
                  </td>
                  <td className="num">
                    <input
                      className="input input--sm mono"
                      style={{ width: 64, textAlign: 'right' }}
                      value={d.ratePct}
                      aria-label={`Rate of rule ${d.id} in percent`}
                      onChange={(e) => onChange(updateRule(draft, d.id, { ratePct: e.target.value }))}
                      data-testid={`sampling-rule-${d.id}-rate`}
                    />{' '}
                    %{r && r.rate !== r.configured_rate && <div className="field-hint warn-text">applied {formatPercent(r.rate)}</div>}
                  </td>
                  <KeptCells r={r} />
                  <td className="nowrap">
                    <button type="button" className="btn btn--xs btn--ghost" onClick={() => onChange(moveRule(draft, d.id, -1))} disabled={k === 0} aria-label={`Move rule ${d.id} up`}>
                      ↑
                    </button>
                    <button type="button" className="btn btn--xs btn--ghost" onClick={() => onChange(moveRule(draft, d.id, 1))} disabled={k === draft.rules.length - 1} aria-label={`Move rule ${d.id} down`}>
                      ↓
                    </button>
                    <button
                      type="button"
                      className="btn btn--xs btn--ghost"
                      onClick={() => onChange(removeRule(draft, d.id))}
                      aria-label={`Remove rule ${d.id}`}
                      title="Remove this rule"
                      data-testid={`sampling-rule-${d.id}-remove`}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              )
            })}
            <BoostRow draft={draft} errors={errors} r={boost} n={builtins.length + draft.rules.length + 1} stage={stage} onChange={onChange} />
            {def && (
              <tr data-testid="sampling-rule-default">
                <td className="muted">{builtins.length + draft.rules.length + 2}</td>
                <th scope="row">
                  {def.name}{' '}
                  <Badge tone="neutral" title="the rate that meets the budget, raised in rare slices and on boosted days">
                    auto
                  </Badge>
                </th>
                <td className="muted">{def.condition}</td>
                <Counts r={def} />
                <td />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <AddRuleForm onAdd={(rule) => onChange(addRule(draft, rule))} />
    </Panel>
  )
}
