/** The one data grid: @tanstack/react-table for columns and sorting, @tanstack/react-virtual for rows, with paging and sorting done by the server and only a few pages held in memory. */
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState, type VisibilityState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { MISSING, formatInt, plural } from '../lib/format'
import { PageStore, pageRequest, pagesCovering } from './pageStore'
import { Popover } from './Popover'

/** Sort order handed to fetchPage: column ids with direction, first is primary. */
export type GridSort = SortingState

export interface DataGridProps<T> {
  /** tanstack column definitions; give each an `id` (or accessorKey) — that id is what fetchPage receives in `sort` */
  columns: ColumnDef<T, unknown>[]
  /**
   * Loads rows [offset, offset + limit) in `sort` order. A new function identity (e.g. a new scope)
   * drops every loaded page, so wrap it in useCallback with the query's inputs as dependencies.
   */
  fetchPage: (offset: number, limit: number, sort: GridSort) => Promise<T[]>
  /** rows on the server for the current query */
  total: number
  ariaLabel: string
  pageSize?: number
  rowHeight?: number
  /** height of the scrolling body; a number is a maximum (a short result takes only the room it needs) */
  height?: number | string
  /** pages kept in memory (pages in view are never dropped) */
  maxPagesInMemory?: number
  initialSort?: GridSort
  onSortChange?: (sort: GridSort) => void
  onRowClick?: (row: T, index: number) => void
  /** column ids hidden at first (the column chooser can show them) */
  initialHiddenColumns?: string[]
  /** controlled column visibility (id -> false hides); a caller that fetches only visible columns passes it with onColumnVisibilityChange */
  columnVisibility?: VisibilityState
  /** called with the new visibility when the column chooser changes it */
  onColumnVisibilityChange?: (visibility: VisibilityState) => void
  /** extra toolbar content, left of the row count */
  toolbar?: ReactNode
  emptyMessage?: ReactNode
  testId?: string
}

const HEADER_HEIGHT = 30

/** A number that changes whenever one of `deps` changes identity (what a query's cache is keyed by). */
function useChangeCounter(deps: readonly unknown[]): number {
  const ref = useRef<{ deps: readonly unknown[]; n: number }>({ deps, n: 0 })
  if (deps.length !== ref.current.deps.length || deps.some((d, i) => !Object.is(d, ref.current.deps[i]))) ref.current = { deps, n: ref.current.n + 1 }
  return ref.current.n
}

interface Snapshot<T> {
  store: PageStore<T> | null
  entries: { index: number; row: T }[]
}
const FETCH_DELAY_MS = 40
const NO_ENTRIES: { index: number; row: never }[] = []

function defaultCell(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">{MISSING}</span>
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return Number.isInteger(value) ? formatInt(value) : String(Math.round(value * 1e6) / 1e6)
  return String(value)
}

export function DataGrid<T>({
  columns,
  fetchPage,
  total,
  ariaLabel,
  pageSize = 100,
  rowHeight = 28,
  height = 420,
  maxPagesInMemory = 3,
  initialSort = [],
  onSortChange,
  onRowClick,
  initialHiddenColumns,
  columnVisibility,
  onColumnVisibilityChange,
  toolbar,
  emptyMessage = 'No rows.',
  testId
}: DataGridProps<T>): ReactElement {
  const [sorting, setSorting] = useState<SortingState>(initialSort)
  const [ownVisibility, setOwnVisibility] = useState<VisibilityState>(() => Object.fromEntries((initialHiddenColumns ?? []).map((c) => [c, false])))
  const visibility = columnVisibility ?? ownVisibility
  const [snapshot, setSnapshot] = useState<Snapshot<T>>({ store: null, entries: [] })
  const [retryNonce, setRetryNonce] = useState(0)
  const scrollRef = useRef<HTMLDivElement>(null)
  const sortKey = JSON.stringify(sorting)

  // A new store per query: pages of an older query can never mix in, and its late answers are dropped.
  const epoch = useChangeCounter([fetchPage, sortKey, total])
  const store = useMemo(() => new PageStore<T>(pageSize, maxPagesInMemory, epoch), [pageSize, maxPagesInMemory, epoch])
  const storeRef = useRef(store)
  storeRef.current = store

  const onSortChangeRef = useRef(onSortChange)
  onSortChangeRef.current = onSortChange
  const firstSort = useRef(true)
  useEffect(() => {
    if (firstSort.current) {
      firstSort.current = false
      return
    }
    onSortChangeRef.current?.(JSON.parse(sortKey) as GridSort)
    if (scrollRef.current) scrollRef.current.scrollTop = 0
  }, [sortKey])

  const virtualizer = useVirtualizer({
    count: Math.max(0, total),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    paddingStart: HEADER_HEIGHT
  })
  const items = virtualizer.getVirtualItems()
  const first = items.length ? items[0].index : 0
  const last = items.length ? items[items.length - 1].index : -1
  const visiblePagesRef = useRef<number[]>([])

  useEffect(() => {
    const needed = pagesCovering(first, last, pageSize, total)
    visiblePagesRef.current = needed
    const missing = needed.filter((p) => !store.has(p) && !store.inFlight.has(p) && !store.errors.has(p))
    if (!missing.length) return
    // Waiting a moment lets a fast scroll pass without asking for every page it crosses.
    const timer = window.setTimeout(() => {
      for (const p of missing) {
        if (store.has(p) || store.inFlight.has(p)) continue
        store.inFlight.add(p)
        const { offset, limit } = pageRequest(p, pageSize, total)
        fetchPage(offset, limit, JSON.parse(sortKey) as GridSort).then(
          (rows) => {
            store.inFlight.delete(p)
            if (storeRef.current !== store) return
            store.set(p, rows, visiblePagesRef.current)
            setSnapshot({ store, entries: store.entries() })
          },
          (err: unknown) => {
            store.inFlight.delete(p)
            if (storeRef.current !== store) return
            store.errors.set(p, err instanceof Error ? err.message : String(err))
            setSnapshot({ store, entries: store.entries() })
          }
        )
      }
    }, FETCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [store, first, last, pageSize, total, fetchPage, sortKey, retryNonce])

  // rows of the current query only; a snapshot of an older store reads as "nothing loaded yet"
  const entries = snapshot.store === store ? snapshot.entries : NO_ENTRIES
  const data = useMemo(() => entries.map((e) => e.row), [entries])

  const table = useReactTable<T>({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (_row, i) => String(entries[i]?.index ?? i),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: true,
    // ascending first for every type (tanstack would start numbers descending, judged from loaded rows)
    sortDescFirst: false,
    state: { sorting, columnVisibility: visibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === 'function' ? updater(visibility) : updater
      if (columnVisibility === undefined) setOwnVisibility(next)
      onColumnVisibilityChange?.(next)
    },
    defaultColumn: { size: 140, minSize: 48, cell: (ctx) => defaultCell(ctx.getValue()) }
  })
  const rowsById = table.getRowModel().rowsById
  const leafColumns = table.getVisibleLeafColumns()
  const errorMessage = store.errors.size ? [...store.errors.values()][0] : null

  const paddingTop = items.length ? items[0].start - HEADER_HEIGHT : 0
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0

  return (
    <div className="grid" data-testid={testId} data-rows-in-memory={store.rowCount} data-pages-in-memory={store.loadedPages.join(',')}>
      <div className="grid__toolbar">
        {toolbar}
        <span className="grid__count">{plural(total, 'row')}</span>
        <Popover label={`Columns ${leafColumns.length}/${table.getAllLeafColumns().length}`} ariaLabel="Choose columns" align="end" buttonClassName="btn btn--sm btn--ghost">
          <div className="column-chooser">
            {table.getAllLeafColumns().map((col) => (
              <label key={col.id} className="check">
                <input type="checkbox" checked={col.getIsVisible()} disabled={!col.getCanHide() || (col.getIsVisible() && leafColumns.length === 1)} onChange={col.getToggleVisibilityHandler()} />
                <span>{typeof col.columnDef.header === 'string' ? col.columnDef.header : col.id}</span>
              </label>
            ))}
          </div>
        </Popover>
      </div>
      {errorMessage && (
        <div className="grid__error" role="alert">
          Could not load rows: {errorMessage}
          <button
            type="button"
            className="btn btn--xs"
            onClick={() => {
              store.errors.clear()
              setRetryNonce((n) => n + 1)
            }}
          >
            Retry
          </button>
        </div>
      )}
      <div ref={scrollRef} className="grid__scroll" style={{ height: typeof height === 'number' ? Math.min(height, HEADER_HEIGHT + Math.max(total, 2) * rowHeight + 2) : height }}>
        <table className="grid__table" aria-label={ariaLabel} aria-rowcount={total + 1} style={{ width: table.getTotalSize() }}>
          <colgroup>
            {leafColumns.map((c) => (
              <col key={c.id} style={{ width: c.getSize() }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id} aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted()
                  const canSort = h.column.getCanSort()
                  const content = h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())
                  const align = (h.column.columnDef.meta as { align?: string } | undefined)?.align
                  return (
                    <th key={h.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined} className={align === 'right' ? 'num' : undefined}>
                      {canSort ? (
                        <button type="button" className="grid__sort" onClick={h.column.getToggleSortingHandler()} title="Sort (Shift for a second key)">
                          {content}
                          <span className="grid__sort-mark" aria-hidden>
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                          </span>
                        </button>
                      ) : (
                        content
                      )}
                    </th>
                  )
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {total === 0 && (
              <tr>
                <td colSpan={leafColumns.length} className="grid__empty">
                  {emptyMessage}
                </td>
              </tr>
            )}
            {paddingTop > 0 && <tr aria-hidden style={{ height: paddingTop }} />}
            {items.map((vi) => {
              const row = rowsById[String(vi.index)]
              if (!row) {
                return (
                  <tr key={`p${vi.index}`} aria-rowindex={vi.index + 2} className="grid__row grid__row--placeholder" style={{ height: rowHeight }}>
                    <td colSpan={leafColumns.length}>
                      <span className="skeleton" />
                    </td>
                  </tr>
                )
              }
              return (
                <tr
                  key={row.id}
                  aria-rowindex={vi.index + 2}
                  className={`grid__row${onRowClick ? ' grid__row--clickable' : ''}`}
                  style={{ height: rowHeight }}
                  tabIndex={onRowClick ? 0 : undefined}
                  onClick={onRowClick ? () => onRowClick(row.original, vi.index) : undefined}
                  onKeyDown={
                    onRowClick
                      ? (e) => {
                          if (e.key === 'Enter') onRowClick(row.original, vi.index)
                        }
                      : undefined
                  }
                >
                  {row.getVisibleCells().map((cell) => {
                    const align = (cell.column.columnDef.meta as { align?: string } | undefined)?.align
                    return (
                      <td key={cell.id} className={align === 'right' ? 'num' : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
            {paddingBottom > 0 && <tr aria-hidden style={{ height: paddingBottom }} />}
          </tbody>
        </table>
      </div>
    </div>
  )
}
