/** Reads one CSV file into DuckDB with its own reader (sniffed dialect, all-VARCHAR or typed, rejects captured). */
import fs from 'node:fs'
import path from 'node:path'
import type { RejectedRow } from '../../shared/types'
import type { Engine } from '../engine/engine'
import type { FileCheck } from './fileCheck'
import type { ReaderType, SourceColumn } from './normalise'
import { ident } from './sql'

export interface Dialect {
  delimiter: string
  quote: string
  escape: string
  header: SourceColumn[]
  /** the sniffer's type of each column in its sample, by DuckDB's column name (absent when the sniffer failed) */
  sniffedTypes?: Map<string, string>
}

/** Options string for read_csv; every value comes from the sniffer or our own checks, not from the UI. */
function readOptions(d: Dialect, check: FileCheck, rejectsName: string | null, types?: ReadonlyMap<string, ReaderType>): string {
  const q = (s: string): string => "'" + s.replace(/'/g, "''") + "'"
  // Typed: every column named, in file order, with the header line still skipped; the rest stay text.
  const columns = types?.size ? `columns = {${d.header.map((h) => `${q(h.name)}: ${q(types.get(h.name) ?? 'VARCHAR')}`).join(', ')}}` : 'all_varchar = true'
  const opts = [
    'header = true',
    columns,
    `delim = ${q(d.delimiter)}`,
    `quote = ${q(d.quote)}`,
    `escape = ${q(d.escape)}`,
    'max_line_size = 8388608',
    'null_padding = false',
    'strict_mode = true'
  ]
  if (check.encoding === 'latin-1') opts.push(`encoding = 'latin-1'`)
  if (rejectsName) opts.push('store_rejects = true', `rejects_table = ${q(rejectsName + '_errors')}`, `rejects_scan = ${q(rejectsName + '_scans')}`)
  return opts.join(', ')
}

const DELIMITERS = [',', ';', '\t', '|']

/**
 * The delimiter that splits the header line (outside quotes) most often, or null when none does.
 * The header decides because ragged data rows can mislead a sniffer; DuckDB sniffs the rest.
 */
export function headerDelimiter(headerLine: string): string | null {
  let best: string | null = null
  let bestCount = 0
  for (const d of DELIMITERS) {
    let n = 0
    let inQuote = false
    for (const ch of headerLine) {
      if (ch === '"') inQuote = !inQuote
      else if (ch === d && !inQuote) n++
    }
    if (n > bestCount) {
      best = d
      bestCount = n
    }
  }
  return best
}

function readHeaderLine(file: string, encoding: FileCheck['encoding']): string {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(65536)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    const text = buf.subarray(0, n).toString(encoding === 'latin-1' ? 'latin1' : 'utf8')
    return text.replace(/^\uFEFF/, '').split(/\r?\n|\r/)[0]
  } finally {
    fs.closeSync(fd)
  }
}

/** Sniffs the dialect and reads the header as written (DuckDB renames duplicate columns; we keep both names). */
export async function sniffDialect(engine: Engine, file: string, check: FileCheck): Promise<Dialect> {
  const enc = check.encoding === 'latin-1' ? ", encoding = 'latin-1'" : ''
  const fromHeader = headerDelimiter(readHeaderLine(file, check.encoding))
  const delimOpt = fromHeader ? `, delim = '${fromHeader === '\t' ? '\t' : fromHeader}'` : ''
  let sniff: { Delimiter: string; Quote: string; Escape: string; Types?: string | null }[]
  try {
    sniff = await engine.all<{ Delimiter: string; Quote: string; Escape: string; Types: string | null }>(
      `SELECT Delimiter, Quote, Escape, array_to_string(list_transform(Columns, lambda c: c.type), '|') AS Types FROM sniff_csv(?, sample_size = 20480${enc}${delimOpt})`,
      [file]
    )
  } catch (err) {
    // Ragged rows can defeat the sniffer; with the header's delimiter known, RFC 4180 quoting is the safe reading.
    if (!fromHeader) throw err
    sniff = [{ Delimiter: fromHeader, Quote: '"', Escape: '"' }]
  }
  const s = sniff[0]
  const clean = (v: string, dflt: string): string => (v === '(empty)' || v == null ? dflt : v)
  const delimiter = clean(s.Delimiter, ',')
  const quote = clean(s.Quote, '"')
  const escape = clean(s.Escape, quote)
  const d0: Dialect = { delimiter, quote, escape, header: [] }
  const enc2 = check.encoding === 'latin-1' ? ", encoding = 'latin-1'" : ''
  const q = (x: string): string => "'" + x.replace(/'/g, "''") + "'"
  const described = await engine.all<{ column_name: string }>(
    `DESCRIBE SELECT * FROM read_csv(?, header = true, all_varchar = true, ignore_errors = true, delim = ${q(delimiter)}, quote = ${q(quote)}, escape = ${q(escape)}${enc2})`,
    [file]
  )
  const raw = await engine.columns(
    `SELECT * FROM read_csv(?, header = false, all_varchar = true, ignore_errors = true, null_padding = true, delim = ${q(delimiter)}, quote = ${q(quote)}, escape = ${q(escape)}${enc2}) LIMIT 1`,
    [file]
  )
  const headerTexts = raw.data.map((col) => String(col[0] ?? '').replace(/^\uFEFF/, ''))
  d0.header = described.map((c, i) => ({ name: c.column_name, header: headerTexts[i] ?? c.column_name }))
  const types = s.Types ? s.Types.split('|') : []
  if (types.length === d0.header.length) d0.sniffedTypes = new Map(d0.header.map((h, i) => [h.name, types[i]]))
  return d0
}

/**
 * `read_csv(...)` text for a file with a known dialect, its path bound as the first parameter: all
 * columns as text, or with `types` the listed columns typed by the reader (the others text).
 */
export function readCsvSql(d: Dialect, check: FileCheck, rejectsName: string | null, types?: ReadonlyMap<string, ReaderType>): string {
  return `read_csv(?, ${readOptions(d, check, rejectsName, types)})`
}

/** Rejected lines of the last scan stored under `rejectsName`: total distinct lines and the first examples. */
export async function readRejects(engine: Engine, rejectsName: string, file: string, limit = 50): Promise<{ count: number; examples: RejectedRow[] }> {
  const errTable = ident(rejectsName + '_errors')
  const [{ n }] = await engine.all<{ n: number }>(`SELECT count(DISTINCT line)::BIGINT AS n FROM ${errTable}`)
  const rows = await engine.all<{ line: number; column_name: string | null; error_type: string; error_message: string }>(
    `SELECT DISTINCT ON (line) line::BIGINT AS line, column_name, CAST(error_type AS VARCHAR) AS error_type, error_message FROM ${errTable} ORDER BY line, column_idx LIMIT ${Math.max(0, Math.floor(limit))}`
  )
  return {
    count: n,
    examples: rows.map((r) => ({
      file: path.basename(file),
      line: r.line,
      column: r.column_name,
      reason: `${r.error_type.toLowerCase()}: ${r.error_message.split('\n')[0]}`
    }))
  }
}
