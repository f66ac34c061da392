// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CostByDayPanel, costByDayCsv } from './CostByDayPanel'

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

const DAYS = [
  { date: '2025-01-01', cost: 0.078946, requests: 40, budget: 0.078 },
  { date: '2025-01-02', cost: 0.064556, requests: 38, budget: 0.078 }
]

afterEach(() => {
  cleanup()
  handlers.clear()
})

describe('CostByDayPanel', () => {
  it('counts the days over budget, drills into a clicked day from the chart or the table', () => {
    const onDrill = vi.fn()
    render(<CostByDayPanel days={DAYS} stale={false} canPickFiles={false} onDrill={onDrill} />)
    expect(screen.getByTestId('days-over-budget').textContent).toBe('1 of 2 days over budget')
    act(() => handlers.get('click')!({ data: { day: DAYS[1] } }))
    expect(onDrill).toHaveBeenCalledWith(DAYS[1])
    fireEvent.click(screen.getByRole('button', { name: 'Table' }))
    expect(screen.getByTestId('cost-day-2025-01-01').getAttribute('data-over')).toBe('true')
    fireEvent.click(screen.getByRole('button', { name: '2025-01-01' }))
    expect(onDrill).toHaveBeenLastCalledWith(DAYS[0])
  })

  it('exports the days with their burn at full precision', () => {
    expect(costByDayCsv(DAYS)).toBe(
      'date_utc,requests,cost,daily_budget,cost_budget_burn,cost_over_budget\n' + `2025-01-01,40,0.078946,0.078,${0.078946 / 0.078},true\n` + `2025-01-02,38,0.064556,0.078,${0.064556 / 0.078},false\n`
    )
  })
})
