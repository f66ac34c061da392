import { describe, expect, it } from 'vitest'
import type { DatasetSummary } from '../../../shared/types'
import { INITIAL_STATE, describeTarget, workbenchReducer, type WorkbenchAction, type WorkbenchState } from './workbenchState'

function ds(id: number, rows = 2400): DatasetSummary {
  return {
    id,
    label: `ds${id}`,
    isDemo: false,
    engine: 'native',
    loadedAt: '2025-01-01T00:00:00Z',
    loadMs: 900,
    timeRange: { first_utc: null, last_utc: null },
    report: { tables: { interactions: { rows } } } as unknown as DatasetSummary['report']
  }
}

const run = (actions: WorkbenchAction[], from: WorkbenchState = INITIAL_STATE): WorkbenchState => actions.reduce(workbenchReducer, from)

describe('workbenchReducer', () => {
  it('follows a load from start through progress to success', () => {
    let s = run([{ type: 'dataset', dataset: ds(1) }, { type: 'loadStarted', jobId: 7, target: '/data', now: 0 }])
    expect(s.job).toMatchObject({ jobId: 7, phase: 'starting', fraction: 0, external: false })
    s = run([{ type: 'progress', progress: { jobId: 7, phase: 'reading x.csv', fraction: 0.4 }, now: 1 }], s)
    expect(s.job).toMatchObject({ phase: 'reading x.csv', fraction: 0.4 })
    // progress of another job is not ours while ours runs
    s = run([{ type: 'progress', progress: { jobId: 8, phase: 'other', fraction: 0.9 }, now: 1 }], s)
    expect(s.job?.phase).toBe('reading x.csv')
    s = run([{ type: 'loadSucceeded', jobId: 7, dataset: ds(2, 10) }], s)
    expect(s.job).toBeNull()
    expect(s.dataset?.id).toBe(2)
    expect(s.outcome).toEqual({ kind: 'loaded', target: '/data', label: 'ds2', interactions: 10, loadMs: 900 })
  })

  it('keeps the previous dataset when a load fails, and records the error', () => {
    const s = run([
      { type: 'dataset', dataset: ds(1) },
      { type: 'loadStarted', jobId: 3, target: '/nope', now: 0 },
      { type: 'loadFailed', jobId: 3, error: { code: 'load_failed', message: 'no usable interactions table', details: ['/nope: not found'] } }
    ])
    expect(s.dataset?.id).toBe(1)
    expect(s.job).toBeNull()
    expect(s.outcome).toEqual({ kind: 'failed', target: '/nope', error: { code: 'load_failed', message: 'no usable interactions table', details: ['/nope: not found'] } })
  })

  it('reports a cancelled load as cancelled, not failed', () => {
    const s = run([
      { type: 'loadStarted', jobId: 3, target: 'demo data', now: 0 },
      { type: 'cancelRequested', jobId: 3 },
      { type: 'loadFailed', jobId: 3, error: { code: 'cancelled', message: 'cancelled' } }
    ])
    expect(s.outcome).toEqual({ kind: 'cancelled', target: 'demo data' })
  })

  it('marks cancelling', () => {
    const s = run([{ type: 'loadStarted', jobId: 3, target: 'x', now: 0 }, { type: 'cancelRequested', jobId: 3 }])
    expect(s.job?.cancelling).toBe(true)
  })

  it('shows a load it did not start until the dataset arrives', () => {
    let s = run([{ type: 'progress', progress: { jobId: 0, phase: 'reading a.csv', fraction: 0.2, label: '/data/a' }, now: 5 }])
    expect(s.job).toMatchObject({ jobId: 0, external: true, phase: 'reading a.csv', target: '/data/a' })
    s = run([{ type: 'dataset', dataset: ds(4) }], s)
    expect(s.job).toBeNull()
    expect(s.datasetKnown).toBe(true)
  })

  it('leaves progress of jobs that are not loads (triage, exports) to their pages', () => {
    const s = run([{ type: 'progress', progress: { jobId: 9, phase: 'fitting', fraction: 0.5 }, now: 5 }])
    expect(s.job).toBeNull()
  })

  it('ignores answers for jobs that are not current', () => {
    const s = run([{ type: 'loadStarted', jobId: 2, target: 'x', now: 0 }, { type: 'loadFailed', jobId: 1, error: { code: 'internal', message: 'm' } }])
    expect(s.job?.jobId).toBe(2)
    expect(s.outcome).toBeNull()
  })

  it('keeps and dismisses notices', () => {
    let s = run([{ type: 'engineRestarted', message: 'restarted' }])
    expect(s.notice).toBe('restarted')
    s = run([{ type: 'dismissNotice' }], s)
    expect(s.notice).toBeNull()
  })

  it('describes load targets', () => {
    expect(describeTarget({ demo: true })).toBe('demo data')
    expect(describeTarget({ paths: ['/a'] })).toBe('/a')
    expect(describeTarget({ paths: ['/a', '/b'] })).toBe('2 paths')
  })
})
