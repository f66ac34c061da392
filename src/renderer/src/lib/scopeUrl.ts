/** Pure conversion between the global filter Scope and URL query parameters, plus the edits the filter bar makes to a Scope. */
import { SCOPE_DIMENSIONS, type Scope, type ScopeDimension } from '../../../shared/scope'
import { ANNOTATION_FILTER_VALUES, type AnnotationFilterValue } from '../../../shared/annotations'

/** Query parameter names the scope owns; pages must not use these for their own state. */
export const SCOPE_PARAM_NAMES: readonly string[] = ['from', 'to', 'q', 'failed', 'window', 'null', 'review', 'pii', 'pii_type', 'pii_field', ...SCOPE_DIMENSIONS]

const WINDOWS = ['history', 'calibration', 'evaluation'] as const

const MAX_VALUES = 500
const MAX_LEN = 500

function isDimension(s: string): s is ScopeDimension {
  return (SCOPE_DIMENSIONS as readonly string[]).includes(s)
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDay(s: string | null | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/**
 * Writes a scope as query parameters: `from`, `to` (YYYY-MM-DD), one repeated parameter per dimension
 * value (`use_case=a&use_case=b`), `null=<dimension>` when the null value is selected, `q` for the
 * free text and `failed=1|0`. Dimensions are written in SCOPE_DIMENSIONS order so equal scopes give
 * equal URLs. The annotation status filter is `review=<status>` (repeated; `unreviewed` for no annotation).
 */
export function scopeToParams(scope: Scope, into: URLSearchParams = new URLSearchParams()): URLSearchParams {
  if (scope.from) into.set('from', scope.from)
  if (scope.to) into.set('to', scope.to)
  const nulls: string[] = []
  for (const dim of SCOPE_DIMENSIONS) {
    const values = scope.filters?.[dim]
    if (!values) continue
    for (const v of values) {
      if (v === null) nulls.push(dim)
      else into.append(dim, v)
    }
  }
  for (const dim of nulls) into.append('null', dim)
  if (scope.text) into.set('q', scope.text)
  if (scope.is_failure !== undefined) into.set('failed', scope.is_failure ? '1' : '0')
  if (scope.window) into.set('window', scope.window)
  for (const v of sortedAnnotation(scope.annotation)) into.append('review', v)
  if (scope.pii) {
    // pii=1 selects rows with any finding; pii_type / pii_field narrow it
    into.set('pii', '1')
    for (const t of scope.pii.types ?? []) into.append('pii_type', t)
    for (const f of scope.pii.fields ?? []) into.append('pii_field', f)
  }
  return into
}

/** Annotation filter values in their canonical order, without repeats. */
function sortedAnnotation(values: readonly AnnotationFilterValue[] | undefined): AnnotationFilterValue[] {
  return ANNOTATION_FILTER_VALUES.filter((v) => values?.includes(v))
}

/**
 * Reads a scope from query parameters, dropping anything invalid (a malformed date, an unknown
 * dimension, an over-long value) rather than failing: a hand-edited URL still opens.
 */
export function scopeFromParams(params: URLSearchParams): Scope {
  const scope: Scope = {}
  const from = params.get('from')
  const to = params.get('to')
  if (isIsoDay(from)) scope.from = from
  if (isIsoDay(to)) scope.to = to
  const filters: Partial<Record<ScopeDimension, (string | null)[]>> = {}
  for (const dim of SCOPE_DIMENSIONS) {
    const values = [...new Set(params.getAll(dim).filter((v) => v.length <= MAX_LEN))]
    if (values.length) filters[dim] = values.slice(0, MAX_VALUES)
  }
  for (const dim of new Set(params.getAll('null'))) {
    if (!isDimension(dim)) continue
    const list = filters[dim] ?? []
    if (list.length < MAX_VALUES) filters[dim] = [...list, null]
  }
  if (Object.keys(filters).length) scope.filters = filters
  const q = params.get('q')
  if (q && q.trim() && q.length <= MAX_LEN) scope.text = q
  const failed = params.get('failed')
  if (failed === '1') scope.is_failure = true
  else if (failed === '0') scope.is_failure = false
  const window = params.get('window')
  const known = WINDOWS.find((w) => w === window)
  if (known) scope.window = known
  const review = ANNOTATION_FILTER_VALUES.filter((v) => params.getAll('review').includes(v))
  if (review.length) scope.annotation = review
  if (params.get('pii') === '1') {
    const types = [...new Set(params.getAll('pii_type').filter((v) => /^[A-Z_]{2,40}$/.test(v)))].slice(0, 20)
    const fields = [...new Set(params.getAll('pii_field').filter((v) => v.length <= 200))].slice(0, 50)
    scope.pii = { ...(types.length ? { types } : {}), ...(fields.length ? { fields } : {}) }
  }
  return scope
}

/** Removes empty lists, an empty filter map, empty text: the canonical form of a scope. */
export function normaliseScope(scope: Scope): Scope {
  const out: Scope = {}
  if (scope.from) out.from = scope.from
  if (scope.to) out.to = scope.to
  const filters: Partial<Record<ScopeDimension, (string | null)[]>> = {}
  for (const dim of SCOPE_DIMENSIONS) {
    const v = scope.filters?.[dim]
    if (v && v.length) filters[dim] = [...v]
  }
  if (Object.keys(filters).length) out.filters = filters
  if (scope.text && scope.text.trim()) out.text = scope.text
  if (scope.is_failure !== undefined) out.is_failure = scope.is_failure
  if (scope.window) out.window = scope.window
  const review = sortedAnnotation(scope.annotation)
  if (review.length) out.annotation = review
  if (scope.pii) out.pii = { ...(scope.pii.types?.length ? { types: [...scope.pii.types] } : {}), ...(scope.pii.fields?.length ? { fields: [...scope.pii.fields] } : {}) }
  return out
}

/** The scope with another selection of annotation statuses (empty removes the filter). */
export function setAnnotationFilter(scope: Scope, values: readonly string[]): Scope {
  return normaliseScope({ ...scope, annotation: ANNOTATION_FILTER_VALUES.filter((v) => values.includes(v)) })
}

/** The scope with one dimension's selection replaced (an empty list removes the filter). */
export function setDimension(scope: Scope, dim: ScopeDimension, values: readonly (string | null)[]): Scope {
  return normaliseScope({ ...scope, filters: { ...scope.filters, [dim]: [...values] } })
}

/** The scope without one value of one dimension. */
export function removeValue(scope: Scope, dim: ScopeDimension, value: string | null): Scope {
  return setDimension(
    scope,
    dim,
    (scope.filters?.[dim] ?? []).filter((v) => v !== value)
  )
}

/** The scope with a new date range; an empty string clears that end. When from > to the two are swapped. */
export function setDateRange(scope: Scope, from: string | undefined, to: string | undefined): Scope {
  let f = isIsoDay(from) ? from : undefined
  let t = isIsoDay(to) ? to : undefined
  if (f && t && f > t) [f, t] = [t, f]
  return normaliseScope({ ...scope, from: f, to: t })
}

/** The scope restricted to everything but one dimension: used to offer that dimension's values under the other filters. */
export function withoutDimension(scope: Scope, dim: ScopeDimension): Scope {
  return setDimension(scope, dim, [])
}

/** Two scopes select the same rows (same canonical URL form). */
export function sameScope(a: Scope, b: Scope): boolean {
  return scopeToParams(normaliseScope(a)).toString() === scopeToParams(normaliseScope(b)).toString()
}
