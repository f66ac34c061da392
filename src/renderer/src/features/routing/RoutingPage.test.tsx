// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ROUTING_BACKTEST_NOTE, type RoutingPolicyRow, type RoutingResult } from '../../../../shared/analysis'
import { DEFAULT_KNOBS } from '../../../../shared/knobs'
import type { DatasetSummary } from '../../../../shared/types'
import { queryCache } from '../../api/queryCache'
import type { WorkbenchContextValue } from '../../app/WorkbenchProvider'
import { RoutingPage } from './RoutingPage'

let wb: Partial<WorkbenchContextValue>
const pending: { method: string; req: Record<string, unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = []

vi.mock('../../app/WorkbenchProvider', () => ({ useWorkbench: () => wb }))
vi.mock('../../api/client', async (orig) => ({
  ...(await orig<typeof import('../../api/client')>()),
  call: (method: string, req: Record<string, unknown>) => new Promise((resolve, reject) => pending.push({ method, req, resolve, reject })),
  onEvent: () => () => undefined
}))
vi.mock('../../components/echarts', () => ({
  echarts: {
    init: () => ({ setOption: vi.fn(), setTheme: vi.fn(), on: vi.fn(), off: vi.fn(), dispose: vi.fn(), isDisposed: () => false, resize: vi.fn() })
  }
}))

function row(use_case: string, model_provider: string, model_name: string, expected_unit_cost: number, policy_mode: RoutingPolicyRow['policy_mode']): RoutingPolicyRow {
  return { use_case, model_provider, model_name, requests: 81, fail_rate: 0.0864, p95_latency: 2389.07, sla_breach_rate: 0.0988, avg_cost: 0.00166, expected_unit_cost, policy_mode }
}

function result(rows: RoutingPolicyRow[], status: 'candidate_failed_backtest' | 'candidate_mixed'): RoutingResult {
  return {
    policy: { rows, candidates: [], use_cases_without_candidate: [], tiers: [], routing_max_fail_rate: 0.12 },
    backtest: {
      summary: {
        evaluation_window: "split == 'test'",
        requests: 359,
        use_cases_total: 2,
        use_cases_covered: 2,
        baseline_expected_fail_rate: 0.0669,
        policy_expected_fail_rate: 0.0804,
        fail_rate_delta_vs_baseline: 0.0135,
        baseline_expected_unit_cost: 3.71,
        policy_expected_unit_cost: 4.19,
        unit_cost_delta_vs_baseline: 0.48,
        baseline_total_expected_cost: 1330.7,
        policy_total_expected_cost: 1503.07,
        total_expected_cost_delta_vs_baseline: 172.37,
        routing_status: status,
        routing_recommendation: status === 'candidate_mixed' ? 'review_tradeoff' : 'do_not_roll_out_keep_baseline',
        routing_max_fail_rate: 0.12,
        failure_business_cost: 40,
        sla_breach_penalty_usd: 5,
        use_cases_with_chosen_model_observed: 2,
        note: ROUTING_BACKTEST_NOTE
      },
      use_cases: [],
      requests_without_use_case: 0,
      blocking_gates: [],
      backtest_status: status
    }
  }
}

const SAVED = result([row('coding', 'anthropic', 'claude', 2.65, 'relax_1'), row('summarization', 'anthropic', 'claude', 3.95, 'relax_1')], 'candidate_failed_backtest')
const WHAT_IF = result([row('coding', 'anthropic', 'claude', 1.93, 'strict'), row('summarization', 'google', 'gemini', 1.47, 'strict')], 'candidate_mixed')

const dataset = { id: 1, label: 'input', report: { blocked: false, gates_failed: [], gates_overridden: [], windows: { windowing_method: 'dataset_split' } }, timeRange: { first_utc: null, last_utc: null } } as unknown as DatasetSummary
const props = { scope: {}, onScopeChange: vi.fn(), params: {}, onParamsChange: vi.fn(), navigate: vi.fn() }

async function answer(method: string, value: unknown, match?: (req: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const i = pending.findIndex((p) => p.method === method && (!match || match(p.req)))
  expect(i, `a ${method} call`).toBeGreaterThanOrEqual(0)
  const [p] = pending.splice(i, 1)
  await act(async () => p.resolve(value))
  return p.req
}

const wait = async (ms: number): Promise<void> => {
  await act(() => new Promise((r) => setTimeout(r, ms)))
}

beforeEach(() => {
  pending.length = 0
  queryCache.clear()
  wb = { dataset, datasetKnown: true, job: null, appInfo: { canPickFiles: false } as WorkbenchContextValue['appInfo'] }
  props.navigate.mockReset()
})
afterEach(cleanup)

describe('RoutingPage', () => {
  it('shows the saved policy and its verdict, and drills a row into the Explorer', async () => {
    render(<RoutingPage {...props} />)
    await answer('getKnobs', DEFAULT_KNOBS)
    await answer('getRouting', SAVED, (r) => r.knobs === undefined)
    expect(screen.getByTestId('routing-status').textContent).toBe('candidate_failed_backtest')
    expect(screen.getByTestId('policy-row-coding').getAttribute('data-model')).toBe('anthropic/claude')
    expect(screen.getByTestId('backtest-note').textContent).toContain('selection bias')
    expect(screen.getByTestId('routing-knobs').textContent).toContain('Policy from the history window (history = train), backtest on the evaluation window')
    expect(screen.queryByTestId('what-if-marker')).toBeNull()
    fireEvent.click(screen.getByTestId('policy-row-coding'))
    expect(props.navigate).toHaveBeenCalledWith('explorer', {
      scope: { filters: { use_case: ['coding'], model_provider: ['anthropic'], model_name: ['claude'] }, window: 'history' },
      params: expect.objectContaining({ origin: 'Routing · coding on anthropic / claude (history window)', expect: '81' })
    })
  })

  it('recomputes a what-if once typing pauses, marks it unsaved, diffs it, and resets', async () => {
    render(<RoutingPage {...props} />)
    await answer('getKnobs', DEFAULT_KNOBS)
    await answer('getRouting', SAVED, (r) => r.knobs === undefined)
    const sla = screen.getByTestId('what-if-SLA_MS')
    fireEvent.change(sla, { target: { value: '30' } })
    fireEvent.change(sla, { target: { value: '3000' } })
    // marked at once, asked once typing pauses, with the one changed knob
    expect(screen.getByTestId('what-if-marker').textContent).toBe('what-if (not saved)')
    expect(pending.filter((p) => p.method === 'getRouting')).toHaveLength(0)
    await wait(450)
    const asked = pending.filter((p) => p.method === 'getRouting')
    expect(asked.map((p) => p.req.knobs)).toEqual([{ SLA_MS: 3000 }])
    await answer('getRouting', WHAT_IF)
    expect(screen.getByTestId('routing-status').textContent).toBe('candidate_mixed')
    expect(screen.getByTestId('policy-row-summarization').getAttribute('data-model')).toBe('google/gemini')
    expect(screen.getByTestId('policy-diff-summarization').textContent).toContain('was anthropic / claude (relax_1)')
    expect(screen.getByTestId('what-if-diff').textContent).toContain('candidate_failed_backtest → candidate_mixed')
    expect(screen.getByTestId('what-if-changed-count').textContent).toBe('2 use cases route differently')

    fireEvent.click(screen.getByTestId('what-if-reset'))
    await wait(450)
    expect(screen.queryByTestId('what-if-marker')).toBeNull()
    expect(screen.getByTestId('routing-status').textContent).toBe('candidate_failed_backtest')
    expect((screen.getByTestId('what-if-SLA_MS') as HTMLInputElement).value).toBe('2200')
  })

  it('never sends an invalid what-if', async () => {
    render(<RoutingPage {...props} />)
    await answer('getKnobs', DEFAULT_KNOBS)
    await answer('getRouting', SAVED)
    fireEvent.change(screen.getByTestId('what-if-FAIL_BUDGET'), { target: { value: '2' } })
    await wait(450)
    expect(screen.getByText('FAIL_BUDGET must be at most 1')).toBeTruthy()
    expect(pending.filter((p) => p.method === 'getRouting')).toHaveLength(0)
  })
})
