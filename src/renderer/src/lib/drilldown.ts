/**
 * Drilldown: the scope that selects exactly the interactions behind a number the operator clicked
 * (a day, a slice, a failure type), for any page to open in the Explorer.
 *
 * Usage from a page (PageProps):
 *
 *   const target = { filters: { use_case: ['coding'] }, day: '2025-01-15', is_failure: true }
 *   navigate(EXPLORER_PAGE_ID, drilldown(scope, target, { origin: 'Costs · failures of coding on 2025-01-15', expected: 7 }))
 *
 * The new scope keeps everything of the current one (other filters, free text, window) and narrows
 * it by the clicked item, so the Explorer's row count equals the clicked number when that number was
 * computed over the same scope.
 */
import type { Scope, ScopeDimension } from '../../../shared/scope'
import { isIsoDay } from './scopeUrl'

/** The page id of the Explorer in the page registry. */
export const EXPLORER_PAGE_ID = 'explorer'

/** What a clicked item selects, on top of the current scope. */
export interface DrilldownTarget {
  /** dimension values of the item; each given dimension's selection is replaced (null selects rows where the column is null) */
  filters?: Partial<Record<ScopeDimension, readonly (string | null)[]>>
  /** one UTC day, YYYY-MM-DD (same as from = to = day) */
  day?: string
  /** first UTC day, YYYY-MM-DD; intersected with the scope's range */
  from?: string
  /** last UTC day, YYYY-MM-DD; intersected with the scope's range */
  to?: string
  /** only failed (true) or only successful (false) requests */
  is_failure?: boolean
  /** only rows of one analysis window, for numbers computed on that window (e.g. history) */
  window?: Scope['window']
  /** only rows with a PII finding (of these types, in these fields) */
  pii?: Scope['pii']
}

function checkDay(name: string, v: string | undefined): void {
  if (v !== undefined && !isIsoDay(v)) throw new RangeError(`drilldown ${name} must be a YYYY-MM-DD day, got "${v}"`)
}

/**
 * The current scope narrowed to a clicked item. Dimension values replace that dimension's selection
 * (the item comes from the scope, so this narrows); dates intersect with the scope's range; every other
 * part of the scope (free text, other dimensions, window) is kept. Empty value lists are ignored.
 */
export function drilldownScope(scope: Scope, target: DrilldownTarget): Scope {
  checkDay('day', target.day)
  checkDay('from', target.from)
  checkDay('to', target.to)
  if (target.day !== undefined && (target.from !== undefined || target.to !== undefined)) throw new RangeError('drilldown: give either day or from/to, not both')

  const out: Scope = { ...scope }
  const from = target.day ?? target.from
  const to = target.day ?? target.to
  // ISO days compare as strings; the later start and the earlier end is the intersection
  if (from !== undefined) out.from = scope.from !== undefined && scope.from > from ? scope.from : from
  if (to !== undefined) out.to = scope.to !== undefined && scope.to < to ? scope.to : to

  const filters: Partial<Record<ScopeDimension, (string | null)[]>> = {}
  for (const [dim, values] of Object.entries(scope.filters ?? {}) as [ScopeDimension, (string | null)[] | undefined][]) {
    if (values && values.length) filters[dim] = [...values]
  }
  for (const [dim, values] of Object.entries(target.filters ?? {}) as [ScopeDimension, readonly (string | null)[] | undefined][]) {
    if (values && values.length) filters[dim] = [...new Set(values)]
  }
  if (Object.keys(filters).length) out.filters = filters
  else delete out.filters

  if (target.is_failure !== undefined) out.is_failure = target.is_failure
  if (target.window !== undefined) out.window = target.window
  if (target.pii !== undefined) out.pii = target.pii
  return out
}

/**
 * The values a group label stands for. Analyses print a null group as 'unknown' (coalesce), which
 * also holds rows whose value is literally 'unknown', so drilling into 'unknown' selects both.
 */
export function groupValues(label: string | null): (string | null)[] {
  return label === null ? [null] : label === 'unknown' ? ['unknown', null] : [label]
}

/** Page parameters of the Explorer naming where a drilldown came from, how many rows it should show, and the scope it was made for. */
export const DRILLDOWN_PARAMS = { origin: 'origin', expected: 'expect', scope: 'dscope' } as const

/** What the Explorer says about a drilldown: what was clicked, and the number it showed. */
export interface DrilldownLabel {
  /** e.g. "Overview · requests on 2025-01-15" */
  origin: string
  /** the clicked number (a row count); the Explorer warns when its count differs */
  expected?: number
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/** A short fingerprint of the rows a scope selects (order of values and empty lists do not matter). */
export function scopeFingerprint(scope: Scope): string {
  const filters = Object.entries(scope.filters ?? {})
    .filter(([, v]) => v && v.length)
    .map(([dim, v]) => [dim, [...new Set(v)].map((x) => (x === null ? '\u0000null' : x)).sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const text = scope.text && scope.text.trim() ? scope.text : null
  const pii = scope.pii ? [[...(scope.pii.types ?? [])].sort(), [...(scope.pii.fields ?? [])].sort()] : null
  return fnv1a(JSON.stringify([scope.from ?? null, scope.to ?? null, filters, text, scope.is_failure ?? null, scope.window ?? null, ...(pii ? [pii] : [])]))
}

/** Explorer page parameters for a drilldown into `scope` (the scope drilldownScope returned). */
export function drilldownParams(scope: Scope, label: DrilldownLabel): Record<string, string> {
  const params: Record<string, string> = { [DRILLDOWN_PARAMS.origin]: label.origin.slice(0, 200), [DRILLDOWN_PARAMS.scope]: scopeFingerprint(scope) }
  if (label.expected !== undefined && Number.isFinite(label.expected)) params[DRILLDOWN_PARAMS.expected] = String(Math.round(label.expected))
  return params
}

/**
 * Everything a navigation to the Explorer needs: `navigate(EXPLORER_PAGE_ID, drilldown(scope, target, label))`.
 * The result is PageProps' NavigateOptions: the narrowed scope and the Explorer's drilldown parameters.
 */
export function drilldown(scope: Scope, target: DrilldownTarget, label: DrilldownLabel): { scope: Scope; params: Record<string, string> } {
  const next = drilldownScope(scope, target)
  return { scope: next, params: drilldownParams(next, label) }
}

export interface DrilldownInfo {
  origin: string
  expected: number | null
  /** false when the filters changed after the drilldown (the expected count no longer applies) */
  scopeMatches: boolean
}

/** Reads drilldownParams back against the current scope; null when the page was not opened by a drilldown. */
export function readDrilldownParams(params: Record<string, string>, scope: Scope): DrilldownInfo | null {
  const origin = params[DRILLDOWN_PARAMS.origin]
  if (!origin) return null
  const raw = params[DRILLDOWN_PARAMS.expected]
  const expected = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null
  return { origin, expected, scopeMatches: params[DRILLDOWN_PARAMS.scope] === scopeFingerprint(scope) }
}

/** The page parameters without the drilldown ones (when the operator moves on). */
export function withoutDrilldownParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  const drop = new Set<string>(Object.values(DRILLDOWN_PARAMS))
  for (const [k, v] of Object.entries(params)) if (!drop.has(k)) out[k] = v
  return out
}
