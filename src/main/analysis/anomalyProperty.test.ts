import { describe, expect, it } from 'vitest'
import { ANOMALY_METRICS, type AnomalyMetric } from '../../shared/anomalies'
import { detectMetric } from './anomalySeries'
import { generateSlice, SeededRandom, type SeriesSpec } from './testSeries'

// Property checks over many seeded series: steady series with weekly rhythm, growth and day-to-day
// noise raise nothing; planted steps are dated within 2 days; planted one-day spikes are found on their day.
const SEEDS = 40
const OPTS = { z: 4, minRequests: 30 }
const BASE: SeriesSpec = { days: 60, volume: 500, growth: 0.3, weekendVolume: 0.6, weekendFailure: 1.3, failureRate: 0.06 }

function findings(seed: number, spec: SeriesSpec, metric: AnomalyMetric) {
  const { cal, days } = generateSlice(seed, spec)
  return detectMetric(cal, days, metric, OPTS)
}

describe('anomaly detection over seeded series', () => {
  it('raises nothing on steady series (weekly rhythm, 30% growth, over-dispersion), for every metric', () => {
    const raised: string[] = []
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { cal, days } = generateSlice(seed, BASE)
      for (const metric of ANOMALY_METRICS) {
        const det = detectMetric(cal, days, metric, OPTS)
        expect(det.checked).toBe(true)
        for (const c of det.changes) raised.push(`seed ${seed} ${metric} change at ${cal.dates[c.start]} z=${c.z.toFixed(2)}`)
        for (const s of det.spikes) raised.push(`seed ${seed} ${metric} spike on ${cal.dates[s.day]} z=${s.z.toFixed(2)}`)
      }
    }
    expect(raised).toEqual([])
  })

  const steps: [AnomalyMetric, number][] = [
    ['failure_rate', 1.8],
    ['sla_breach_rate', 1.3],
    ['p95_latency_ms', 1.3],
    ['cost_usd', 1.5],
    ['requests', 0.5],
    ['requests', 1.7]
  ]
  it.each(steps)('dates a planted %s step (x%s) within 2 days', (metric, factor) => {
    const rng = new SeededRandom(99)
    const misses: string[] = []
    for (let seed = 1; seed <= SEEDS; seed++) {
      const day = rng.int(8, 50)
      const plantMetric = metric === 'sla_breach_rate' ? 'p95_latency_ms' : metric
      const det = findings(seed, { ...BASE, plants: [{ metric: plantMetric, day, factor }] }, metric)
      const hit = det.changes.find((c) => Math.abs(c.start - day) <= 2)
      if (!hit) misses.push(`seed ${seed}: planted day ${day}, found ${det.changes.map((c) => c.start).join(',') || 'nothing'}`)
      else expect(Math.sign(hit.after - hit.before)).toBe(Math.sign(factor - 1))
      // nothing else is raised far from the planted day
      for (const c of det.changes) if (Math.abs(c.start - day) > 2) misses.push(`seed ${seed}: extra change at ${c.start} (planted ${day})`)
    }
    expect(misses).toEqual([])
  })

  // about six times the day-to-day noise of these series (sd of log daily cost ~0.1, of log p95 ~0.08 on a
  // weekend): a one-day spike is judged against 60 days (Bonferroni) and a weekend against four or five weekend days
  const spikes: [AnomalyMetric, number][] = [
    ['failure_rate', 3],
    ['p95_latency_ms', 2.5],
    ['requests', 2.2],
    ['requests', 0.3],
    ['cost_usd', 3]
  ]
  it.each(spikes)('finds a planted one-day %s spike (x%s) on its day', (metric, factor) => {
    const rng = new SeededRandom(7)
    const misses: string[] = []
    for (let seed = 1; seed <= SEEDS; seed++) {
      const day = rng.int(3, 56)
      const det = findings(seed, { ...BASE, plants: [{ metric, day, factor, spike: true }] }, metric)
      if (!det.spikes.some((s) => s.day === day)) misses.push(`seed ${seed}: spike on ${day} not found (spikes ${det.spikes.map((s) => s.day).join(',')}; changes ${det.changes.map((c) => c.start).join(',')})`)
      if (det.changes.length) misses.push(`seed ${seed}: the spike on ${day} was read as a change`)
    }
    expect(misses).toEqual([])
  })
})
