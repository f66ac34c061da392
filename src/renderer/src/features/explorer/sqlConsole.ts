/** Pure parts of the SQL console: example queries, the schema listing, and client-side sorting of a result's rows. */
import type { CellValue } from '../../../../shared/explorer'

export interface SqlExample {
  label: string
  sql: string
}

/** Starting points over the canonical views; each runs on any loaded dataset. */
export const SQL_EXAMPLES: readonly SqlExample[] = [
  {
    label: 'Failure rate by model',
    sql: `SELECT model_provider, model_name,
       count(*) AS requests,
       avg(is_failure::INTEGER) AS fail_rate,
       quantile_cont(latency_ms, 0.95) AS p95_latency_ms
FROM interactions
GROUP BY ALL
ORDER BY fail_rate DESC`
  },
  {
    label: 'Requests and failures per day',
    sql: `SELECT CAST(timestamp_utc AS DATE) AS day,
       count(*) AS requests,
       count_if(is_failure) AS failures,
       round(sum(cost_usd), 4) AS cost_usd
FROM interactions
WHERE timestamp_utc IS NOT NULL
GROUP BY day
ORDER BY day`
  },
  {
    label: 'Failure types by use case',
    sql: `SELECT use_case, failure_type, count(*) AS requests
FROM interactions
WHERE is_failure
GROUP BY ALL
ORDER BY requests DESC`
  },
  {
    label: 'Slowest requests',
    sql: `SELECT interaction_id, timestamp_utc, model_name, use_case, latency_ms, total_tokens
FROM interactions
WHERE latency_ms IS NOT NULL
ORDER BY latency_ms DESC
LIMIT 50`
  },
  {
    label: 'Sessions with the most failures',
    sql: `SELECT session_id, count(*) AS requests, count_if(is_failure) AS failures,
       min(timestamp_utc) AS first_request, max(timestamp_utc) AS last_request
FROM interactions
GROUP BY session_id
HAVING count_if(is_failure) > 0
ORDER BY failures DESC, requests DESC
LIMIT 100`
  }
]

/** Lists the loaded tables and views with their columns (one query, nothing from the UI in it). */
export const SCHEMA_SQL = `SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position`

export interface SchemaTable {
  name: string
  columns: { name: string; type: string }[]
}

/** Groups SCHEMA_SQL's rows by table, interactions first. */
export function schemaTables(rows: readonly (readonly CellValue[])[]): SchemaTable[] {
  const byTable = new Map<string, SchemaTable>()
  for (const [table, column, type] of rows) {
    if (typeof table !== 'string' || typeof column !== 'string') continue
    let t = byTable.get(table)
    if (!t) byTable.set(table, (t = { name: table, columns: [] }))
    t.columns.push({ name: column, type: String(type ?? '') })
  }
  return [...byTable.values()].sort((a, b) => (a.name === 'interactions' ? -1 : b.name === 'interactions' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Orders two cells: nulls last in either direction, numbers and booleans by value, text by code point. */
function compareCells(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The rows sorted by the given column indices (stable: ties keep the query's order); the input is not changed. */
export function sortRows(rows: readonly CellValue[][], sort: readonly { index: number; desc: boolean }[]): CellValue[][] {
  if (sort.length === 0) return rows as CellValue[][]
  const indexed = rows.map((row, i) => ({ row, i }))
  indexed.sort((p, q) => {
    for (const s of sort) {
      const a = p.row[s.index]
      const b = q.row[s.index]
      const an = a === null || a === undefined
      const bn = b === null || b === undefined
      if (an || bn) {
        if (an && bn) continue
        return an ? 1 : -1
      }
      const c = compareCells(a, b)
      if (c !== 0) return s.desc ? -c : c
    }
    return p.i - q.i
  })
  return indexed.map((x) => x.row)
}

/** Grid column id of a result column (results may repeat a name, so ids are positional). */
export function resultColumnId(index: number): string {
  return `c${index}`
}

/** The index behind a result column id, or -1. */
export function resultColumnIndex(id: string): number {
  return /^c\d+$/.test(id) ? Number(id.slice(1)) : -1
}
