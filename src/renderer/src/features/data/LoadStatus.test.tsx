// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DatasetSummary } from '../../../../shared/types'
import { LoadStatus } from './LoadStatus'

afterEach(cleanup)

const previous = { label: 'input' } as DatasetSummary

describe('LoadStatus', () => {
  it('shows the phase and progress of a running load, with Cancel', () => {
    const onCancel = vi.fn()
    render(
      <LoadStatus
        job={{ jobId: 1, target: '/data', phase: 'reading llm_system_interactions.csv', fraction: 0.42, cancelling: false, external: false, startedAt: 0 }}
        outcome={null}
        dataset={previous}
        onCancel={onCancel}
        onDismiss={vi.fn()}
      />
    )
    expect(screen.getByTestId('load-phase').textContent).toBe('reading llm_system_interactions.csv · 42%')
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42')
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onCancel).toHaveBeenCalled()
  })

  it('shows a failed load with its details and says the previous dataset is still loaded', () => {
    render(
      <LoadStatus
        job={null}
        outcome={{ kind: 'failed', target: '/nope', error: { code: 'load_failed', message: 'no usable interactions table in /nope', details: ['/nope: not found'] } }}
        dataset={previous}
        onCancel={vi.fn()}
        onDismiss={vi.fn()}
      />
    )
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('Could not load /nope')
    expect(alert.textContent).toContain('no usable interactions table in /nope')
    expect(screen.getByTestId('load-error-details').textContent).toBe('/nope: not found')
    expect(alert.textContent).toContain('The previous dataset, input, is still loaded')
  })

  it('tells a cancelled load from a failed one', () => {
    render(<LoadStatus job={null} outcome={{ kind: 'cancelled', target: 'demo data' }} dataset={previous} onCancel={vi.fn()} onDismiss={vi.fn()} />)
    expect(screen.getByTestId('load-cancelled').textContent).toContain('was cancelled')
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
