/**
 * The cluster tables kept in DuckDB: which cluster each row of `interactions` is in (by rowid) and
 * the map selections an operator made, so a cluster or a lasso can filter any query. Both exist
 * (empty) from the moment a dataset is loaded, so a cluster filter never fails.
 */
import type { Engine, SqlValue } from '../engine/engine'

/** rowid of interactions -> cluster id of the active run. */
export const ASSIGNMENT_TABLE = 'cluster_assignment'
/** selection id -> rowid of interactions inside a map lasso. */
export const SELECTION_TABLE = 'cluster_selection'

/** Values per bound list parameter: duckdb-wasm fails on much longer parameter strings. */
const CHUNK = 50_000

/** Creates the two tables when missing (at dataset load and before any cluster query). */
export async function ensureClusterTables(engine: Engine): Promise<void> {
  await engine.run(`CREATE TABLE IF NOT EXISTS ${ASSIGNMENT_TABLE} (row_id BIGINT, cluster_id INTEGER)`)
  await engine.run(`CREATE TABLE IF NOT EXISTS ${SELECTION_TABLE} (selection_id INTEGER, row_id BIGINT)`)
}

/** Inserts parallel lists of integers as rows, in chunks, each list bound as one comma-separated parameter. */
async function insertColumns(engine: Engine, table: string, columns: { type: 'BIGINT' | 'INTEGER'; values: ArrayLike<number> | ((i: number) => number) }[], n: number): Promise<void> {
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK)
    const params = columns.map((c) => {
      const parts: string[] = new Array(end - start)
      for (let i = start; i < end; i++) parts[i - start] = String(typeof c.values === 'function' ? c.values(i) : c.values[i])
      return parts.join(',')
    })
    const select = columns.map((c, k) => `CAST(v${k} AS ${c.type})`).join(', ')
    const unnest = columns.map((_, k) => `unnest(string_split(CAST(? AS VARCHAR), ',')) AS v${k}`).join(', ')
    await engine.run(`INSERT INTO ${table} SELECT ${select} FROM (SELECT ${unnest})`, params)
  }
}

/** Replaces the assignment with `rowCluster[i]` for row `rowIds[i]`. */
export async function writeAssignment(engine: Engine, rowIds: ArrayLike<number>, rowCluster: ArrayLike<number>): Promise<void> {
  await ensureClusterTables(engine)
  await engine.run(`DELETE FROM ${ASSIGNMENT_TABLE}`)
  await insertColumns(
    engine,
    ASSIGNMENT_TABLE,
    [
      { type: 'BIGINT', values: rowIds },
      { type: 'INTEGER', values: rowCluster }
    ],
    rowIds.length
  )
}

/** Records a map selection of the given rows under `id`. */
export async function writeSelection(engine: Engine, id: number, rowIds: readonly number[]): Promise<void> {
  await ensureClusterTables(engine)
  await insertColumns(
    engine,
    SELECTION_TABLE,
    [
      { type: 'INTEGER', values: () => id },
      { type: 'BIGINT', values: rowIds }
    ],
    rowIds.length
  )
}

/**
 * The SQL of a cluster or map-selection filter (for compileScope): the row's rowid is in the
 * assignment (or selection) table under one of the given ids. `rowid` is the qualified rowid
 * column of interactions; the ids are bound, never spliced. A null in the list also selects rows
 * without a cluster (none once clusters are computed).
 */
export function membershipSql(kind: 'cluster' | 'map_selection', rowid: string, values: readonly (string | null)[]): { sql: string; params: (string | null)[] } {
  const ids = values.filter((v): v is string => v !== null)
  const table = kind === 'cluster' ? ASSIGNMENT_TABLE : SELECTION_TABLE
  const idCol = kind === 'cluster' ? 'cluster_id' : 'selection_id'
  const ors: string[] = []
  if (ids.length) ors.push(`${rowid} IN (SELECT row_id FROM ${table} WHERE ${idCol} IN (${ids.map(() => 'TRY_CAST(? AS INTEGER)').join(', ')}))`)
  if (ids.length !== values.length) ors.push(`${rowid} NOT IN (SELECT row_id FROM ${table})`)
  return { sql: ors.length === 1 ? ors[0] : `(${ors.join(' OR ')})`, params: ids }
}

/**
 * Rows of interactions by rowid, quickly: one `rowid = ?` branch per row (DuckDB skips to the row
 * group of each; `rowid IN (...)` would scan the table). `select` is the column list, with
 * `rowid AS r` among it so callers can match rows; at most a few hundred rowids.
 */
export async function rowsByRowid<T extends Record<string, SqlValue>>(engine: Engine, select: string, rowids: readonly number[]): Promise<T[]> {
  const unique = [...new Set(rowids)]
  if (unique.length === 0) return []
  return engine.all<T>(unique.map(() => `SELECT ${select} FROM interactions WHERE rowid = ?`).join('\nUNION ALL\n'), unique)
}
