// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WorkbenchEvent } from '../../../shared/api'
import { ApiCallError } from '../api/client'
import type { ExportFile } from '../api/exportFiles'
import { DOWNLOAD_SPACING_MS, ExportArtifactsButton } from './ExportArtifactsButton'

const pending: { method: string; req: Record<string, unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = []
const listeners = new Set<(e: WorkbenchEvent) => void>()
const saved: { files: ExportFile[]; canPickFiles: boolean }[] = []

vi.mock('../api/client', async (orig) => ({
  ...(await orig<typeof import('../api/client')>()),
  call: (method: string, req: Record<string, unknown>) => new Promise((resolve, reject) => pending.push({ method, req, resolve, reject })),
  onEvent: (l: (e: WorkbenchEvent) => void) => {
    listeners.add(l)
    return () => listeners.delete(l)
  }
}))
vi.mock('../api/exportFiles', () => ({
  exportFiles: async (files: ExportFile[], canPickFiles: boolean) => {
    saved.push({ files, canPickFiles })
    return canPickFiles ? { via: 'dialog', location: '/home/op/out' } : { via: 'download' }
  }
}))

function take(method: string): (typeof pending)[number] {
  const i = pending.findIndex((p) => p.method === method)
  expect(i, `a ${method} call`).toBeGreaterThanOrEqual(0)
  return pending.splice(i, 1)[0]
}

function emit(e: WorkbenchEvent): void {
  act(() => {
    for (const l of listeners) l(e)
  })
}

const FILES = [
  { name: 'routing_policy_use_case.csv', content: 'a\n' },
  { name: 'triage_threshold_policy.json', content: '{}\n' },
  { name: 'decision_artifact.json', content: '{}\n' }
]

beforeEach(() => {
  pending.length = 0
  saved.length = 0
  listeners.clear()
})
afterEach(cleanup)

describe('ExportArtifactsButton', () => {
  it('runs the export under a job id, shows its progress, and saves every file', async () => {
    render(<ExportArtifactsButton scope={{ filters: { use_case: ['coding'] } }} canPickFiles={false} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export decision artifacts' }))
    const req = take('exportArtifacts')
    expect(req.req.scope).toEqual({ filters: { use_case: ['coding'] } })
    expect(typeof req.req.jobId).toBe('number')
    expect(screen.getByRole('button', { name: 'Export decision artifacts' })).toHaveProperty('disabled', true)

    // only this job's progress moves the bar
    emit({ type: 'progress', progress: { jobId: (req.req.jobId as number) + 1, phase: 'someone else', fraction: 0.9 } })
    emit({ type: 'progress', progress: { jobId: req.req.jobId as number, phase: 'fitting triage model', fraction: 0.42 } })
    expect(screen.getByTestId('export-artifacts-phase').textContent).toBe('fitting triage model · 42%')
    expect(screen.getByRole('progressbar', { name: 'Artifact export progress' }).getAttribute('aria-valuenow')).toBe('42')

    await act(async () => req.resolve({ files: FILES, status: 'review_required', issues: ['routing_candidate_failed_backtest'] }))
    // browser downloads go one at a time, spaced (a burst loses files in Chromium)
    expect(saved).toHaveLength(1)
    await waitFor(() => expect(saved).toHaveLength(3), { timeout: 20 * DOWNLOAD_SPACING_MS })
    expect(saved.map((s) => s.files.map((f) => f.name))).toEqual(FILES.map((f) => [f.name]))
    await waitFor(() => expect(screen.getByTestId('export-artifacts-done')).toBeTruthy())
    expect(screen.getByTestId('export-artifacts-done').textContent).toContain('3 files downloaded')
    expect(screen.getByTestId('export-artifacts-status').textContent).toBe('review_required')
    expect(screen.getByTestId('export-artifacts-issues').textContent).toContain('routing_candidate_failed_backtest')
  })

  it('keeps only the files asked for, and names where the desktop saved them', async () => {
    render(<ExportArtifactsButton scope={{}} canPickFiles include={(n) => n.startsWith('triage_')} label="Export triage artifacts" dateRanges={{ reference: { from: '2025-01-01', to: '2025-01-31' }, current: { from: '2025-02-01', to: '2025-03-01' } }} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export triage artifacts' }))
    const req = take('exportArtifacts')
    expect(req.req.dateRanges).toEqual({ reference: { from: '2025-01-01', to: '2025-01-31' }, current: { from: '2025-02-01', to: '2025-03-01' } })
    await act(async () => req.resolve({ files: FILES, status: 'ok', issues: [] }))
    expect(saved[0]).toEqual({ files: [FILES[1]], canPickFiles: true })
    expect(screen.getByTestId('export-artifacts-done').textContent).toContain('1 file saved to /home/op/out')
  })

  it('cancels the job and says nothing was saved', async () => {
    render(<ExportArtifactsButton scope={{}} canPickFiles={false} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export decision artifacts' }))
    const req = take('exportArtifacts')
    fireEvent.click(screen.getByTestId('export-artifacts-cancel'))
    const cancel = take('cancelJob')
    expect(cancel.req).toEqual({ jobId: req.req.jobId })
    expect(screen.getByText('Cancelling…')).toBeTruthy()
    await act(async () => req.reject(new ApiCallError({ code: 'cancelled', message: 'cancelled' })))
    expect(screen.getByTestId('export-artifacts-cancelled').textContent).toContain('nothing was saved')
    expect(saved).toHaveLength(0)
  })

  it('shows the backend error', async () => {
    render(<ExportArtifactsButton scope={{}} canPickFiles={false} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export decision artifacts' }))
    await act(async () => take('exportArtifacts').reject(new ApiCallError({ code: 'no_dataset', message: 'no dataset is loaded' })))
    expect(screen.getByRole('alert').textContent).toContain('no dataset is loaded')
  })
})
