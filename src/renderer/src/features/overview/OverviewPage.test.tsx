// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_KNOBS } from '../../../../shared/knobs'
import type { DatasetSummary, HealthSnapshot } from '../../../../shared/types'
import { ApiCallError } from '../../api/client'
import { queryCache } from '../../api/queryCache'
import type { WorkbenchContextValue } from '../../app/WorkbenchProvider'
import { OverviewPage } from './OverviewPage'

const health: HealthSnapshot = {
  interactions: 2400,
  failure_rate: 0.058333333333333334,
  sla_breach_rate: 0.19208333333333333,
  latency_missing_rate: 0,
  cost_missing_rate: 0,
  is_failure_missing_rate: 0,
  p95_latency_ms: 2644.5094999999997,
  total_cost_usd: 4.6978100000000005,
  avg_cost_per_request: 0.0019574208333333334,
  tool_usage_share: 0.275,
  safety_blocks_share: 0.009166666666666667,
  failure_type_mix: [
    { failure_type: 'none', count: 2260, share: 0.9416666666666667 },
    { failure_type: 'hallucination', count: 38, share: 0.015833333333333335 }
  ],
  health_score: 62.1,
  health_score_unrounded: 62.07821996753246
}

let wb: Partial<WorkbenchContextValue>
const pending: { method: string; req: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = []

vi.mock('../../app/WorkbenchProvider', () => ({ useWorkbench: () => wb }))
vi.mock('../../api/client', async (orig) => ({
  ...(await orig<typeof import('../../api/client')>()),
  call: (method: string, req: unknown) => new Promise((resolve, reject) => pending.push({ method, req, resolve, reject }))
}))
vi.mock('../../components/echarts', () => ({
  echarts: {
    init: () => ({ setOption: vi.fn(), setTheme: vi.fn(), on: vi.fn(), off: vi.fn(), dispose: vi.fn(), isDisposed: () => false, resize: vi.fn() })
  }
}))

const dataset = { id: 1, label: 'input', isDemo: false, engine: 'native', loadedAt: '', loadMs: 1, report: { blocked: false, gates_failed: [] } } as unknown as DatasetSummary
const props = { scope: {}, onScopeChange: vi.fn(), params: {}, onParamsChange: vi.fn(), navigate: vi.fn() }

async function answer(method: string, value: unknown): Promise<void> {
  const i = pending.findIndex((p) => p.method === method)
  expect(i, `a ${method} call`).toBeGreaterThanOrEqual(0)
  const [p] = pending.splice(i, 1)
  await act(async () => p.resolve(value))
}

beforeEach(() => {
  pending.length = 0
  queryCache.clear()
  wb = { dataset, datasetKnown: true, job: null, loadDemo: vi.fn() }
  props.onScopeChange.mockReset()
  props.navigate.mockReset()
})
afterEach(cleanup)

describe('OverviewPage', () => {
  it('says what to do when nothing is loaded', () => {
    wb = { dataset: null, datasetKnown: true, job: null, loadDemo: vi.fn() }
    render(<OverviewPage {...props} />)
    expect(screen.getByText('No dataset loaded')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Open data' }))
    expect(props.navigate).toHaveBeenCalledWith('data')
    fireEvent.click(screen.getByRole('button', { name: 'Open demo data' }))
    expect(wb.loadDemo).toHaveBeenCalled()
    expect(pending).toHaveLength(0)
  })

  it('shows a loading state, then the KPIs', async () => {
    render(<OverviewPage {...props} />)
    expect(document.querySelector('[aria-busy="true"]')).toBeTruthy()
    await answer('getKnobs', DEFAULT_KNOBS)
    await answer('getHealth', health)
    expect(screen.getByTestId('kpi-failure_rate-value').textContent).toBe('5.83%')
    expect(screen.getByTestId('kpi-health_score-value').textContent).toBe('62.1')
    expect(screen.getByTestId('kpi-p95_latency_ms').getAttribute('data-value')).toBe(String(health.p95_latency_ms))
    expect(screen.getByRole('img', { name: /hallucination 1.58%/ })).toBeTruthy()
  })

  it('keeps an error to its panel and retries', async () => {
    render(<OverviewPage {...props} />)
    await answer('getKnobs', DEFAULT_KNOBS)
    const i = pending.findIndex((p) => p.method === 'getHealth')
    await act(async () => pending.splice(i, 1)[0].reject(new ApiCallError({ code: 'engine_crashed', message: 'the analytics process stopped', details: ['exit code 9'] })))
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('the analytics process stopped')
    expect(alert.textContent).toContain('exit code 9')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await answer('getHealth', health)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByTestId('kpi-interactions-value').textContent).toBe('2,400')
  })

  it('offers to clear filters when the scope selects nothing', async () => {
    render(<OverviewPage {...props} scope={{ filters: { use_case: ['nope'] } }} />)
    await answer('getKnobs', DEFAULT_KNOBS)
    await answer('getHealth', { ...health, interactions: 0, failure_type_mix: [] })
    expect(screen.getByText('No requests match these filters')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Clear all filters' }))
    expect(props.onScopeChange).toHaveBeenCalledWith({})
  })
})
