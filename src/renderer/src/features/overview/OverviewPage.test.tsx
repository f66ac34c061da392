// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BurnDay, HealthDelta } from '../../../../shared/analysis'
import type { Incident } from '../../../../shared/costs'
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
    init: () => ({
      setOption: vi.fn(),
      setTheme: vi.fn(),
      on: vi.fn(),
      off: vi.fn(),
      dispose: vi.fn(),
      isDisposed: () => false,
      resize: vi.fn(),
      getZr: () => ({ on: vi.fn(), off: vi.fn(), setCursorStyle: vi.fn() }),
      containPixel: () => false,
      convertFromPixel: () => [0, 0]
    })
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

const burnDay = (date_utc: string, requests: number, fail_rate: number): BurnDay => ({
  date_utc,
  requests,
  fail_rate,
  sla_breach_rate: 0.2,
  cost: 0.08,
  p95_latency: 2500,
  fail_budget_burn: fail_rate / 0.02,
  sla_budget_burn: 4,
  cost_budget_burn: 0.08 / 60,
  fail_over_budget: fail_rate > 0.02,
  sla_over_budget: true,
  cost_over_budget: false
})
const BURN = [burnDay('2025-02-27', 30, 0.13333333333333333), burnDay('2025-02-28', 34, 0.08823529411764706)]
const INCIDENTS: Incident[] = [
  { budget: 'fail', since: '2025-02-27', days: 2, last_burn: 4.411764705882353, top_slice: { use_case: 'coding', model_name: 'gemini', requests: 9, rate_or_cost: 0.3333333333333333, excess_share: 0.4 } }
]
const DELTA: HealthDelta = {
  current: health,
  current_range: { from: '2025-02-01', to: '2025-02-28' },
  previous: { ...health, interactions: 1149 },
  previous_range: { from: '2025-01-04', to: '2025-01-31' },
  change: {
    interactions: -68,
    failure_rate: -0.00715902256637916,
    sla_breach_rate: 0.01,
    latency_missing_rate: 0,
    cost_missing_rate: 0,
    is_failure_missing_rate: 0,
    p95_latency_ms: -45.13599999999951,
    total_cost_usd: -0.10548000000000002,
    avg_cost_per_request: 0,
    tool_usage_share: 0,
    safety_blocks_share: 0,
    health_score_unrounded: 2.8884068634621016
  }
}

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
  it('shows the change of each KPI against the previous period, with its direction and tone', async () => {
    render(<OverviewPage {...props} scope={{ from: '2025-02-01', to: '2025-02-28' }} />)
    await answer('getKnobs', DEFAULT_KNOBS)
    await answer('getHealth', health)
    await answer('getHealthDelta', DELTA)
    const fail = screen.getByTestId('kpi-failure_rate-delta')
    expect(fail.textContent).toContain('−0.72 pp')
    expect(fail.className).toContain('kpi-delta--good')
    expect(fail.getAttribute('title')).toBe('Previous period 2025-01-04 → 2025-01-31: 5.83%')
    expect(screen.getByTestId('kpi-sla_breach_rate-delta').className).toContain('kpi-delta--bad')
    expect(screen.getByTestId('kpi-interactions-delta').textContent).toContain('−68 (−5.9%)')
    expect(screen.getByTestId('kpi-health_score-delta').textContent).toContain('+2.9 pts')
    expect(screen.getByTestId('delta-note').textContent).toBe('Arrows compare with the previous 28 days (2025-01-04 → 2025-01-31, 1,149 requests).')
  })

  it('says when there is no previous period', async () => {
    render(<OverviewPage {...props} />)
    await answer('getHealth', health)
    await answer('getHealthDelta', { ...DELTA, previous: { ...health, interactions: 0 }, current_range: { from: '2025-01-01', to: '2025-03-01' }, previous_range: { from: '2024-11-02', to: '2024-12-31' } })
    expect(screen.getByTestId('delta-note').textContent).toMatch(/^No previous period/)
    expect(screen.queryByTestId('kpi-failure_rate-delta')).toBeNull()
  })

  it('drills from an incident to exactly its interactions in the Explorer', async () => {
    render(<OverviewPage {...props} scope={{ filters: { region: ['eu'] } }} />)
    await answer('getKnobs', DEFAULT_KNOBS)
    await answer('getHealth', health)
    await answer('getBudgetBurn', BURN)
    await answer('getIncidents', INCIDENTS)
    expect(screen.getByTestId('incident-fail').textContent).toContain('since 2025-02-27 · 2 days')
    fireEvent.click(screen.getByTestId('incident-fail-slice-failures'))
    const [page, opts] = props.navigate.mock.calls[0]
    expect(page).toBe('explorer')
    expect(opts.scope).toEqual({ from: '2025-02-27', to: '2025-02-28', filters: { region: ['eu'], use_case: ['coding'], model_name: ['gemini'] }, is_failure: true })
    expect(opts.params).toMatchObject({ expect: '3', origin: 'Overview · failures of coding × gemini, 2025-02-27 → 2025-02-28' })
    fireEvent.click(screen.getByTestId('incident-fail-run'))
    expect(props.navigate.mock.calls[1][1].params.expect).toBe('64')
  })

  it('drills from a day of the burn table and keeps an error to its panel', async () => {
    render(<OverviewPage {...props} />)
    await answer('getHealth', health)
    await answer('getBudgetBurn', BURN)
    const i = pending.findIndex((p) => p.method === 'getIncidents')
    await act(async () => pending.splice(i, 1)[0].reject(new ApiCallError({ code: 'internal', message: 'incidents failed' })))
    expect(screen.getByTestId('incidents-error').textContent).toContain('incidents failed')
    fireEvent.click(screen.getByRole('button', { name: 'Table' }))
    fireEvent.click(screen.getByTestId('burn-requests-2025-02-28'))
    expect(props.navigate).toHaveBeenCalledWith('explorer', expect.objectContaining({ scope: { from: '2025-02-28', to: '2025-02-28' } }))
    expect(props.navigate.mock.calls[0][1].params.expect).toBe('34')
    // the KPIs are still there
    expect(screen.getByTestId('kpi-interactions-value').textContent).toBe('2,400')
  })
})
