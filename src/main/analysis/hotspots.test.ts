import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { hotspotBucket, modelHotspots } from './hotspots'
import { ENGINE_KINDS, fixtureContext, loadInteractions, times, type FixtureRow } from './testTable'

// History rows, MIN_REQUESTS_POLICY 2, SLA_MS 2200, HOTSPOT_FAIL_RATE = max(3 * 0.02, 0.05) = 0.06:
//   p1/m1   4 rows, 1 failure (0.25), latency 3000, cost 0.5  -> high_failure_and_sla
//   p1/m2   4 rows, 1 failure (0.25), latency 1000            -> high_failure (same fail rate, lower p95: after m1)
//   p2/m3   2 rows, no failure, latency 3000                  -> sla_risk, sla_breach_rate 1
//   null/m4 2 rows, no failure, no latency, no cost           -> ok, provider 'unknown', p95 / sla / cost null
//   p3/m5   1 row                                             -> below support
// One evaluation-window row of p2/m3 with a failure is ignored.
const ROWS: FixtureRow[] = [
  { model_provider: 'p1', model_name: 'm1', is_failure: true, latency_ms: 3000, cost_usd: 0.5, in_history: true },
  ...times(3, { model_provider: 'p1', model_name: 'm1', latency_ms: 3000, cost_usd: 0.5, in_history: true }),
  { model_provider: 'p1', model_name: 'm2', is_failure: true, latency_ms: 1000, in_history: true },
  ...times(3, { model_provider: 'p1', model_name: 'm2', latency_ms: 1000, in_history: true }),
  ...times(2, { model_provider: 'p2', model_name: 'm3', latency_ms: 3000, in_history: true }),
  ...times(2, { model_provider: null, model_name: 'm4', in_history: true }),
  { model_provider: 'p3', model_name: 'm5', is_failure: true, latency_ms: 9000, in_history: true },
  { model_provider: 'p2', model_name: 'm3', is_failure: true, latency_ms: 9000, in_history: false, win_role: 'evaluation' }
]

describe('hotspotBucket', () => {
  it('uses strict inequalities', () => {
    expect(hotspotBucket(0.06, 2200, 0.06, 2200)).toBe('ok')
    expect(hotspotBucket(0.0600001, 2200.1, 0.06, 2200)).toBe('high_failure_and_sla')
    expect(hotspotBucket(0.5, null, 0.06, 2200)).toBe('high_failure')
  })
})

describe.each(ENGINE_KINDS)('modelHotspots on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => {
    await engine.close()
  })

  it('buckets and ranks the models of the history window', async () => {
    const h = await modelHotspots(fixtureContext(engine, { knobs: { MIN_REQUESTS_POLICY: 2 } }))
    expect(h.hotspot_fail_rate).toBe(0.06)
    expect(h.rows).toEqual([
      { model_provider: 'p1', model_name: 'm1', requests: 4, fail_rate: 0.25, p95_latency: 3000, cost_per_request: 0.5, sla_breach_rate: 1, bucket: 'high_failure_and_sla' },
      { model_provider: 'p1', model_name: 'm2', requests: 4, fail_rate: 0.25, p95_latency: 1000, cost_per_request: null, sla_breach_rate: 0, bucket: 'high_failure' },
      { model_provider: 'p2', model_name: 'm3', requests: 2, fail_rate: 0, p95_latency: 3000, cost_per_request: null, sla_breach_rate: 1, bucket: 'sla_risk' },
      { model_provider: 'unknown', model_name: 'm4', requests: 2, fail_rate: 0, p95_latency: null, cost_per_request: null, sla_breach_rate: null, bucket: 'ok' }
    ])
  })

  it('follows what-if knobs and the scope', async () => {
    // FAIL_BUDGET 0.1 -> HOTSPOT_FAIL_RATE 0.3: 0.25 is no longer high; SLA_MS 5000: nothing breaches
    const h = await modelHotspots(fixtureContext(engine, { knobs: { MIN_REQUESTS_POLICY: 2, FAIL_BUDGET: 0.1, SLA_MS: 5000 } }))
    expect(h.rows.map((r) => r.bucket)).toEqual(['ok', 'ok', 'ok', 'ok'])
    expect(h.rows[0].sla_breach_rate).toBe(0)
    const scoped = await modelHotspots(fixtureContext(engine, { knobs: { MIN_REQUESTS_POLICY: 2 }, scope: { filters: { model_provider: [null] } } }))
    expect(scoped.rows.map((r) => r.model_name)).toEqual(['m4'])
    const none = await modelHotspots(fixtureContext(engine))
    expect(none.rows).toEqual([])
  })
})
