/** What every analysis receives: the engine over a loaded dataset, the validated knobs, the scope and the ingest report. */
import type { Knobs } from '../../shared/knobs'
import type { Scope } from '../../shared/scope'
import type { IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'
import type { ClusterStore } from './clusterRuns'
import type { ResultMemo } from './resultMemo'

export interface AnalysisContext {
  engine: Engine
  knobs: Knobs
  scope: Scope
  report: IntegrityReport
  /** gates the operator chose to override (recorded in the decision artifact) */
  overrideGates: string[]
  /** results shared between requests over the same dataset (absent: every call computes) */
  memo?: ResultMemo
  /**
   * The dataset's failure-mode clusters (absent or without an active run: not computed). Analyses
   * that can slice by cluster (anomalies) or list them (the report) do so only when a run is active.
   */
  clusters?: ClusterStore
}

/** `compute()` once per (analysis, scope, knobs) when the context carries a memo; every call otherwise. */
export function memoised<T>(ctx: AnalysisContext, analysis: string, compute: () => Promise<T>): Promise<T> {
  return ctx.memo ? ctx.memo.get([analysis, ctx.scope, ctx.knobs], compute) : compute()
}
