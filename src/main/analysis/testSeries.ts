/** Test support for the anomaly tests: a seeded generator of one slice's daily counts with weekly rhythm, growth, over-dispersion, and planted steps or spikes. */
import type { AnomalyMetric } from '../../shared/anomalies'
import { calendarOf, emptySliceDays, type Calendar, type SliceDays } from './anomalySeries'

/** mulberry32 */
export class SeededRandom {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  normal(): number {
    let u = this.next()
    while (u <= 1e-12) u = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
}

/** A planted change: `metric` times `factor` (a failure rate: plus `add` points, when given) from day `day` (to the end, or for one day when a spike). */
export interface Plant {
  metric: AnomalyMetric
  day: number
  factor: number
  /** failure_rate only: added to the rate (0.03: +3 points) after the factor */
  add?: number
  spike?: boolean
}

export interface SeriesSpec {
  days: number
  /** weekday requests per day at the start */
  volume: number
  /** growth over the whole period (0.3: +30%) */
  growth?: number
  /** weekend volume relative to weekdays */
  weekendVolume?: number
  failureRate?: number
  /** weekend failure rate relative to weekdays */
  weekendFailure?: number
  /** median latency (ms) and the SLA (ms) */
  latency?: number
  slaMs?: number
  /** median cost per request (USD) */
  cost?: number
  /** day-to-day noise beyond sampling (log scale): volume, rate, latency, cost */
  dayNoise?: number
  /** variance inflation of the daily request count (sessions) */
  countDispersion?: number
  plants?: Plant[]
}

function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q
  const lo = Math.floor(h)
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo]
}

/** A slice's counts over `spec.days` days from 2025-01-06 (a Monday). */
export function generateSlice(seed: number, spec: SeriesSpec): { cal: Calendar; days: SliceDays } {
  const rng = new SeededRandom(seed)
  const cal = calendarOf('2025-01-06', new Date(Date.UTC(2025, 0, 6 + spec.days - 1)).toISOString().slice(0, 10))
  const d = emptySliceDays(spec.days)
  const noise = spec.dayNoise ?? 0.04
  const active = (metric: AnomalyMetric, t: number): Plant[] => (spec.plants ?? []).filter((p) => p.metric === metric && (p.spike ? t === p.day : t >= p.day))
  const factor = (metric: AnomalyMetric, t: number): number => active(metric, t).reduce((f, p) => f * p.factor, 1)
  const added = (metric: AnomalyMetric, t: number): number => active(metric, t).reduce((a, p) => a + (p.add ?? 0), 0)
  for (let t = 0; t < spec.days; t++) {
    const we = cal.weekend[t]
    const lambda = spec.volume * (we ? (spec.weekendVolume ?? 0.6) : 1) * (1 + ((spec.growth ?? 0) * t) / spec.days) * Math.exp(noise * rng.normal()) * factor('requests', t)
    const n = Math.max(0, Math.round(lambda + Math.sqrt((spec.countDispersion ?? 3) * lambda) * rng.normal()))
    const p = Math.min(0.9, (spec.failureRate ?? 0.06) * (we ? (spec.weekendFailure ?? 1) : 1) * Math.exp(noise * rng.normal()) * factor('failure_rate', t) + added('failure_rate', t))
    let k = 0
    for (let i = 0; i < n; i++) if (rng.next() < p) k++
    const median = (spec.latency ?? 1200) * Math.exp(noise * rng.normal()) * factor('p95_latency_ms', t)
    const costMedian = (spec.cost ?? 0.002) * Math.exp(noise * rng.normal()) * factor('cost_usd', t)
    const lat = new Float64Array(n)
    let breaches = 0
    let cost = 0
    let costSq = 0
    for (let i = 0; i < n; i++) {
      lat[i] = median * Math.exp(0.5 * rng.normal())
      if (lat[i] > (spec.slaMs ?? 2200)) breaches++
      const c = costMedian * Math.exp(0.6 * rng.normal())
      cost += c
      costSq += c * c
    }
    lat.sort()
    d.n[t] = n
    d.kFail[t] = k
    d.nLat[t] = n
    d.kBreach[t] = breaches
    d.nCost[t] = n
    d.cost[t] = cost
    d.costSq[t] = costSq
    if (n > 0) {
      d.p93[t] = quantileSorted(lat, 0.93)
      d.p95[t] = quantileSorted(lat, 0.95)
      d.p97[t] = quantileSorted(lat, 0.97)
      d.p83[t] = quantileSorted(lat, 0.83)
      d.p85[t] = quantileSorted(lat, 0.85)
      d.p87[t] = quantileSorted(lat, 0.87)
    }
  }
  return { cal, days: d }
}
