/** Pure drilldown targets of the Costs page: a day, a group of one dimension (the '(other)' bucket as the complement of the top N), a model; costs group raw values, so null selects null. */
import type { CostByDimension, CostDimension, CostShare, ModelCostQuality } from '../../../../shared/costs'
import { SCOPE_DIMENSIONS, type ScopeDimension } from '../../../../shared/scope'
import type { DrilldownLabel, DrilldownTarget } from '../../lib/drilldown'
import { formatInt } from '../../lib/format'
import { COST_DIMENSION_LABELS, costShareLabel } from './buildCostByOption'
import { costModelLabel } from './buildModelCostOptions'

/** What a click opens: the rows on top of the page scope and how the Explorer names them; or why it cannot. */
export type CostDrilldown = { ok: true; target: DrilldownTarget; label: DrilldownLabel } | { ok: false; reason: string }

/** Most values one scope filter may hold (the contract's limit). */
export const MAX_FILTER_VALUES = 500

/** True when the scope can filter by this cost dimension (user_id, for one, is not a scope filter). */
export function isScopeDimension(d: CostDimension): d is CostDimension & ScopeDimension {
  return (SCOPE_DIMENSIONS as readonly string[]).includes(d)
}

export function dayDrilldown(day: { date: string; requests: number }): CostDrilldown {
  return { ok: true, target: { day: day.date }, label: { origin: `Costs · requests on ${day.date} (UTC)`, expected: day.requests } }
}

export function modelDrilldown(m: ModelCostQuality): CostDrilldown {
  return {
    ok: true,
    target: { filters: { model_provider: [m.model_provider], model_name: [m.model_name] } },
    label: { origin: `Costs · model ${costModelLabel(m)}`, expected: m.requests }
  }
}

/**
 * One bar of a cost-by-dimension chart. A named group selects its value; '(other)' selects every
 * value of the dimension in scope except the shown ones, so `allValues` (the dimension's values in
 * scope, complete) is needed for it.
 */
export function groupDrilldown(c: CostByDimension, row: CostShare, allValues?: readonly (string | null)[]): CostDrilldown {
  const dim = c.dimension
  const name = COST_DIMENSION_LABELS[dim]
  if (!isScopeDimension(dim)) return { ok: false, reason: `${name} is not a filter of the scope yet, so the Explorer cannot open one ${name.toLowerCase()}'s requests.` }
  const label = { origin: `Costs · ${name} ${row.other ? '(other): all but the top groups' : costShareLabel(row)}`, expected: row.requests }
  if (!row.other) return { ok: true, target: { filters: { [dim]: [row.key] } }, label }
  if (!allValues) return { ok: false, reason: `the values of ${name} in scope are needed to open '(other)'` }
  const shown = new Set(c.rows.filter((r) => !r.other).map((r) => r.key))
  const rest = allValues.filter((v) => !shown.has(v))
  if (rest.length === 0) return { ok: false, reason: `no ${name.toLowerCase()} is left outside the top ${formatInt(shown.size)}` }
  if (rest.length > MAX_FILTER_VALUES) return { ok: false, reason: `'(other)' holds ${formatInt(rest.length)} values of ${name}; a filter takes at most ${MAX_FILTER_VALUES}. Show more groups (top N) instead.` }
  return { ok: true, target: { filters: { [dim]: rest } }, label }
}
