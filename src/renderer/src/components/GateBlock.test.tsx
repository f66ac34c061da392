// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IntegrityReport } from '../../../shared/types'
import { ApiCallError } from '../api/client'
import { blockingGates, GateBlock } from './GateBlock'

const pending: { method: string; req: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = []
vi.mock('../api/client', async (orig) => ({
  ...(await orig<typeof import('../api/client')>()),
  call: (method: string, req: unknown) => new Promise((resolve, reject) => pending.push({ method, req, resolve, reject }))
}))

function report(failed: string[], overridden: string[] = []): IntegrityReport {
  return { gates_failed: failed, gates_overridden: overridden, blocked: failed.some((g) => !overridden.includes(g)) } as IntegrityReport
}

beforeEach(() => {
  pending.length = 0
})
afterEach(cleanup)

describe('GateBlock', () => {
  it('lists the gates that still block', () => {
    expect(blockingGates(report(['a', 'b', 'c'], ['b']))).toEqual(['a', 'c'])
  })

  it('shows nothing for a clean dataset', () => {
    const { container } = render(<GateBlock report={report([])} subject="routing" />)
    expect(container.textContent).toBe('')
  })

  it('names the blocking gates and overrides the chosen ones only after confirmation', async () => {
    const onChanged = vi.fn()
    render(<GateBlock report={report(['token_accounting', 'cost_missing_rate'])} subject="routing" onChanged={onChanged} />)
    expect(screen.getByTestId('gate-blocked').textContent).toContain('Stop-ship: routing is blocked_by_gate')
    expect(screen.getByTestId('gate-blocked-gates').textContent).toBe('token_accountingcost_missing_rate')
    fireEvent.click(screen.getByRole('button', { name: 'Override gate…' }))
    expect(screen.getByTestId('override-dialog').textContent).toContain('recorded in the decision artifact')
    expect(pending).toHaveLength(0)
    // leave one gate blocking
    fireEvent.click(screen.getByRole('checkbox', { name: 'cost_missing_rate' }))
    fireEvent.click(screen.getByRole('button', { name: 'Override 1 gate' }))
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({ method: 'setGateOverrides', req: { gates: ['token_accounting'] } })
    await act(async () => pending[0].resolve({ overridden: ['token_accounting'], blocking: ['cost_missing_rate'] }))
    expect(onChanged).toHaveBeenCalledTimes(1)
    expect(screen.queryByTestId('override-dialog')).toBeNull()
  })

  it('keeps the dialog open with the backend error', async () => {
    render(<GateBlock report={report(['token_accounting'])} subject="routing" />)
    fireEvent.click(screen.getByRole('button', { name: 'Override gate…' }))
    fireEvent.click(screen.getByRole('button', { name: 'Override 1 gate' }))
    await act(async () => pending[0].reject(new ApiCallError({ code: 'invalid_request', message: 'unknown gate(s): token_accounting' })))
    expect(screen.getByTestId('override-dialog').textContent).toContain('unknown gate(s): token_accounting')
  })

  it('says which gates are overridden and revokes them all', async () => {
    render(<GateBlock report={report(['token_accounting'], ['token_accounting'])} subject="the triage threshold" />)
    expect(screen.getByTestId('gate-overridden').textContent).toContain('overridden by the operator: token_accounting')
    fireEvent.click(screen.getByRole('button', { name: 'Revoke override' }))
    expect(pending[0]).toMatchObject({ method: 'setGateOverrides', req: { gates: [] } })
    await act(async () => pending[0].resolve({ overridden: [], blocking: ['token_accounting'] }))
  })
})
