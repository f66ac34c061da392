// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ModelHotspots, RiskSliceTable } from '../../../../shared/analysis'
import { RiskHeatmapPanel } from './RiskHeatmapPanel'
import { RiskMapPanel } from './RiskMapPanel'

const handlers = new Map<string, (p: unknown) => void>()
vi.mock('../../components/echarts', () => ({
  echarts: {
    init: () => ({
      setOption: vi.fn(),
      setTheme: vi.fn(),
      on: (ev: string, fn: (p: unknown) => void) => handlers.set(ev, fn),
      off: vi.fn(),
      dispose: vi.fn(),
      isDisposed: () => false,
      resize: vi.fn()
    })
  }
}))

const TABLE: RiskSliceTable = {
  dimensions: ['account_tier', 'use_case'],
  min_requests: 1,
  slices_total: 2,
  rows: [
    { key: ['enterprise', 'coding'], requests: 117, fail_rate: 0.09401709401709402, p95_latency: 2404.99, avg_cost: 0.00185, score: 0.73 },
    { key: ['pro', 'search'], requests: 40, fail_rate: 0.025, p95_latency: 2739.7, avg_cost: 0.0019, score: 0.66 }
  ]
}

afterEach(() => {
  cleanup()
  handlers.clear()
})

describe('RiskHeatmapPanel', () => {
  it('drills into the clicked cell from the chart and from the table view, and greys cells below the support', () => {
    const onDrill = vi.fn()
    render(<RiskHeatmapPanel table={TABLE} minSupport={60} stale={false} canPickFiles={false} onDrill={onDrill} />)
    expect(screen.getByTestId('heatmap-panel').textContent).toContain('1 cell has fewer than 60 requests')
    act(() => handlers.get('click')!({ data: { slice: TABLE.rows[0] } }))
    expect(onDrill).toHaveBeenCalledWith(TABLE.rows[0])
    // a click on an axis label (no slice) does nothing
    act(() => handlers.get('click')!({ componentType: 'xAxis', value: 'coding' }))
    expect(onDrill).toHaveBeenCalledTimes(1)

    fireEvent.click(screen.getByRole('button', { name: 'Table' }))
    const cell = screen.getByTestId('heat-cell-pro-search')
    expect(cell.getAttribute('data-supported')).toBe('false')
    expect(cell.textContent).toBe('2.50% n=40')
    expect(screen.getByTestId('heat-cell-pro-coding').textContent).toBe('—')
    fireEvent.click(cell.querySelector('button')!)
    expect(onDrill).toHaveBeenLastCalledWith(TABLE.rows[1])
  })
})

describe('RiskMapPanel', () => {
  const H: ModelHotspots = {
    hotspot_fail_rate: 0.06,
    min_requests: 60,
    rows: [{ model_provider: 'openai', model_name: 'gpt', requests: 407, fail_rate: 0.0343980343980344, p95_latency: 2664.437, cost_per_request: 0.0019753, sla_breach_rate: 0.1916, bucket: 'sla_risk' }]
  }

  it('drills into a model from the chart, a table row and the keyboard', () => {
    const onDrill = vi.fn()
    render(<RiskMapPanel hotspots={H} thresholds={{ slaMs: 2200, hotspotFailRate: 0.06 }} stale={false} canPickFiles={false} onDrill={onDrill} />)
    act(() => handlers.get('click')!({ data: { model: H.rows[0] } }))
    const row = screen.getByTestId('hotspot-row-openai-gpt')
    fireEvent.click(row)
    fireEvent.keyDown(row, { key: 'Enter' })
    expect(onDrill).toHaveBeenCalledTimes(3)
    expect(onDrill).toHaveBeenCalledWith(H.rows[0])
    expect(screen.getByTestId('riskmap-sla').textContent).toBe('2,200 ms')
    expect(row.textContent).toContain('SLA')
  })
})
