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
  // Every column named, in file order (typed where `types` says, text otherwise), with the header
  // line still skipped; with the dialect and the columns given, DuckDB's sniffer is not run again
  // (left on, it re-sniffs every file: ~0.1 s of CPU for a 100 MB table).
  const columns = `columns = {${d.header.map((h) => `${q(h.name)}: ${q(types?.get(h.name) ?? 'VARCHAR')}`).join(', ')}}`
  const opts = [
    'auto_detect = false',
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

/** The start of a file as text (64 KB: the header and the first rows), without a byte order mark. */
function readHead(file: string, encoding: FileCheck['encoding']): string {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(65536)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    return buf.subarray(0, n).toString(encoding === 'latin-1' ? 'latin1' : 'utf8').replace(/^\uFEFF/, '')
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * The fields of the first record of CSV text with a known dialect (quoted fields, doubled or
 * escaped quotes and line breaks inside quotes included), or null when the text ends inside it.
 */
export function firstRecord(text: string, delimiter: string, quote: string, escape: string): string[] | null {
  const fields: string[] = []
  let field = ''
  let inQuotes = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (inQuotes) {
      if (escape !== quote && ch === escape && text[i + 1] === quote) {
        field += quote
        i++
      } else if (ch === quote) {
        if (escape === quote && text[i + 1] === quote) {
          field += quote
          i++
        } else inQuotes = false
      } else field += ch
    } else if (ch === quote) inQuotes = true
    else if (ch === delimiter) {
      fields.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field)
      return fields
    } else field += ch
  }
  if (inQuotes) return null
  fields.push(field)
  return fields
}

/**
 * Sniffs the dialect and reads the header as written (DuckDB renames duplicate columns; we keep
 * both names). One sniff of the file gives the dialect, DuckDB's column names and the types its
 * sample saw; the header texts are read from the file's first record here. Only when the sniffer
 * gives up (ragged rows) or the header does not split as the sniffer's columns are further reads made.
 */
export async function sniffDialect(engine: Engine, file: string, check: FileCheck): Promise<Dialect> {
  const enc = check.encoding === 'latin-1' ? ", encoding = 'latin-1'" : ''
  const head = readHead(file, check.encoding)
  const fromHeader = headerDelimiter(head.split(/\r?\n|\r/)[0])
  const delimOpt = fromHeader ? `, delim = '${fromHeader === '\t' ? '\t' : fromHeader}'` : ''
  let sniff: { Delimiter: string; Quote: string; Escape: string; Names?: string | null; Types?: string | null; N?: number }[]
  try {
    // Names and types joined by the unit separator (no json extension in duckdb-wasm); a name holding
    // that character shows as a count mismatch, and the names are then asked from DESCRIBE.
    sniff = await engine.all<{ Delimiter: string; Quote: string; Escape: string; Names: string | null; Types: string | null; N: number }>(
      `SELECT Delimiter, Quote, Escape, array_to_string(list_transform(Columns, lambda c: c.name), chr(31)) AS Names,
         array_to_string(list_transform(Columns, lambda c: c.type), chr(31)) AS Types, len(Columns)::INTEGER AS N
       FROM sniff_csv(?, sample_size = 20480, header = true${enc}${delimOpt})`,
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
  const q = (x: string): string => "'" + x.replace(/'/g, "''") + "'"
  const options = `all_varchar = true, ignore_errors = true, delim = ${q(delimiter)}, quote = ${q(quote)}, escape = ${q(escape)}${enc}`
  const sniffedNames = s.Names != null ? s.Names.split('\u001f') : null
  const names =
    sniffedNames && sniffedNames.length === s.N
      ? sniffedNames
      : (await engine.all<{ column_name: string }>(`DESCRIBE SELECT * FROM read_csv(?, header = true, ${options})`, [file])).map((c) => c.column_name)
  let headerTexts = firstRecord(head, delimiter, quote, escape)
  if (!headerTexts || headerTexts.length !== names.length) {
    const raw = await engine.columns(`SELECT * FROM read_csv(?, header = false, null_padding = true, ${options}) LIMIT 1`, [file])
    headerTexts = raw.data.map((col) => String(col[0] ?? '').replace(/^\uFEFF/, ''))
  }
  const texts = headerTexts
  const d0: Dialect = { delimiter, quote, escape, header: names.map((name, i) => ({ name, header: texts[i] ?? name })) }
  const types = s.Types != null ? s.Types.split('\u001f') : []
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
