/** Pure mapping from a clicked drift bar (one category, one side of a window pair) to the Explorer drilldown that lists those requests, with the row count it should show. */
import type { CategoricalDriftDistribution, DriftWindowPair } from '../../../../shared/drift'
import type { ScopeDimension } from '../../../../shared/scope'
import { SCOPE_DIMENSIONS } from '../../../../shared/scope'
import type { DrilldownLabel, DrilldownTarget } from '../../lib/drilldown'
import { NULL_CATEGORY_LABEL, type SideNames } from './buildDistributionOption'

export type DriftSide = 'reference' | 'current'

/** The two sides of a pair as the chart legend names them. */
export function sideNames(w: DriftWindowPair): SideNames {
  switch (w.kind) {
    case 'history_vs_evaluation':
      return { reference: 'History', current: 'Evaluation' }
    case 'temporal_early_vs_recent':
      return { reference: 'Early', current: 'Recent' }
    case 'date_ranges':
      return w.date_ranges
        ? { reference: `Reference ${w.date_ranges.reference.from} – ${w.date_ranges.reference.to}`, current: `Current ${w.date_ranges.current.from} – ${w.date_ranges.current.to}` }
        : { reference: 'Reference', current: 'Current' }
  }
}

export function isScopeDimension(feature: string): feature is ScopeDimension {
  return (SCOPE_DIMENSIONS as readonly string[]).includes(feature)
}

/**
 * The drilldown of one bar: the category on top of the scope, restricted to that side's window when
 * the scope can say it (history / evaluation, or the side's days). Early vs recent splits by row
 * position, which no filter expresses: that drilldown shows the category over all rows and claims no count.
 */
export function categoryDrilldown(
  feature: string,
  d: CategoricalDriftDistribution,
  index: number,
  side: DriftSide,
  w: DriftWindowPair,
  n: { reference: number; current: number }
): { target: DrilldownTarget; label: DrilldownLabel } | null {
  if (!isScopeDimension(feature) || index < 0 || index >= d.categories.length) return null
  const category = d.categories[index]
  const shown = category === null ? NULL_CATEGORY_LABEL : category
  const share = d[side][index]
  const names = sideNames(w)
  const expected = Math.round(share * n[side])
  const target: DrilldownTarget = { filters: { [feature]: [category] } }
  if (w.kind === 'history_vs_evaluation') {
    target.window = side === 'reference' ? 'history' : 'evaluation'
    return { target, label: { origin: `Drift · ${feature} = ${shown} (${names[side].toLowerCase()})`, expected } }
  }
  if (w.kind === 'date_ranges' && w.date_ranges) {
    const r = w.date_ranges[side]
    target.from = r.from
    target.to = r.to
    return { target, label: { origin: `Drift · ${feature} = ${shown} (${r.from} – ${r.to})`, expected } }
  }
  return { target, label: { origin: `Drift · ${feature} = ${shown} (all rows: early/recent is a split by row position)` } }
}
