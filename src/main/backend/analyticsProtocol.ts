/** Messages between a host (Electron main or the web server) and the analytics process. */
import type { ApiMethod, ApiResult, WorkbenchEvent } from '../../shared/api'

export type ParentToChild = { kind: 'call'; id: number; method: ApiMethod; payload: unknown }

export type ChildToParent =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; result: ApiResult<unknown> }
  | { kind: 'event'; event: WorkbenchEvent }
