/** Collects the Explorer's current view (scope, sort, visible columns) as CSV by paging the backend, up to a row limit. */
import type { InteractionPage } from '../../../../shared/explorer'
import { toCsv } from '../../lib/csv'

/** Most rows one export writes: larger views are cut here (the page says so before and after). */
export const EXPORT_ROW_LIMIT = 100_000

/** Rows per request while exporting (the contract's maximum page). */
export const EXPORT_PAGE_SIZE = 5000

export interface ExportPlan {
  /** rows that will be written */
  rows: number
  /** true when the view has more rows than the limit */
  truncated: boolean
}

/** How many rows an export of `total` rows writes. */
export function exportPlan(total: number, limit = EXPORT_ROW_LIMIT): ExportPlan {
  const rows = Math.max(0, Math.min(total, limit))
  return { rows, truncated: total > limit }
}

export interface CollectOptions {
  /** rows in the view */
  total: number
  limit?: number
  pageSize?: number
  /** called after each page with the rows collected so far */
  onProgress?: (done: number, of: number) => void
  /** stops between pages; the promise then rejects with an AbortError */
  signal?: AbortSignal
}

export interface CollectedCsv {
  csv: string
  rows: number
  columns: string[]
  truncated: boolean
}

/**
 * Pages through the view with `fetchPage(offset, limit)` (the same sort and scope on every call, so the
 * server's stable order makes pages contiguous) and writes one CSV with a header row.
 */
export async function collectCsv(fetchPage: (offset: number, limit: number) => Promise<InteractionPage>, opts: CollectOptions): Promise<CollectedCsv> {
  const pageSize = opts.pageSize ?? EXPORT_PAGE_SIZE
  const plan = exportPlan(opts.total, opts.limit ?? EXPORT_ROW_LIMIT)
  let columns: string[] = []
  const rows: InteractionPage['rows'] = []
  for (let offset = 0; offset < plan.rows; offset += pageSize) {
    if (opts.signal?.aborted) throw new DOMException('export cancelled', 'AbortError')
    const page = await fetchPage(offset, Math.min(pageSize, plan.rows - offset))
    if (offset === 0) columns = page.columns
    for (const r of page.rows) rows.push(r)
    opts.onProgress?.(rows.length, plan.rows)
    // the data shrank under us (a reload): stop at what exists
    if (page.rows.length === 0) break
  }
  if (opts.signal?.aborted) throw new DOMException('export cancelled', 'AbortError')
  return { csv: toCsv(columns, rows), rows: rows.length, columns, truncated: plan.truncated }
}

/** A file name for an export made at `now`: interactions_2025-01-15_0930.csv (UTC). */
export function exportFileName(now: Date, prefix = 'interactions'): string {
  const iso = now.toISOString()
  return `${prefix}_${iso.slice(0, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}.csv`
}
