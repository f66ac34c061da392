/**
 * Links to the Compare page, for any page: scope A travels as the global scope, scope B as the
 * page parameter `b` holding B's own scope parameters (URL-encoded; `*` for every row), so a
 * comparison is one URL:
 *
 *   #/compare?<A's scope parameters>&b=<B's scope parameters, URL-encoded>
 *   e.g. #/compare?model_name=claude&b=model_name%3Dllama
 *        #/compare?to=2025-03-09&b=from%3D2025-03-10     (before vs after a change on 2025-03-10)
 *
 * Usage from a page: navigate(COMPARE_PAGE_ID, compareNavigation(a, b)).
 */
import type { Scope } from '../../../shared/scope'
import { isIsoDay, normaliseScope, sameScope, scopeFromParams, scopeToParams } from './scopeUrl'

/** The page id of the Compare page in the page registry. */
export const COMPARE_PAGE_ID = 'compare'

/** The page parameter holding scope B. */
export const COMPARE_B_PARAM = 'b'

/** B = every row (an empty scope) is written as this, since an empty parameter is dropped from the URL. */
const ALL_ROWS = '*'

/** Scope B as the Compare page's parameters. */
export function compareParams(b: Scope): Record<string, string> {
  const qs = scopeToParams(normaliseScope(b)).toString()
  return { [COMPARE_B_PARAM]: qs === '' ? ALL_ROWS : qs }
}

/** Scope B from the Compare page's parameters; null when the URL names no B yet. */
export function readCompareB(params: Record<string, string>): Scope | null {
  const raw = params[COMPARE_B_PARAM]
  if (raw === undefined || raw === '') return null
  if (raw === ALL_ROWS) return {}
  return scopeFromParams(new URLSearchParams(raw))
}

/** What `navigate(COMPARE_PAGE_ID, ...)` needs to open the comparison of B against A. */
export function compareNavigation(a: Scope, b: Scope): { scope: Scope; params: Record<string, string> } {
  return { scope: normaliseScope(a), params: compareParams(b) }
}

/** The hash of a comparison (what formatHash writes: A's scope parameters, then `b`). */
export function compareHref(a: Scope, b: Scope): string {
  const search = scopeToParams(normaliseScope(a))
  search.set(COMPARE_B_PARAM, compareParams(b)[COMPARE_B_PARAM])
  return `#/${COMPARE_PAGE_ID}?${search.toString()}`
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** A = the scope over its previous range, B = the scope over its current range (ranges as the Overview computes them). */
export function previousPeriodComparison(scope: Scope, current: { from: string; to: string }, previous: { from: string; to: string }): { a: Scope; b: Scope } {
  return { a: normaliseScope({ ...scope, from: previous.from, to: previous.to }), b: normaliseScope({ ...scope, from: current.from, to: current.to }) }
}

/** A = the scope up to the day before `day`, B = from `day` on: before vs after a change that started on `day`. */
export function beforeAfterComparison(scope: Scope, day: string): { a: Scope; b: Scope } {
  if (!isIsoDay(day)) throw new RangeError(`beforeAfterComparison: "${day}" is not a YYYY-MM-DD day`)
  const before = addDays(day, -1)
  const a = normaliseScope({ ...scope, to: scope.to !== undefined && scope.to < before ? scope.to : before })
  const b = normaliseScope({ ...scope, from: scope.from !== undefined && scope.from > day ? scope.from : day })
  return { a, b }
}

/** The scope with one model (by name; the provider filter is dropped, since another model may have another provider). */
export function withModel(scope: Scope, modelName: string | null): Scope {
  const filters = { ...scope.filters, model_name: [modelName] }
  delete filters.model_provider
  return normaliseScope({ ...scope, filters })
}

/** A = the scope on model A, B = the same scope on model B. */
export function modelComparison(scope: Scope, modelA: string | null, modelB: string | null): { a: Scope; b: Scope } {
  return { a: withModel(scope, modelA), b: withModel(scope, modelB) }
}

/** The one model name a scope selects, if it selects exactly one. */
export function singleModel(scope: Scope): string | null | undefined {
  const m = scope.filters?.model_name
  return m && m.length === 1 ? m[0] : undefined
}

/** True when A and B select the same rows by construction (nothing to compare). */
export function sameComparison(a: Scope, b: Scope): boolean {
  return sameScope(a, b)
}
