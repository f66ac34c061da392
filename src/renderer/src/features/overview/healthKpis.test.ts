import { describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../../../shared/knobs'
import type { HealthSnapshot } from '../../../../shared/types'
import { healthKpis, missingRates, scoreBand, scoreTone } from './healthKpis'

// test/fixtures/notebook-sample/expected/health_snapshot.json
const SNAPSHOT: HealthSnapshot = {
  interactions: 2400,
  failure_rate: 0.058333333333333334,
  sla_breach_rate: 0.19208333333333333,
  latency_missing_rate: 0.0,
  cost_missing_rate: 0.0,
  is_failure_missing_rate: 0.0,
  p95_latency_ms: 2644.5094999999997,
  total_cost_usd: 4.6978100000000005,
  avg_cost_per_request: 0.0019574208333333334,
  tool_usage_share: 0.275,
  safety_blocks_share: 0.009166666666666667,
  failure_type_mix: [],
  health_score: 62.1,
  health_score_unrounded: 62.07821996753246
}

describe('healthKpis', () => {
  it('formats every KPI with its unit and precision', () => {
    const byId = Object.fromEntries(healthKpis(SNAPSHOT, DEFAULT_KNOBS).map((k) => [k.id, k]))
    expect(byId.interactions.value).toBe('2,400')
    expect(byId.failure_rate.value).toBe('5.83%')
    expect(byId.failure_rate.sub).toBe('140 failed · budget 2%')
    expect(byId.sla_breach_rate.value).toBe('19.2%')
    expect(byId.sla_breach_rate.sub).toBe('> 2,200 ms · budget 5%')
    expect(byId.p95_latency_ms.value).toBe('2,644.5 ms')
    expect(byId.total_cost_usd.value).toBe('$4.70')
    expect(byId.avg_cost_per_request.value).toBe('$0.00196')
    expect(byId.tool_usage_share.value).toBe('27.5%')
    expect(byId.safety_blocks_share.value).toBe('0.92%')
    expect(byId.health_score.value).toBe('62.1')
    expect(byId.health_score.raw).toBe(62.1)
  })

  it('judges tones against the knobs, and stays neutral without them', () => {
    const byId = Object.fromEntries(healthKpis(SNAPSHOT, DEFAULT_KNOBS).map((k) => [k.id, k.tone]))
    // 5.83% is above the 2% budget but below the hotspot threshold max(3 x 2%, 5%) = 6%
    expect(byId.failure_rate).toBe('warn')
    expect(healthKpis({ ...SNAPSHOT, failure_rate: 0.061 }, DEFAULT_KNOBS).find((k) => k.id === 'failure_rate')?.tone).toBe('bad')
    expect(byId.sla_breach_rate).toBe('bad')
    expect(byId.p95_latency_ms).toBe('bad')
    expect(byId.health_score).toBe('warn')
    const good = healthKpis({ ...SNAPSHOT, failure_rate: 0.01, sla_breach_rate: 0.04, p95_latency_ms: 2000 }, DEFAULT_KNOBS)
    expect(good.filter((k) => ['failure_rate', 'sla_breach_rate', 'p95_latency_ms'].includes(k.id)).map((k) => k.tone)).toEqual(['good', 'good', 'good'])
    expect(healthKpis(SNAPSHOT, null).every((k) => k.id === 'health_score' || k.tone === 'neutral')).toBe(true)
  })

  it('prints missing numbers as a dash', () => {
    const empty = healthKpis({ ...SNAPSHOT, interactions: 0, failure_rate: null, p95_latency_ms: null, health_score: null }, DEFAULT_KNOBS)
    const byId = Object.fromEntries(empty.map((k) => [k.id, k]))
    expect(byId.failure_rate.value).toBe('—')
    expect(byId.failure_rate.sub.startsWith('—')).toBe(true)
    expect(byId.p95_latency_ms.tone).toBe('neutral')
    expect(byId.health_score.sub).toBe('no score · 0–100')
  })

  it('bands the score and lists missing rates', () => {
    expect([scoreTone(85), scoreTone(62.1), scoreTone(40)]).toEqual(['good', 'warn', 'bad'])
    expect(scoreBand(90)).toBe('healthy')
    expect(missingRates(SNAPSHOT).map((m) => m.value)).toEqual(['0%', '0%', '0%'])
  })
})
