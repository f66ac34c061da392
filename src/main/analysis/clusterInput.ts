/**
 * What the clustering reads from DuckDB: the distinct texts ("units") with how many rows each
 * stands for, every row's unit in rowid order, and, when the dump has one, its embeddings column
 * (found by content: number lists of one length).
 */
import type { EmbeddingColumnInfo } from '../../shared/clusters'
import type { IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'
import { ident } from '../ingest/sql'

/** Shortest vector accepted as an embedding (shorter number lists are more likely something else). */
export const MIN_EMBEDDING_DIMS = 8
/** Values looked at to recognise an embeddings column. */
const SNIFF_VALUES = 200

/**
 * The embeddings column of interactions, if any: a column the schema does not know (or a list
 * column) whose non-null values parse as lists of numbers, nearly all of one length of at least
 * MIN_EMBEDDING_DIMS. A column named like *embedding* / *vector* wins over others.
 */
export async function detectEmbeddingColumn(engine: Engine, report: IntegrityReport): Promise<EmbeddingColumnInfo | null> {
  const described = await engine.all<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE interactions)')
  const unknown = new Set((report.tables.interactions?.unknown_columns ?? []).map((c) => c.trim().toLowerCase()))
  const candidates = described
    .filter((c) => /\[\]$|^(FLOAT|DOUBLE|INTEGER|BIGINT|DECIMAL).*\[\d*\]$/i.test(c.column_type) || (c.column_type === 'VARCHAR' && unknown.has(c.column_name.toLowerCase())))
    .map((c) => c.column_name)
    .sort((a, b) => Number(/embed|vector/i.test(b)) - Number(/embed|vector/i.test(a)))
  for (const column of candidates) {
    const col = ident(column)
    const lengths = await engine.all<{ l: number | null; n: number }>(
      `SELECT len(TRY_CAST(v AS DOUBLE[]))::BIGINT AS l, count(*)::BIGINT AS n FROM (SELECT ${col} AS v FROM interactions WHERE ${col} IS NOT NULL LIMIT ${SNIFF_VALUES}) GROUP BY 1 ORDER BY n DESC, l`
    )
    const total = lengths.reduce((s, r) => s + r.n, 0)
    const top = lengths[0]
    if (!top || top.l === null || top.l < MIN_EMBEDDING_DIMS || top.n < 0.9 * total) continue
    const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE len(TRY_CAST(${col} AS DOUBLE[])) = ?`, [top.l])
    return { column, dims: top.l, rows_with_vector: n }
  }
  return null
}

export interface ClusterUnits {
  /** rowids of interactions, in order (row i of every per-row array) */
  rowIds: Float64Array
  /** per row: its unit */
  rowUnit: Int32Array
  /** per unit: rows it stands for */
  unitCount: Float64Array
  /** per unit: its first row (index into rowIds) */
  unitFirstRow: Int32Array
  request: (string | null)[]
  response: (string | null)[] | null
  embedding: { data: Float32Array; dim: number; valid: Uint8Array } | null
}

const TEMP_UNITS = 'cluster_units_tmp'

/**
 * Reads every row's text key (request text, plus the response snippet and/or the embedding when
 * they are part of the vectors), numbers the distinct keys by first appearance, and pulls the
 * texts (and embeddings) once per distinct key.
 */
export async function readClusterUnits(
  engine: Engine,
  opts: { includeResponse: boolean; embedding: EmbeddingColumnInfo | null; hasResponseColumn: boolean },
  onProgress: (fraction: number) => void = () => {}
): Promise<ClusterUnits> {
  const includeResponse = opts.includeResponse && opts.hasResponseColumn
  // each key: its column in the temp table and its expression over interactions (alias a)
  const keys: { name: string; expr: (a: string) => string }[] = [{ name: 'k0', expr: (a) => `coalesce(${a}request_text, '')` }]
  if (includeResponse) keys.push({ name: 'k1', expr: (a) => `coalesce(${a}response_text_snippet, '')` })
  if (opts.embedding) {
    const col = ident(opts.embedding.column)
    keys.push({ name: 'k2', expr: (a) => `coalesce(CAST(${a}${col} AS VARCHAR), '')` })
  }
  const names = keys.map((k) => k.name).join(', ')
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${TEMP_UNITS} AS
     SELECT *, (row_number() OVER (ORDER BY first_row) - 1)::INTEGER AS unit FROM (
       SELECT ${names}, min(rid) AS first_row, count(*)::BIGINT AS n
       FROM (SELECT rowid AS rid, ${keys.map((k) => `${k.expr('')} AS ${k.name}`).join(', ')} FROM interactions) GROUP BY ${names})`
  )
  try {
    onProgress(0.3)
    const join = keys.map((k) => `u.${k.name} = ${k.expr('i.')}`).join(' AND ')
    const rows = await engine.numericColumns(`SELECT i.rowid AS rid, u.unit AS unit FROM interactions i JOIN ${TEMP_UNITS} u ON ${join} ORDER BY i.rowid`)
    const rowIds = rows.data[0] ?? new Float64Array(0)
    const rowUnit = Int32Array.from(rows.data[1] ?? [])
    onProgress(0.6)
    const units = await engine.columns(`SELECT n, ${names} FROM ${TEMP_UNITS} ORDER BY unit`)
    const U = (units.data[0] ?? []).length
    const unitCount = Float64Array.from((units.data[0] ?? []) as number[])
    // first row of each unit, as an index into rowIds: rows arrive in rowid order, so the first seen is the first
    const unitFirstRow = new Int32Array(U).fill(-1)
    for (let r = 0; r < rowUnit.length; r++) if (unitFirstRow[rowUnit[r]] < 0) unitFirstRow[rowUnit[r]] = r
    const text = (i: number): (string | null)[] => ((units.data[1 + i] ?? []) as (string | null)[]).map((v) => (v === null || v === '' ? null : String(v)))
    const request = text(0)
    const response = includeResponse ? text(1) : null
    let embedding: ClusterUnits['embedding'] = null
    if (opts.embedding) embedding = parseEmbeddings((units.data[keys.length] ?? []) as (string | null)[], opts.embedding.dims)
    onProgress(1)
    return { rowIds, rowUnit, unitCount, unitFirstRow, request, response, embedding }
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${TEMP_UNITS}`)
  }
}

/** Parses "[x, y, ...]" texts into a units x dim matrix; a value of another length or with a non-finite number is marked invalid. */
export function parseEmbeddings(raw: readonly (string | null)[], dim: number): { data: Float32Array; dim: number; valid: Uint8Array } {
  const data = new Float32Array(raw.length * dim)
  const valid = new Uint8Array(raw.length)
  raw.forEach((s, u) => {
    if (!s) return
    let v: unknown
    try {
      v = JSON.parse(s)
    } catch {
      return
    }
    if (!Array.isArray(v) || v.length !== dim) return
    for (let j = 0; j < dim; j++) {
      const x = v[j]
      if (typeof x !== 'number' || !Number.isFinite(x)) return
      data[u * dim + j] = x
    }
    valid[u] = 1
  })
  return { data, dim, valid }
}
