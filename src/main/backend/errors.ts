/** Typed backend errors that cross every transport as an ApiErrorShape. */
import type { ApiErrorShape } from '../../shared/api'
import { TriageCancelled } from '../analysis/triage'
import { IngestCancelled, IngestError } from '../ingest/ingest'

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorShape['code'],
    message: string,
    readonly details?: string[]
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Maps anything thrown by a handler into the shape the renderer shows. */
export function toErrorShape(err: unknown): ApiErrorShape {
  if (err instanceof ApiError) return { code: err.code, message: err.message, details: err.details }
  if (err instanceof IngestCancelled || err instanceof TriageCancelled) return { code: 'cancelled', message: 'cancelled' }
  if (err instanceof IngestError) return { code: 'load_failed', message: err.message, details: err.problems.map((p) => p.message) }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'internal', message: message.split('\n')[0].slice(0, 1000) }
}
