// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { useImperativeHandle, type ReactElement, type Ref } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ExportFile } from '../api/exportFiles'
import type { ChartHandle } from './Chart'
import { ChartPanel, type ChartPanelProps } from './ChartPanel'

const saved: { files: ExportFile[]; canPickFiles: boolean }[] = []
vi.mock('../api/exportFiles', async (orig) => ({
  ...(await orig<typeof import('../api/exportFiles')>()),
  exportFiles: async (files: ExportFile[], canPickFiles: boolean) => {
    saved.push({ files, canPickFiles })
    return { via: 'download' }
  }
}))

const getDataURL = vi.fn(() => 'data:image/png;base64,iVBORw0KGgo=')

/** Stands in for Chart: a handle whose instance draws a fixed PNG. */
function FakeChart({ ref }: { ref: Ref<ChartHandle> }): ReactElement {
  useImperativeHandle(ref, () => ({ getInstance: () => ({ getDataURL }) as never }), [])
  return <div data-testid="the-chart" />
}

const csvFile = vi.fn(() => ({ name: 'days.csv', content: 'date,cost\n2025-01-01,1\n' }))

function renderPanel(props: Partial<ChartPanelProps> = {}): void {
  render(
    <ChartPanel
      title="Cost by day"
      canPickFiles={false}
      chart={(ref) => <FakeChart ref={ref} />}
      table={{ render: () => <table data-testid="the-table" />, toggleLabel: 'Cost by day view', toggleTestId: 'view' }}
      csv={{ title: 'Download the days as CSV', file: csvFile, testId: 'csv' }}
      png={{ name: 'cost_by_day', testId: 'png' }}
      testId="panel"
      {...props}
    />
  )
}

afterEach(() => {
  cleanup()
  saved.length = 0
  csvFile.mockClear()
  getDataURL.mockClear()
})

describe('ChartPanel', () => {
  it('shows the title and the chart first, the table on the toggle, and back', () => {
    renderPanel()
    expect(screen.getByRole('heading', { name: 'Cost by day' })).toBeTruthy()
    expect(screen.getByTestId('the-chart')).toBeTruthy()
    expect(screen.queryByTestId('the-table')).toBeNull()
    const toggle = screen.getByRole('group', { name: 'Cost by day view' })
    fireEvent.click(screen.getByRole('button', { name: 'Table' }))
    expect(screen.getByTestId('the-table')).toBeTruthy()
    expect(screen.queryByTestId('the-chart')).toBeNull()
    expect(toggle.querySelector('[aria-pressed="true"]')?.textContent).toBe('Table')
    // no chart is drawn, so there is nothing to save as PNG
    expect((screen.getByTestId('png') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'Chart' }))
    expect(screen.getByTestId('the-chart')).toBeTruthy()
    expect((screen.getByTestId('png') as HTMLButtonElement).disabled).toBe(false)
  })

  it('exports the CSV its handler builds', async () => {
    renderPanel({ canPickFiles: true })
    fireEvent.click(screen.getByTestId('csv'))
    await waitFor(() => expect(saved).toHaveLength(1))
    expect(csvFile).toHaveBeenCalledTimes(1)
    expect(saved[0]).toEqual({ files: [{ name: 'days.csv', content: 'date,cost\n2025-01-01,1\n' }], canPickFiles: true })
    expect(screen.getByTestId('csv').getAttribute('title')).toBe('Download the days as CSV')
  })

  it('exports the drawn chart as a 2x PNG named after the panel', async () => {
    renderPanel()
    fireEvent.click(screen.getByTestId('png'))
    await waitFor(() => expect(saved).toHaveLength(1))
    expect(getDataURL).toHaveBeenCalledWith(expect.objectContaining({ type: 'png', pixelRatio: 2 }))
    expect(saved[0].files).toEqual([{ name: 'cost_by_day.png', content: 'iVBORw0KGgo=', encoding: 'base64', mime: 'image/png' }])
  })

  it('shows the loading, error and empty states instead of the body, with the exports off where they would fail', () => {
    const onRetry = vi.fn()
    renderPanel({ loading: 'Computing…' })
    expect(screen.getByRole('status').textContent).toBe('Computing…')
    expect((screen.getByTestId('csv') as HTMLButtonElement).disabled).toBe(true)
    expect((screen.getByTestId('png') as HTMLButtonElement).disabled).toBe(true)
    cleanup()

    renderPanel({ error: { title: 'Could not compute cost by day', error: new Error('backend down'), onRetry }, loading: true })
    expect(screen.getByRole('alert').textContent).toContain('backend down')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(onRetry).toHaveBeenCalledTimes(1)
    cleanup()

    renderPanel({ empty: <p data-testid="nothing">No timed requests</p> })
    expect(screen.getByTestId('nothing')).toBeTruthy()
    expect(screen.queryByTestId('the-chart')).toBeNull()
    expect((screen.getByTestId('csv') as HTMLButtonElement).disabled).toBe(false)
    expect((screen.getByTestId('png') as HTMLButtonElement).disabled).toBe(true)
  })

  it('marks stale numbers and keeps the panel\'s own actions before the toggle and the exports', () => {
    renderPanel({ stale: true, className: 'wide', actions: <select aria-label="Top N" /> })
    const panel = screen.getByTestId('panel')
    expect(panel.className).toBe('panel wide is-stale')
    const actions = panel.querySelector('.panel__actions')!
    expect(Array.from(actions.children).map((c) => c.getAttribute('aria-label') ?? c.textContent)).toEqual(['Top N', 'Cost by day view', 'CSV', 'PNG'])
  })

  it('has no toggle without a table and no actions without exports', () => {
    renderPanel({ table: undefined, csv: undefined, png: undefined })
    expect(screen.queryByRole('group')).toBeNull()
    expect(screen.getByTestId('panel').querySelector('.panel__actions')).toBeNull()
    expect(screen.getByTestId('the-chart')).toBeTruthy()
  })
})
