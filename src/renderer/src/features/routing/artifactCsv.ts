/** Pure CSV writing in the artifact format of PIPELINE.md section 10 (pandas style: floats as Python writes them, 2.0 not 2, True/False, empty for null), so a file exported from a page reads like the CLI's. */

export type ArtifactCell = string | number | boolean | null | undefined

/** One number as Python's repr of a float: the shortest round-trip digits, `.0` on whole numbers, two-digit exponents. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return ''
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1)
  return String(x).replace(/e([+-])(\d)$/, 'e$10$2')
}

function cell(v: ArtifactCell, isFloat: boolean): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return isFloat || !Number.isInteger(v) ? pyFloat(v) : String(v)
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** A header row, then one line per row in `columns` order; `floatColumns` print whole numbers as 2.0. */
export function artifactCsv(columns: readonly string[], rows: readonly Record<string, ArtifactCell>[], floatColumns: ReadonlySet<string> = new Set()): string {
  const lines = [columns.map((c) => cell(c, false)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => cell(row[c], floatColumns.has(c))).join(','))
  return lines.join('\n') + '\n'
}
