/** The cluster job of this window, kept outside the page so it survives navigation: its phase and progress, cancel, and how it ended. The results themselves live in the backend (getClusterStatus). */
import { reducerStore } from '../../lib/reducerStore'
import { useCallback, useSyncExternalStore } from 'react'
import type { ClusterSettingsInput } from '../../../../shared/clusters'
import { ApiCallError, call, onEvent } from '../../api/client'
import { nextJobId } from '../../api/jobIds'

export type ClusterJobStatus =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: number; phase: string; fraction: number | null; cancelling: boolean; clustersReady: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' }

export type ClusterJobAction =
  | { type: 'start'; jobId: number }
  | { type: 'progress'; jobId: number; phase: string; fraction: number | null }
  | { type: 'clustersReady'; jobId: number }
  | { type: 'cancelRequested'; jobId: number }
  | { type: 'finished'; jobId: number }
  | { type: 'failed'; jobId: number; message: string; cancelled: boolean }

export function clusterJobReducer(s: ClusterJobStatus, a: ClusterJobAction): ClusterJobStatus {
  if (a.type === 'start') return { kind: 'running', jobId: a.jobId, phase: 'starting', fraction: 0, cancelling: false, clustersReady: false }
  if (s.kind !== 'running' || s.jobId !== a.jobId) return s
  switch (a.type) {
    case 'progress':
      return { ...s, phase: a.phase, fraction: a.fraction }
    case 'clustersReady':
      return { ...s, clustersReady: true }
    case 'cancelRequested':
      return { ...s, cancelling: true }
    case 'finished':
      return { kind: 'idle' }
    case 'failed':
      return a.cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: a.message }
  }
}

const store = reducerStore<ClusterJobStatus, ClusterJobAction>(clusterJobReducer, { kind: 'idle' })
const { dispatch, subscribe } = store

/** Datasets whose clusters this window started on its own (once each: a cancel is respected). */
const autoStarted = new Set<number>()

/** Claims the one automatic run of a dataset (the page's defaults, or a workspace's saved settings); false when already claimed. */
export function claimAutoStart(datasetId: number): boolean {
  if (autoStarted.has(datasetId)) return false
  autoStarted.add(datasetId)
  return true
}

/** Starts a run; the job lasts until the UMAP map is done (a progress event with phase 'done', or a map event). */
async function runClusters(settings: ClusterSettingsInput): Promise<void> {
  if (store.get().kind === 'running') return
  const jobId = nextJobId()
  dispatch({ type: 'start', jobId })
  const off = onEvent((e) => {
    if (e.type === 'progress' && e.progress.jobId === jobId) {
      if (e.progress.phase === 'done') dispatch({ type: 'finished', jobId })
      else dispatch({ type: 'progress', jobId, phase: e.progress.phase, fraction: e.progress.fraction })
    }
    if (e.type === 'clustersChanged' && e.what === 'map') dispatch({ type: 'finished', jobId })
  })
  try {
    const info = await call('runClusters', { jobId, settings })
    dispatch({ type: 'clustersReady', jobId })
    if (!info.map_pending) dispatch({ type: 'finished', jobId })
  } catch (err) {
    const cancelled = err instanceof ApiCallError && err.shape.code === 'cancelled'
    dispatch({ type: 'failed', jobId, message: err instanceof Error ? err.message : String(err), cancelled })
  } finally {
    // the map stage reports through events; stop listening once this job is over
    let unsubscribe = (): void => undefined
    const stop = (): void => {
      const now = store.get()
      if (now.kind !== 'running' || now.jobId !== jobId) {
        off()
        unsubscribe()
      }
    }
    unsubscribe = subscribe(stop)
    stop()
  }
}

function cancel(): void {
  const now = store.get()
  if (now.kind !== 'running' || now.cancelling) return
  dispatch({ type: 'cancelRequested', jobId: now.jobId })
  call('cancelJob', { jobId: now.jobId }).catch(() => undefined)
}

export interface ClusterJobHandle {
  status: ClusterJobStatus
  run: (settings: ClusterSettingsInput) => void
  cancel: () => void
}

export function useClusterJob(): ClusterJobHandle {
  const status = useSyncExternalStore(subscribe, store.get)
  const run = useCallback((settings: ClusterSettingsInput) => void runClusters(settings), [])
  return { status, run, cancel }
}
