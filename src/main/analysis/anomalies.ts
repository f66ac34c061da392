/**
 * Anomaly and change-point alarms over the scope: daily UTC series (overall, per model, use case and
 * tier, and per cluster while clusters are computed) from two scans, each checked by anomalySeries,
 * the slice most responsible for each finding, findings grouped into alarms and ranked by impact,
 * and the days flagged (for sampling).
 */
import {
  ANOMALY_DIMENSIONS,
  CLUSTER_ANOMALY_DIMENSION,
  sliceValueText,
  ANOMALY_MAX_VALUES_PER_DIMENSION,
  ANOMALY_METRICS,
  type AnomalyAlarm,
  type AnomalyDimension,
  type AnomalyFinding,
  type AnomalyMetric,
  type AnomalyReport,
  type AnomalySeries,
  type AnomalyTone,
  type AnomalyWindow,
  type ResponsibleSlice,
  type SliceFilters
} from '../../shared/anomalies'
import { exactSumOfParts, exactSumParts } from '../engine/exactSum'
import { ident } from '../ingest/sql'
import { memoised, type AnalysisContext } from './context'
import { calendarOf, detectMetric, emptySliceDays, extrasOver, impactUsd, toneOf, type Calendar, type Extras, type MetricDetection, type SliceDays } from './anomalySeries'
import { ALARM_QUANTILES, buildAlarmCube, cubeAnswers, cubeSeries, CUBE_DIMENSIONS, type AlarmCube, type CountRow, type CubeDimension, type QuantileRow } from './alarmCube'
import { ASSIGNMENT_TABLE } from './clusterTables'
import { compileScope } from './scopeSql'

/** A slice: the whole scope ({}), one dimension value, or a pair of values (for the responsible-slice search). */
interface Slice {
  filters: SliceFilters
  days: SliceDays
}

/** What names the slices: the dimensions checked over this scope and the labels of cluster ids. */
interface SliceNames {
  dims: readonly AnomalyDimension[]
  /** cluster id -> its label (the active run's) */
  clusterLabels: ReadonlyMap<string, string>
}

/**
 * The dimensions checked: the columns always, `cluster` only while a cluster run is active (its
 * assignment is what the join reads), with the run's labels for the alarms.
 */
export function anomalyDimensions(ctx: AnalysisContext): SliceNames {
  const run = ctx.clusters?.active
  if (!run) return { dims: ANOMALY_DIMENSIONS.filter((d) => d !== CLUSTER_ANOMALY_DIMENSION), clusterLabels: new Map() }
  return { dims: ANOMALY_DIMENSIONS, clusterLabels: new Map(run.info.labels.map((l, i) => [String(i), l])) }
}

interface Computed {
  report: AnomalyReport
  calendar: Calendar
  /** detection per series key (metric|dimension|value) */
  detections: Map<string, MetricDetection>
}

const seriesKey = (metric: AnomalyMetric, dimension: string, value: string): string => `${metric}|${dimension}|${value}`
const sliceKey = (filters: SliceFilters): string =>
  ANOMALY_DIMENSIONS.filter((d) => filters[d] !== undefined)
    .map((d) => `${d}=${filters[d]}`)
    .join('&')


/** The GROUPING() bitmask of a grouping set over the dimensions (a bit set for each dimension not grouped). */
function groupingMask(dims: readonly string[], grouped: readonly string[]): number {
  return dims.reduce((m, d, i) => (grouped.includes(d) ? m : m | (1 << (dims.length - 1 - i))), 0)
}

/**
 * The rows in scope with their day and dimension values; `where` is compiled for the alias `i`. The
 * cluster of a row comes from the active run's assignment, joined on the interactions rowid.
 */
function baseRowsSql(where: string, dimensions: readonly AnomalyDimension[]): string {
  const dims = dimensions.map((d) => `coalesce(CAST(${d === CLUSTER_ANOMALY_DIMENSION ? 'ca.cluster_id' : `i.${ident(d)}`} AS VARCHAR), 'unknown') AS ${ident(d)}, `).join('')
  const join = dimensions.includes(CLUSTER_ANOMALY_DIMENSION) ? ` LEFT JOIN ${ASSIGNMENT_TABLE} ca ON ca.row_id = i.rowid` : ''
  return `SELECT CAST(i.timestamp_utc AS DATE) AS d, ${dims}i.is_failure, i.latency_ms, i.cost_usd FROM interactions i${join} WHERE i.timestamp_utc IS NOT NULL AND (${where})`
}

/** The SQL pieces over the scanned dimensions (none at all when the scope fixes every one). */
function dimensionSql(dimensions: readonly AnomalyDimension[]): { dims: string[]; list: string; grouping: string } {
  const dims = dimensions.map(ident)
  return { dims, list: dims.map((d) => `, ${d}`).join(''), grouping: dims.length ? `GROUPING(${dims.join(', ')})::INTEGER` : '0' }
}

/** The cost parts (exactSumParts) a fine group keeps, and the rolled-up sums made of them. */
const COST = exactSumParts('cost_usd')
const COST_SQ = exactSumParts('cost_usd * cost_usd')
const ROLLED_COST = exactSumOfParts('sum(cost_h)', 'sum(cost_l)', 'sum(cost_m)')
const ROLLED_COST_SQ = exactSumOfParts('sum(cost_sq_h)', 'sum(cost_sq_l)', 'sum(cost_sq_m)')

/**
 * Counts per day for the whole scope, each dimension and each pair of dimensions: one scan into the
 * finest groups (day and every dimension), rolled up into the grouping sets from there (counts add
 * up exactly; each cost sum is the exact sum of its rows, from the groups' exact parts).
 */
function countsSql(where: string, dimensions: readonly AnomalyDimension[]): string {
  const { dims, list, grouping } = dimensionSql(dimensions)
  const sets = ['(d)', ...dims.map((d) => `(d, ${d})`)]
  for (let i = 0; i < dims.length; i++) for (let j = i + 1; j < dims.length; j++) sets.push(`(d, ${dims[i]}, ${dims[j]})`)
  return `
WITH fine AS (
  SELECT d${list},
         count(*) AS n, count_if(is_failure) AS k_fail, count(latency_ms) AS n_lat,
         count_if(latency_ms > CAST(? AS DOUBLE)) AS k_breach, count(cost_usd) AS n_cost,
         ${COST.h} AS cost_h, ${COST.l} AS cost_l, ${COST.m} AS cost_m,
         ${COST_SQ.h} AS cost_sq_h, ${COST_SQ.l} AS cost_sq_l, ${COST_SQ.m} AS cost_sq_m
  FROM (${baseRowsSql(where, dimensions)})
  GROUP BY d${list}
)
SELECT ${grouping} AS g, strftime(d, '%Y-%m-%d') AS date_utc${list},
       sum(n)::BIGINT AS n, sum(k_fail)::BIGINT AS k_fail, sum(n_lat)::BIGINT AS n_lat,
       sum(k_breach)::BIGINT AS k_breach, sum(n_cost)::BIGINT AS n_cost,
       ${ROLLED_COST} AS cost, ${ROLLED_COST_SQ} AS cost_sq
FROM fine
GROUP BY GROUPING SETS (${sets.join(', ')})`
}

/** Latency quantiles per day for the whole scope and each dimension: a second scan. */
function quantilesSql(where: string, dimensions: readonly AnomalyDimension[]): string {
  const { dims, list, grouping } = dimensionSql(dimensions)
  const sets = ['(d)', ...dims.map((d) => `(d, ${d})`)]
  return `
SELECT g, strftime(d, '%Y-%m-%d') AS date_utc${list}, q[1] AS p83, q[2] AS p85, q[3] AS p87, q[4] AS p93, q[5] AS p95, q[6] AS p97
FROM (
  SELECT ${grouping} AS g, d${list}, quantile_cont(latency_ms, [${ALARM_QUANTILES.join(', ')}]) AS q
  FROM (${baseRowsSql(where, dimensions)})
  GROUP BY GROUPING SETS (${sets.join(', ')})
)`
}

const DAY_MS = 86_400_000
function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** The scope filters of a slice: 'unknown' stands for null and a literal 'unknown' (the query merges them). */
function windowFilters(filters: SliceFilters): AnomalyWindow['filters'] {
  const out: AnomalyWindow['filters'] = {}
  for (const d of ANOMALY_DIMENSIONS) {
    const v = filters[d]
    if (v !== undefined) out[d] = v === 'unknown' ? ['unknown', null] : [v]
  }
  return out
}

function sliceLabel(filters: SliceFilters, names: SliceNames): string {
  const parts = ANOMALY_DIMENSIONS.filter((d) => filters[d] !== undefined).map((d) => sliceValueText(d, filters[d]!, d === CLUSTER_ANOMALY_DIMENSION ? names.clusterLabels.get(filters[d]!) : null))
  return parts.length ? parts.join(' · ') : 'all'
}

function sum(a: ArrayLike<number>, days: readonly number[]): number {
  let s = 0
  for (const d of days) s += a[d]
  return s
}

/** The excess of one slice over `since`, in the impact unit of the metric, against its own level over `before`. */
function sliceExcess(metric: AnomalyMetric, days: SliceDays, cal: Calendar, before: readonly number[], since: readonly number[]): number | null {
  let baseline: ((t: number) => number) | undefined
  if (metric === 'requests' || metric === 'cost_usd') {
    // a volume's old level per kind of day (weekday / weekend), so the weekly rhythm does not read as excess
    const v = metric === 'requests' ? days.n : days.cost
    const mean = (we: boolean): number | null => {
      const ds = before.filter((t) => cal.weekend[t] === we)
      return ds.length ? sum(v, ds) / ds.length : null
    }
    const all = before.length ? sum(v, before) / before.length : 0
    const wd = mean(false) ?? all
    const we = mean(true) ?? all
    baseline = (t) => (cal.weekend[t] ? we : wd)
  }
  const e: Extras = extrasOver(metric, days, before, since, baseline)
  return e.failures ?? e.breaches ?? e.cost ?? e.requests
}

/** The candidate with most excess in the finding's direction, and its share of that dimension's total excess. */
export function mostResponsible(
  metric: AnomalyMetric,
  direction: 1 | -1,
  candidates: readonly Slice[],
  cal: Calendar,
  before: readonly number[],
  since: readonly number[],
  groupOf: (s: Slice) => string,
  names: SliceNames
): ResponsibleSlice | null {
  const scored = candidates.map((c) => ({ c, excess: sliceExcess(metric, c.days, cal, before, since), requests: sum(c.days.n, since) }))
  const totals = new Map<string, number>()
  const requests = new Map<string, number>()
  for (const s of scored) {
    const g = groupOf(s.c)
    requests.set(g, (requests.get(g) ?? 0) + s.requests)
    if (s.excess !== null && direction * s.excess > 0) totals.set(g, (totals.get(g) ?? 0) + direction * s.excess)
  }
  let best: (typeof scored)[number] | null = null
  for (const s of scored) {
    if (s.excess === null || !(direction * s.excess > 0)) continue
    if (!best || direction * s.excess > direction * best.excess!) best = s
  }
  if (!best) return null
  return {
    filters: best.c.filters,
    label: sliceLabel(best.c.filters, names),
    excess: best.excess!,
    share: (direction * best.excess!) / (totals.get(groupOf(best.c)) ?? 1),
    requests: best.requests,
    request_share: best.requests / Math.max(1, requests.get(groupOf(best.c)) ?? 0)
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}

/** Reads the two scans into slices: the whole scope, each kept dimension value, each pair. */
function buildSlices(counts: CountRow[], quantiles: QuantileRow[], cal: Calendar, dims: readonly AnomalyDimension[]): { overall: Slice; single: Slice[]; pairs: Map<string, Slice> } {
  const dayIndex = new Map(cal.dates.map((d, i) => [d, i]))
  const N = cal.dates.length
  const byKey = new Map<string, Slice>()
  const sliceFor = (row: Record<string, unknown>, g: number): Slice => {
    const filters: SliceFilters = {}
    dims.forEach((d, i) => {
      if (!(g & (1 << (dims.length - 1 - i)))) filters[d] = String(row[d])
    })
    const key = sliceKey(filters)
    let s = byKey.get(key)
    if (!s) byKey.set(key, (s = { filters, days: emptySliceDays(N) }))
    return s
  }
  for (const r of counts) {
    const t = dayIndex.get(r.date_utc)
    if (t === undefined) continue
    const { days } = sliceFor(r, r.g)
    days.n[t] = r.n
    days.kFail[t] = r.k_fail
    days.nLat[t] = r.n_lat
    days.kBreach[t] = r.k_breach
    days.nCost[t] = r.n_cost
    days.cost[t] = r.cost ?? 0
    days.costSq[t] = r.cost_sq ?? 0
  }
  for (const r of quantiles) {
    const t = dayIndex.get(r.date_utc)
    if (t === undefined) continue
    const { days } = sliceFor(r, r.g)
    days.p93[t] = r.p93 ?? NaN
    days.p95[t] = r.p95 ?? NaN
    days.p97[t] = r.p97 ?? NaN
    days.p83[t] = r.p83 ?? NaN
    days.p85[t] = r.p85 ?? NaN
    days.p87[t] = r.p87 ?? NaN
  }
  const overall = byKey.get('') ?? { filters: {}, days: emptySliceDays(N) }
  const single: Slice[] = []
  const pairs = new Map<string, Slice>()
  // in key order, not the scan's row order: sums over the slices (the responsible slice's share) come out the same on every run
  for (const [, s] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const k = Object.keys(s.filters).length
    if (k === 1) single.push(s)
    else if (k === 2) pairs.set(sliceKey(s.filters), s)
  }
  return { overall, single, pairs }
}

/** True when a slice holds most of the excess, well beyond its share of the requests. */
function concentrated(r: ResponsibleSlice): boolean {
  return r.share >= 0.5 && r.share >= DRIVER_LIFT * r.request_share
}

/** A one-value finding's own slice as the one responsible (no sub-slice concentrates the excess). */
function ownSlice(f: Draft, names: SliceNames): ResponsibleSlice | null {
  const excess = f.extra_failures ?? f.extra_breaches ?? f.extra_cost_usd ?? f.extra_requests
  if (excess === null) return null
  return { filters: f.slice.filters, label: sliceLabel(f.slice.filters, names), excess, share: 1, requests: sum(f.slice.days.n, f.since_days), request_share: 1 }
}

/** The dimensions with more than one value in scope: one value (a filtered dimension, an absent column) is the whole scope again. */
function splitting(single: readonly Slice[]): Set<AnomalyDimension> {
  return new Set(ANOMALY_DIMENSIONS.filter((d) => single.filter((s) => s.filters[d] !== undefined).length > 1))
}

/** Per dimension that splits the scope, the values with most requests (at most ANOMALY_MAX_VALUES_PER_DIMENSION), most first, ties by value. */
function keptValues(single: readonly Slice[]): Slice[] {
  const total = (s: Slice): number => s.days.n.reduce((a, b) => a + b, 0)
  const dims = splitting(single)
  return ANOMALY_DIMENSIONS.filter((d) => dims.has(d)).flatMap((d) =>
    single
      .filter((s) => s.filters[d] !== undefined)
      .sort((a, b) => total(b) - total(a) || (a.filters[d]! < b.filters[d]! ? -1 : 1))
      .slice(0, ANOMALY_MAX_VALUES_PER_DIMENSION)
  )
}

/** A finding before it is grouped and ranked. */
type Unranked = Omit<AnomalyFinding, 'alarm_id' | 'rank'>
type Draft = Unranked & { slice: Slice; before_days: number[]; since_days: number[] }

function findingsOf(det: MetricDetection, slice: Slice, cal: Calendar, ctx: AnalysisContext, names: SliceNames): Draft[] {
  const dimension = (ANOMALY_DIMENSIONS.find((d) => slice.filters[d] !== undefined) ?? 'all') as 'all' | AnomalyDimension
  const value = dimension === 'all' ? 'all' : slice.filters[dimension]!
  const label = dimension === CLUSTER_ANOMALY_DIMENSION ? names.clusterLabels.get(value) : undefined
  const named = label !== undefined ? { value_label: label } : {}
  const N = cal.dates.length
  const last = cal.dates[N - 1]
  const wf = windowFilters(slice.filters)
  const out: Draft[] = []
  for (const c of det.changes) {
    const since = range(c.start, N)
    const direction = c.after >= c.before ? 'up' : 'down'
    const date = cal.dates[c.start]
    out.push({
      id: `change_point:${det.metric}:${dimension}=${value}:${date}`,
      metric: det.metric,
      dimension,
      value,
      ...named,
      date,
      kind: 'change_point',
      direction,
      tone: toneOf(det.metric, c.before, c.after),
      level_reached: cal.dates[c.end],
      ramp_days: c.end - c.start,
      before: c.before,
      after: c.after,
      change: c.after - c.before,
      relative_change: c.before !== 0 ? c.after / c.before - 1 : null,
      z: c.z,
      p_value: Math.exp(c.logP),
      segment_from: cal.dates[c.from],
      segment_to: cal.dates[c.to - 1],
      last_day: last,
      days: N - c.start,
      requests: sum(slice.days.n, since),
      failures: sum(slice.days.kFail, since),
      extra_requests: c.extra.requests,
      extra_failures: c.extra.failures,
      extra_breaches: c.extra.breaches,
      extra_cost_usd: c.extra.cost,
      impact_usd: impactUsd(det.metric, c.extra, c.unitCost, ctx.knobs),
      responsible: null,
      rows: { filters: wf, from: date, to: last },
      compare: { before: { filters: wf, from: cal.dates[c.from], to: cal.dates[c.start - 1] }, after: { filters: wf, from: cal.dates[c.end], to: cal.dates[c.to - 1] } },
      slice,
      before_days: range(c.from, c.start),
      since_days: since
    })
  }
  for (const s of det.spikes) {
    const date = cal.dates[s.day]
    const refs = [...s.refDays, s.day]
    out.push({
      id: `spike:${det.metric}:${dimension}=${value}:${date}`,
      metric: det.metric,
      dimension,
      value,
      ...named,
      date,
      kind: 'spike',
      direction: s.z >= 0 ? 'up' : 'down',
      tone: toneOf(det.metric, s.expected, s.observed),
      level_reached: date,
      ramp_days: 0,
      before: Number.isFinite(s.expected) ? s.expected : null,
      after: Number.isFinite(s.observed) ? s.observed : null,
      change: Number.isFinite(s.observed - s.expected) ? s.observed - s.expected : null,
      relative_change: s.expected !== 0 && Number.isFinite(s.observed / s.expected) ? s.observed / s.expected - 1 : null,
      z: Math.abs(s.z),
      p_value: Math.exp(s.logP),
      segment_from: cal.dates[Math.min(...refs)],
      segment_to: cal.dates[Math.max(...refs)],
      last_day: last,
      days: 1,
      requests: slice.days.n[s.day],
      failures: slice.days.kFail[s.day],
      extra_requests: s.extra.requests,
      extra_failures: s.extra.failures,
      extra_breaches: s.extra.breaches,
      extra_cost_usd: s.extra.cost,
      impact_usd: impactUsd(det.metric, s.extra, s.unitCost, ctx.knobs),
      responsible: null,
      rows: { filters: wf, from: date, to: date },
      compare: { before: { filters: wf, from: addDays(date, -7), to: addDays(date, -1) }, after: { filters: wf, from: date, to: date } },
      slice,
      before_days: s.refDays,
      since_days: [s.day]
    })
  }
  return out
}

const TONE_ORDER: Record<AnomalyTone, number> = { worse: 0, neutral: 1, better: 2 }
/** findings of one alarm are at most this many days apart (chained): a change's onset is less sharp in a slice that holds only part of it */
const ALARM_DAYS: Record<AnomalyFinding['kind'], number> = { change_point: 7, spike: 2 }
/** a finding is traced to its responsible slice when that slice holds at least half the excess, at least this many times its share of the requests */
const DRIVER_LIFT = 1.5

/** Alarm order: worse first by impact, then traffic shifts by impact, then improvements by how much they saved; ties by significance, then id. */
function compareFindings(a: Unranked, b: Unranked): number {
  if (a.tone !== b.tone) return TONE_ORDER[a.tone] - TONE_ORDER[b.tone]
  const ia = a.tone === 'better' ? -a.impact_usd : a.impact_usd
  const ib = b.tone === 'better' ? -b.impact_usd : b.impact_usd
  return ib - ia || b.z - a.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** Groups the findings into alarms (same metric, kind and direction, traced to the same slice, chained while at most ALARM_DAYS apart) and ranks everything. */
export function groupAlarms(drafts: readonly (Unranked)[]): { alarms: AnomalyAlarm[]; findings: AnomalyFinding[] } {
  const dayNo = (d: string): number => Date.parse(`${d}T00:00:00Z`) / DAY_MS
  const own = (f: Unranked): string => (f.dimension === 'all' ? '' : `${f.dimension}=${f.value}`)
  const event = (f: Unranked): string => `${f.metric}|${f.kind}|${f.direction}`
  const byEventSlice = new Map<string, Unranked[]>()
  for (const f of drafts) {
    const k = `${event(f)}|${own(f)}`
    byEventSlice.set(k, [...(byEventSlice.get(k) ?? []), f])
  }
  const near = (f: Unranked, slice: string): boolean =>
    (byEventSlice.get(`${event(f)}|${slice}`) ?? []).some((g) => Math.abs(dayNo(g.date) - dayNo(f.date)) <= ALARM_DAYS[f.kind])
  // the slice a finding is traced to: its responsible slice when that slice holds most of the excess
  const driver = (f: Unranked): string => {
    const r = f.responsible
    if (!r || !concentrated(r)) return own(f)
    if (f.dimension === 'all') {
      const [d] = Object.keys(r.filters) as AnomalyDimension[]
      return `${d}=${r.filters[d]}`
    }
    const other = (Object.keys(r.filters) as AnomalyDimension[]).find((d) => d !== f.dimension)
    if (!other) return own(f)
    const cause = `${other}=${r.filters[other]}`
    return near(f, cause) ? cause : own(f)
  }
  const groups = new Map<string, { driver: string; chains: Unranked[][] }>()
  const sorted = [...drafts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  for (const f of sorted) {
    const d = driver(f)
    const k = `${event(f)}|${d}`
    const g = groups.get(k) ?? { driver: d, chains: [] }
    const lastChain = g.chains[g.chains.length - 1]
    if (lastChain && dayNo(f.date) - dayNo(lastChain[lastChain.length - 1].date) <= ALARM_DAYS[f.kind]) lastChain.push(f)
    else g.chains.push([f])
    groups.set(k, g)
  }
  const alarms: { headline: Unranked; related: Unranked[]; top: Unranked }[] = []
  for (const { driver: driverSlice, chains } of groups.values()) {
    for (const chain of chains) {
      const byImpact = [...chain].sort(compareFindings)
      // headed by the slice the change is traced to (its date is the sharpest), else the whole scope
      const headline = chain.find((f) => own(f) === driverSlice) ?? chain.find((f) => f.dimension === 'all') ?? byImpact[0]
      alarms.push({ headline, related: byImpact.filter((f) => f !== headline), top: byImpact[0] })
    }
  }
  // an alarm ranks by its largest finding (the whole scope's extra failures include the slice's)
  alarms.sort((a, b) => compareFindings(a.top, b.top) || compareFindings(a.headline, b.headline))
  const findings: AnomalyFinding[] = []
  const out: AnomalyAlarm[] = alarms.map((a, i) => {
    const id = a.headline.id
    const [headline, ...related] = [a.headline, ...a.related].map((f) => {
      const full: AnomalyFinding = { ...f, alarm_id: id, rank: findings.length + 1 }
      findings.push(full)
      return full
    })
    return { id, rank: i + 1, tone: headline.tone, headline, related }
  })
  return { alarms: out, findings }
}

/**
 * True when the scope's filter leaves the dimension one value (null counted as 'unknown', as the
 * scans do): its only slice is the whole scope again, so the scans leave it out.
 */
function fixedByScope(ctx: AnalysisContext, dim: AnomalyDimension): boolean {
  const values = ctx.scope.filters?.[dim]
  return values !== undefined && new Set(values.map((v) => v ?? 'unknown')).size === 1
}

/** How the daily series are read: 'auto' (the cube once the dataset's alarms are asked for again), or one way only (tests). */
export type SeriesSource = 'auto' | 'cube' | 'scan'

const CUBE_KEY = ['alarmCube']
const ASKED_KEY = ['alarmsAsked']

/**
 * The dataset's cube when it can answer this request: the scope is one the cube answers, no cluster
 * run slices the alarms, and the dataset's alarms were asked for before (a one-off request, like the
 * CLI's, scans instead of building it). Built once per dataset memo; a build that fails leaves the
 * dataset to the scans.
 */
async function cubeFor(ctx: AnalysisContext, dims: readonly AnomalyDimension[], source: SeriesSource): Promise<AlarmCube | null> {
  if (source === 'scan' || !cubeAnswers(ctx.scope) || !dims.every((d) => (CUBE_DIMENSIONS as readonly string[]).includes(d))) return null
  if (source === 'cube') return buildAlarmCube(ctx.engine)
  const build = (): Promise<AlarmCube | null> => buildAlarmCube(ctx.engine).catch(() => null)
  const memo = ctx.memo
  if (!memo) return null
  if (!memo.peek(CUBE_KEY) && !memo.peek(ASKED_KEY)) {
    void memo.get(ASKED_KEY, async () => true)
    return null
  }
  return memo.get(CUBE_KEY, build)
}

/** The daily counts and latency quantiles of every slice: from the cube, or from two scans of the rows. */
async function dailySeries(ctx: AnalysisContext, scanned: readonly AnomalyDimension[], source: SeriesSource = 'auto'): Promise<{ counts: CountRow[]; quantiles: QuantileRow[] }> {
  const cube = await cubeFor(ctx, scanned, source)
  if (cube) return cubeSeries(cube, ctx.scope, scanned as readonly CubeDimension[], ctx.knobs.SLA_MS, (grouped) => groupingMask(scanned, grouped))
  const { where, params } = compileScope(ctx.scope, 'i')
  const counts = await ctx.engine.all<CountRow>(countsSql(where, scanned), [ctx.knobs.SLA_MS, ...params])
  const quantiles = await ctx.engine.all<QuantileRow>(quantilesSql(where, scanned), params)
  return { counts, quantiles }
}

/** The dimensions the series split by: those checked, less any the scope fixes to one value. */
function scannedDimensions(ctx: AnalysisContext, names: SliceNames): AnomalyDimension[] {
  return names.dims.filter((d) => !fixedByScope(ctx, d))
}

/** The daily series rows read one way (tests compare the cube's with the scans'). */
export function alarmSeriesRows(ctx: AnalysisContext, source: Exclude<SeriesSource, 'auto'>): Promise<{ counts: CountRow[]; quantiles: QuantileRow[] }> {
  return dailySeries(ctx, scannedDimensions(ctx, anomalyDimensions(ctx)), source)
}

async function compute(ctx: AnalysisContext): Promise<Computed> {
  const names = anomalyDimensions(ctx)
  const scanned = scannedDimensions(ctx, names)
  const { counts, quantiles } = await dailySeries(ctx, scanned)
  const fullMask = groupingMask(scanned, [])
  const dates = counts.filter((r) => r.g === fullMask).map((r) => r.date_utc)
  const z = ctx.knobs.ANOMALY_Z
  const minRequests = ctx.knobs.ANOMALY_MIN_REQUESTS
  const empty: Computed = {
    report: { first_day: null, last_day: null, days: 0, series_checked: 0, slices: [], z, min_requests: minRequests, alarms: [], findings: [] },
    calendar: { dates: [], weekend: [] },
    detections: new Map()
  }
  if (dates.length === 0) return empty
  dates.sort()
  const cal = calendarOf(dates[0], dates[dates.length - 1])
  const { overall, single, pairs } = buildSlices(counts, quantiles, cal, scanned)
  const kept = keptValues(single)
  const detections = new Map<string, MetricDetection>()
  const drafts: Draft[] = []
  let checked = 0
  for (const slice of [overall, ...kept]) {
    const dimension = ANOMALY_DIMENSIONS.find((d) => slice.filters[d] !== undefined) ?? 'all'
    const value = dimension === 'all' ? 'all' : slice.filters[dimension]!
    for (const metric of ANOMALY_METRICS) {
      const det = detectMetric(cal, slice.days, metric, { z, minRequests })
      detections.set(seriesKey(metric, dimension, value), det)
      if (det.checked) checked++
      drafts.push(...findingsOf(det, slice, cal, ctx, names))
    }
  }
  // the slice most responsible: among every dimension value for a whole-scope finding, among the pairs for a one-value finding
  const dims = splitting(single)
  const singles = single.filter((s) => dims.has(Object.keys(s.filters)[0] as AnomalyDimension))
  for (const f of drafts) {
    const dir = f.direction === 'up' ? 1 : -1
    if (f.dimension === 'all') {
      f.responsible = mostResponsible(f.metric, dir, singles, cal, f.before_days, f.since_days, (s) => Object.keys(s.filters)[0], names)
    } else {
      const dim = f.dimension
      const cands = [...pairs.values()].filter((p) => p.filters[dim] === f.value && (Object.keys(p.filters) as AnomalyDimension[]).every((d) => d === dim || dims.has(d)))
      const top = mostResponsible(f.metric, dir, cands, cal, f.before_days, f.since_days, (s) => Object.keys(s.filters).find((d) => d !== dim)!, names)
      // a sub-slice only when the excess concentrates there; else the slice as a whole is the one responsible
      f.responsible = top && concentrated(top) ? top : ownSlice(f, names)
    }
  }
  const { alarms, findings } = groupAlarms(
    drafts.map((d) => {
      const { slice, before_days, since_days, ...f } = d
      void slice
      void before_days
      void since_days
      return f
    })
  )
  const report: AnomalyReport = {
    first_day: cal.dates[0],
    last_day: cal.dates[cal.dates.length - 1],
    days: cal.dates.length,
    series_checked: checked,
    slices: [{ dimension: 'all', values: 1 }, ...names.dims.map((d) => ({ dimension: d, values: kept.filter((s) => s.filters[d] !== undefined).length }))],
    z,
    min_requests: minRequests,
    alarms,
    findings
  }
  return { report, calendar: cal, detections }
}

function computed(ctx: AnalysisContext): Promise<Computed> {
  return memoised(ctx, 'anomalies', () => compute(ctx))
}

/** The alarms and every finding over the scope. */
export async function anomalyReport(ctx: AnalysisContext): Promise<AnomalyReport> {
  return (await computed(ctx)).report
}

/** One slice's series of one metric with its fitted levels and findings (for the chart of an alarm). */
export async function anomalySeries(ctx: AnalysisContext, metric: AnomalyMetric, dimension: 'all' | AnomalyDimension, value: string): Promise<AnomalySeries> {
  const c = await computed(ctx)
  const det = c.detections.get(seriesKey(metric, dimension, dimension === 'all' ? 'all' : value))
  const v = dimension === 'all' ? 'all' : value
  const findings = c.report.findings.filter((f) => f.metric === metric && f.dimension === dimension && f.value === v)
  const label = dimension === CLUSTER_ANOMALY_DIMENSION ? anomalyDimensions(ctx).clusterLabels.get(v) : undefined
  const named = label !== undefined ? { value_label: label } : {}
  if (!det) {
    const none = c.calendar.dates.map(() => null)
    const zero = c.calendar.dates.map(() => 0)
    return { metric, dimension, value: v, ...named, dates: c.calendar.dates, values: none, fitted: none, support: zero, requests: zero, findings, checked: false }
  }
  return { metric, dimension, value: v, ...named, dates: c.calendar.dates, values: det.values, fitted: det.fitted, support: det.support, requests: det.requests, findings, checked: det.checked }
}

export interface FlaggedDaysOptions {
  /** which findings count (default: worse only) */
  tones?: readonly AnomalyTone[]
  /** also every day since a change, not only its transition days (default false) */
  sinceChange?: boolean
  /** only findings of these metrics (default: all) */
  metrics?: readonly AnomalyMetric[]
}

/** One flagged day of one finding: its UTC day and the finding's slice and metric. */
export interface FlaggedDaySlice {
  date: string
  dimension: AnomalyFinding['dimension']
  value: string
  metric: AnomalyMetric
}

/**
 * Every (day, slice) the detector flags: each spike's day and each change's transition (date to
 * level_reached), or every day since the change with `sinceChange`; in the finding's slice.
 */
export function flaggedDaySlices(report: AnomalyReport, opts: FlaggedDaysOptions = {}): FlaggedDaySlice[] {
  const tones = opts.tones ?? ['worse']
  const out: FlaggedDaySlice[] = []
  for (const f of report.findings) {
    if (!tones.includes(f.tone) || (opts.metrics && !opts.metrics.includes(f.metric))) continue
    const last = f.kind === 'spike' ? f.date : opts.sinceChange ? f.last_day : f.level_reached
    for (let d = f.date; d <= last; d = addDays(d, 1)) out.push({ date: d, dimension: f.dimension, value: f.value, metric: f.metric })
  }
  return out
}

/** The UTC days the detector flags (see flaggedDaySlices), oldest first. For boosting sampling. */
export function flaggedDays(report: AnomalyReport, opts: FlaggedDaysOptions = {}): string[] {
  return [...new Set(flaggedDaySlices(report, opts).map((f) => f.date))].sort()
}

/** The days flagged over the scope (see flaggedDays); the sampling policy boosts these. */
export async function anomalyFlaggedDays(ctx: AnalysisContext, opts: FlaggedDaysOptions = {}): Promise<string[]> {
  return flaggedDays(await anomalyReport(ctx), opts)
}

/**
 * The report with the text that comes from request words masked (cluster labels in slice names and
 * responsible slices), for while PII masking is on; findings without a cluster are returned as they are.
 */
export function maskAnomalyLabels<T extends Pick<AnomalyReport, 'findings' | 'alarms'> | Pick<AnomalySeries, 'findings'>>(report: T, mask: (text: string) => string): T {
  const memo = new Map<AnomalyFinding, AnomalyFinding>()
  const one = (f: AnomalyFinding): AnomalyFinding => {
    let m = memo.get(f)
    if (!m) {
      const r = f.responsible
      m = {
        ...f,
        ...(f.value_label !== undefined ? { value_label: mask(f.value_label) } : {}),
        responsible: r && r.filters[CLUSTER_ANOMALY_DIMENSION] !== undefined ? { ...r, label: mask(r.label) } : r
      }
      memo.set(f, m)
    }
    return m
  }
  const out = { ...report, findings: report.findings.map(one) }
  if ('value_label' in report && typeof report.value_label === 'string') (out as { value_label?: string }).value_label = mask(report.value_label)
  if ('alarms' in report) (out as Pick<AnomalyReport, 'alarms'>).alarms = report.alarms.map((a) => ({ ...a, headline: one(a.headline), related: a.related.map(one) }))
  return out
}
