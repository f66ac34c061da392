/** Writes artifact tables as CSV the way the reference notebook does (pandas style: 2.0, True/False, empty for null). */

export type CsvCell = string | number | boolean | null | undefined

/** Formats one number like Python's repr of a float: shortest round-trip, `.0` on whole numbers. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return ''
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1)
  const s = String(x)
  // JS writes 1e-7 where Python writes 1e-07; keep the two-digit exponent form.
  return s.replace(/e([+-])(\d)$/, 'e$10$2')
}

/** Formats a cell; `floatColumns` marks columns whose whole numbers print as 2.0 rather than 2. */
export function formatCell(v: CsvCell, isFloat: boolean): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return isFloat ? pyFloat(v) : Number.isInteger(v) ? String(v) : pyFloat(v)
  if (/[",\r\n]/.test(v) || /^\s|\s$/.test(v)) return '"' + v.replace(/"/g, '""') + '"'
  return v
}

/** Serialises rows to CSV text with a header row; columns fix the order. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvCell>[], floatColumns: ReadonlySet<string> = new Set()): string {
  const lines = [columns.map((c) => formatCell(c, false)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => formatCell(row[c], floatColumns.has(c))).join(','))
  return lines.join('\n') + '\n'
}
