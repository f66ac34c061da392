/** The Explorer page: every interaction in scope in a server-paged grid with search, column choice, CSV export and a detail drawer, plus a SQL console over the loaded tables. */
import type { SortingState, VisibilityState } from '@tanstack/react-table'
import { useMemo, useRef, useState, type ReactElement } from 'react'
import type { QueryInteractionsRequest } from '../../../../shared/explorer'
import { isEmptyScope, type Scope } from '../../../../shared/scope'
import { call } from '../../api/client'
import { exportFiles } from '../../api/exportFiles'
import { stableStringify } from '../../../../shared/stableStringify'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { NoDatasetState } from '../../components/NoDatasetState'
import { ErrorState } from '../../components/ErrorState'
import { Icon } from '../../components/Icon'
import { LoadingState } from '../../components/LoadingState'
import { ProgressBar } from '../../components/ProgressBar'
import { readDrilldownParams, withoutDrilldownParams } from '../../lib/drilldown'
import { formatInt, plural } from '../../lib/format'
import { DESCRIBE_INTERACTIONS_SQL, columnsFromDescribe, fallbackColumns, formatSortParam, parseSortParam, visibilityFromParam, visibilityToParam, visibleColumnNames } from './explorerColumns'
import { EXPORT_ROW_LIMIT, collectCsv, exportFileName, exportPlan } from './exportInteractions'
import { InteractionDrawer } from './InteractionDrawer'
import { InteractionsGrid } from './InteractionsGrid'
import { SearchBox } from './SearchBox'
import { BulkAnnotateButton } from '../annotations/BulkAnnotateButton'
import { SqlConsole } from './SqlConsole'
import { MaskSwitch } from '../privacy/MaskSwitch'
import './explorer.css'

type Tab = 'rows' | 'sql'

type ExportState =
  | { state: 'idle' }
  | { state: 'running'; done: number; of: number; abort: AbortController }
  | { state: 'done'; message: string }
  | { state: 'error'; message: string }

/** The column choice outlives a visit (the nav links carry no page parameters). */
const COLS_KEY = 'workbench.explorer.cols'

function rememberedCols(): string | undefined {
  try {
    return window.localStorage.getItem(COLS_KEY) ?? undefined
  } catch {
    return undefined
  }
}

function rememberCols(cols: string): void {
  try {
    if (cols) window.localStorage.setItem(COLS_KEY, cols)
    else window.localStorage.removeItem(COLS_KEY)
  } catch {
    // storage unavailable (private mode): the choice lives in the URL only
  }
}

function FailureToggle({ value, onChange }: { value: boolean | undefined; onChange: (v: boolean | undefined) => void }): ReactElement {
  const options: { label: string; v: boolean | undefined }[] = [
    { label: 'All', v: undefined },
    { label: 'Failed', v: true },
    { label: 'Succeeded', v: false }
  ]
  return (
    <div className="segmented" role="group" aria-label="Outcome">
      {options.map((o) => (
        <button key={o.label} type="button" className={`segmented__btn${value === o.v ? ' segmented__btn--on' : ''}`} aria-pressed={value === o.v} onClick={() => onChange(o.v)}>
          {o.label}
        </button>
      ))}
    </div>
  )
}

export function ExplorerPage({ scope, onScopeChange, params, onParamsChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  // a weighted dump's numbers count the rows its rows stand for; the Explorer lists the rows themselves
  const weighted = wb.dataset?.report.sample_rate !== undefined
  const tab: Tab = params.tab === 'sql' ? 'sql' : 'rows'
  const setParams = (patch: Record<string, string | undefined>, opts?: { replace?: boolean }): void => {
    const next: Record<string, string> = { ...params }
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') delete next[k]
      else next[k] = v
    }
    onParamsChange(next, opts)
  }

  // the table's columns, read once per dataset (cached); without them the default set still works
  const describe = useQuery('runSql', wb.dataset ? { sql: DESCRIBE_INTERACTIONS_SQL, limit: 1000 } : null)
  const columns = useMemo(() => (describe.data ? columnsFromDescribe(describe.data.rows) : describe.error ? fallbackColumns() : null), [describe.data, describe.error])
  const [storedCols, setStoredCols] = useState(rememberedCols)
  const colsParam = params.cols ?? storedCols
  const chooseCols = (cols: string): void => {
    rememberCols(cols)
    setStoredCols(cols || undefined)
    setParams({ cols }, { replace: true })
  }
  const visibility = useMemo(() => (columns ? visibilityFromParam(columns, colsParam) : {}), [columns, colsParam])
  const known = useMemo(() => new Set((columns ?? []).map((c) => c.name)), [columns])
  const sort = useMemo(() => parseSortParam(params.sort, known), [params.sort, known])

  // the count of the scope; the grid switches to a new scope once its count is known, so pages are never fetched against a stale total
  const countReq: QueryInteractionsRequest | null = wb.dataset ? { scope, limit: 1, columns: ['interaction_id'], withTotal: true } : null
  const count = useQuery('queryInteractions', countReq)
  const scopeKey = stableStringify(scope)
  const [committed, setCommitted] = useState<{ key: string; scope: Scope; total: number } | null>(null)
  if (count.data && !count.loading && !count.stale && count.data.total >= 0 && (committed?.key !== scopeKey || committed.total !== count.data.total)) {
    setCommitted({ key: scopeKey, scope, total: count.data.total })
  }
  const countFresh = !!count.data && !count.loading && committed?.key === scopeKey

  const [exp, setExp] = useState<ExportState>({ state: 'idle' })
  const expRef = useRef(exp)
  expRef.current = exp

  if (!wb.dataset) return <NoDatasetState testId="explorer-empty" onOpenData={() => navigate('data')} />

  const drill = readDrilldownParams(params, scope)
  const total = committed?.total ?? null
  // keeps every other part of the scope (normaliseScope would drop parts it does not know)
  const changeScope = (next: Scope): void => {
    const out: Scope = { ...next }
    if (!out.text || !out.text.trim()) delete out.text
    if (out.is_failure === undefined) delete out.is_failure
    onScopeChange(out)
  }

  const startExport = async (): Promise<void> => {
    if (!committed || !columns || expRef.current.state === 'running') return
    const abort = new AbortController()
    const plan = exportPlan(committed.total)
    setExp({ state: 'running', done: 0, of: plan.rows, abort })
    const visible = visibleColumnNames(columns, visibility)
    const view = committed.scope
    try {
      const out = await collectCsv(
        (offset, limit) =>
          call('queryInteractions', { scope: view, sort: sort.map((s) => ({ column: s.id, desc: s.desc })), offset, limit, columns: visible, withTotal: false }),
        { total: committed.total, signal: abort.signal, onProgress: (done, of) => setExp({ state: 'running', done, of, abort }) }
      )
      const name = exportFileName(new Date())
      const saved = await exportFiles([{ name, content: out.csv, mime: 'text/csv;charset=utf-8' }], wb.appInfo?.canPickFiles ?? false)
      if (saved.via === 'cancelled') return setExp({ state: 'idle' })
      const what = out.truncated
        ? `the first ${formatInt(out.rows)} of ${formatInt(committed.total)} rows (in the current sort)`
        : plural(out.rows, 'row')
      setExp({ state: 'done', message: saved.via === 'dialog' ? `Saved ${what} to ${saved.location ?? name}.` : `Downloaded ${name}: ${what}.` })
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return setExp({ state: 'idle' })
      setExp({ state: 'error', message: err instanceof Error ? err.message : String(err) })
    }
  }

  const plan = total === null ? null : exportPlan(total)

  return (
    <div className="stack explorer" data-testid="explorer">
      <div className="explorer-head">
        {tab === 'rows' && (
          <>
            <div className={`explorer-count${countFresh ? '' : ' is-stale'}`} data-testid="explorer-count" data-value={countFresh && total !== null ? String(total) : ''} aria-live="polite">
              <span className="explorer-count__value">{total === null ? '…' : formatInt(total)}</span>
              <span className="explorer-count__label">{total === 1 ? 'interaction' : 'interactions'} in scope</span>
            </div>
            <SearchBox value={scope.text} onChange={(text) => changeScope({ ...scope, text })} />
            <FailureToggle value={scope.is_failure} onChange={(v) => changeScope({ ...scope, is_failure: v })} />
            <BulkAnnotateButton scope={committed?.scope ?? scope} total={countFresh ? total : null} label="Annotate rows…" />
          </>
        )}
        <MaskSwitch compact />
        <div className="tabs" role="tablist" aria-label="Explorer views">
          <button type="button" role="tab" aria-selected={tab === 'rows'} className={`tabs__tab${tab === 'rows' ? ' tabs__tab--on' : ''}`} onClick={() => setParams({ tab: undefined })}>
            Rows
          </button>
          <button type="button" role="tab" aria-selected={tab === 'sql'} className={`tabs__tab${tab === 'sql' ? ' tabs__tab--on' : ''}`} onClick={() => setParams({ tab: 'sql' })}>
            SQL console
          </button>
        </div>
      </div>

      {drill && tab === 'rows' && (
        <div className={`banner ${!drill.scopeMatches || weighted ? 'banner--neutral' : drill.expected !== null && countFresh && total !== drill.expected ? 'banner--warn' : 'banner--good'}`} role="status" data-testid="drilldown-banner">
          <Icon name={drill.scopeMatches && !weighted && drill.expected !== null && countFresh && total !== drill.expected ? 'alert' : 'check'} />
          <span>
            {drill.scopeMatches ? (
              <>
                Drilled down from <strong>{drill.origin}</strong>
                {drill.expected !== null &&
                  (!countFresh ? (
                    <>: counting…</>
                  ) : total === drill.expected ? (
                    <>: {plural(drill.expected, 'interaction')}, as shown there.</>
                  ) : weighted ? (
                    <>
                      : that number was {formatInt(drill.expected)}, weighted by sample_rate (the rows it stands for); this view lists the {plural(total ?? 0, 'sampled row')} behind it.
                    </>
                  ) : (
                    <>
                      : that number was {formatInt(drill.expected)}, this view has {formatInt(total ?? 0)}. The data or knobs may have changed since.
                    </>
                  ))}
              </>
            ) : (
              <>
                Came from <strong>{drill.origin}</strong>; the filters have changed since.
              </>
            )}
          </span>
          <button type="button" className="btn btn--ghost btn--xs" onClick={() => onParamsChange(withoutDrilldownParams(params), { replace: true })}>
            Dismiss
          </button>
        </div>
      )}

      {tab === 'sql' ? (
        <SqlConsole datasetId={wb.dataset.id} canPickFiles={wb.appInfo?.canPickFiles ?? false} />
      ) : count.error ? (
        <ErrorState title="Could not count the interactions in scope" error={count.error} onRetry={count.refetch} testId="explorer-error" />
      ) : describe.loading || !columns || !committed ? (
        <LoadingState label="Counting the interactions in scope…" />
      ) : (
        <div className={countFresh ? undefined : 'is-stale'}>
          <InteractionsGrid
            datasetId={wb.dataset.id}
            scope={committed.scope}
            total={committed.total}
            columns={columns}
            visibility={visibility}
            onVisibilityChange={(v: VisibilityState) => chooseCols(visibilityToParam(columns, v))}
            initialSort={sort}
            onSortChange={(s: SortingState) => setParams({ sort: formatSortParam(s) }, { replace: true })}
            onOpen={(id) => setParams({ id })}
            emptyMessage={
              <>
                No interactions match these filters.{' '}
                {!isEmptyScope(scope) && (
                  <button type="button" className="btn btn--xs" onClick={() => onScopeChange({})}>
                    Clear all filters
                  </button>
                )}
              </>
            }
            toolbar={
              <div className="explorer-export">
                {exp.state === 'running' ? (
                  <>
                    <ProgressBar fraction={exp.of ? exp.done / exp.of : null} label="Export progress" testId="export-progress" />
                    <span className="muted">
                      Exporting {formatInt(exp.done)} / {formatInt(exp.of)} rows…
                    </span>
                    <button type="button" className="btn btn--xs" onClick={() => exp.abort.abort()}>
                      Cancel
                    </button>
                  </>
                ) : (
                  <>
                    <button
                      type="button"
                      className="btn btn--sm"
                      disabled={!plan || plan.rows === 0}
                      onClick={() => void startExport()}
                      title={
                        plan?.truncated
                          ? `Exports the first ${formatInt(EXPORT_ROW_LIMIT)} rows of this view in the current sort, with the visible columns`
                          : 'Exports every row of this view in the current sort, with the visible columns'
                      }
                      data-testid="export-csv"
                    >
                      Export CSV
                    </button>
                    {plan?.truncated && exp.state === 'idle' && <span className="muted">first {formatInt(EXPORT_ROW_LIMIT)} rows</span>}
                    {exp.state === 'done' && (
                      <span className="good-text" role="status" data-testid="export-status">
                        {exp.message}
                      </span>
                    )}
                    {exp.state === 'error' && (
                      <span className="bad-text" role="alert">
                        Export failed: {exp.message}
                      </span>
                    )}
                  </>
                )}
                {visibilityToParam(columns, visibility) !== '' && (
                  <button
                    type="button"
                    className="btn btn--ghost btn--xs"
                    onClick={() => chooseCols('')}
                  >
                    Default columns
                  </button>
                )}
              </div>
            }
          />
        </div>
      )}

      {params.id && <InteractionDrawer id={params.id} onOpen={(id) => setParams({ id })} onClose={() => setParams({ id: undefined })} />}
    </div>
  )
}
