/**
 * One slice's daily counts turned into each metric's series and checked for change points and
 * spikes (pure: counts in, findings in the metric's units out), with the extra failures, breaches,
 * cost or requests since each change and the impact in dollars that ranks the alarms.
 */
import type { AnomalyMetric, AnomalyTone } from '../../shared/anomalies'
import type { Knobs } from '../../shared/knobs'
import { detectChangePoints, dispersionFromDifferences, type ChangePoint } from '../ml/changePoints'
import { median, weekendOffset } from '../ml/robust'
import { acrossFamilies, familyThreshold } from '../ml/significance'
import { scoreSpikes, type SpikeScore } from '../ml/spikes'

/** Every UTC day from the first to the last day with rows in scope. */
export interface Calendar {
  dates: string[]
  weekend: boolean[]
}

/** One slice's counts per calendar day (0 on a day without rows; quantiles NaN). */
export interface SliceDays {
  n: Float64Array
  kFail: Float64Array
  nLat: Float64Array
  kBreach: Float64Array
  nCost: Float64Array
  cost: Float64Array
  costSq: Float64Array
  p93: Float64Array
  p95: Float64Array
  p97: Float64Array
  /** the 83rd, 85th and 87th latency percentiles per day (the upper body: a sharper reading of a slowdown) */
  p83: Float64Array
  p85: Float64Array
  p87: Float64Array
}


export interface DetectOptions {
  /** ANOMALY_Z: the adjusted z a finding must reach */
  z: number
  /** ANOMALY_MIN_REQUESTS: fewest requests (with latency, with cost) a day needs to count for a rate, latency or cost */
  minRequests: number
  /** fewest days on each side of a change (default 3) */
  minSegment?: number
}

/** What a finding adds up to over its window (null where the metric does not measure it). */
export interface Extras {
  requests: number | null
  failures: number | null
  breaches: number | null
  cost: number | null
}

export interface MetricChange {
  /** calendar indices: first day off the old level, first day at the new level, the old level's first day, the new level's end (exclusive) */
  start: number
  end: number
  from: number
  to: number
  before: number
  after: number
  z: number
  logP: number
  extra: Extras
  /** cost per request before the change (prices a traffic change); null without cost */
  unitCost: number | null
}

export interface MetricSpike {
  day: number
  expected: number
  observed: number
  z: number
  logP: number
  /** calendar indices of the reference days */
  refDays: number[]
  extra: Extras
  unitCost: number | null
}

export interface MetricDetection {
  metric: AnomalyMetric
  /** false when the slice had too little support for this metric */
  checked: boolean
  values: (number | null)[]
  fitted: (number | null)[]
  support: number[]
  /** rows per calendar day (what a drilldown into the day shows) */
  requests: number[]
  changes: MetricChange[]
  spikes: MetricSpike[]
}

const MIN_SEGMENT = 3
/** a day's p95 needs at least this many latencies (one value above it), whatever ANOMALY_MIN_REQUESTS says */
const P95_MIN_VALUES = 20
/** two-proportion z (over the square root of the dispersion) above which weekend days get their own failure/breach rate level */
const WEEKEND_RATE_Z = 3
/**
 * cost is read two ways: the day's total (volume x price, noisy with the volume's own swings) and its
 * cost per request (price and mix alone); each at half the false-alarm rate, so the metric keeps its
 * ANOMALY_Z (Bonferroni over the two)
 */
const COST_FAMILIES = 2
/** a day's p95 spike is read two ways: its p95, and its 85th percentile (Bonferroni over the two) */
const P95_SPIKE_FAMILIES = 2

/** The calendar of every UTC day from first to last (YYYY-MM-DD). */
export function calendarOf(first: string, last: string): Calendar {
  const dates: string[] = []
  const weekend: boolean[] = []
  const end = Date.parse(`${last}T00:00:00Z`)
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += 86_400_000) {
    const d = new Date(t)
    dates.push(d.toISOString().slice(0, 10))
    weekend.push(d.getUTCDay() === 0 || d.getUTCDay() === 6)
  }
  return { dates, weekend }
}

/** Zero counts for a calendar of `days` days. */
export function emptySliceDays(days: number): SliceDays {
  const z = (): Float64Array => new Float64Array(days)
  const nan = (): Float64Array => new Float64Array(days).fill(NaN)
  return { n: z(), kFail: z(), nLat: z(), kBreach: z(), nCost: z(), cost: z(), costSq: z(), p93: nan(), p95: nan(), p97: nan(), p83: nan(), p85: nan(), p87: nan() }
}

const sumOver = (a: ArrayLike<number>, days: Iterable<number>): number => {
  let s = 0
  for (const d of days) s += a[d]
  return s
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}

/** Segment id per series point: levels between changes, -1 inside a gradual change. */
function segmentsOf(points: number, changes: readonly ChangePoint[]): number[] {
  const seg = new Array<number>(points).fill(0)
  changes.forEach((c, i) => {
    for (let p = c.start; p < points; p++) seg[p] = p < c.end ? -1 : i + 1
  })
  return seg
}

/** The series of one metric on the points (calendar days) it uses. */
interface Prepared {
  /** calendar index of each point */
  idx: number[]
  kind: 'binomial' | 'gaussian'
  /** binomial: successes and trials per point */
  k?: number[]
  n?: number[]
  weekendFactor?: number
  /** Gaussian: value (log) and sampling variance per point */
  y?: number[]
  v?: number[]
  /** a volume: fitted with a growth trend (and its spikes scored on the detrended values) */
  volume: boolean
  /** spike scale: value and variance per point (a volume's values are replaced by the detrended ones) */
  sy: number[]
  sv: number[]
  dispersion: number
}

function arcsine(k: number, n: number): number {
  return Math.asin(Math.sqrt(Math.min(1, (k + 3 / 8) / (n + 3 / 4))))
}

function prepareRate(cal: Calendar, k: Float64Array, n: Float64Array, minRequests: number): Prepared | null {
  const idx = range(0, cal.dates.length).filter((d) => n[d] >= minRequests)
  if (idx.length < 2 * MIN_SEGMENT) return null
  const kk = idx.map((d) => k[d])
  const nn = idx.map((d) => n[d])
  const we = idx.map((d) => cal.weekend[d])
  const K = kk.reduce((a, b) => a + b, 0)
  if (K === 0) return null
  const sy = idx.map((_, i) => arcsine(kk[i], nn[i]))
  const sv = nn.map((v) => 1 / (4 * (v + 0.5)))
  // a weekend level of its own only when the data insist (two-proportion z over the over-dispersion)
  let r = 1
  const phi0 = dispersionFromDifferences(sy, sv)
  let kWe = 0
  let nWe = 0
  for (let i = 0; i < idx.length; i++) {
    if (we[i]) {
      kWe += kk[i]
      nWe += nn[i]
    }
  }
  const N = nn.reduce((a, b) => a + b, 0)
  const kWd = K - kWe
  const nWd = N - nWe
  if (nWe > 0 && nWd > 0 && kWd > 0) {
    const p = K / N
    const z = (kWe / nWe - kWd / nWd) / Math.sqrt(p * (1 - p) * (1 / nWe + 1 / nWd))
    if (Math.abs(z) / Math.sqrt(phi0) > WEEKEND_RATE_Z) r = kWe / nWe / (kWd / nWd)
  }
  const adj = r === 1 ? sy : idx.map((_, i) => arcsine(kk[i] / (we[i] ? r : 1), nn[i]))
  return { idx, kind: 'binomial', k: kk, n: nn, weekendFactor: r, volume: false, sy, sv, dispersion: dispersionFromDifferences(adj, sv) }
}

/** A log series (volume or latency); the dispersion is read off its differences with the weekend level taken out. */
function prepareLog(cal: Calendar, idx: number[], y: number[], v: number[], volume: boolean): Prepared {
  const we = idx.map((d) => cal.weekend[d])
  const shift = weekendOffset(y, we)
  const adj = y.map((val, i) => val - (we[i] ? shift : 0))
  return { idx, kind: 'gaussian', y, v, volume, sy: y, sv: v, dispersion: dispersionFromDifferences(adj, v) }
}

function prepare(metric: AnomalyMetric, cal: Calendar, d: SliceDays, minRequests: number): Prepared | null {
  const all = range(0, cal.dates.length)
  switch (metric) {
    case 'requests': {
      if (all.length < 2 * MIN_SEGMENT || sumOver(d.n, all) < MIN_SEGMENT * minRequests) return null
      return prepareLog(
        cal,
        all,
        all.map((t) => Math.log(d.n[t] + 0.5)),
        all.map((t) => 1 / (d.n[t] + 0.5)),
        true
      )
    }
    case 'cost_usd': {
      const idx = all.filter((t) => d.nCost[t] >= minRequests && d.cost[t] > 0)
      if (idx.length < 2 * MIN_SEGMENT) return null
      // relative variance of a sum of independent costs: sum c^2 / (sum c)^2
      return prepareLog(
        cal,
        idx,
        idx.map((t) => Math.log(d.cost[t])),
        idx.map((t) => Math.max(d.costSq[t] / (d.cost[t] * d.cost[t]), 1e-12)),
        true
      )
    }
    case 'failure_rate':
      return prepareRate(cal, d.kFail, d.n, minRequests)
    case 'sla_breach_rate':
      return prepareRate(cal, d.kBreach, d.nLat, minRequests)
    case 'p95_latency_ms': {
      const idx = all.filter((t) => d.nLat[t] >= Math.max(minRequests, P95_MIN_VALUES) && d.p95[t] > 0)
      if (idx.length < 2 * MIN_SEGMENT) return null
      // sparsity of the latency distribution at the 95th percentile, relative to it (median over days)
      const rho = Math.max(0.005, median(idx.map((t) => (d.p97[t] - d.p93[t]) / d.p95[t])))
      return prepareLog(
        cal,
        idx,
        idx.map((t) => Math.log(d.p95[t])),
        idx.map((t) => ((0.95 * 0.05) / d.nLat[t]) * (rho / 0.04) ** 2),
        false
      )
    }
  }
}

/** The metric's value on a calendar day (null where it has none). */
function dailyValue(metric: AnomalyMetric, d: SliceDays, t: number): number | null {
  switch (metric) {
    case 'requests':
      return d.n[t]
    case 'failure_rate':
      return d.n[t] > 0 ? d.kFail[t] / d.n[t] : null
    case 'sla_breach_rate':
      return d.nLat[t] > 0 ? d.kBreach[t] / d.nLat[t] : null
    case 'p95_latency_ms':
      return Number.isFinite(d.p95[t]) ? d.p95[t] : null
    case 'cost_usd':
      return d.nCost[t] > 0 ? d.cost[t] : null
  }
}

function dailySupport(metric: AnomalyMetric, d: SliceDays, t: number): number {
  return metric === 'p95_latency_ms' || metric === 'sla_breach_rate' ? d.nLat[t] : metric === 'cost_usd' ? d.nCost[t] : d.n[t]
}

/**
 * Extra failures, breaches, cost or requests on `since` (calendar days) over what the old level
 * predicts: a rate's pooled level over `before`, or a volume's fitted baseline per day.
 */
export function extrasOver(metric: AnomalyMetric, d: SliceDays, before: readonly number[], since: readonly number[], baseline?: (t: number) => number): Extras {
  const out: Extras = { requests: null, failures: null, breaches: null, cost: null }
  const rateExtra = (k: Float64Array, n: Float64Array): number | null => {
    const nb = sumOver(n, before)
    if (nb <= 0) return null
    const p0 = sumOver(k, before) / nb
    return sumOver(k, since) - p0 * sumOver(n, since)
  }
  switch (metric) {
    case 'failure_rate':
      out.failures = rateExtra(d.kFail, d.n)
      break
    case 'sla_breach_rate':
    case 'p95_latency_ms':
      out.breaches = rateExtra(d.kBreach, d.nLat)
      break
    case 'cost_usd':
      out.cost = baseline ? since.reduce((s, t) => s + (d.nCost[t] > 0 ? d.cost[t] - baseline(t) : 0), 0) : null
      break
    case 'requests':
      out.requests = baseline ? since.reduce((s, t) => s + d.n[t] - baseline(t), 0) : null
      break
  }
  return out
}

function unitCostOver(d: SliceDays, days: readonly number[]): number | null {
  const n = sumOver(d.nCost, days)
  return n > 0 ? sumOver(d.cost, days) / n : null
}

/**
 * Per point (calendar days `idx`), the log of the day's 85th latency percentile and its sampling
 * variance, (0.85 * 0.15 / n) * (rho / 0.04)^2 with rho = median over days of (p87 - p83) / p85 (as
 * for the p95). A one-day slowdown moves the upper body of the distribution as it moves the tail,
 * and the 85th percentile of a day is estimated about twice as precisely as its 95th (more values
 * around it): a second, sharper reading of a p95 spike (a slowdown of the slowest 5% alone is left
 * to the p95 reading). Null when the days have no such percentiles.
 */
export function upperBodySeries(d: SliceDays, idx: readonly number[]): { y: number[]; v: number[] } | null {
  const days = idx.filter((t) => d.p85[t] > 0 && d.p87[t] >= d.p83[t])
  if (days.length !== idx.length || idx.length === 0) return null
  const rho = Math.max(0.005, median(idx.map((t) => (d.p87[t] - d.p83[t]) / d.p85[t])))
  return { y: idx.map((t) => Math.log(d.p85[t])), v: idx.map((t) => ((0.85 * 0.15) / d.nLat[t]) * (rho / 0.04) ** 2) }
}

/** A change point and which reading of the series found it (cost per request, or the series itself). */
type ReadChange = ChangePoint & { perRequest: boolean }

/**
 * The changes of a day's cost per request (log of cost / requests with a cost, the same sampling
 * variance as the total's: sum c^2 / (sum c)^2), with a weekend level and no trend; and its values.
 */
function unitCostChanges(cal: Calendar, d: SliceDays, p: Prepared, z: number, minSegment: number): { changes: ChangePoint[]; y: number[] } {
  const y = p.idx.map((t) => Math.log(d.cost[t] / d.nCost[t]))
  const weekend = p.idx.map((t) => cal.weekend[t])
  const shift = weekendOffset(y, weekend)
  const dispersion = dispersionFromDifferences(
    y.map((v, i) => v - (weekend[i] ? shift : 0)),
    p.sv
  )
  const det = detectChangePoints({ kind: 'gaussian', y, w: p.sv.map((v) => 1 / v), day: p.idx, weekend }, { z, dispersion, minSegment })
  return { changes: det.changes, y }
}

/** changes of two readings in the same direction this close (points) are one event */
const SAME_EVENT_POINTS = 7

/**
 * Two readings' changes as one list: a pair closer than `minSegment` points, or in the same direction
 * within a week, is one event, kept from the stronger reading (the total dates a price step later,
 * once the volume's noise lets it); each change's old and new levels then run to its neighbours.
 */
export function mergeChanges(a: readonly ReadChange[], b: readonly ReadChange[], points: number, minSegment: number): ReadChange[] {
  const kept: ReadChange[] = []
  const gap = (x: ReadChange, y: ReadChange): number => Math.max(x.start - y.end, y.start - x.end)
  const sameWay = (x: ReadChange, y: ReadChange): boolean => Math.sign(x.after - x.before) === Math.sign(y.after - y.before)
  for (const c of [...a, ...b].sort((x, y) => y.z - x.z)) {
    if (kept.some((k) => gap(c, k) < minSegment || (sameWay(c, k) && gap(c, k) <= SAME_EVENT_POINTS))) continue
    kept.push(c)
  }
  kept.sort((x, y) => x.start - y.start)
  return kept.map((c, i) => ({ ...c, from: i > 0 ? kept[i - 1].end : 0, to: i < kept.length - 1 ? kept[i + 1].start : points }))
}

/** Checks one metric of one slice: its change points, then its spikes within the levels between them. */
export function detectMetric(cal: Calendar, d: SliceDays, metric: AnomalyMetric, opts: DetectOptions): MetricDetection {
  const N = cal.dates.length
  const values = range(0, N).map((t) => dailyValue(metric, d, t))
  const support = range(0, N).map((t) => dailySupport(metric, d, t))
  const requests = Array.from(d.n)
  const p = prepare(metric, cal, d, opts.minRequests)
  if (!p) return { metric, checked: false, values, fitted: new Array<number | null>(N).fill(null), support, requests, changes: [], spikes: [] }
  const minSegment = opts.minSegment ?? MIN_SEGMENT
  const P = p.idx.length
  const cal0 = (i: number): number => (i < P ? p.idx[i] : N)

  const weekendOfPoints = p.idx.map((t) => cal.weekend[t])
  const det =
    p.kind === 'binomial'
      ? detectChangePoints({ kind: 'binomial', k: p.k!, n: p.n!, weekend: weekendOfPoints, weekendFactor: p.weekendFactor }, { z: opts.z, dispersion: p.dispersion, minSegment })
      : detectChangePoints(
          { kind: 'gaussian', y: p.y!, w: p.v!.map((v) => 1 / v), day: p.idx, trend: p.volume, weekend: weekendOfPoints },
          { z: familyThreshold(opts.z, metric === 'cost_usd' ? COST_FAMILIES : 1), dispersion: p.dispersion, minSegment }
        )
  const families = metric === 'cost_usd' ? COST_FAMILIES : 1
  const zFamily = familyThreshold(opts.z, families)
  // cost per request: its own changes (a price or mix step the volume's noise hides in the total)
  const unit = metric === 'cost_usd' ? unitCostChanges(cal, d, p, zFamily, minSegment) : null
  const cps = mergeChanges(
    det.changes.filter((c) => acrossFamilies(c, families).z >= opts.z).map((c) => ({ ...c, ...acrossFamilies(c, families), perRequest: false })),
    (unit?.changes ?? []).filter((c) => acrossFamilies(c, families).z >= opts.z).map((c) => ({ ...c, ...acrossFamilies(c, families), perRequest: true })),
    P,
    minSegment
  )
  const adjusted = det.adjusted

  // the Gaussian level of the adjusted series over points [a, b), for baselines and the fitted line
  const gLevel = (a: number, b: number): number => {
    let sw = 0
    let swy = 0
    for (let i = a; i < b; i++) {
      sw += 1 / p.v![i]
      swy += adjusted[i] / p.v![i]
    }
    return swy / sw
  }
  const volumeAt = (mu: number) => (t: number) => Math.exp(mu + det.trend * t + (cal.weekend[t] ? det.weekendShift : 0)) - (metric === 'requests' ? 0.5 : 0)
  const pointsIn = (a: number, b: number): number[] => p.idx.slice(a, b)

  const changes: MetricChange[] = cps.map((c) => {
    const beforeDays = pointsIn(c.from, c.start)
    const afterDays = pointsIn(c.end, c.to)
    const start = cal0(c.start)
    const since = range(start, N).filter((t) => metric === 'requests' || metric === 'cost_usd' ? p.idx.includes(t) : true)
    let before = c.before
    let after = c.after
    let baseline: ((t: number) => number) | undefined
    if (metric === 'p95_latency_ms') {
      before = median(beforeDays.map((t) => d.p95[t]))
      after = median(afterDays.map((t) => d.p95[t]))
    } else if (metric === 'requests' || metric === 'cost_usd') {
      const v = metric === 'requests' ? d.n : d.cost
      before = beforeDays.reduce((s, t) => s + v[t], 0) / beforeDays.length
      after = afterDays.reduce((s, t) => s + v[t], 0) / afterDays.length
      if (c.perRequest) {
        // a price or mix change: the spend since over the old cost per request at the requests since
        const unitBefore = sumOver(d.cost, beforeDays) / sumOver(d.nCost, beforeDays)
        baseline = (t) => d.nCost[t] * unitBefore
      } else baseline = volumeAt(gLevel(c.from, c.start))
    }
    const calFrom = cal0(c.from)
    return {
      start,
      end: cal0(c.end),
      from: calFrom,
      to: cal0(c.to),
      before,
      after,
      z: c.z,
      logP: c.logP,
      extra: extrasOver(metric, d, metric === 'requests' || metric === 'cost_usd' ? beforeDays : range(calFrom, start), since, baseline),
      unitCost: unitCostOver(d, range(calFrom, start))
    }
  })

  // fitted level per calendar day
  const fitted = new Array<number | null>(N).fill(null)
  const segs = segmentsOf(P, cps)
  const bounds = [0, ...cps.flatMap((c) => [c.start, c.end]), P]
  for (let s = 0; s + 1 < bounds.length; s += 2) {
    const a = bounds[s]
    const b = bounds[s + 1]
    if (b <= a) continue
    if (p.kind === 'binomial') {
      const days = pointsIn(a, b)
      const k = metric === 'failure_rate' ? d.kFail : d.kBreach
      const n = metric === 'failure_rate' ? d.n : d.nLat
      const level = sumOver(k, days) / sumOver(n, days)
      for (const t of days) fitted[t] = level
    } else {
      const mu = gLevel(a, b)
      for (let i = a; i < b; i++) {
        const t = p.idx[i]
        fitted[t] = metric === 'p95_latency_ms' ? Math.exp(mu + (cal.weekend[t] ? det.weekendShift : 0)) : volumeAt(mu)(t)
      }
    }
  }
  // inside a gradual change the level moves linearly from the old to the new
  cps.forEach((c) => {
    const from = c.start > 0 ? fitted[p.idx[c.start - 1]] : null
    const to = c.end < P ? fitted[p.idx[c.end]] : null
    if (from === null || to === null) return
    for (let i = c.start; i < c.end; i++) fitted[p.idx[i]] = from + ((to - from) * (i - c.start + 1)) / (c.end - c.start + 1)
  })

  // spikes: each day against the same kind of day nearby within its level
  // a day's request count against the count its baseline expects, on Anscombe's square-root scale (a
  // Poisson count's variance is 1 there whatever the count, so a small slice's empty day is not over-read)
  const anscombe = (n: number): number => 2 * Math.sqrt(Math.max(0, n) + 3 / 8)
  const standardise =
    metric === 'requests' ? (i: number, baseline: number, refs: readonly number[]) => (anscombe(d.n[p.idx[i]]) - anscombe(volumeAt(baseline)(p.idx[i]))) / Math.sqrt(1 + Math.PI / (2 * refs.length)) : undefined
  const { scores } = scoreSpikes({ y: p.volume ? adjusted : p.sy, v: p.sv, day: p.idx, weekend: weekendOfPoints, segment: segs, standardise })
  const spikes: MetricSpike[] = []
  const scored: (SpikeScore & { perRequest: boolean })[] = scores.map((s) => ({ ...s, perRequest: false }))
  if (unit) {
    // a day whose cost per request is off its same-kind days (a runaway prompt, a price glitch); the stronger reading of a day wins
    const byDay = new Map(scored.map((s) => [s.index, s]))
    for (const s of scoreSpikes({ y: unit.y, v: p.sv, day: p.idx, weekend: weekendOfPoints, segment: segs }).scores) {
      const other = byDay.get(s.index)
      if (!other || Math.abs(s.z) > Math.abs(other.z)) byDay.set(s.index, { ...s, perRequest: true })
    }
    scored.splice(0, scored.length, ...[...byDay.values()].sort((a, b) => a.index - b.index))
  }
  const tail = metric === 'p95_latency_ms' ? upperBodySeries(d, p.idx) : null
  if (tail) {
    // the day's 85th percentile: the stronger reading of a day counts
    const byDay = new Map(scored.map((s) => [s.index, s]))
    for (const s of scoreSpikes({ y: tail.y, v: tail.v, day: p.idx, weekend: weekendOfPoints, segment: segs }).scores) {
      const other = byDay.get(s.index)
      if (!other || Math.abs(s.z) > Math.abs(other.z)) byDay.set(s.index, { ...s, perRequest: false })
    }
    scored.splice(0, scored.length, ...[...byDay.values()].sort((a, b) => a.index - b.index))
  }
  const spikeFamilies = metric === 'p95_latency_ms' && tail ? P95_SPIKE_FAMILIES : families
  for (const raw of scored) {
    const adj = acrossFamilies({ z: Math.abs(raw.z), logP: raw.logP }, spikeFamilies)
    const s = { ...raw, logP: adj.logP, z: Math.sign(raw.z) * adj.z }
    if (Math.abs(s.z) < opts.z) continue
    const t = p.idx[s.index]
    const refDays = s.references.map((j) => p.idx[j])
    let expected: number
    let baseline: ((u: number) => number) | undefined
    if (metric === 'cost_usd' && s.perRequest) {
      // the day's requests at the cost per request of its reference days
      baseline = (u) => d.nCost[u] * Math.exp(s.baseline)
      expected = baseline(t)
    } else if (metric === 'requests' || metric === 'cost_usd') {
      baseline = volumeAt(s.baseline)
      expected = baseline(t)
    } else expected = median(refDays.map((u) => dailyValue(metric, d, u) ?? NaN))
    spikes.push({
      day: t,
      expected,
      observed: values[t] ?? NaN,
      z: s.z,
      logP: s.logP,
      refDays,
      extra: extrasOver(metric, d, refDays, [t], baseline),
      unitCost: unitCostOver(d, refDays)
    })
  }
  return { metric, checked: true, values, fitted, support, requests, changes, spikes }
}

/** Worse, better or neutral: more failures, breaches, latency or cost is worse; a traffic drop to half or less may be an outage. */
export function toneOf(metric: AnomalyMetric, before: number | null, after: number | null): AnomalyTone {
  if (before === null || after === null || after === before) return 'neutral'
  const up = after > before
  if (metric === 'requests') return !up && before > 0 && after <= 0.5 * before ? 'worse' : 'neutral'
  return up ? 'worse' : 'better'
}

/**
 * Dollars that rank an alarm: extra failures x FAILURE_EVENT_COST_USD, extra breaches x
 * SLA_BREACH_PENALTY_USD, extra cost, and for traffic the spend that moved (|extra requests| x cost
 * per request before). Improvements come out negative.
 */
export function impactUsd(metric: AnomalyMetric, extra: Extras, unitCost: number | null, knobs: Pick<Knobs, 'FAILURE_EVENT_COST_USD' | 'SLA_BREACH_PENALTY_USD'>): number {
  switch (metric) {
    case 'failure_rate':
      return (extra.failures ?? 0) * knobs.FAILURE_EVENT_COST_USD
    case 'sla_breach_rate':
    case 'p95_latency_ms':
      return (extra.breaches ?? 0) * knobs.SLA_BREACH_PENALTY_USD
    case 'cost_usd':
      return extra.cost ?? 0
    case 'requests':
      return Math.abs(extra.requests ?? 0) * (unitCost ?? 0)
  }
}
