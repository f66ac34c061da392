/** The one data grid: @tanstack/react-table for columns and sorting, @tanstack/react-virtual for rows, with paging and sorting done by the server and only a few pages held in memory. */
import { createCell, createRow, flexRender, getCoreRowModel, useReactTable, type Cell, type CellContext, type Column, type ColumnDef, type Row, type SortingState, type Table, type VisibilityState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useId, useMemo, useReducer, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { MISSING, formatInt, plural } from '../lib/format'
import { PageStore, pageRequest, pagesCovering, pagesToFetch } from './pageStore'
import { Popover } from './Popover'
import './DataGrid.css'

/** Sort order handed to fetchPage: column ids with direction, first is primary. */
export type GridSort = SortingState

/** What the grid reads from a column definition's `meta`. */
export interface GridColumnMeta {
  align?: 'right'
  /** a class for the cell of a value (e.g. muted for a missing one): a tone without an element inside every cell */
  cellClassName?: (value: unknown) => string | undefined
}

export interface DataGridProps<T> {
  /**
   * tanstack column definitions; give each an `id` (or accessorKey) — that id is what fetchPage receives in `sort`.
   * A `cell` renderer is called as a plain function, not mounted as a component: no hooks in it.
   */
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
  /** pages kept in memory (pages in view are never dropped); with room for one more than the view needs, the next page is fetched ahead */
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
/** Rows rendered beyond each edge of the view: each one costs style, layout and paint on every scroll step that adds it. */
const OVERSCAN = 4
/** Characters of a text cell put in the DOM (a cell shows a few dozen; laying out a long string costs the same whether it shows or not). */
const MAX_CELL_CHARS = 300
/** Text cells longer than this carry their text (up to MAX_TITLE_CHARS) as a tooltip. */
const TITLE_FROM_CHARS = 40
const MAX_TITLE_CHARS = 2000

/** A number that changes whenever one of `deps` changes identity (what a query's cache is keyed by). */
function useChangeCounter(deps: readonly unknown[]): number {
  const ref = useRef<{ deps: readonly unknown[]; n: number }>({ deps, n: 0 })
  if (deps.length !== ref.current.deps.length || deps.some((d, i) => !Object.is(d, ref.current.deps[i]))) ref.current = { deps, n: ref.current.n + 1 }
  return ref.current.n
}

const FETCH_DELAY_MS = 40

function defaultCell(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">{MISSING}</span>
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return Number.isInteger(value) ? formatInt(value) : String(Math.round(value * 1e6) / 1e6)
  return String(value)
}

/**
 * One body cell. The column's renderer is called as a plain function (flexRender would mount it as a
 * component: a fiber and a props copy per cell), so renderers must not use hooks; long text is clipped.
 */
function cellElement<T>(table: Table<T>, row: Row<T>, column: Column<T, unknown>, position: number): ReactElement {
  const def = column.columnDef.cell
  const content: ReactNode = typeof def === 'function' ? (def(cellContext(table, row, column)) as ReactNode) : def
  const tone = (column.columnDef.meta as GridColumnMeta | undefined)?.cellClassName?.(row.getValue(column.id))
  const className = tone ? `${columnClass(position, column)} ${tone}` : columnClass(position, column)
  if (typeof content !== 'string' || content.length <= TITLE_FROM_CHARS) {
    return (
      <td key={column.id} role="cell" className={className}>
        {content}
      </td>
    )
  }
  return (
    <td key={column.id} role="cell" className={className} title={content.length > MAX_TITLE_CHARS ? `${content.slice(0, MAX_TITLE_CHARS)}…` : content}>
      {content.length > MAX_CELL_CHARS ? `${content.slice(0, MAX_CELL_CHARS)}…` : content}
    </td>
  )
}

/** Class of the cells of the visible column at `position`: its width (a rule per grid) and its alignment. */
function columnClass(position: number, column: { columnDef: { meta?: unknown } }): string {
  return (column.columnDef.meta as GridColumnMeta | undefined)?.align === 'right' ? `grid__c${position} num` : `grid__c${position}`
}

interface GridRowProps<T> {
  /** the loaded row, or undefined while its page loads (a placeholder) */
  row: Row<T> | undefined
  index: number
  /** visible columns: a new array when the columns or their visibility change, which re-renders the row */
  columns: Column<T, unknown>[]
  table: Table<T>
  onActivate: ((index: number) => void) | undefined
}

/**
 * One body row. Memoised: its props stay the same while it is in view, so a
 * scroll renders only the rows entering the view and a page arrival only the placeholders it fills.
 */
function GridRowView<T>({ row, index, columns, table, onActivate }: GridRowProps<T>): ReactElement {
  if (!row) {
    return (
      <tr role="row" aria-rowindex={index + 2} className="grid__row grid__row--placeholder">
        <td role="cell" colSpan={columns.length}>
          <span className="grid__skeleton" />
        </td>
      </tr>
    )
  }
  return (
    <tr
      role="row"
      aria-rowindex={index + 2}
      className={`grid__row${onActivate ? ' grid__row--clickable' : ''}`}
      tabIndex={onActivate ? 0 : undefined}
      onClick={onActivate ? () => onActivate(index) : undefined}
      onKeyDown={
        onActivate
          ? (e) => {
              if (e.key === 'Enter') onActivate(index)
            }
          : undefined
      }
    >
      {/* cells of the visible columns only (row.getVisibleCells would make one for every column first) */}
      {columns.map((column, i) => cellElement(table, row, column, i))}
    </tr>
  )
}
const GridRow = memo(GridRowView) as typeof GridRowView

/** What a column's cell renderer receives; tanstack's cell object is made only if a renderer asks for it (most read the value only). */
function cellContext<T>(table: Table<T>, row: Row<T>, column: Column<T, unknown>): CellContext<T, unknown> {
  let cell: Cell<T, unknown> | undefined
  return {
    table,
    column,
    row,
    get cell() {
      return (cell ??= createCell(table, row, column, column.id))
    },
    getValue: () => row.getValue(column.id),
    renderValue: () => row.renderValue(column.id)
  }
}

/**
 * Row objects of loaded rows by absolute index, kept while their data and the columns stay the same: a
 * page arriving or a scroll leaves the rows already shown (and their cells) untouched.
 */
class RowCache<T> {
  private rows = new Map<number, Row<T>>()
  private columnsKey: unknown = null

  get(table: Table<T>, index: number, original: T): Row<T> {
    const columnsKey = table.getAllLeafColumns()
    if (columnsKey !== this.columnsKey) {
      this.rows.clear()
      this.columnsKey = columnsKey
    }
    let row = this.rows.get(index)
    if (!row || row.original !== original) {
      row = createRow(table, String(index), original, index, 0)
      this.rows.set(index, row)
    }
    return row
  }

  /** Forgets rows outside [first, last] once more than `keep` are held. */
  prune(first: number, last: number, keep: number): void {
    if (this.rows.size <= keep) return
    for (const i of this.rows.keys()) if (i < first || i > last) this.rows.delete(i)
  }
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
  // bumped when a page arrives or fails: the rows themselves live in the store
  const [, pageArrived] = useReducer((n: number) => n + 1, 0)
  const [retryNonce, setRetryNonce] = useState(0)
  const scrollRef = useRef<HTMLDivElement>(null)
  const sortKey = JSON.stringify(sorting)

  // A new store per query: pages of an older query can never mix in, and its late answers are dropped.
  const epoch = useChangeCounter([fetchPage, sortKey, total])
  const store = useMemo(() => new PageStore<T>(pageSize, maxPagesInMemory, epoch), [pageSize, maxPagesInMemory, epoch])
  const storeRef = useRef(store)
  storeRef.current = store
  const [rowCache] = useState(() => new RowCache<T>())

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
    overscan: OVERSCAN,
    paddingStart: HEADER_HEIGHT
  })
  const items = virtualizer.getVirtualItems()
  const first = items.length ? items[0].index : 0
  const last = items.length ? items[items.length - 1].index : -1
  const visiblePagesRef = useRef<number[]>([])
  const lastFirstRef = useRef(first)
  const directionRef = useRef<1 | -1>(1)
  if (first !== lastFirstRef.current) {
    directionRef.current = first > lastFirstRef.current ? 1 : -1
    lastFirstRef.current = first
  }

  useEffect(() => {
    visiblePagesRef.current = pagesCovering(first, last, pageSize, total)
    const wanted = pagesToFetch(first, last, directionRef.current, pageSize, total, maxPagesInMemory)
    const missing = wanted.filter((p) => !store.has(p) && !store.inFlight.has(p) && !store.errors.has(p))
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
            pageArrived()
          },
          (err: unknown) => {
            store.inFlight.delete(p)
            if (storeRef.current !== store) return
            store.errors.set(p, err instanceof Error ? err.message : String(err))
            pageArrived()
          }
        )
      }
    }, FETCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [store, first, last, pageSize, total, fetchPage, sortKey, retryNonce, maxPagesInMemory])

  const table = useReactTable<T>({
    // rows are made one by one for the indices in view (RowCache), not from a data array
    data: NO_DATA as T[],
    columns,
    getCoreRowModel: getCoreRowModel(),
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
    defaultColumn: DEFAULT_COLUMN as Partial<ColumnDef<T, unknown>>
  })
  const leafColumns = table.getVisibleLeafColumns()
  const allColumns = table.getAllLeafColumns()
  const headerGroups = table.getHeaderGroups()
  const errorMessage = store.errors.size ? [...store.errors.values()][0] : null

  const onRowClickRef = useRef(onRowClick)
  onRowClickRef.current = onRowClick
  const hasRowClick = onRowClick !== undefined
  const activate = useCallback((index: number) => {
    const original = storeRef.current.rowAt(index)
    if (original !== undefined) onRowClickRef.current?.(original, index)
  }, [])

  // Column widths and row height as rules for this grid's rows (the table is laid out as blocks, see
  // DataGrid.css): parsed once, where a var() or an inline style would be resolved again for every row
  // and cell entering the view.
  const gridClass = `grid-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
  // A column keeps its width and takes a share of any room left in proportion to it (as a fixed-layout table would).
  const columnRules = leafColumns.map((c, i) => `.${gridClass} .grid__c${i} { flex: ${c.getSize()} 0 ${c.getSize()}px; }`).join('\n')
  const rowRule = `${columnRules}\n.${gridClass} .grid__row { height: ${rowHeight}px; line-height: ${rowHeight - 1}px; }`

  const head = useMemo(
    () =>
      headerGroups.map((hg) => (
        <tr key={hg.id} role="row" aria-rowindex={1} className="grid__head-row" style={{ height: HEADER_HEIGHT }}>
          {hg.headers.map((h) => {
            const sorted = h.column.getIsSorted()
            const content = h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())
            return (
              <th key={h.id} scope="col" role="columnheader" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined} className={columnClass(h.index, h.column)}>
                {h.column.getCanSort() ? (
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
      )),
    // sortKey: the sort marks read the table's sorting state
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [headerGroups, sortKey]
  )

  const chooser = useMemo(
    () => (
      <div className="column-chooser">
        {allColumns.map((col) => (
          <label key={col.id} className="check">
            <input type="checkbox" checked={col.getIsVisible()} disabled={!col.getCanHide() || (col.getIsVisible() && leafColumns.length === 1)} onChange={col.getToggleVisibilityHandler()} />
            <span>{typeof col.columnDef.header === 'string' ? col.columnDef.header : col.id}</span>
          </label>
        ))}
      </div>
    ),
    [allColumns, leafColumns]
  )

  rowCache.prune(first, last, 4 * pageSize)
  const bodyRows = items.map(({ index }) => {
    const original = store.rowAt(index)
    return (
      <GridRow<T>
        key={index}
        row={original === undefined ? undefined : rowCache.get(table, index, original)}
        index={index}
        columns={leafColumns}
        table={table}
        onActivate={hasRowClick ? activate : undefined}
      />
    )
  })

  return (
    <div className="grid" data-testid={testId} data-rows-in-memory={store.rowCount} data-pages-in-memory={store.loadedPages.join(',')}>
      <style>{rowRule}</style>
      <div className="grid__toolbar">
        {toolbar}
        <span className="grid__count">{plural(total, 'row')}</span>
        <Popover label={`Columns ${leafColumns.length}/${allColumns.length}`} ariaLabel="Choose columns" align="end" buttonClassName="btn btn--sm btn--ghost">
          {chooser}
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
        <table className={`grid__table ${gridClass}`} role="table" aria-label={ariaLabel} aria-rowcount={total + 1} style={{ width: table.getTotalSize() }}>
          <thead className="grid__head" role="rowgroup">
            {head}
          </thead>
          {/* rows in normal flow below a padding as tall as the rows above them: a row kept in view never moves */}
          <tbody className="grid__body" role="rowgroup" style={total > 0 ? { height: total * rowHeight, paddingTop: items.length ? items[0].index * rowHeight : 0 } : undefined}>
            {total === 0 ? (
              <tr role="row" className="grid__empty-row">
                <td role="cell" colSpan={leafColumns.length} className="grid__empty">
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              bodyRows
            )}
          </tbody>
        </table>
      </div>
    </div>
  )
}

const NO_DATA: never[] = []
const DEFAULT_COLUMN: Partial<ColumnDef<unknown, unknown>> = { size: 140, minSize: 48, cell: (ctx) => defaultCell(ctx.getValue()) }
