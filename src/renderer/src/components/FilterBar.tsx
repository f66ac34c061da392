/** The global filter bar: a UTC date range and one multi-select per dimension, with every active restriction shown as a removable chip. */
import type { ReactElement, ReactNode } from 'react'
import type { Scope, ScopeDimension } from '../../../shared/scope'
import { SCOPE_DIMENSIONS } from '../../../shared/scope'
import { DIMENSION_LABELS, FILTER_BAR_DIMENSIONS, valueLabel } from '../lib/dimensions'
import { normaliseScope, removeValue, setAnnotationFilter, setDateRange, setDimension } from '../lib/scopeUrl'
import { ANNOTATION_FILTER_LABEL, ANNOTATION_FILTER_VALUES, type AnnotationFilterValue } from '../../../shared/annotations'
import { MultiSelect, type FilterOption } from './MultiSelect'

export interface FilterBarProps {
  scope: Scope
  onChange: (scope: Scope) => void
  /** the option source: values of one dimension under a scope (the caller passes it the scope without that dimension) */
  loadOptions: (dimension: ScopeDimension, scope: Scope) => Promise<FilterOption[]>
  dimensions?: readonly ScopeDimension[]
  /** first and last UTC day with data, to bound the date pickers */
  dateBounds?: { min?: string; max?: string }
  /** how a value of a dimension reads in its chip when not the value itself (a cluster's label) */
  valueText?: (dim: ScopeDimension, value: string | null) => string | undefined
  /** per dimension, what its list says when it has no value at all */
  emptyNotes?: Partial<Record<ScopeDimension, string>>
  /** controls placed at the end of the bar (e.g. the Compare menu) */
  extra?: ReactNode
}

interface Chip {
  key: string
  label: string
  remove: (s: Scope) => Scope
}

/** Every restriction in a scope as a chip, in a stable order (dates, then dimensions, then text and failure). */
export function scopeChips(scope: Scope, valueText?: FilterBarProps['valueText']): Chip[] {
  const chips: Chip[] = []
  if (scope.from || scope.to) {
    chips.push({
      key: 'dates',
      label: `${scope.from ?? '…'} → ${scope.to ?? '…'} UTC`,
      remove: (s) => setDateRange(s, undefined, undefined)
    })
  }
  for (const dim of SCOPE_DIMENSIONS) {
    for (const v of scope.filters?.[dim] ?? []) {
      chips.push({ key: `${dim}:${v ?? '\u0000'}`, label: `${DIMENSION_LABELS[dim]}: ${valueText?.(dim, v) ?? valueLabel(v)}`, remove: (s) => removeValue(s, dim, v) })
    }
  }
  if (scope.text) chips.push({ key: 'text', label: `Text contains “${scope.text}”`, remove: (s) => normaliseScope({ ...s, text: undefined }) })
  if (scope.is_failure !== undefined) {
    chips.push({ key: 'failed', label: scope.is_failure ? 'Failed requests only' : 'Successful requests only', remove: (s) => normaliseScope({ ...s, is_failure: undefined }) })
  }
  if (scope.window) {
    chips.push({ key: 'window', label: `Window: ${scope.window} rows only`, remove: (s) => normaliseScope({ ...s, window: undefined }) })
  }
  for (const v of scope.annotation ?? []) {
    chips.push({ key: `review:${v}`, label: `Review: ${ANNOTATION_FILTER_LABEL[v]}`, remove: (s) => setAnnotationFilter(s, (s.annotation ?? []).filter((x) => x !== v)) })
  }
  if (scope.pii) {
    const what = [scope.pii.types?.join(' or '), scope.pii.fields?.length ? `in ${scope.pii.fields.join(' or ')}` : ''].filter(Boolean).join(' ')
    chips.push({ key: 'pii', label: `With PII findings${what ? `: ${what}` : ''}`, remove: (s) => normaliseScope({ ...s, pii: undefined }) })
  }
  return chips
}

const ANNOTATION_OPTIONS = ANNOTATION_FILTER_VALUES.map((value) => ({ value }))
const annotationLabel = (v: string | null): string => (v && v in ANNOTATION_FILTER_LABEL ? ANNOTATION_FILTER_LABEL[v as AnnotationFilterValue] : String(v))

export function FilterBar({ scope, onChange, loadOptions, dimensions = FILTER_BAR_DIMENSIONS, dateBounds, valueText, emptyNotes, extra }: FilterBarProps): ReactElement {
  const chips = scopeChips(scope, valueText)
  return (
    <section className="filterbar" aria-label="Filters" data-testid="filter-bar">
      <div className="filterbar__row">
        <div className="filterbar__dates">
          <label className="filterbar__date">
            <span className="filterbar__date-label">From</span>
            <input
              type="date"
              className="input input--sm"
              aria-label="From day (UTC)"
              value={scope.from ?? ''}
              min={dateBounds?.min}
              max={scope.to ?? dateBounds?.max}
              onChange={(e) => onChange(setDateRange(scope, e.target.value || undefined, scope.to))}
            />
          </label>
          <label className="filterbar__date">
            <span className="filterbar__date-label">To</span>
            <input
              type="date"
              className="input input--sm"
              aria-label="To day (UTC)"
              value={scope.to ?? ''}
              min={scope.from ?? dateBounds?.min}
              max={dateBounds?.max}
              onChange={(e) => onChange(setDateRange(scope, scope.from, e.target.value || undefined))}
            />
          </label>
        </div>
        <div className="filterbar__selects">
          {dimensions.map((dim) => (
            <MultiSelect
              key={dim}
              label={DIMENSION_LABELS[dim]}
              selected={scope.filters?.[dim] ?? []}
              onChange={(values) => onChange(setDimension(scope, dim, values))}
              loadOptions={() => loadOptions(dim, setDimension(scope, dim, []))}
              testId={`filter-${dim}`}
              emptyNote={emptyNotes?.[dim]}
            />
          ))}
          <MultiSelect
            label="Review"
            selected={scope.annotation ?? []}
            onChange={(values) => onChange(setAnnotationFilter(scope, values.filter((v): v is string => v !== null)))}
            loadOptions={async () => ANNOTATION_OPTIONS}
            formatValue={annotationLabel}
            fixedOptions
            testId="filter-review"
          />
        </div>
        {extra && <div className="filterbar__extra">{extra}</div>}
      </div>
      {chips.length > 0 && (
        <ul className="filterbar__chips" aria-label="Active filters">
          {chips.map((c) => (
            <li key={c.key} className="chip">
              <span className="chip__label">{c.label}</span>
              <button type="button" className="chip__remove" aria-label={`Remove filter ${c.label}`} onClick={() => onChange(c.remove(scope))}>
                ×
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="btn btn--xs btn--ghost" onClick={() => onChange({})}>
              Clear all
            </button>
          </li>
        </ul>
      )}
    </section>
  )
}
