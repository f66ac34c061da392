/** The whole triage review queue for export: read page by page from the backend (the renderer never asks for it in one piece), then written as CSV in the columns of triage_actions_preview.csv, or as JSON. */
import type { TriageQueueRow } from '../../../../shared/triage'
import { toCsv as artifactCsv, type CsvCell as ArtifactCell } from '../../../../shared/artifacts/csv'

export const QUEUE_FILES = { csv: 'triage_review_queue.csv', json: 'triage_review_queue.json' } as const

export const TRIAGE_ACTIONS_COLUMNS = ['interaction_id', 'timestamp_utc', 'use_case', 'model_provider', 'model_name', 'cost_usd', 'latency_ms', 'proba_failure', 'action_review'] as const

const FLOATS = new Set(['cost_usd', 'latency_ms', 'proba_failure'])

/** Rows per request when exporting (the backend allows up to 5,000). */
export const EXPORT_PAGE_SIZE = 5000

export type QueuePageFetcher = (offset: number, limit: number) => Promise<{ total: number; rows: TriageQueueRow[] }>

/**
 * Every row of the queue in order. Stops with an error when the queue changes underneath (another
 * triage run), rather than mixing two runs in one file.
 */
export async function fetchWholeQueue(fetchPage: QueuePageFetcher, pageSize = EXPORT_PAGE_SIZE, onProgress?: (done: number, total: number) => void): Promise<TriageQueueRow[]> {
  const first = await fetchPage(0, pageSize)
  const total = first.total
  const rows = [...first.rows]
  onProgress?.(rows.length, total)
  while (rows.length < total) {
    const page = await fetchPage(rows.length, pageSize)
    if (page.total !== total) throw new Error('the review queue changed while it was exported (a new triage run?); export again')
    if (page.rows.length === 0) throw new Error(`the backend returned no rows at offset ${rows.length} of ${total}`)
    rows.push(...page.rows)
    onProgress?.(rows.length, total)
  }
  return rows
}

export function queueCsv(rows: readonly TriageQueueRow[]): string {
  return artifactCsv(TRIAGE_ACTIONS_COLUMNS, rows as unknown as Record<string, ArtifactCell>[], FLOATS)
}

export function queueJson(rows: readonly TriageQueueRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n'
}
