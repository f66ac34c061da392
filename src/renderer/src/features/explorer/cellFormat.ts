/** Pure formatting of one Explorer cell for reading (UTC times, grouped numbers at full precision, yes/no flags) and its tone. */
import type { CellValue } from '../../../../shared/explorer'
import { MISSING, formatInt, formatUtc } from '../../lib/format'
import { isProblemFlag, type ColumnKind } from './explorerColumns'

const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 })

/** A number as stored, with separators and up to 6 decimals (a cost of 0.003474 stays 0.003474). */
export function formatPrecise(v: number): string {
  if (!Number.isFinite(v)) return MISSING
  return Number.isInteger(v) ? formatInt(v) : precise.format(v)
}

/** How a cell reads on screen; null and empty text read as a dash. */
export function formatCell(value: CellValue | undefined, kind: ColumnKind): string {
  if (value === null || value === undefined || value === '') return MISSING
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return formatPrecise(value)
  if (kind === 'timestamp') return formatUtc(value)
  return value
}

/** The tone of a cell as a class: missing values and flags muted, a set problem flag in the failure colour. */
export function cellTone(value: CellValue | undefined, column: string): string | undefined {
  if (value === null || value === undefined || value === '') return 'muted'
  if (typeof value === 'boolean') return value && isProblemFlag(column) ? 'bad-text strong' : 'muted'
  return undefined
}

/** The kind of a value whose column type is not known (SQL console results). */
export function kindOfValue(values: readonly CellValue[]): ColumnKind {
  const v = values.find((x) => x !== null && x !== undefined)
  if (typeof v === 'number') return 'number'
  if (typeof v === 'boolean') return 'flag'
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) return 'timestamp'
  return 'text'
}
