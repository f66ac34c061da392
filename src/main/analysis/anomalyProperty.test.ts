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

// The planted truths of scripts/evalAnomalies.ts at volumes down to 60 requests a day: failure steps
// in points, latency and cost level shifts, cost spikes (found through the cost per request, which
// the volume's own swings do not blur), and steady series that must stay silent.
describe('planted changes across volumes (20 seeds each)', () => {
  const SEEDS20 = 20
  const OPTS_DEFAULT = { z: 4, minRequests: 10 }
  const spec = (volume: number): SeriesSpec => ({ days: 60, volume, growth: 0.3, weekendVolume: 0.6, weekendFailure: 1.3, failureRate: 0.06 })
  const stepCases: [string, AnomalyMetric, number, (day: number) => NonNullable<SeriesSpec['plants']>[number]][] = [
    ['failure rate +6 points', 'failure_rate', 300, (day) => ({ metric: 'failure_rate', day, factor: 1, add: 0.06 })],
    ['failure rate +15 points', 'failure_rate', 60, (day) => ({ metric: 'failure_rate', day, factor: 1, add: 0.15 })],
    ['p95 latency +50%', 'p95_latency_ms', 60, (day) => ({ metric: 'p95_latency_ms', day, factor: 1.5 })],
    ['cost +20%', 'cost_usd', 300, (day) => ({ metric: 'cost_usd', day, factor: 1.2 })],
    ['cost +50%', 'cost_usd', 60, (day) => ({ metric: 'cost_usd', day, factor: 1.5 })]
  ]
  it.each(stepCases)('a %s step (%s, %i requests a day) is found and dated within 2 days', (_name, metric, volume, plant) => {
    const rng = new SeededRandom(31 + volume)
    const misses: string[] = []
    for (let seed = 1; seed <= SEEDS20; seed++) {
      const day = rng.int(10, 49)
      const { cal, days } = generateSlice(seed * 7919 + volume, { ...spec(volume), plants: [plant(day)] })
      const det = detectMetric(cal, days, metric, OPTS_DEFAULT)
      if (!det.changes.some((c) => Math.abs(c.start - day) <= 2 && c.after > c.before)) misses.push(`seed ${seed}: planted ${day}, found ${det.changes.map((c) => c.start).join(',') || 'nothing'}`)
      if (det.changes.length > 1 || det.spikes.length) misses.push(`seed ${seed}: ${det.changes.length} changes and ${det.spikes.length} spikes for one planted step`)
    }
    expect(misses).toEqual([])
  })

  it('finds a one-day doubling of the cost per request at 300 requests a day, whatever the volume swings', () => {
    const rng = new SeededRandom(5)
    const misses: string[] = []
    for (let seed = 1; seed <= SEEDS20; seed++) {
      const day = rng.int(3, 56)
      const { cal, days } = generateSlice(seed * 31 + 7, { ...spec(300), plants: [{ metric: 'cost_usd', day, factor: 2, spike: true }] })
      const det = detectMetric(cal, days, 'cost_usd', OPTS_DEFAULT)
      const hit = det.spikes.find((s) => s.day === day)
      if (!hit) misses.push(`seed ${seed}: spike on ${day} not found`)
      // its extra cost is the day's spend over its requests at the reference days' cost per request: about the day's own cost / 2
      else if (!(hit.extra.cost! > 0.3 * days.cost[day] && hit.extra.cost! < 0.7 * days.cost[day])) misses.push(`seed ${seed}: extra cost ${hit.extra.cost} of ${days.cost[day]}`)
      if (det.changes.length) misses.push(`seed ${seed}: the spike was read as a change`)
    }
    expect(misses).toEqual([])
  })

  const tailSpikes: [number, number][] = [
    [600, 1.5],
    [120, 2]
  ]
  it.each(tailSpikes)('finds a one-day p95 latency spike at %i requests a day (x%s) on its day, through its 85th percentile too', (volume, factor) => {
    const rng = new SeededRandom(11)
    const misses: string[] = []
    for (let seed = 1; seed <= SEEDS20; seed++) {
      const day = rng.int(3, 56)
      const { cal, days } = generateSlice(seed * 613 + 3, { ...spec(volume), plants: [{ metric: 'p95_latency_ms', day, factor, spike: true }] })
      const det = detectMetric(cal, days, 'p95_latency_ms', OPTS_DEFAULT)
      if (!det.spikes.some((s) => s.day === day && s.observed > s.expected)) misses.push(`seed ${seed}: spike on ${day} not found (${det.spikes.map((s) => s.day).join(',')})`)
      if (det.changes.length || det.spikes.length > 1) misses.push(`seed ${seed}: ${det.changes.length} changes and ${det.spikes.length} spikes for one planted spike`)
    }
    expect(misses).toEqual([])
  })

  it('raises nothing on steady series with weekday rhythm and growth at 60 and 300 requests a day', () => {
    const raised: string[] = []
    for (const volume of [60, 300]) {
      for (let seed = 1; seed <= SEEDS20; seed++) {
        const { cal, days } = generateSlice(seed * 104729 + volume, spec(volume))
        for (const metric of ANOMALY_METRICS) {
          const det = detectMetric(cal, days, metric, OPTS_DEFAULT)
          for (const c of det.changes) raised.push(`volume ${volume} seed ${seed} ${metric} change at ${cal.dates[c.start]} z=${c.z.toFixed(2)}`)
          for (const s of det.spikes) raised.push(`volume ${volume} seed ${seed} ${metric} spike on ${cal.dates[s.day]} z=${s.z.toFixed(2)}`)
        }
      }
    }
    expect(raised).toEqual([])
  })
})
