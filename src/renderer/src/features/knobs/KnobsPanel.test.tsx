// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_KNOBS } from '../../../../shared/knobs'
import { queryCache } from '../../api/queryCache'
import { KnobsPanel } from './KnobsPanel'

const pending: { method: string; req: unknown; resolve: (v: unknown) => void }[] = []
vi.mock('../../api/client', async (orig) => ({
  ...(await orig<typeof import('../../api/client')>()),
  call: (method: string, req: unknown) => new Promise((resolve) => pending.push({ method, req, resolve }))
}))

async function answer(method: string, value: unknown): Promise<unknown> {
  const i = pending.findIndex((p) => p.method === method)
  expect(i, `a ${method} call`).toBeGreaterThanOrEqual(0)
  const [p] = pending.splice(i, 1)
  await act(async () => p.resolve(value))
  return p.req
}

const input = (name: string): HTMLInputElement => screen.getByTestId(`knob-input-${name}`) as HTMLInputElement

beforeEach(() => {
  pending.length = 0
  queryCache.clear()
  // jsdom has no modal dialogs
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '')
  }
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open')
  }
})
afterEach(cleanup)

describe('KnobsPanel', () => {
  it('validates as typed, sends only the changed knobs, and drops cached analyses on success', async () => {
    render(<KnobsPanel open onClose={vi.fn()} />)
    await answer('getKnobs', { ...DEFAULT_KNOBS })
    expect(input('SLA_MS').value).toBe('2200')
    const apply = screen.getByTestId('knobs-apply') as HTMLButtonElement
    expect(apply.disabled).toBe(true)

    fireEvent.change(input('CAPACITY_PER_DAY'), { target: { value: '0' } })
    expect(screen.getByTestId('knob-error-CAPACITY_PER_DAY').textContent).toBe('CAPACITY_PER_DAY must be at least 1')
    expect(apply.disabled).toBe(true)
    fireEvent.change(input('CAPACITY_PER_DAY'), { target: { value: '200' } })
    fireEvent.change(input('SLA_MS'), { target: { value: '2600' } })
    expect(screen.getByTestId('knobs-status').textContent).toContain('1 change not applied yet: SLA_MS')

    const generation = queryCache.generation
    fireEvent.click(apply)
    const req = await answer('setKnobs', { ok: true, knobs: { ...DEFAULT_KNOBS, SLA_MS: 2600 } })
    expect(req).toEqual({ knobs: { SLA_MS: 2600 } })
    expect(queryCache.generation).toBe(generation + 1)
    expect(screen.getByTestId('knobs-status').textContent).toContain('Applied: SLA_MS 2200 → 2600')
  })

  it('shows the backend’s rejection under the knob it names', async () => {
    render(<KnobsPanel open onClose={vi.fn()} />)
    await answer('getKnobs', { ...DEFAULT_KNOBS })
    fireEvent.change(input('REVIEW_COST'), { target: { value: '3' } })
    fireEvent.click(screen.getByTestId('knobs-apply'))
    await answer('setKnobs', { ok: false, errors: ['REVIEW_COST: REVIEW_COST must be 0 or more', 'something else'] })
    expect(screen.getByTestId('knob-error-REVIEW_COST').textContent).toBe('Rejected by the backend: REVIEW_COST must be 0 or more')
    expect(screen.getByTestId('knobs-general-errors').textContent).toBe('something else')
  })

  it('resets the draft to the defaults and shows the derived thresholds of the draft', async () => {
    render(<KnobsPanel open onClose={vi.fn()} />)
    await answer('getKnobs', { ...DEFAULT_KNOBS, FAIL_BUDGET: 0.03, SLA_MS: 3000 })
    expect(screen.getByTestId('knob-derived-HOTSPOT_FAIL_RATE').getAttribute('data-value')).toBe('0.09')
    fireEvent.click(screen.getByTestId('knobs-reset'))
    expect(input('FAIL_BUDGET').value).toBe('0.02')
    expect(input('SLA_MS').value).toBe('2200')
    expect(screen.getByTestId('knob-derived-HOTSPOT_FAIL_RATE').getAttribute('data-value')).toBe('0.06')
    expect(screen.getByTestId('knobs-status').textContent).toContain('2 changes not applied yet: SLA_MS, FAIL_BUDGET')
  })
})
