/** Validates one contract call (method name and payload) and runs it, returning a value or an error shape. */
import { API_REQUEST_SCHEMAS, type ApiMethod, type ApiResult, isApiMethod, type WorkbenchApi, type WorkbenchEvent } from '../../shared/api'
import { toErrorShape } from './errors'

/** The single entry point every transport uses: unknown methods and invalid payloads never reach a handler. */
export async function dispatch(api: WorkbenchApi, method: unknown, payload: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) return { ok: false, error: { code: 'invalid_request', message: `unknown method: ${String(method).slice(0, 100)}` } }
  const parsed = API_REQUEST_SCHEMAS[method].safeParse(payload ?? {})
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_request',
        message: `invalid request for ${method}`,
        details: parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)
      }
    }
  }
  try {
    const handler = api[method] as (req: unknown) => Promise<unknown>
    return { ok: true, value: await handler.call(api, parsed.data) }
  } catch (err) {
    return { ok: false, error: toErrorShape(err) }
  }
}

/** Wraps an in-process Workbench as a transport backend (used by tests and single-process hosts). */
export function inProcessBackend(api: WorkbenchApi & { onDidEmit(l: (e: WorkbenchEvent) => void): () => void }): {
  call(method: ApiMethod, payload: unknown): Promise<ApiResult<unknown>>
  onDidEmit(l: (e: WorkbenchEvent) => void): () => void
} {
  return { call: (m, p) => dispatch(api, m, p), onDidEmit: (l) => api.onDidEmit(l) }
}
