/** Starts the session (app info, current dataset, demo data when nothing is loaded), follows backend events, and offers load/cancel to every page. */
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type Dispatch, type ReactElement, type ReactNode } from 'react'
import type { ApiErrorShape, LoadDatasetRequest } from '../../../shared/api'
import type { DatasetSummary } from '../../../shared/types'
import { ApiCallError, call, onEvent } from '../api/client'
import { nextJobId } from '../api/jobIds'
import { dependsOnAnnotations, invalidateForKnobs, invalidateForPrices, queryCache, resetForDataset } from '../api/queryCache'
import { receiveWorkspace } from './workspaceStore'
import { INITIAL_STATE, describeTarget, workbenchReducer, type WorkbenchAction, type WorkbenchState } from './workbenchState'

export interface WorkbenchContextValue extends WorkbenchState {
  loadPaths: (paths: string[]) => Promise<void>
  loadDemo: () => Promise<void>
  /** desktop: the native file dialog, then a load of what was picked */
  pickAndLoad: () => Promise<void>
  cancelLoad: () => void
  dismissOutcome: () => void
  dismissNotice: () => void
}

const WorkbenchContext = createContext<WorkbenchContextValue | null>(null)

function errorShape(err: unknown): ApiErrorShape {
  if (err instanceof ApiCallError) return err.shape
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) }
}

/** Shows the backend's current dataset; cached answers about another dataset go first, before any page asks again. */
function showDataset(dispatch: Dispatch<WorkbenchAction>, dataset: DatasetSummary | null): void {
  resetForDataset(dataset?.id ?? null)
  dispatch({ type: 'dataset', dataset })
}

export function WorkbenchProvider({ children }: { children: ReactNode }): ReactElement {
  const [state, dispatch] = useReducer(workbenchReducer, INITIAL_STATE)
  const jobRef = useRef(state.job)
  jobRef.current = state.job

  const load = useCallback(async (req: Omit<LoadDatasetRequest, 'jobId'>) => {
    const jobId = nextJobId()
    dispatch({ type: 'loadStarted', jobId, target: describeTarget(req), now: Date.now() })
    try {
      const dataset = await call('loadDataset', { ...req, jobId } as LoadDatasetRequest)
      resetForDataset(dataset.id)
      dispatch({ type: 'loadSucceeded', jobId, dataset })
    } catch (err) {
      dispatch({ type: 'loadFailed', jobId, error: errorShape(err) })
    }
  }, [])

  const loadPaths = useCallback((paths: string[]) => load({ paths }), [load])
  const loadDemo = useCallback(() => load({ demo: true }), [load])

  const pickAndLoad = useCallback(async () => {
    let paths: string[] | null
    try {
      paths = await call('pickDataFiles', {})
    } catch (err) {
      const jobId = nextJobId()
      dispatch({ type: 'loadStarted', jobId, target: 'the file dialog', now: Date.now() })
      dispatch({ type: 'loadFailed', jobId, error: errorShape(err) })
      return
    }
    if (paths && paths.length) await load({ paths })
  }, [load])

  const cancelLoad = useCallback(() => {
    const job = jobRef.current
    if (!job || job.cancelling) return
    dispatch({ type: 'cancelRequested', jobId: job.jobId })
    call('cancelJob', { jobId: job.jobId }).catch(() => undefined)
  }, [])

  // Backend events: subscribing twice (React's strict mode) is harmless, each subscription is undone.
  useEffect(() => {
    return onEvent((e) => {
      switch (e.type) {
        case 'progress':
          dispatch({ type: 'progress', progress: e.progress, now: Date.now() })
          break
        case 'datasetChanged':
          showDataset(dispatch, e.dataset)
          break
        case 'knobsChanged':
          invalidateForKnobs(e.knobs)
          break
        case 'piiSettingsChanged':
          // masked and raw text must never be served from one another's cache entries
          queryCache.clear()
          break
        case 'pricesChanged':
          invalidateForPrices(e.table)
          break
        case 'clustersChanged':
          // a new active clustering: every number filtered by cluster (on any page) is stale
          if (e.what === 'assignment') queryCache.clear()
          break
        case 'engineRestarted':
          queryCache.clear()
          dispatch({ type: 'engineRestarted', message: e.message })
          break
        case 'workspaceChanged':
          receiveWorkspace(e.workspace)
          break
        case 'annotationsChanged':
          // Results filtered by annotation status (and the annotation lists) are stale; the rest stay cached.
          queryCache.invalidateWhere(dependsOnAnnotations)
          break
        case 'eventsResumed':
          // Events sent while the stream was cut are lost: ask for the state they would have told.
          void Promise.all([call('getDataset', {}), call('getKnobs', {}), call('getPriceTable', {}), call('getWorkspace', {})])
            .then(([dataset, knobs, prices, workspace]) => {
              invalidateForKnobs(knobs)
              invalidateForPrices(prices.table)
              showDataset(dispatch, dataset)
              receiveWorkspace(workspace)
              queryCache.invalidateWhere(dependsOnAnnotations)
            })
            .catch(() => undefined)
          break
      }
    })
  }, [])

  // Start-up runs once per window, even when strict mode mounts twice.
  const started = useRef(false)
  useEffect(() => {
    if (started.current) return
    started.current = true
    void (async () => {
      try {
        const appInfo = await call('getAppInfo', {})
        dispatch({ type: 'appInfo', appInfo })
        const dataset = await call('getDataset', {})
        showDataset(dispatch, dataset)
        receiveWorkspace(await call('getWorkspace', {}))
        // When the backend is already loading (e.g. `serve --data DIR`), wait for its datasetChanged event instead.
        if (!dataset && !appInfo.loading) await load({ demo: true })
      } catch (err) {
        dispatch({ type: 'startupFailed', message: errorShape(err).message })
      }
    })()
  }, [load])

  const value = useMemo<WorkbenchContextValue>(
    () => ({
      ...state,
      loadPaths,
      loadDemo,
      pickAndLoad,
      cancelLoad,
      dismissOutcome: () => dispatch({ type: 'dismissOutcome' }),
      dismissNotice: () => dispatch({ type: 'dismissNotice' })
    }),
    [state, loadPaths, loadDemo, pickAndLoad, cancelLoad]
  )
  return <WorkbenchContext.Provider value={value}>{children}</WorkbenchContext.Provider>
}

export function useWorkbench(): WorkbenchContextValue {
  const v = useContext(WorkbenchContext)
  if (!v) throw new Error('useWorkbench needs a WorkbenchProvider above it')
  return v
}
