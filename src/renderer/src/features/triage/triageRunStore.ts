/** The triage run of this window, kept outside the page so it survives navigation: the run in progress (job id, phase, cancel) and the last result with the scope and knobs it was computed for, per dataset. */
import { reducerStore } from '../../lib/reducerStore'
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import type { ApiResponse } from '../../../../shared/api'
import type { Knobs } from '../../../../shared/knobs'
import type { Scope } from '../../../../shared/scope'
import { ApiCallError, call, onEvent } from '../../api/client'
import { nextJobId } from '../../api/jobIds'

export type TriageApiResult = ApiResponse<'runTriage'>

export type TriageRunStatus =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: number; phase: string; fraction: number | null; cancelling: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' }

export interface TriageRunEntry {
  result: TriageApiResult
  /** the scope and knobs the run used (a later change makes it stale) */
  scope: Scope
  knobs: Knobs | null
  /** increases with every result: grids keyed by it refetch their pages */
  runId: number
}

export interface TriageRunState {
  datasetId: number | null
  status: TriageRunStatus
  last: TriageRunEntry | null
}

export type TriageRunAction =
  | { type: 'dataset'; datasetId: number | null }
  | { type: 'start'; jobId: number }
  | { type: 'progress'; jobId: number; phase: string; fraction: number | null }
  | { type: 'cancelRequested'; jobId: number }
  | { type: 'succeeded'; jobId: number; result: TriageApiResult; scope: Scope; knobs: Knobs | null }
  | { type: 'failed'; jobId: number; message: string; cancelled: boolean }

export const INITIAL_TRIAGE_RUN: TriageRunState = { datasetId: null, status: { kind: 'idle' }, last: null }

function isJob(s: TriageRunState, jobId: number): boolean {
  return s.status.kind === 'running' && s.status.jobId === jobId
}

export function triageRunReducer(s: TriageRunState, a: TriageRunAction): TriageRunState {
  switch (a.type) {
    case 'dataset':
      // the backend forgets its last run with the dataset; so does this window
      return a.datasetId === s.datasetId ? s : { ...INITIAL_TRIAGE_RUN, datasetId: a.datasetId }
    case 'start':
      return { ...s, status: { kind: 'running', jobId: a.jobId, phase: 'starting', fraction: 0, cancelling: false } }
    case 'progress':
      return isJob(s, a.jobId) && s.status.kind === 'running' ? { ...s, status: { ...s.status, phase: a.phase, fraction: a.fraction } } : s
    case 'cancelRequested':
      return isJob(s, a.jobId) && s.status.kind === 'running' ? { ...s, status: { ...s.status, cancelling: true } } : s
    case 'succeeded':
      if (!isJob(s, a.jobId)) return s
      return { ...s, status: { kind: 'idle' }, last: { result: a.result, scope: a.scope, knobs: a.knobs, runId: (s.last?.runId ?? 0) + 1 } }
    case 'failed':
      if (!isJob(s, a.jobId)) return s
      return { ...s, status: a.cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: a.message } }
  }
}

const store = reducerStore(triageRunReducer, INITIAL_TRIAGE_RUN)
const { dispatch, subscribe } = store

/** Starts a run: progress events of its job move the phase; the answer lands in the store even if the page is gone. */
async function runTriage(scope: Scope, knobs: Knobs | null): Promise<void> {
  if (store.get().status.kind === 'running') return
  const jobId = nextJobId()
  dispatch({ type: 'start', jobId })
  const off = onEvent((e) => {
    if (e.type === 'progress' && e.progress.jobId === jobId) dispatch({ type: 'progress', jobId, phase: e.progress.phase, fraction: e.progress.fraction })
  })
  try {
    const result = await call('runTriage', { jobId, scope })
    dispatch({ type: 'succeeded', jobId, result, scope, knobs })
  } catch (err) {
    const cancelled = err instanceof ApiCallError && err.shape.code === 'cancelled'
    dispatch({ type: 'failed', jobId, message: err instanceof Error ? err.message : String(err), cancelled })
  } finally {
    off()
  }
}

function cancelTriage(): void {
  const s = store.get().status
  if (s.kind !== 'running' || s.cancelling) return
  dispatch({ type: 'cancelRequested', jobId: s.jobId })
  call('cancelJob', { jobId: s.jobId }).catch(() => undefined)
}

export interface TriageRunHandle extends TriageRunState {
  run: (scope: Scope, knobs: Knobs | null) => void
  cancel: () => void
}

/** The run state for the loaded dataset, with run and cancel. */
export function useTriageRun(datasetId: number | null): TriageRunHandle {
  useEffect(() => dispatch({ type: 'dataset', datasetId }), [datasetId])
  const s = useSyncExternalStore(subscribe, store.get)
  const run = useCallback((scope: Scope, knobs: Knobs | null) => void runTriage(scope, knobs), [])
  // a render before the effect may still hold another dataset's run
  const current = s.datasetId === datasetId ? s : { ...INITIAL_TRIAGE_RUN, datasetId }
  return { ...current, run, cancel: cancelTriage }
}
