/**
 * Masked copies of tables and CSV files: the text columns of a table are rewritten into a new table
 * (only rows the prefilter says may hold PII are read and masked, in worker threads), and a source
 * CSV is written back out with its text masked. What the CLI's --mask-export and bundles call.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { MaskMode } from '../../shared/pii'
import type { Engine, SqlValue } from '../engine/engine'
import { checkFile } from '../ingest/fileCheck'
import { readCsvSql, sniffDialect } from '../ingest/loadTable'
import { ident, literal } from '../ingest/sql'
import { prefilterSql, PiiScanCancelled } from '../analysis/piiScan'
import { piiWork, type PiiWorkerInput } from '../workers/piiWorker'
import { runWorker } from '../workers/runWorker'
import type { MaskOptions } from './mask'

export interface MaskTableOptions {
  /** table (or view) to copy */
  source: string
  /** the masked copy, created or replaced */
  target: string
  /** text columns to mask (others are copied as they are) */
  columns: readonly string[]
  mask: MaskOptions
  signal?: AbortSignal
  onProgress?: (phase: string, fraction: number) => void
  /** mask in this thread (tests, small tables) */
  inProcess?: boolean
}

const CHUNK = 20_000
const IN_PROCESS_MAX = 1_000
const INSERT_ROWS = 500
const ROWID = '__pii_source_row'

async function maskTexts(texts: (string | null)[], o: MaskTableOptions): Promise<(string | null)[]> {
  const input: PiiWorkerInput = { op: 'mask', texts, mode: o.mask.mode as MaskMode, key: o.mask.key ? new Uint8Array(o.mask.key) : undefined }
  if (o.inProcess || texts.length <= IN_PROCESS_MAX) return piiWork(input) as (string | null)[]
  return (await runWorker<PiiWorkerInput, (string | null)[]>('piiWorker', input, { signal: o.signal })) as (string | null)[]
}

/** Copies `source` into `target` with every finding in `columns` masked; returns the rows copied and the cells changed. */
export async function maskTableCopy(engine: Engine, o: MaskTableOptions): Promise<{ rows: number; maskedCells: number }> {
  const check = (): void => {
    if (o.signal?.aborted) throw new PiiScanCancelled()
  }
  const tmp = ident(`${o.target}__masked_values`)
  await engine.run(`CREATE OR REPLACE TABLE ${ident(o.target)} AS SELECT rowid AS ${ROWID}, * FROM ${ident(o.source)}`)
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${tmp} (rid BIGINT, v VARCHAR)`)
  let maskedCells = 0
  try {
    const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(o.target)}`)
    for (const [k, column] of o.columns.entries()) {
      check()
      const col = ident(column)
      const data = await engine.columns(`SELECT ${ROWID} AS rid, CAST(${col} AS VARCHAR) AS v FROM ${ident(o.target)} WHERE ${col} IS NOT NULL AND ${prefilterSql(`CAST(${col} AS VARCHAR)`)}`)
      // an empty result may come back without its columns
      const [rids = [], values = []] = data.data
      await engine.run(`DELETE FROM ${tmp}`)
      for (let lo = 0; lo < rids.length; lo += CHUNK) {
        check()
        const texts = values.slice(lo, lo + CHUNK) as (string | null)[]
        const masked = await maskTexts(texts, o)
        const changed: SqlValue[] = []
        for (let i = 0; i < texts.length; i++) if (masked[i] !== texts[i]) changed.push(rids[lo + i], masked[i])
        maskedCells += changed.length / 2
        for (let j = 0; j < changed.length; j += 2 * INSERT_ROWS) {
          const part = changed.slice(j, j + 2 * INSERT_ROWS)
          await engine.run(`INSERT INTO ${tmp} VALUES ${new Array(part.length / 2).fill('(?, ?)').join(', ')}`, part)
        }
        o.onProgress?.(`masking ${column}`, (k + Math.min(1, (lo + CHUNK) / Math.max(1, rids.length))) / o.columns.length)
      }
      await engine.run(`UPDATE ${ident(o.target)} AS t SET ${col} = m.v FROM ${tmp} AS m WHERE t.${ROWID} = m.rid`)
    }
    await engine.run(`ALTER TABLE ${ident(o.target)} DROP COLUMN ${ROWID}`)
    return { rows: n, maskedCells }
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined)
  }
}

/**
 * Writes a masked copy of a CSV file: read as text with its own dialect (rows the reader rejects
 * are left out and counted), the named columns masked, written with the same header and delimiter.
 */
export async function writeMaskedCsv(
  engine: Engine,
  o: { input: string; output: string; columns: readonly string[]; mask: MaskOptions; signal?: AbortSignal; inProcess?: boolean }
): Promise<{ rows: number; maskedCells: number; rejected: number }> {
  const fileCheck = checkFile(o.input)
  if (!fileCheck.ok) throw new Error(`${path.basename(o.input)}: ${fileCheck.problem}`)
  const dialect = await sniffDialect(engine, o.input, fileCheck)
  // source header text -> DuckDB's column name (duplicates are renamed by the reader)
  const byHeader = new Map(dialect.header.map((h) => [h.header.trim().toLowerCase(), h.name]))
  const columns = o.columns.map((c) => byHeader.get(c.trim().toLowerCase())).filter((c): c is string => c !== undefined)
  const src = '__pii_export_source'
  await engine.run(`DROP TABLE IF EXISTS ${ident('__pii_export_rejects_errors')}`)
  await engine.run(`DROP TABLE IF EXISTS ${ident('__pii_export_rejects_scans')}`)
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${src} AS SELECT * FROM ${readCsvSql(dialect, fileCheck, '__pii_export_rejects')}`, [o.input])
  const [{ rejected }] = await engine.all<{ rejected: number }>(`SELECT count(DISTINCT line)::BIGINT AS rejected FROM ${ident('__pii_export_rejects_errors')}`)
  const target = '__pii_export_masked'
  const r = await maskTableCopy(engine, { source: src, target, columns, mask: o.mask, signal: o.signal, inProcess: o.inProcess })
  const out = path.resolve(o.output)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`
  // the header is written from the source's own names (the reader may have renamed duplicates)
  const select = dialect.header.map((h) => `${ident(h.name)} AS ${ident(h.header)}`).join(', ')
  await engine.run(`COPY (SELECT ${select} FROM ${ident(target)}) TO ${literal(tmp)} (FORMAT csv, HEADER true, DELIMITER ${literal(dialect.delimiter)})`)
  fs.renameSync(tmp, out)
  await engine.run(`DROP TABLE IF EXISTS ${ident(target)}`)
  await engine.run(`DROP TABLE IF EXISTS ${src}`)
  return { ...r, rejected }
}
