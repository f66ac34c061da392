/** The triage review queue of the last run, paged from the backend in the data grid (rows to review first, then by risk); a row opens that interaction in the Explorer; the whole queue exports as CSV or JSON, and the triage artifacts as files. */
import type { ColumnDef } from '@tanstack/react-table'
import { useCallback, useMemo, useState, type ReactElement } from 'react'
import type { Scope } from '../../../../shared/scope'
import type { TriageQueueRow } from '../../../../shared/triage'
import { call } from '../../api/client'
import { exportFiles } from '../../api/exportFiles'
import { Badge } from '../../components/Badge'
import { Dialog } from '../../components/Dialog'
import { SimilarRequests } from '../clusters/SimilarRequests'
import { DataGrid } from '../../components/DataGrid'
import { ExportArtifactsButton } from '../../components/ExportArtifactsButton'
import { Panel } from '../../components/Panel'
import { formatInt, formatMs, formatUsd, MISSING } from '../../lib/format'
import { fetchWholeQueue, QUEUE_FILES, queueCsv, queueJson } from './queueExport'

const muted = (v: unknown): ReactElement | string => (v === null || v === undefined ? <span className="muted">{MISSING}</span> : String(v))

const COLUMNS: ColumnDef<TriageQueueRow, unknown>[] = [
  {
    id: 'action_review',
    accessorKey: 'action_review',
    header: 'Action',
    size: 90,
    enableSorting: false,
    cell: (c) => (c.getValue() ? <Badge tone="warn">review</Badge> : <span className="muted">skip</span>)
  },
  { id: 'proba_failure', accessorKey: 'proba_failure', header: 'P(failure)', size: 100, enableSorting: false, meta: { align: 'right' }, cell: (c) => (c.getValue() as number).toFixed(4) },
  { id: 'interaction_id', accessorKey: 'interaction_id', header: 'interaction_id', size: 140, enableSorting: false, cell: (c) => <span className="mono">{muted(c.getValue())}</span> },
  { id: 'timestamp_utc', accessorKey: 'timestamp_utc', header: 'timestamp_utc', size: 190, enableSorting: false, cell: (c) => <span className="mono">{String(c.getValue()).replace('+00:00', '')}</span> },
  { id: 'use_case', accessorKey: 'use_case', header: 'use_case', size: 130, enableSorting: false, cell: (c) => muted(c.getValue()) },
  { id: 'model_provider', accessorKey: 'model_provider', header: 'model_provider', size: 120, enableSorting: false, cell: (c) => muted(c.getValue()) },
  { id: 'model_name', accessorKey: 'model_name', header: 'model_name', size: 120, enableSorting: false, cell: (c) => muted(c.getValue()) },
  { id: 'cost_usd', accessorKey: 'cost_usd', header: 'cost_usd', size: 100, enableSorting: false, meta: { align: 'right' }, cell: (c) => formatUsd(c.getValue() as number | null) },
  { id: 'latency_ms', accessorKey: 'latency_ms', header: 'latency_ms', size: 110, enableSorting: false, meta: { align: 'right' }, cell: (c) => formatMs(c.getValue() as number | null) }
]

type ExportState = { kind: 'idle' } | { kind: 'running'; done: number; total: number } | { kind: 'done'; files: string; rows: number } | { kind: 'failed'; message: string }

export interface QueuePanelProps {
  /** changes with every triage run: the grid then drops its pages */
  runId: number
  total: number
  reviewTotal: number
  /** the scope of the run (the triage artifacts are rendered for it) */
  scope: Scope
  canPickFiles: boolean
  onOpenRow: (row: TriageQueueRow) => void
  /** opens one interaction (from the similar-requests list) */
  onOpenInteraction?: (interactionId: string) => void
}

export function QueuePanel({ runId, total, reviewTotal, scope, canPickFiles, onOpenRow, onOpenInteraction }: QueuePanelProps): ReactElement {
  const [onlyReview, setOnlyReview] = useState(false)
  const [similarOf, setSimilarOf] = useState<string | null>(null)
  // a row's "Similar" button lists the requests nearest it by meaning, with their failure status
  const columns = useMemo<ColumnDef<TriageQueueRow, unknown>[]>(
    () => [
      {
        id: 'similar',
        header: '',
        size: 74,
        enableSorting: false,
        cell: (c) => {
          const id = c.row.original.interaction_id
          return (
            <button
              type="button"
              className="btn btn--xs btn--ghost"
              disabled={!id}
              title="Requests similar to this one"
              data-testid="queue-similar"
              onClick={(e) => {
                e.stopPropagation()
                if (id) setSimilarOf(id)
              }}
            >
              Similar
            </button>
          )
        }
      },
      ...COLUMNS
    ],
    []
  )
  const [exp, setExp] = useState<ExportState>({ kind: 'idle' })
  // runId is a dependency on purpose: a new run is a new queue
  const fetchPage = useCallback(
    async (offset: number, limit: number): Promise<TriageQueueRow[]> => (await call('getTriageQueue', { offset, limit, onlyReview })).rows,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [onlyReview, runId]
  )

  const exportQueue = async (format: 'csv' | 'json'): Promise<void> => {
    setExp({ kind: 'running', done: 0, total: onlyReview ? reviewTotal : total })
    try {
      const rows = await fetchWholeQueue(
        (offset, limit) => call('getTriageQueue', { offset, limit, onlyReview }),
        undefined,
        (done, all) => setExp({ kind: 'running', done, total: all })
      )
      const name = onlyReview ? QUEUE_FILES[format].replace('queue', 'queue_review_only') : QUEUE_FILES[format]
      const out = await exportFiles([{ name, content: format === 'csv' ? queueCsv(rows) : queueJson(rows) }], canPickFiles)
      setExp(out.via === 'cancelled' ? { kind: 'idle' } : { kind: 'done', files: name, rows: rows.length })
    } catch (err) {
      setExp({ kind: 'failed', message: err instanceof Error ? err.message : String(err) })
    }
  }

  const shownTotal = onlyReview ? reviewTotal : total
  return (
    <Panel
      title="Review queue"
      subtitle={`Evaluation rows of the last run: ${formatInt(reviewTotal)} to review of ${formatInt(total)}, highest risk first. Click a row to open that interaction in the Explorer.`}
      actions={<ExportArtifactsButton scope={scope} canPickFiles={canPickFiles} label="Export triage artifacts" include={(n) => n.startsWith('triage_')} testId="export-triage-artifacts" />}
      flush
      testId="queue-panel"
    >
      <DataGrid<TriageQueueRow>
        columns={columns}
        fetchPage={fetchPage}
        total={shownTotal}
        ariaLabel="Triage review queue"
        pageSize={200}
        height={420}
        onRowClick={onOpenRow}
        emptyMessage={onlyReview ? 'No row reaches the threshold.' : 'The queue is empty.'}
        testId="queue-grid"
        toolbar={
          <div className="queue-toolbar">
            <label className="check check--inline">
              <input type="checkbox" checked={onlyReview} onChange={(e) => setOnlyReview(e.target.checked)} data-testid="queue-only-review" />
              <span>only rows to review</span>
            </label>
            <button type="button" className="btn btn--xs" disabled={exp.kind === 'running' || shownTotal === 0} onClick={() => void exportQueue('csv')} data-testid="export-queue-csv">
              CSV
            </button>
            <button type="button" className="btn btn--xs" disabled={exp.kind === 'running' || shownTotal === 0} onClick={() => void exportQueue('json')} data-testid="export-queue-json">
              JSON
            </button>
            <span className="muted" aria-live="polite" data-testid="queue-export-status">
              {exp.kind === 'running' && `reading ${formatInt(exp.done)} / ${formatInt(exp.total)} rows…`}
              {exp.kind === 'done' && `${exp.files}: ${formatInt(exp.rows)} rows exported`}
            </span>
            {exp.kind === 'failed' && (
              <span className="bad-text" role="alert">
                Export failed: {exp.message}
              </span>
            )}
          </div>
        }
      />
      <Dialog title={`Requests similar to ${similarOf ?? ''}`} open={similarOf !== null} onClose={() => setSimilarOf(null)} wide testId="queue-similar-dialog">
        {similarOf && (
          <SimilarRequests
            interactionId={similarOf}
            onOpen={(id) => {
              setSimilarOf(null)
              onOpenInteraction?.(id)
            }}
            testId="queue-similar-list"
          />
        )}
      </Dialog>
    </Panel>
  )
}
