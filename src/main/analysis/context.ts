/** What every analysis receives: the engine over a loaded dataset, the validated knobs, the scope and the ingest report. */
import type { Knobs } from '../../shared/knobs'
import type { Scope } from '../../shared/scope'
import type { IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'

export interface AnalysisContext {
  engine: Engine
  knobs: Knobs
  scope: Scope
  report: IntegrityReport
  /** gates the operator chose to override (recorded in the decision artifact) */
  overrideGates: string[]
}
