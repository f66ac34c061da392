/** The interactions of one scope in the data grid: pages fetched from queryInteractions with the visible columns and the grid's sort, rows open the detail drawer. */
import type { ColumnDef, SortingState, VisibilityState } from '@tanstack/react-table'
import { useCallback, useMemo, type ReactElement, type ReactNode } from 'react'
import type { CellValue } from '../../../../shared/explorer'
import type { Scope } from '../../../../shared/scope'
import { call } from '../../api/client'
import { stableStringify } from '../../../../shared/stableStringify'
import { DataGrid, type GridColumnMeta } from '../../components/DataGrid'
import { cellTone, formatCell } from './cellFormat'
import { columnWidth, visibleColumnNames, type ExplorerColumn } from './explorerColumns'

export type InteractionRow = Record<string, CellValue>

/** Rows per request; with two pages kept the renderer holds at most a few hundred rows, whatever the table size. */
export const EXPLORER_PAGE_SIZE = 100

export interface InteractionsGridProps {
  /** the loaded dataset: a new one drops every page held */
  datasetId: number
  scope: Scope
  /** rows in scope */
  total: number
  columns: readonly ExplorerColumn[]
  visibility: VisibilityState
  onVisibilityChange: (v: VisibilityState) => void
  initialSort: SortingState
  onSortChange: (sort: SortingState) => void
  onOpen: (interactionId: string) => void
  toolbar?: ReactNode
  emptyMessage?: ReactNode
}

export function InteractionsGrid({ datasetId, scope, total, columns, visibility, onVisibilityChange, initialSort, onSortChange, onOpen, toolbar, emptyMessage }: InteractionsGridProps): ReactElement {
  const visible = visibleColumnNames(columns, visibility)
  // the id is always fetched: a row opens its detail even when the column is hidden
  const requested = visible.includes('interaction_id') ? visible : [...visible, 'interaction_id']
  const requestedKey = requested.join(',')
  const scopeKey = stableStringify(scope)

  const fetchPage = useCallback(
    async (offset: number, limit: number, sort: SortingState): Promise<InteractionRow[]> => {
      const page = await call('queryInteractions', {
        scope: JSON.parse(scopeKey) as Scope,
        sort: sort.map((s) => ({ column: s.id, desc: s.desc })),
        offset,
        limit,
        columns: requestedKey.split(','),
        withTotal: false
      })
      return page.rows.map((r) => {
        const row: InteractionRow = {}
        page.columns.forEach((c, i) => (row[c] = r[i]))
        return row
      })
    },
    [scopeKey, requestedKey]
  )

  const defs = useMemo<ColumnDef<InteractionRow, unknown>[]>(
    () =>
      columns.map((c) => ({
        id: c.name,
        accessorFn: (row: InteractionRow) => row[c.name],
        header: c.name,
        size: columnWidth(c),
        // plain text with its tone as the cell's class (the grid clips long text and gives it a tooltip)
        meta: { align: c.kind === 'number' ? 'right' : undefined, cellClassName: (v: unknown) => cellTone(v as CellValue | undefined, c.name) } satisfies GridColumnMeta,
        cell: (ctx) => formatCell(ctx.getValue() as CellValue | undefined, c.kind)
      })),
    [columns]
  )

  return (
    <DataGrid<InteractionRow>
      // a new scope (or dataset) starts at the top with fresh pages
      key={`${datasetId} ${scopeKey}`}
      columns={defs}
      fetchPage={fetchPage}
      total={total}
      ariaLabel="Interactions in scope"
      pageSize={EXPLORER_PAGE_SIZE}
      maxPagesInMemory={2}
      rowHeight={28}
      height="max(360px, calc(100vh - 250px))"
      initialSort={initialSort}
      onSortChange={onSortChange}
      columnVisibility={visibility}
      onColumnVisibilityChange={onVisibilityChange}
      onRowClick={(row) => {
        const id = row.interaction_id
        if (typeof id === 'string' && id) onOpen(id)
      }}
      toolbar={toolbar}
      emptyMessage={emptyMessage}
      testId="explorer-grid"
    />
  )
}
