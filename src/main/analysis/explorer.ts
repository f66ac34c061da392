/** Explorer queries: server-side paged, sorted and filtered interactions, one interaction with its session, distinct values, the SQL console. */
import { DEFAULT_EXPLORER_COLUMNS, type CellValue, type DistinctValue, type InteractionDetail, type InteractionPage, type SqlResult } from '../../shared/explorer'
import type { Scope, ScopeDimension } from '../../shared/scope'
import type { Engine } from '../engine/engine'
import { ApiError } from '../backend/errors'
import { ident, literal } from '../ingest/sql'
import { compileScope } from './scopeSql'

/** Columns of the loaded interactions table (the allow-list for column choice and sorting), cached per engine. */
const columnCache = new WeakMap<Engine, Map<string, string>>()

export async function interactionColumns(engine: Engine): Promise<Map<string, string>> {
  let cols = columnCache.get(engine)
  if (!cols) {
    const rows = await engine.all<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE interactions)')
    cols = new Map(rows.filter((r) => r.column_name !== 'in_history' && r.column_name !== 'win_role').map((r) => [r.column_name, r.column_type]))
    columnCache.set(engine, cols)
  }
  return cols
}

function selectExpr(name: string, type: string): string {
  // Timestamps leave the engine as text so both bindings agree.
  return type.startsWith('TIMESTAMP') ? `strftime(${ident(name)}, '%Y-%m-%dT%H:%M:%SZ') AS ${ident(name)}` : ident(name)
}

export async function queryInteractions(
  engine: Engine,
  req: { scope: Scope; sort: { column: string; desc: boolean }[]; offset: number; limit: number; columns?: string[]; withTotal: boolean }
): Promise<InteractionPage> {
  const all = await interactionColumns(engine)
  const wanted = (req.columns ?? DEFAULT_EXPLORER_COLUMNS).filter((c) => all.has(c))
  if (wanted.length === 0) throw new ApiError('invalid_request', 'none of the requested columns exist in the interactions table')
  for (const s of req.sort) if (!all.has(s.column)) throw new ApiError('invalid_request', `cannot sort by unknown column ${s.column}`)
  const { where, params } = compileScope(req.scope)
  const order = [...req.sort.map((s) => `${ident(s.column)} ${s.desc ? 'DESC' : 'ASC'} NULLS LAST`), 'rowid'].join(', ')
  // Pick the page's row ids on the narrow sort columns first, then fetch the wide columns of those
  // rows only: deep pages of a million rows stay fast.
  const data = await engine.columns(
    `SELECT ${wanted.map((c) => selectExpr(c, all.get(c)!)).join(', ')} FROM interactions
     WHERE rowid IN (SELECT rowid FROM interactions WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?)
     ORDER BY ${order}`,
    [...params, req.limit, req.offset]
  )
  const n = data.data.length ? data.data[0].length : 0
  const rows: CellValue[][] = new Array(n)
  for (let r = 0; r < n; r++) rows[r] = data.data.map((col) => col[r])
  let total = -1
  if (req.withTotal) {
    const [t] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE ${where}`, params)
    total = t.n
  }
  return { columns: data.names, rows, total, offset: req.offset }
}

/** Characters of each session request shown in the drawer. */
const SESSION_TEXT_CHARS = 300

/**
 * One interaction and its session. `maskSessionText` (privacy masking) sees each session request's
 * whole text before it is cut to its first characters, so a value cut in two is never half shown.
 */
export async function getInteraction(engine: Engine, interactionId: string, maskSessionText?: (text: string | null) => string | null): Promise<InteractionDetail> {
  const all = await interactionColumns(engine)
  const names = [...all.keys()]
  const rows = await engine.all(`SELECT ${names.map((c) => selectExpr(c, all.get(c)!)).join(', ')} FROM interactions WHERE interaction_id = ? ORDER BY rowid LIMIT 1`, [interactionId])
  if (rows.length === 0) throw new ApiError('not_found', `interaction ${interactionId} is not in the loaded data`)
  const row = rows[0]
  const session = row.session_id
    ? await engine.all<InteractionDetail['session'][number]>(
        `SELECT interaction_id, strftime(timestamp_utc, '%Y-%m-%dT%H:%M:%SZ') AS timestamp_utc, model_name, is_failure, failure_type, latency_ms, ${maskSessionText ? 'request_text' : `left(request_text, ${SESSION_TEXT_CHARS})`} AS request_text
         FROM interactions WHERE session_id = ? ORDER BY timestamp_utc NULLS LAST, rowid LIMIT 500`,
        [row.session_id]
      )
    : []
  if (maskSessionText) for (const s of session) s.request_text = maskSessionText(s.request_text)?.slice(0, SESSION_TEXT_CHARS) ?? null
  return { fields: names.map((name) => ({ name, value: row[name] })), session }
}

export async function distinctValues(engine: Engine, dimension: ScopeDimension, scope: Scope, limit: number): Promise<DistinctValue[]> {
  const { where, params } = compileScope(scope)
  const col = ident(dimension)
  return engine.all<{ value: string | null; count: number }>(
    `SELECT ${col} AS value, count(*)::BIGINT AS count FROM interactions WHERE ${where} GROUP BY ${col} ORDER BY count DESC, value NULLS LAST LIMIT ?`,
    [...params, limit]
  )
}

/** Removes string literals, quoted identifiers and comments, so a `;` left over separates statements. */
export function stripSqlLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
}

/**
 * Runs one read-only query from the SQL console. The text must be one statement (no `;` outside
 * literals) and runs wrapped as a subquery, so only a query can execute; where DuckDB's parser is
 * available (json_serialize_sql) it must also agree it is a single SELECT. The engine has external
 * access switched off after ingest, so no file can be read or written from here.
 */
export async function runSql(engine: Engine, sql: string, limit: number): Promise<SqlResult> {
  const text = sql.trim().replace(/;\s*$/, '')
  if (stripSqlLiterals(text).includes(';')) throw new ApiError('invalid_request', 'run one query at a time (no ; between statements)')
  let check: { j: string } | undefined
  try {
    ;[check] = await engine.all<{ j: string }>('SELECT json_serialize_sql(CAST(? AS VARCHAR)) AS j', [text])
  } catch {
    check = undefined // the json extension is not built into duckdb-wasm; the checks above still hold
  }
  if (check) {
    const parsed = JSON.parse(check.j) as { error?: boolean; error_message?: string }
    if (parsed.error) throw new ApiError('invalid_request', `only a SELECT query can run here: ${parsed.error_message ?? 'not a SELECT'}`)
  }
  const started = Date.now()
  let data
  try {
    data = await engine.columns(`SELECT * FROM (\n${text}\n) AS q LIMIT ${Math.floor(limit) + 1}`)
  } catch (err) {
    throw new ApiError('invalid_request', (err as Error).message.split('\n')[0])
  }
  const n = data.data.length ? data.data[0].length : 0
  const keep = Math.min(n, limit)
  const rows: CellValue[][] = new Array(keep)
  for (let r = 0; r < keep; r++) rows[r] = data.data.map((col) => col[r])
  return { columns: data.names, rows, truncated: n > limit, elapsedMs: Date.now() - started }
}

/**
 * Locks the engine down after ingest: no file access from any later query. `writableDir`, a private
 * folder the app made, stays reachable so the backend can have DuckDB write a bundle's Parquet there
 * (the SQL console runs only SELECTs, so it can at most read back those transient files).
 */
export async function lockDownEngine(engine: Engine, opts: { writableDir?: string } = {}): Promise<void> {
  if (opts.writableDir) await engine.run(`SET allowed_directories = [${literal(opts.writableDir.replace(/[\\/]*$/, '/'))}]`)
  await engine.run('SET enable_external_access = false')
  await engine.run('SET lock_configuration = true')
}
