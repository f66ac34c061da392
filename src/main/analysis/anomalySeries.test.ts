import { describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { calendarOf, detectMetric, emptySliceDays, extrasOver, impactUsd, mergeChanges, toneOf, upperBodySeries } from './anomalySeries'

describe('calendarOf', () => {
  it('lists every UTC day with its weekend flag, across a month end', () => {
    const cal = calendarOf('2025-02-28', '2025-03-03')
    expect(cal.dates).toEqual(['2025-02-28', '2025-03-01', '2025-03-02', '2025-03-03'])
    expect(cal.weekend).toEqual([false, true, true, false])
  })
})

describe('extrasOver', () => {
  const d = emptySliceDays(4)
  d.n.set([100, 100, 200, 50])
  d.kFail.set([5, 5, 30, 10])
  d.nLat.set([100, 100, 100, 50])
  d.kBreach.set([2, 2, 10, 0])
  d.nCost.set([100, 100, 200, 50])
  d.cost.set([1, 1, 3, 0.5])

  it('counts a rate’s extra events against the pooled old level', () => {
    // old failure rate 10 / 200 = 0.05; since: 30 + 10 - 0.05 * 250 = 27.5
    expect(extrasOver('failure_rate', d, [0, 1], [2, 3]).failures).toBeCloseTo(27.5, 12)
    // old breach rate 4 / 200 = 0.02; since: 10 + 0 - 0.02 * 150 = 7
    expect(extrasOver('p95_latency_ms', d, [0, 1], [2, 3]).breaches).toBeCloseTo(7, 12)
    expect(extrasOver('sla_breach_rate', d, [0, 1], [2, 3])).toMatchObject({ failures: null, breaches: 7, cost: null, requests: null })
    expect(extrasOver('failure_rate', d, [], [2, 3]).failures).toBeNull()
  })

  it('counts a volume’s extra cost or requests against a baseline per day', () => {
    // baseline 1 USD a day: 3 - 1 + 0.5 - 1 = 1.5
    expect(extrasOver('cost_usd', d, [0, 1], [2, 3], () => 1).cost).toBeCloseTo(1.5, 12)
    // baseline 100 requests a day: 200 - 100 + 50 - 100 = 50
    expect(extrasOver('requests', d, [0, 1], [2, 3], () => 100).requests).toBe(50)
  })
})

describe('impactUsd and toneOf', () => {
  it('prices failures, breaches, cost and moved traffic with the knobs', () => {
    const e = { requests: null, failures: null, breaches: null, cost: null }
    expect(impactUsd('failure_rate', { ...e, failures: 10 }, null, DEFAULT_KNOBS)).toBe(400)
    expect(impactUsd('p95_latency_ms', { ...e, breaches: 10 }, null, DEFAULT_KNOBS)).toBe(50)
    expect(impactUsd('sla_breach_rate', { ...e, breaches: -4 }, null, DEFAULT_KNOBS)).toBe(-20)
    expect(impactUsd('cost_usd', { ...e, cost: 12.5 }, null, DEFAULT_KNOBS)).toBe(12.5)
    expect(impactUsd('requests', { ...e, requests: -200 }, 0.01, DEFAULT_KNOBS)).toBe(2)
    expect(impactUsd('requests', { ...e, requests: 200 }, null, DEFAULT_KNOBS)).toBe(0)
  })

  it('calls more failures, latency or cost worse, less better, and a traffic drop to half an outage', () => {
    expect(toneOf('failure_rate', 0.05, 0.1)).toBe('worse')
    expect(toneOf('p95_latency_ms', 2000, 1500)).toBe('better')
    expect(toneOf('requests', 1000, 500)).toBe('worse')
    expect(toneOf('requests', 1000, 501)).toBe('neutral')
    expect(toneOf('requests', 1000, 3000)).toBe('neutral')
    expect(toneOf('cost_usd', null, 3)).toBe('neutral')
  })
})

describe('detectMetric', () => {
  it('skips a slice without support and reports it unchecked', () => {
    const cal = calendarOf('2025-01-06', '2025-01-19')
    const d = emptySliceDays(14)
    d.n.fill(3)
    d.kFail.fill(1)
    const det = detectMetric(cal, d, 'failure_rate', { z: 4, minRequests: 30 })
    expect(det.checked).toBe(false)
    expect(det.values[0]).toBeCloseTo(1 / 3, 15)
    expect(det.fitted.every((v) => v === null)).toBe(true)
    expect(det.changes).toEqual([])
  })

  it('a small slice’s empty day is not over-read: 0 requests where 8 are expected is p = 3.4e-4, not significant over 42 days', () => {
    const cal = calendarOf('2025-01-06', '2025-02-16')
    const d = emptySliceDays(42)
    for (let t = 0; t < 42; t++) d.n[t] = [7, 9, 8, 8, 10, 6, 8][t % 7]
    d.n[23] = 0
    expect(detectMetric(cal, d, 'requests', { z: 4, minRequests: 30 }).spikes).toEqual([])
  })

  it('a one-day outage of traffic (a Wednesday) is a spike down, and its lost requests are counted against a weekday', () => {
    const cal = calendarOf('2025-01-06', '2025-02-16')
    const d = emptySliceDays(42)
    for (let t = 0; t < 42; t++) d.n[t] = cal.weekend[t] ? 600 + (t % 3) * 10 : 1000 + ((t * 7) % 5) * 10
    d.n[23] = 100
    const det = detectMetric(cal, d, 'requests', { z: 4, minRequests: 30 })
    expect(det.changes).toEqual([])
    expect(det.spikes.map((s) => s.day)).toEqual([23])
    expect(det.spikes[0].z).toBeLessThan(-4)
    expect(det.spikes[0].extra.requests!).toBeLessThan(-850)
  })
})

describe('mergeChanges', () => {
  const change = (start: number, end: number, before: number, after: number, z: number, perRequest: boolean) => ({ start, end, from: 0, to: 0, before, after, statistic: 0, z, logP: 0, perRequest })
  it('keeps the stronger reading of one event and runs every level to its neighbours', () => {
    // the total finds a rise at 51 (z 4.8), the cost per request at 48 (z 8.1): one event, dated 48;
    // a fall at 20 in the total stays (another event); a fall at 46 is closer than minSegment to 48 and goes
    const total = [change(20, 20, 1, 0.5, 6, false), change(51, 51, 1, 1.3, 4.8, false)]
    const unit = [change(48, 48, 1, 1.5, 8.1, true), change(46, 46, 1.5, 1, 5, true)]
    const merged = mergeChanges(total, unit, 60, 3)
    expect(merged.map((c) => [c.start, c.from, c.to, c.perRequest])).toEqual([
      [20, 0, 48, false],
      [48, 20, 60, true]
    ])
  })

  it('keeps changes in opposite directions a week apart, and same-direction ones more than a week apart', () => {
    const merged = mergeChanges([change(10, 10, 1, 2, 6, false)], [change(16, 16, 2, 1, 5, true), change(30, 30, 1, 2, 5, true)], 50, 3)
    expect(merged.map((c) => [c.start, c.from, c.to])).toEqual([
      [10, 0, 16],
      [16, 10, 30],
      [30, 16, 50]
    ])
  })
})

describe('upperBodySeries', () => {
  it('reads log p85 with the variance of a quantile from the sparsity (p87 - p83) / p85', () => {
    const d = emptySliceDays(3)
    d.p83.set([900, 1800, 950])
    d.p85.set([1000, 2000, 1000])
    d.p87.set([1100, 2200, 1100])
    d.nLat.set([100, 100, 50])
    // rho = median(0.2, 0.2, 0.15) = 0.2; variance (0.85 * 0.15 / 100) * (0.2 / 0.04)^2 = 0.031875
    const u = upperBodySeries(d, [0, 1, 2])!
    expect(u.y[0]).toBeCloseTo(6.907755278982137, 12)
    expect(u.v[0]).toBeCloseTo(0.031875, 12)
    expect(u.v[2]).toBeCloseTo(2 * 0.031875, 12)
  })

  it('is null where a day has no percentiles (a pair slice, or no latencies)', () => {
    expect(upperBodySeries(emptySliceDays(3), [0, 1, 2])).toBeNull()
    expect(upperBodySeries(emptySliceDays(3), [])).toBeNull()
  })
})
