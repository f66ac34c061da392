/**
 * SQL that writes a column's value as a CSV cell exactly as JavaScript would (String(number),
 * True/False, quotes only where a cell needs them), so DuckDB can build a large export's lines
 * itself instead of handing every value to JS. The reference is `jsCsvCell`.
 */
import { ident } from '../ingest/sql'

/** The JS reference: a plain value of a row as a CSV cell the app reads back to the same value. */
export function jsCsvCell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  const s = String(v)
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s
}

/** JavaScript's \s as an RE2 class (RE2's own \s lacks \v and the Unicode spaces). */
const JS_SPACE = '[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]'

/** A VARCHAR expression as a cell: quoted (quotes doubled) when it holds a quote, comma or line break, or starts or ends with a space. */
export function textCellSql(expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN '' WHEN regexp_matches(${expr}, '[",\\r\\n]|^${JS_SPACE}|${JS_SPACE}$') THEN '"' || replace(${expr}, '"', '""') || '"' ELSE ${expr} END`
}

/**
 * A DOUBLE expression as JS's String(x). DuckDB prints the same shortest round-trip digits, in
 * another notation at places: whole numbers with ".0", |x| < 1e-4 and |x| >= 1e16 in scientific
 * notation with a zero-padded exponent; these are rewritten as JS writes them (fixed notation from
 * 1e-6 up to 1e21, "1.5e-7", "1e+21"). NaN and infinities are empty cells (the app reads them as null).
 */
export function doubleCellSql(expr: string): string {
  const v = `CAST(${expr} AS VARCHAR)`
  // a number DuckDB writes as d[.ddd]e+-XX: its sign, lead digit, other digits and exponent
  const part = (k: number): string => `regexp_extract(${v}, '^(-?)(\\d)(?:\\.(\\d+))?e([-+]\\d+)$', ${k})`
  const exp = `TRY_CAST(${part(4)} AS INTEGER)`
  const [sign, lead, rest] = [part(1), part(2), part(3)]
  const mantissa = `${lead} || CASE WHEN ${rest} = '' THEN '' ELSE '.' || ${rest} END`
  return `CASE WHEN ${expr} IS NULL OR isnan(${expr}) OR isinf(${expr}) THEN ''
    WHEN ${expr} = trunc(${expr}) AND abs(${expr}) < 9007199254740992 THEN CAST(CAST(${expr} AS BIGINT) AS VARCHAR)
    WHEN ${exp} IS NULL THEN regexp_replace(${v}, '\\.0$', '')
    WHEN ${exp} >= 21 THEN ${sign} || ${mantissa} || 'e+' || CAST(${exp} AS VARCHAR)
    WHEN ${exp} >= 0 THEN ${sign} || ${lead} || ${rest} || repeat('0', ${exp} - length(${rest}))
    WHEN ${exp} >= -6 THEN ${sign} || '0.' || repeat('0', -${exp} - 1) || ${lead} || ${rest}
    ELSE ${sign} || ${mantissa} || 'e' || CAST(${exp} AS VARCHAR)
  END`
}

/** A column of a table as a cell by its DuckDB type; timestamps must already be formatted to text by the caller. */
export function columnCellSql(column: string, type: string): string {
  const c = ident(column)
  if (type === 'BOOLEAN') return `CASE WHEN ${c} IS NULL THEN '' WHEN ${c} THEN 'True' ELSE 'False' END`
  if (type === 'DOUBLE' || type === 'FLOAT' || type === 'REAL') return doubleCellSql(`CAST(${c} AS DOUBLE)`)
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(type)) return `coalesce(CAST(${c} AS VARCHAR), '')`
  return textCellSql(`CAST(${c} AS VARCHAR)`)
}
