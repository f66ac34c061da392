// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ColumnDef } from '@tanstack/react-table'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DataGrid, type GridColumnMeta, type GridSort } from './DataGrid'

interface Row {
  id: number
  name: string
  value: number | null
}

const COLUMNS: ColumnDef<Row, unknown>[] = [
  { id: 'id', accessorKey: 'id', header: 'ID', size: 80 },
  { id: 'name', accessorKey: 'name', header: 'Name' },
  { id: 'value', accessorKey: 'value', header: 'Value', meta: { align: 'right' } }
]

const TOTAL = 10_000
const ROW_H = 30
const VIEW_H = 300

function makeRows(offset: number, limit: number, sort: GridSort): Row[] {
  const desc = sort[0]?.id === 'id' && sort[0].desc
  return Array.from({ length: limit }, (_, i) => {
    const k = offset + i
    const id = desc ? TOTAL - 1 - k : k
    return { id, name: `row ${id}`, value: id % 7 === 0 ? null : id * 1.5 }
  })
}

// jsdom has no layout: give every element the size of the grid's viewport.
const descriptors: [string, PropertyDescriptor | undefined][] = []
beforeAll(() => {
  for (const prop of ['clientHeight', 'offsetHeight']) {
    descriptors.push([prop, Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop)])
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => VIEW_H })
  }
  for (const prop of ['clientWidth', 'offsetWidth']) {
    descriptors.push([prop, Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop)])
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => 900 })
  }
})
afterAll(() => {
  for (const [prop, d] of descriptors) {
    if (d) Object.defineProperty(HTMLElement.prototype, prop, d)
  }
})
afterEach(cleanup)

function renderGrid(fetchPage = vi.fn(async (o: number, l: number, s: GridSort) => makeRows(o, l, s)), extra: Partial<Parameters<typeof DataGrid<Row>>[0]> = {}) {
  const utils = render(<DataGrid<Row> columns={COLUMNS} fetchPage={fetchPage} total={TOTAL} ariaLabel="Test rows" pageSize={50} rowHeight={ROW_H} height={VIEW_H} testId="grid" {...extra} />)
  return { ...utils, fetchPage, grid: () => screen.getByTestId('grid'), scroller: () => utils.container.querySelector('.grid__scroll') as HTMLDivElement }
}

const bodyRows = (): HTMLElement[] => screen.getAllByRole('row').filter((r) => Number(r.getAttribute('aria-rowindex')) > 1)

describe('DataGrid', () => {
  it('asks the server for the first page only and renders only the visible rows', async () => {
    const { fetchPage, grid } = renderGrid()
    await screen.findByText('row 0')
    expect(fetchPage).toHaveBeenCalledTimes(1)
    expect(fetchPage).toHaveBeenCalledWith(0, 50, [])
    const rows = bodyRows()
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(40)
    expect(screen.getByRole('table', { name: 'Test rows' }).getAttribute('aria-rowcount')).toBe(String(TOTAL + 1))
    expect(grid().dataset.rowsInMemory).toBe('50')
    expect(screen.getByText('10,000 rows')).toBeTruthy()
    expect((screen.getByRole('table').parentElement as HTMLElement).style.height).toBe(`${VIEW_H}px`)
    // nulls render as a dash, numbers formatted
    expect(within(rows[0]).getByText('—')).toBeTruthy()
  })

  it('loads the page in view after a scroll and keeps at most a few pages in memory', async () => {
    const { fetchPage, grid, scroller } = renderGrid(undefined, { maxPagesInMemory: 2 })
    await screen.findByText('row 0')
    for (const target of [2000, 5000, 8000, 9990]) {
      act(() => {
        scroller().scrollTop = target * ROW_H
        fireEvent.scroll(scroller())
      })
      await screen.findByText(`row ${target}`)
      expect(Number(grid().dataset.rowsInMemory)).toBeLessThanOrEqual(100)
    }
    const offsets = fetchPage.mock.calls.map((c) => c[0])
    expect(offsets).toContain(2000)
    expect(offsets).toContain(5000)
    // the last page of 10,000 rows at 50 per page
    expect(fetchPage).toHaveBeenCalledWith(9950, 50, [])
    expect(screen.queryByText('row 0')).toBeNull()
  })

  it('sorts on the server: a header click re-queries from offset 0 with the sort', async () => {
    const onSortChange = vi.fn()
    const { fetchPage } = renderGrid(undefined, { onSortChange })
    await screen.findByText('row 0')
    fireEvent.click(screen.getByRole('button', { name: /ID/ }))
    await waitFor(() => expect(fetchPage).toHaveBeenLastCalledWith(0, 50, [{ id: 'id', desc: false }]))
    expect(onSortChange).toHaveBeenLastCalledWith([{ id: 'id', desc: false }])
    fireEvent.click(screen.getByRole('button', { name: /ID/ }))
    await waitFor(() => expect(fetchPage).toHaveBeenLastCalledWith(0, 50, [{ id: 'id', desc: true }]))
    await screen.findByText('row 9999')
    expect(screen.getByRole('columnheader', { name: /ID/ }).getAttribute('aria-sort')).toBe('descending')
  })

  it('drops a late answer for an older sort', async () => {
    const pending: { sort: GridSort; resolve: (rows: Row[]) => void; offset: number; limit: number }[] = []
    const fetchPage = vi.fn(
      (offset: number, limit: number, sort: GridSort) =>
        new Promise<Row[]>((resolve) => {
          pending.push({ sort, resolve, offset, limit })
        })
    )
    renderGrid(fetchPage)
    await waitFor(() => expect(pending).toHaveLength(1))
    fireEvent.click(screen.getByRole('button', { name: /ID/ }))
    fireEvent.click(screen.getByRole('button', { name: /ID/ }))
    await waitFor(() => expect(pending.some((p) => p.sort[0]?.desc === true)).toBe(true))
    const newest = pending.find((p) => p.sort[0]?.desc === true)!
    await act(async () => newest.resolve(makeRows(newest.offset, newest.limit, newest.sort)))
    await act(async () => pending[0].resolve(makeRows(0, 50, [])))
    expect(screen.getByText('row 9999')).toBeTruthy()
    expect(screen.queryByText('row 0')).toBeNull()
  })

  it('hides and shows columns from the column chooser', async () => {
    renderGrid()
    await screen.findByText('row 0')
    expect(screen.getByRole('columnheader', { name: /Name/ })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Choose columns' }))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Name' }))
    expect(screen.queryByRole('columnheader', { name: /Name/ })).toBeNull()
    expect(screen.queryByText('row 0')).toBeNull()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Name' }))
    expect(screen.getByRole('columnheader', { name: /Name/ })).toBeTruthy()
  })

  it('lets the caller own column visibility (to fetch only visible columns)', async () => {
    const onColumnVisibilityChange = vi.fn()
    const { rerender, fetchPage } = renderGrid(undefined, { columnVisibility: { value: false }, onColumnVisibilityChange })
    await screen.findByText('row 0')
    expect(screen.queryByRole('columnheader', { name: /Value/ })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Choose columns' }))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Value' }))
    expect(onColumnVisibilityChange).toHaveBeenLastCalledWith({ value: true })
    // controlled: nothing changes until the caller passes the new visibility
    expect(screen.queryByRole('columnheader', { name: /Value/ })).toBeNull()
    rerender(<DataGrid<Row> columns={COLUMNS} fetchPage={fetchPage} total={TOTAL} ariaLabel="Test rows" pageSize={50} rowHeight={ROW_H} height={VIEW_H} testId="grid" columnVisibility={{ value: true }} onColumnVisibilityChange={onColumnVisibilityChange} />)
    expect(screen.getByRole('columnheader', { name: /Value/ })).toBeTruthy()
  })

  it('reports row clicks with the row and its absolute index', async () => {
    const onRowClick = vi.fn()
    renderGrid(undefined, { onRowClick })
    fireEvent.click(await screen.findByText('row 3'))
    expect(onRowClick).toHaveBeenCalledWith({ id: 3, name: 'row 3', value: 4.5 }, 3)
  })

  it('shows a load error with a retry', async () => {
    let fail = true
    const fetchPage = vi.fn(async (o: number, l: number, s: GridSort) => {
      if (fail) throw new Error('engine busy')
      return makeRows(o, l, s)
    })
    renderGrid(fetchPage)
    expect((await screen.findByRole('alert')).textContent).toContain('engine busy')
    fail = false
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    await screen.findByText('row 0')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('renders only the rows entering the view on a scroll step, never the rows it keeps', async () => {
    const renders: number[] = []
    const columns: ColumnDef<Row, unknown>[] = [
      {
        id: 'id',
        accessorKey: 'id',
        header: 'ID',
        cell: (ctx) => {
          renders.push(ctx.row.index)
          return String(ctx.getValue())
        }
      },
      { id: 'name', accessorKey: 'name', header: 'Name' }
    ]
    const { scroller } = renderGrid(undefined, { columns })
    await screen.findByText('row 0')
    const before = new Set(bodyRows().map((r) => Number(r.getAttribute('aria-rowindex')) - 2))
    renders.length = 0
    act(() => {
      scroller().scrollTop = 3 * ROW_H
      fireEvent.scroll(scroller())
    })
    await screen.findByText('row 15')
    expect(renders.length).toBeGreaterThan(0)
    expect(renders.length).toBeLessThanOrEqual(3)
    expect(renders.filter((i) => before.has(i))).toEqual([])
  })

  it('on a page arrival renders only the placeholders it fills', async () => {
    const pending: { offset: number; limit: number; resolve: (rows: Row[]) => void }[] = []
    const fetchPage = vi.fn((offset: number, limit: number) => new Promise<Row[]>((resolve) => pending.push({ offset, limit, resolve })))
    const renders: number[] = []
    const columns: ColumnDef<Row, unknown>[] = [
      {
        id: 'id',
        accessorKey: 'id',
        header: 'ID',
        cell: (ctx) => {
          renders.push(ctx.row.index)
          return String(ctx.getValue())
        }
      }
    ]
    const { scroller } = renderGrid(fetchPage, { columns })
    await waitFor(() => expect(pending).toHaveLength(1))
    await act(async () => pending[0].resolve(makeRows(0, 50, [])))
    // a view across the end of page 0 and the start of page 1: page 1 shows placeholders
    act(() => {
      scroller().scrollTop = 45 * ROW_H
      fireEvent.scroll(scroller())
    })
    await waitFor(() => expect(pending.some((p) => p.offset === 50)).toBe(true))
    expect(document.querySelectorAll('.grid__row--placeholder').length).toBeGreaterThan(0)
    renders.length = 0
    await act(async () => pending.find((p) => p.offset === 50)!.resolve(makeRows(50, 50, [])))
    expect(document.querySelectorAll('.grid__row--placeholder').length).toBe(0)
    expect(renders.length).toBeGreaterThan(0)
    expect(renders.every((i) => i >= 50)).toBe(true)
  })

  it('fetches the next page ahead, before any of its rows is in view', async () => {
    const { fetchPage, scroller } = renderGrid()
    await screen.findByText('row 0')
    expect(fetchPage).toHaveBeenCalledTimes(1)
    // rows ~30-44 in view (page 0); page 1 starts 5 rows below the view
    act(() => {
      scroller().scrollTop = 30 * ROW_H
      fireEvent.scroll(scroller())
    })
    await waitFor(() => expect(fetchPage).toHaveBeenCalledWith(50, 50, []))
    expect(bodyRows().every((r) => Number(r.getAttribute('aria-rowindex')) - 2 < 50)).toBe(true)
  })

  it('clips long text in the DOM and keeps it whole in the tooltip', async () => {
    const long = 'x'.repeat(500)
    renderGrid(vi.fn(async (o: number, l: number, s: GridSort) => makeRows(o, l, s).map((r) => (r.id === 0 ? { ...r, name: long } : r))))
    await screen.findByText('row 1')
    const cell = screen.getByTitle(long)
    expect(cell.textContent).toBe(`${'x'.repeat(300)}…`)
  })

  it("gives a cell the class its column's meta names for its value", async () => {
    const columns: ColumnDef<Row, unknown>[] = [
      { id: 'id', accessorKey: 'id', header: 'ID' },
      { id: 'value', accessorKey: 'value', header: 'Value', meta: { cellClassName: (v: unknown) => (v === null ? 'muted' : undefined) } satisfies GridColumnMeta }
    ]
    renderGrid(undefined, { columns })
    await screen.findByText('1')
    const [row0, row1] = bodyRows()
    // row 0's value is null (0 % 7), row 1's is 1.5
    expect(row0.querySelectorAll('td')[1].classList.contains('muted')).toBe(true)
    expect(row1.querySelectorAll('td')[1].classList.contains('muted')).toBe(false)
  })

  it('shows the empty message when there are no rows', () => {
    const fetchPage = vi.fn(async () => [] as Row[])
    render(<DataGrid<Row> columns={COLUMNS} fetchPage={fetchPage} total={0} ariaLabel="Empty" emptyMessage="Nothing rejected." />)
    expect(screen.getByText('Nothing rejected.')).toBeTruthy()
    expect(fetchPage).not.toHaveBeenCalled()
  })
})
