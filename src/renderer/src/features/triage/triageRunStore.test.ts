import { describe, expect, it } from 'vitest'
import type { TriageApiResult } from './triageRunStore'
import { INITIAL_TRIAGE_RUN, triageRunReducer, type TriageRunState } from './triageRunStore'

const RESULT = { status: 'unavailable', queue_total: 0 } as unknown as TriageApiResult

function run(...actions: Parameters<typeof triageRunReducer>[1][]): TriageRunState {
  return actions.reduce(triageRunReducer, { ...INITIAL_TRIAGE_RUN, datasetId: 1 })
}

describe('triageRunReducer', () => {
  it('follows one job from start to result, ignoring other jobs', () => {
    const s = run(
      { type: 'start', jobId: 7 },
      { type: 'progress', jobId: 8, phase: 'other', fraction: 0.9 },
      { type: 'progress', jobId: 7, phase: 'fitting model', fraction: 0.5 }
    )
    expect(s.status).toEqual({ kind: 'running', jobId: 7, phase: 'fitting model', fraction: 0.5, cancelling: false })
    const done = triageRunReducer(s, { type: 'succeeded', jobId: 7, result: RESULT, scope: { filters: { use_case: ['coding'] } }, knobs: null })
    expect(done.status).toEqual({ kind: 'idle' })
    expect(done.last).toEqual({ result: RESULT, scope: { filters: { use_case: ['coding'] } }, knobs: null, runId: 1 })
    // a late answer of another job changes nothing
    expect(triageRunReducer(done, { type: 'succeeded', jobId: 9, result: RESULT, scope: {}, knobs: null })).toBe(done)
  })

  it('keeps the last result through a second run and counts runs', () => {
    const first = run({ type: 'start', jobId: 1 }, { type: 'succeeded', jobId: 1, result: RESULT, scope: {}, knobs: null })
    const second = triageRunReducer(first, { type: 'start', jobId: 2 })
    expect(second.last?.runId).toBe(1)
    expect(triageRunReducer(second, { type: 'succeeded', jobId: 2, result: RESULT, scope: {}, knobs: null }).last?.runId).toBe(2)
  })

  it('marks a cancel, then says cancelled or failed', () => {
    const s = run({ type: 'start', jobId: 3 }, { type: 'cancelRequested', jobId: 3 })
    expect(s.status).toMatchObject({ kind: 'running', cancelling: true })
    expect(triageRunReducer(s, { type: 'failed', jobId: 3, message: 'cancelled', cancelled: true }).status).toEqual({ kind: 'cancelled' })
    expect(triageRunReducer(s, { type: 'failed', jobId: 3, message: 'engine crashed', cancelled: false }).status).toEqual({ kind: 'failed', message: 'engine crashed' })
  })

  it('forgets everything when the dataset changes', () => {
    const s = run({ type: 'start', jobId: 1 }, { type: 'succeeded', jobId: 1, result: RESULT, scope: {}, knobs: null })
    expect(triageRunReducer(s, { type: 'dataset', datasetId: 1 })).toBe(s)
    expect(triageRunReducer(s, { type: 'dataset', datasetId: 2 })).toEqual({ datasetId: 2, status: { kind: 'idle' }, last: null })
  })
})
