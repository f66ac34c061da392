/** A compact multi-select for one filter dimension: loads its options when opened, searches them, and accepts a typed value not in the list. */
import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react'
import { formatInt } from '../lib/format'
import { valueLabel } from '../lib/dimensions'
import { Popover } from './Popover'

export interface FilterOption {
  value: string | null
  /** rows with this value under the other filters, when known */
  count?: number
  /** how the value reads, when not the value itself (a cluster's label) */
  label?: string
}

export interface MultiSelectProps {
  label: string
  selected: readonly (string | null)[]
  onChange: (values: (string | null)[]) => void
  /** called each time the list opens; the caller decides about caching */
  loadOptions: () => Promise<FilterOption[]>
  testId?: string
  /** what the list says when there is no value at all (default "No values.") */
  emptyNote?: string
  /** how a value reads (default: the value itself, "(empty)" for null) */
  formatValue?: (v: string | null) => string
  /** only the listed options can be picked (no typed values) */
  fixedOptions?: boolean
}

type Load = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; options: FilterOption[] } | { state: 'error'; message: string }

export function MultiSelect({ label, selected, onChange, loadOptions, testId, emptyNote, formatValue = valueLabel, fixedOptions = false }: MultiSelectProps): ReactElement {
  const [load, setLoad] = useState<Load>({ state: 'idle' })
  const [open, setOpen] = useState(false)
  const loadRef = useRef(loadOptions)
  loadRef.current = loadOptions

  useEffect(() => {
    if (!open) return
    let current = true
    setLoad({ state: 'loading' })
    loadRef.current().then(
      (options) => current && setLoad({ state: 'ready', options }),
      (err: unknown) => current && setLoad({ state: 'error', message: err instanceof Error ? err.message : String(err) })
    )
    return () => {
      current = false
    }
  }, [open])

  const count = selected.length
  return (
    <Popover
      label={
        <>
          <span>{label}</span>
          {count > 0 && <span className="count-pill">{count}</span>}
          <span className="caret" aria-hidden>
            ▾
          </span>
        </>
      }
      ariaLabel={`Filter by ${label}`}
      buttonClassName={`btn btn--sm btn--select${count ? ' btn--active' : ''}`}
      testId={testId}
      onOpenChange={setOpen}
    >
      <OptionList label={label} load={load} selected={selected} onChange={onChange} formatValue={formatValue} fixedOptions={fixedOptions} emptyNote={emptyNote} />
    </Popover>
  )
}

function OptionList({
  label,
  load,
  selected,
  onChange,
  formatValue,
  fixedOptions,
  emptyNote
}: {
  label: string
  load: Load
  selected: readonly (string | null)[]
  onChange: (v: (string | null)[]) => void
  formatValue: (v: string | null) => string
  fixedOptions: boolean
  emptyNote?: string
}): ReactElement {
  const [query, setQuery] = useState('')
  const inputId = useId()
  const q = query.trim().toLowerCase()
  const options = useMemo(() => {
    const loaded = load.state === 'ready' ? load.options : []
    const known = new Set(loaded.map((o) => o.value))
    // selected values the server did not list (e.g. typed, or outside the other filters) stay visible
    const extra = selected.filter((v) => !known.has(v)).map((value) => ({ value }) as FilterOption)
    return [...extra, ...loaded].filter((o) => !q || (o.label ?? formatValue(o.value)).toLowerCase().includes(q))
  }, [load, selected, q, formatValue])
  const isSelected = (v: string | null): boolean => selected.includes(v)
  const toggle = (v: string | null): void => onChange(isSelected(v) ? selected.filter((s) => s !== v) : [...selected, v])
  const typed = query.trim()
  const canAdd = !fixedOptions && typed !== '' && !options.some((o) => o.value === typed) && !selected.includes(typed)

  return (
    <div className="multiselect">
      <input
        id={inputId}
        className="input input--sm"
        placeholder={`Search ${label.toLowerCase()}…`}
        aria-label={`Search ${label}`}
        value={query}
        autoFocus
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && typed) {
            e.preventDefault()
            const exact = options.find((o) => o.value !== null && (o.value.toLowerCase() === typed.toLowerCase() || formatValue(o.value).toLowerCase() === typed.toLowerCase()))
            if (exact) toggle(exact.value)
            else if (!fixedOptions) toggle(typed)
            setQuery('')
          }
        }}
      />
      <div className="multiselect__list" role="group" aria-label={`${label} values`}>
        {load.state === 'loading' && <div className="multiselect__note">Loading values…</div>}
        {load.state === 'error' && (
          <div className="multiselect__note multiselect__note--error">
            Could not list values ({load.message}). Type a value and press Enter.
          </div>
        )}
        {options.map((o) => (
          <label key={o.value ?? '\u0000null'} className="check multiselect__option">
            <input type="checkbox" checked={isSelected(o.value)} onChange={() => toggle(o.value)} />
            <span className={`multiselect__value${o.value === null ? ' muted' : ''}`}>{o.label ?? formatValue(o.value)}</span>
            {o.count !== undefined && <span className="multiselect__count">{formatInt(o.count)}</span>}
          </label>
        ))}
        {load.state === 'ready' && options.length === 0 && !canAdd && <div className="multiselect__note">{!q && emptyNote ? emptyNote : `No values${q ? ' match' : ''}.`}</div>}
        {canAdd && (
          <button
            type="button"
            className="btn btn--xs btn--ghost multiselect__add"
            onClick={() => {
              toggle(typed)
              setQuery('')
            }}
          >
            Add “{typed}”
          </button>
        )}
      </div>
      {selected.length > 0 && (
        <div className="multiselect__footer">
          <span className="muted">{formatInt(selected.length)} selected</span>
          <button type="button" className="btn btn--xs btn--ghost" onClick={() => onChange([])}>
            Clear
          </button>
        </div>
      )}
    </div>
  )
}
