/** Pure state of the app session: app info, the loaded dataset, the load job in progress with its phase, and how the last load ended. */
import type { AppInfo, ApiErrorShape } from '../../../shared/api'
import type { DatasetSummary, ProgressEvent } from '../../../shared/types'

export interface LoadJob {
  jobId: number
  /** what is being loaded, as the operator named it ("demo data", a path) */
  target: string
  phase: string
  /** 0..1, or null when indeterminate */
  fraction: number | null
  detail?: string
  cancelling: boolean
  /** a load this window did not start (the server's start-up load, another window) */
  external: boolean
  startedAt: number
}

export type LoadOutcome =
  | { kind: 'loaded'; target: string; label: string; interactions: number; loadMs: number }
  | { kind: 'failed'; target: string; error: ApiErrorShape }
  | { kind: 'cancelled'; target: string }

export interface WorkbenchState {
  appInfo: AppInfo | null
  /** set when the backend could not be reached at start */
  startupError: string | null
  dataset: DatasetSummary | null
  /** true once getDataset has answered (before that, "no dataset" is not known yet) */
  datasetKnown: boolean
  job: LoadJob | null
  outcome: LoadOutcome | null
  /** a backend notice for the operator, such as an engine restart */
  notice: string | null
}

export const INITIAL_STATE: WorkbenchState = {
  appInfo: null,
  startupError: null,
  dataset: null,
  datasetKnown: false,
  job: null,
  outcome: null,
  notice: null
}

export type WorkbenchAction =
  | { type: 'appInfo'; appInfo: AppInfo }
  | { type: 'startupFailed'; message: string }
  | { type: 'dataset'; dataset: DatasetSummary | null }
  | { type: 'loadStarted'; jobId: number; target: string; now: number }
  | { type: 'progress'; progress: ProgressEvent; now: number }
  | { type: 'loadSucceeded'; jobId: number; dataset: DatasetSummary }
  | { type: 'loadFailed'; jobId: number; error: ApiErrorShape }
  | { type: 'cancelRequested'; jobId: number }
  | { type: 'engineRestarted'; message: string }
  | { type: 'dismissOutcome' }
  | { type: 'dismissNotice' }

export function workbenchReducer(state: WorkbenchState, action: WorkbenchAction): WorkbenchState {
  switch (action.type) {
    case 'appInfo':
      return { ...state, appInfo: action.appInfo, startupError: null }
    case 'startupFailed':
      return { ...state, startupError: action.message }
    case 'dataset': {
      // a dataset arriving ends a load we only watched; our own loads end with their call's answer
      const job = state.job?.external ? null : state.job
      return { ...state, dataset: action.dataset, datasetKnown: true, job }
    }
    case 'loadStarted':
      return {
        ...state,
        job: { jobId: action.jobId, target: action.target, phase: 'starting', fraction: 0, cancelling: false, external: false, startedAt: action.now },
        outcome: null
      }
    case 'progress': {
      const p = action.progress
      if (state.job && state.job.jobId === p.jobId) {
        return { ...state, job: { ...state.job, phase: p.phase, fraction: p.fraction, detail: p.detail } }
      }
      // Only dataset loads carry a label; triage and export jobs report progress to their own pages.
      if (!state.job && p.label !== undefined) {
        return {
          ...state,
          job: { jobId: p.jobId, target: p.label, phase: p.phase, fraction: p.fraction, detail: p.detail, cancelling: false, external: true, startedAt: action.now }
        }
      }
      return state
    }
    case 'loadSucceeded': {
      if (state.job?.jobId !== action.jobId) return { ...state, dataset: action.dataset, datasetKnown: true }
      const ds = action.dataset
      return {
        ...state,
        dataset: ds,
        datasetKnown: true,
        job: null,
        outcome: { kind: 'loaded', target: state.job.target, label: ds.label, interactions: ds.report.tables.interactions?.rows ?? 0, loadMs: ds.loadMs }
      }
    }
    case 'loadFailed': {
      if (state.job?.jobId !== action.jobId) return state
      const target = state.job.target
      return {
        ...state,
        job: null,
        outcome: action.error.code === 'cancelled' ? { kind: 'cancelled', target } : { kind: 'failed', target, error: action.error }
      }
    }
    case 'cancelRequested':
      if (state.job?.jobId !== action.jobId) return state
      return { ...state, job: { ...state.job, cancelling: true } }
    case 'engineRestarted':
      return { ...state, notice: action.message }
    case 'dismissOutcome':
      return { ...state, outcome: null }
    case 'dismissNotice':
      return { ...state, notice: null }
  }
}

/** How a load request reads to the operator: "demo data", one path, or "3 paths". */
export function describeTarget(req: { demo?: boolean; paths?: string[] }): string {
  if (req.demo) return 'demo data'
  const paths = req.paths ?? []
  return paths.length === 1 ? paths[0] : `${paths.length} paths`
}
