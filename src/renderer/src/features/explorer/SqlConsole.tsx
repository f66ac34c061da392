/** The SQL console: one read-only query over the loaded tables (runSql), the schema to pick names from, example queries, errors inline and results in the data grid. */
import type { ColumnDef, SortingState } from '@tanstack/react-table'
import { useCallback, useMemo, useRef, useState, type ReactElement } from 'react'
import type { CellValue, SqlResult } from '../../../../shared/explorer'
import { call } from '../../api/client'
import { exportFiles } from '../../api/exportFiles'
import { useQuery } from '../../api/useQuery'
import { DataGrid } from '../../components/DataGrid'
import { ErrorState } from '../../components/ErrorState'
import { toCsv } from '../../lib/csv'
import { MISSING, formatDuration, formatInt, plural } from '../../lib/format'
import { formatCell, kindOfValue } from './cellFormat'
import { exportFileName } from './exportInteractions'
import { SCHEMA_SQL, SQL_EXAMPLES, resultColumnId, resultColumnIndex, schemaTables, sortRows } from './sqlConsole'

/** Row limits the console offers (the contract allows up to 10,000). */
const LIMITS = [100, 1000, 10_000] as const

type RunState =
  | { state: 'idle' }
  | { state: 'running'; sql: string }
  | { state: 'done'; sql: string; result: SqlResult; run: number }
  | { state: 'error'; sql: string; error: Error }

/** The draft and the last result outlive the tab (switching pages keeps the operator's query). */
const memory: { datasetId: number | null; sql: string; limit: number; run: RunState } = {
  datasetId: null,
  sql: SQL_EXAMPLES[0].sql,
  limit: 1000,
  run: { state: 'idle' }
}

export interface SqlConsoleProps {
  datasetId: number
  canPickFiles: boolean
}

function ResultGrid({ result, run, canPickFiles }: { result: SqlResult; run: number; canPickFiles: boolean }): ReactElement {
  const sortedCache = useRef(new Map<string, CellValue[][]>())
  const columns = useMemo<ColumnDef<CellValue[], unknown>[]>(
    () =>
      result.columns.map((name, i) => {
        const kind = kindOfValue(result.rows.slice(0, 50).map((r) => r[i]))
        return {
          id: resultColumnId(i),
          accessorFn: (row: CellValue[]) => row[i],
          header: name,
          size: kind === 'number' ? 120 : kind === 'timestamp' ? 170 : 160,
          meta: kind === 'number' ? { align: 'right' } : undefined,
          cell: (ctx) => {
            const v = ctx.getValue() as CellValue
            return v === null || v === undefined ? <span className="muted">{MISSING}</span> : formatCell(v, kind)
          }
        }
      }),
    [result]
  )
  const fetchPage = useCallback(
    async (offset: number, limit: number, sort: SortingState): Promise<CellValue[][]> => {
      const key = JSON.stringify(sort)
      let rows = sortedCache.current.get(key)
      if (!rows) {
        rows = sortRows(
          result.rows,
          sort.map((s) => ({ index: resultColumnIndex(s.id), desc: s.desc }))
        )
        sortedCache.current.clear()
        sortedCache.current.set(key, rows)
      }
      return rows.slice(offset, offset + limit)
    },
    [result]
  )
  const [exported, setExported] = useState<string | null>(null)
  return (
    <DataGrid<CellValue[]>
      key={run}
      columns={columns}
      fetchPage={fetchPage}
      total={result.rows.length}
      ariaLabel="Query result"
      pageSize={200}
      height={Math.max(280, window.innerHeight - 480)}
      emptyMessage="The query returned no rows."
      testId="sql-result-grid"
      toolbar={
        <>
          <span className="muted" data-testid="sql-result-meta">
            {formatDuration(result.elapsedMs)}
            {result.truncated ? ` · first ${plural(result.rows.length, 'row')}: more exist (raise the limit or aggregate)` : ''}
          </span>
          <button
            type="button"
            className="btn btn--xs"
            disabled={result.rows.length === 0}
            onClick={() => {
              void exportFiles([{ name: exportFileName(new Date(), 'query'), content: toCsv(result.columns, result.rows) }], canPickFiles).then(
                (o) => setExported(o.via === 'cancelled' ? null : `Exported ${formatInt(result.rows.length)} rows`),
                (err: unknown) => setExported(`Export failed: ${err instanceof Error ? err.message : String(err)}`)
              )
            }}
          >
            Export CSV
          </button>
          {exported && <span className="muted">{exported}</span>}
        </>
      }
    />
  )
}

export function SqlConsole({ datasetId, canPickFiles }: SqlConsoleProps): ReactElement {
  if (memory.datasetId !== datasetId) {
    memory.datasetId = datasetId
    memory.run = { state: 'idle' }
  }
  const [sql, setSqlState] = useState(memory.sql)
  const [limit, setLimitState] = useState(memory.limit)
  // a query still running when the console was left answers into the memory, not into this instance
  const [run, setRunState] = useState<RunState>(memory.run.state === 'running' ? { state: 'idle' } : memory.run)
  const runCounter = useRef(0)
  const editorRef = useRef<HTMLTextAreaElement>(null)
  const schema = useQuery('runSql', { sql: SCHEMA_SQL, limit: 10_000 })
  const tables = useMemo(() => (schema.data ? schemaTables(schema.data.rows) : []), [schema.data])

  const setSql = (s: string): void => {
    memory.sql = s
    setSqlState(s)
  }
  const setLimit = (n: number): void => {
    memory.limit = n
    setLimitState(n)
  }
  const setRun = (r: RunState): void => {
    memory.run = r
    setRunState(r)
  }

  const execute = async (): Promise<void> => {
    const text = sql.trim()
    if (!text || run.state === 'running') return
    setRun({ state: 'running', sql: text })
    try {
      const result = await call('runSql', { sql: text, limit })
      setRun({ state: 'done', sql: text, result, run: ++runCounter.current })
    } catch (err) {
      setRun({ state: 'error', sql: text, error: err instanceof Error ? err : new Error(String(err)) })
    }
  }

  const insert = (text: string): void => {
    const el = editorRef.current
    if (!el) return setSql(`${sql}${text}`)
    const start = el.selectionStart ?? sql.length
    const end = el.selectionEnd ?? sql.length
    const next = sql.slice(0, start) + text + sql.slice(end)
    setSql(next)
    requestAnimationFrame(() => {
      el.focus()
      el.setSelectionRange(start + text.length, start + text.length)
    })
  }

  return (
    <div className="sql-console" data-testid="sql-console">
      <aside className="sql-schema" aria-label="Tables">
        <div className="sql-schema__title">Tables</div>
        {schema.error ? (
          <p className="muted">The table list is not available: {schema.error.message}</p>
        ) : (
          tables.map((t) => (
            <details key={t.name} className="sql-schema__table" open={t.name === 'interactions'}>
              <summary>
                <code>{t.name}</code> <span className="muted">{t.columns.length}</span>
              </summary>
              <ul className="sql-schema__columns">
                {t.columns.map((c) => (
                  <li key={c.name}>
                    <button type="button" className="sql-schema__column" title={`Insert ${c.name} (${c.type})`} onClick={() => insert(c.name)}>
                      <span className="mono">{c.name}</span>
                      <span className="muted">{c.type.toLowerCase()}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          ))
        )}
      </aside>
      <div className="sql-main">
        <div className="sql-examples" role="group" aria-label="Example queries">
          <span className="muted">Examples:</span>
          {SQL_EXAMPLES.map((ex) => (
            <button key={ex.label} type="button" className={`btn btn--xs${sql === ex.sql ? ' btn--active' : ''}`} onClick={() => setSql(ex.sql)}>
              {ex.label}
            </button>
          ))}
        </div>
        <textarea
          ref={editorRef}
          className="input sql-editor"
          aria-label="SQL query"
          spellCheck={false}
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault()
              void execute()
            }
          }}
          data-testid="sql-editor"
        />
        <div className="sql-actions">
          <button type="button" className="btn btn--primary" onClick={() => void execute()} disabled={run.state === 'running' || !sql.trim()} data-testid="sql-run">
            {run.state === 'running' ? 'Running…' : 'Run'}
          </button>
          <span className="muted">Ctrl+Enter</span>
          <label className="sql-limit">
            <span className="muted">Rows</span>
            <select className="input input--sm" value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Row limit">
              {LIMITS.map((n) => (
                <option key={n} value={n}>
                  {formatInt(n)}
                </option>
              ))}
            </select>
          </label>
          <span className="muted sql-actions__note">One read-only SELECT over the whole loaded tables: the filters above do not apply here.</span>
        </div>
        {run.state === 'error' && <ErrorState title="The query failed" error={run.error} compact testId="sql-error" />}
        {run.state === 'done' && <ResultGrid result={run.result} run={run.run} canPickFiles={canPickFiles} />}
        {run.state === 'idle' && <p className="muted">Pick an example or write a query, then Run. Click a column on the left to insert its name.</p>}
      </div>
    </div>
  )
}
