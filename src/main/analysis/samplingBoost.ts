/**
 * The sampling policy's boost rule: which UTC days (and slices) it covers, from the anomaly
 * detector's worse findings over the scope and the operator's own days, and which model x use case x
 * day strata of the sampling frame that makes boosted.
 */
import type { SamplingBoostTarget, SamplingInputs } from '../../shared/sampling'
import type { Strata } from '../ml/sampleFrame'
import { anomalyReport, flaggedDaySlices, type FlaggedDaySlice } from './anomalies'
import type { AnalysisContext } from './context'

/** The value the anomaly detector gives a missing model or use case (its slices coalesce nulls to it). */
const MISSING = 'unknown'

/**
 * The boost targets from the detector's flagged (day, slice) pairs and the operator's days: a
 * finding in one model or use case boosts that slice of the day; a finding over everything, an
 * account tier or a cluster (which cut across the strata) boosts the whole day. A whole day covers
 * its slices, so those are left out; sorted by day, then slice.
 */
export function boostTargets(flags: readonly FlaggedDaySlice[], operatorDays: readonly string[]): SamplingBoostTarget[] {
  const byKey = new Map<string, SamplingBoostTarget>()
  const add = (t: Omit<SamplingBoostTarget, 'metrics'>, metric: string | null): void => {
    const key = `${t.date}|${t.dimension}|${t.value}`
    let cur = byKey.get(key)
    if (!cur) byKey.set(key, (cur = { ...t, metrics: [] }))
    // a day the operator names stays the operator's, whatever the detector says
    if (t.source === 'operator') cur.source = 'operator'
    if (metric !== null && !cur.metrics.includes(metric)) cur.metrics.push(metric)
  }
  for (const d of operatorDays) add({ date: d, dimension: 'all', value: 'all', source: 'operator' }, null)
  for (const f of flags) {
    const dimension = f.dimension === 'model_name' || f.dimension === 'use_case' ? f.dimension : 'all'
    add({ date: f.date, dimension, value: dimension === 'all' ? 'all' : f.value, source: 'anomaly' }, f.metric)
  }
  const wholeDays = new Set([...byKey.values()].filter((t) => t.dimension === 'all').map((t) => t.date))
  const out = [...byKey.values()].filter((t) => t.dimension === 'all' || !wholeDays.has(t.date))
  for (const t of out) t.metrics.sort()
  const rank = { all: 0, model_name: 1, use_case: 2 }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : rank[a.dimension] - rank[b.dimension] || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)))
}

/** 1 for each stratum a target covers (its day, and its model or use case when the target has one), else 0. */
export function boostedStrata(targets: readonly SamplingBoostTarget[], strata: Strata, groups: readonly { model_name: string | null; use_case: string | null }[]): Uint8Array {
  const byDay = new Map<string, SamplingBoostTarget[]>()
  for (const t of targets) {
    let list = byDay.get(t.date)
    if (!list) byDay.set(t.date, (list = []))
    list.push(t)
  }
  const out = new Uint8Array(strata.day.length)
  for (let s = 0; s < out.length; s++) {
    const day = strata.day[s]
    const list = day === null ? undefined : byDay.get(day)
    if (!list) continue
    const g = groups[strata.group[s]]
    const covered = list.some((t) => t.dimension === 'all' || (t.dimension === 'model_name' ? (g.model_name ?? MISSING) : (g.use_case ?? MISSING)) === t.value)
    out[s] = covered ? 1 : 0
  }
  return out
}

/** The targets over the scope for these inputs; the detector's failure is reported, not thrown (the operator's days still count). */
export async function boostPlan(ctx: AnalysisContext, inputs: SamplingInputs): Promise<{ targets: SamplingBoostTarget[]; detectorError: string | null }> {
  let flags: FlaggedDaySlice[] = []
  let detectorError: string | null = null
  if (inputs.boost.from_anomalies) {
    try {
      flags = flaggedDaySlices(await anomalyReport(ctx))
    } catch (err) {
      detectorError = (err as Error).message
    }
  }
  return { targets: boostTargets(flags, inputs.boost.days), detectorError }
}
