/** The price table panel: dollars per million prompt and completion tokens per model, estimated from the data (with the fit's quality) unless the operator sets a price; edit, reset to the estimate, add a model, import and export as CSV. */
import { useRef, useState, type ReactElement } from 'react'
import { priceKey, modelLabel, type PriceFit, type PriceRow, type PriceTable, type PriceTableView } from '../../../../shared/economics'
import { formatPriceCsv, mergePriceEntries, parsePriceCsv, type PriceCsvError } from '../../../../shared/priceTableCsv'
import { call } from '../../api/client'
import { invalidateForPrices } from '../../api/queryCache'
import { Badge } from '../../components/Badge'
import { ExportButton } from '../../components/ExportButton'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatNumber } from '../../lib/format'
import { applyDraft, draftErrors, withNewModel, withoutEntry, type PriceDraft } from './priceTableDraft'

export interface PriceTablePanelProps {
  view: PriceTableView
  stale: boolean
  canPickFiles: boolean
}

const QUALITY_TONE: Record<PriceFit['quality'], 'good' | 'warn' | 'bad' | 'neutral'> = { exact: 'good', good: 'good', fair: 'warn', poor: 'bad', insufficient: 'warn' }

/** "$2.50" for a price per million; up to 6 decimals so small prices stay exact enough to read back. */
export function formatPerMillion(v: number | null): string {
  if (v === null) return '—'
  return `$${Number(v.toPrecision(6))}`
}

/** A price as shown in its input before editing: six significant digits (the full value stays in the table). */
export function displayPrice(v: number | null): string {
  return v === null ? '' : String(Number(v.toPrecision(6)))
}

/** The fit in one line: method, R^2, rows, trimmed rows. */
export function fitSummary(f: PriceFit): string {
  const r2 = f.r2 === null ? 'R² n/a' : `R² ${formatNumber(f.r2, f.r2 > 0.999 ? 4 : 3)}`
  return `${r2} over ${formatInt(f.rows - f.rows_trimmed)} rows${f.rows_trimmed ? ` (${formatInt(f.rows_trimmed)} outliers left out)` : ''}`
}

export function PriceTablePanel({ view, stale, canPickFiles }: PriceTablePanelProps): ReactElement {
  const [draft, setDraft] = useState<PriceDraft>({})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [imported, setImported] = useState<{ file: string; count: number; rows: number; errors: PriceCsvError[] } | null>(null)
  const [adding, setAdding] = useState({ provider: '', name: '', prompt: '', completion: '' })
  const fileRef = useRef<HTMLInputElement>(null)
  const errors = draftErrors(draft)
  const dirty = Object.keys(draft).length > 0

  const save = async (table: PriceTable): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      const next = await call('setPriceTable', { table })
      invalidateForPrices(next.table)
      return true
    } catch (err) {
      setError(`Could not save the prices: ${err instanceof Error ? err.message : String(err)}`)
      return false
    } finally {
      setBusy(false)
    }
  }

  const saveDraft = async (): Promise<void> => {
    const table = applyDraft(view.table, view.rows, draft)
    if (!table) return
    if (await save(table)) setDraft({})
  }

  const importFile = async (file: File): Promise<void> => {
    const text = await file.text()
    const r = parsePriceCsv(text)
    if (r.entries.length > 0 && !(await save({ ...view.table, entries: mergePriceEntries(view.table.entries, r.entries) }))) return
    setImported({ file: file.name, count: r.entries.length, rows: r.rows, errors: r.errors })
  }

  const edit = (row: PriceRow, field: 'prompt' | 'completion', value: string): void => {
    const k = priceKey(row)
    const cur = draft[k] ?? { prompt: String(row.usd_per_1m_prompt ?? ''), completion: String(row.usd_per_1m_completion ?? '') }
    setDraft({ ...draft, [k]: { ...cur, [field]: value } })
  }

  const add = async (): Promise<void> => {
    const r = withNewModel(view.table, adding.provider, adding.name, adding.prompt, adding.completion)
    if ('error' in r) {
      setError(r.error)
      return
    }
    if (await save(r.table)) setAdding({ provider: '', name: '', prompt: '', completion: '' })
  }

  return (
    <Panel
      title="Price table"
      subtitle="Dollars per million prompt and completion tokens. A model without a price you set is priced by an estimate from the data: the least-squares fit of its cost on its tokens, shown with how well it fits. Re-pricing below uses these prices."
      testId="price-table"
      className={stale ? 'is-stale' : undefined}
      actions={
        <>
          {dirty && (
            <>
              <button type="button" className="btn btn--xs btn--primary" disabled={busy || Object.keys(errors).length > 0} onClick={() => void saveDraft()} data-testid="price-save">
                Save prices
              </button>
              <button type="button" className="btn btn--xs btn--ghost" disabled={busy} onClick={() => setDraft({})} data-testid="price-discard">
                Discard
              </button>
            </>
          )}
          <input
            ref={fileRef}
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            aria-label="Import prices from a CSV file"
            data-testid="price-import-file"
            onChange={(e) => {
              const f = e.target.files?.[0]
              e.target.value = ''
              if (f) void importFile(f)
            }}
          />
          <button type="button" className="btn btn--xs btn--ghost" disabled={busy} onClick={() => fileRef.current?.click()} data-testid="price-import">
            Import CSV
          </button>
          <ExportButton label="CSV" title="Download the price table as CSV (importable)" canPickFiles={canPickFiles} files={() => [{ name: 'price_table.csv', content: formatPriceCsv(view.rows) }]} testId="price-export" />
        </>
      }
      flush
    >
      {error && (
        <div className="bad-text costs-message" role="alert" data-testid="price-error">
          {error}
        </div>
      )}
      {imported && (
        <div className={`costs-message ${imported.errors.length ? 'warn-text' : 'good-text'}`} role="status" data-testid="price-import-result">
          Imported {formatInt(imported.count)} of {formatInt(imported.rows)} rows from {imported.file}
          {imported.errors.length > 0 && (
            <>
              ; {formatInt(imported.errors.length)} rejected:
              <ul className="costs-import-errors" data-testid="price-import-errors">
                {imported.errors.map((e) => (
                  <li key={`${e.line}:${e.reason}`}>
                    line {e.line}: {e.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="btn btn--xs btn--ghost" onClick={() => setImported(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="table-wrap costs-scroll">
        <table className="table costs-prices" aria-label="Price table" data-testid="price-table-grid">
          <TableHead
            columns={[
              { label: 'Model' },
              { label: 'Requests', num: true },
              { label: '$ / 1M prompt', num: true },
              { label: '$ / 1M completion', num: true },
              { label: 'Source' },
              { label: 'Estimate from the data', title: 'least squares of cost_usd on prompt and completion tokens, no intercept' },
              { label: '' }
            ]}
          />
          <tbody>
            {view.rows.map((r) => {
              const k = priceKey(r)
              const d = draft[k]
              const e = r.estimate
              return (
                <tr key={k} data-testid="price-row" data-model={r.model_name ?? ''} data-source={r.source}>
                  <th scope="row">{modelLabel(r)}</th>
                  <td className="num">{formatInt(r.requests)}</td>
                  {(['prompt', 'completion'] as const).map((field) => (
                    <td key={field} className="num">
                      <input
                        className={`input input--sm mono costs-price-input${errors[k] ? ' is-invalid' : ''}`}
                        inputMode="decimal"
                        aria-label={`${modelLabel(r)} dollars per million ${field} tokens`}
                        aria-invalid={errors[k] ? true : undefined}
                        value={d ? d[field] : displayPrice(field === 'prompt' ? r.usd_per_1m_prompt : r.usd_per_1m_completion)}
                        placeholder="no price"
                        disabled={r.model_name === null}
                        onChange={(ev) => edit(r, field, ev.target.value)}
                        data-testid={`price-${field}`}
                        data-value={(field === 'prompt' ? r.usd_per_1m_prompt : r.usd_per_1m_completion) ?? ''}
                      />
                    </td>
                  ))}
                  <td>
                    <Badge tone={r.source === 'operator' ? 'accent' : r.source === 'estimated' ? 'neutral' : 'warn'} testId="price-source">
                      {r.source === 'operator' ? 'set by you' : r.source === 'estimated' ? 'estimated' : 'no price'}
                    </Badge>
                    {errors[k] && <div className="bad-text costs-sub">{errors[k]}</div>}
                  </td>
                  <td className="costs-sub-cell">
                    {e ? (
                      <>
                        <span className="mono">
                          {formatPerMillion(e.usd_per_1m_prompt)} / {formatPerMillion(e.usd_per_1m_completion)}
                        </span>{' '}
                        <Badge tone={QUALITY_TONE[e.quality]} testId="price-fit-quality" title={e.rel_rmse === null ? undefined : `RMSE ${formatNumber(e.rel_rmse * 100, 1)}% of the mean cost`}>
                          {e.quality} fit
                        </Badge>
                        <div className="muted costs-sub">
                          {fitSummary(e)}
                          {e.note ? `; ${e.note}` : ''}
                        </div>
                      </>
                    ) : (
                      <span className="muted">{r.requests > 0 ? 'no row with cost and both token counts' : 'not in the data'}</span>
                    )}
                  </td>
                  <td>
                    {r.source === 'operator' && (
                      <button type="button" className="btn btn--xs btn--ghost" disabled={busy} onClick={() => void save(withoutEntry(view.table, r))} data-testid="price-reset" title={e ? 'Use the estimate again' : 'Remove this model from the table'}>
                        {e ? 'Use estimate' : r.requests > 0 ? 'Clear' : 'Remove'}
                      </button>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <form
        className="costs-add-model"
        onSubmit={(ev) => {
          ev.preventDefault()
          void add()
        }}
        data-testid="price-add"
      >
        <span className="field-label">Add a model to price</span>
        <input className="input input--sm" placeholder="provider" aria-label="New model provider" value={adding.provider} onChange={(e) => setAdding({ ...adding, provider: e.target.value })} />
        <input className="input input--sm" placeholder="model name" aria-label="New model name" value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} data-testid="price-add-name" />
        <input className="input input--sm mono" placeholder="$ / 1M prompt" aria-label="New model dollars per million prompt tokens" inputMode="decimal" value={adding.prompt} onChange={(e) => setAdding({ ...adding, prompt: e.target.value })} data-testid="price-add-prompt" />
        <input className="input input--sm mono" placeholder="$ / 1M completion" aria-label="New model dollars per million completion tokens" inputMode="decimal" value={adding.completion} onChange={(e) => setAdding({ ...adding, completion: e.target.value })} data-testid="price-add-completion" />
        <button type="submit" className="btn btn--xs" disabled={busy} data-testid="price-add-submit">
          Add
        </button>
      </form>
    </Panel>
  )
}
