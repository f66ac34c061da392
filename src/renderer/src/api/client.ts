/** The renderer's typed client: each contract call returns its value or throws an ApiCallError with the backend's message. */
import type { ApiErrorShape, ApiMethod, ApiRequest, ApiResponse, WorkbenchEvent } from '../../../shared/api'
import { getBridge } from './transport'

export class ApiCallError extends Error {
  constructor(readonly shape: ApiErrorShape) {
    super(shape.message)
    this.name = 'ApiCallError'
  }
}

export async function call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
  const bridge = getBridge()
  const fn = bridge[method] as unknown as (r: ApiRequest<M>) => Promise<{ ok: true; value: ApiResponse<M> } | { ok: false; error: ApiErrorShape }>
  const r = await fn(req)
  if (!r.ok) throw new ApiCallError(r.error)
  return r.value
}

export function onEvent(listener: (e: WorkbenchEvent) => void): () => void {
  return getBridge().onDidEmit(listener)
}
