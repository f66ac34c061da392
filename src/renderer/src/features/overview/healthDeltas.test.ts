import { describe, expect, it } from 'vitest'
import type { HealthDelta } from '../../../../shared/analysis'
import type { HealthSnapshot } from '../../../../shared/types'
import { healthDeltas, rangeDays } from './healthDeltas'

const snap = (over: Partial<HealthSnapshot>): HealthSnapshot => ({
  interactions: 1081,
  failure_rate: 0.05,
  sla_breach_rate: 0.2,
  latency_missing_rate: 0,
  cost_missing_rate: 0,
  is_failure_missing_rate: 0,
  p95_latency_ms: 2600,
  total_cost_usd: 2.1,
  avg_cost_per_request: 0.00194,
  tool_usage_share: 0.27,
  safety_blocks_share: 0.01,
  failure_type_mix: [],
  health_score: 64,
  health_score_unrounded: 64.0,
  ...over
})

// the February scope of the notebook sample against the 28 days before it (values as the backend answers)
const FEB: HealthDelta = {
  current: snap({}),
  current_range: { from: '2025-02-01', to: '2025-02-28' },
  previous: snap({ interactions: 1149, total_cost_usd: 2.20548 }),
  previous_range: { from: '2025-01-04', to: '2025-01-31' },
  change: {
    interactions: -68,
    failure_rate: -0.00715902256637916,
    sla_breach_rate: -0.004223597883853458,
    latency_missing_rate: 0,
    cost_missing_rate: 0,
    is_failure_missing_rate: 0,
    p95_latency_ms: -45.13599999999951,
    total_cost_usd: -0.10548000000000002,
    avg_cost_per_request: 2.53422378305875e-5,
    tool_usage_share: 0.00010707939736037675,
    safety_blocks_share: 0.003267934390118424,
    health_score_unrounded: 2.8884068634621016
  }
}

describe('healthDeltas', () => {
  it('formats each change with its unit, arrow direction and tone', () => {
    const d = healthDeltas(FEB)
    expect(d.hasPrevious).toBe(true)
    expect(d.note).toBe('Arrows compare with the previous 28 days (2025-01-04 → 2025-01-31, 1,149 requests).')
    const t = Object.fromEntries(Object.entries(d.byId).map(([k, v]) => [k, [v.text, v.direction, v.tone]]))
    expect(t.health_score).toEqual(['+2.9 pts', 'up', 'good'])
    expect(t.interactions).toEqual(['−68 (−5.9%)', 'down', 'neutral'])
    expect(t.failure_rate).toEqual(['−0.72 pp', 'down', 'good'])
    expect(t.sla_breach_rate).toEqual(['−0.42 pp', 'down', 'good'])
    expect(t.p95_latency_ms).toEqual(['−45.1 ms', 'down', 'good'])
    expect(t.total_cost_usd).toEqual(['−$0.105 (−4.8%)', 'down', 'neutral'])
    expect(t.avg_cost_per_request).toEqual(['+$0.0000253', 'up', 'bad'])
    expect(t.tool_usage_share).toEqual(['+0.01 pp', 'up', 'neutral'])
    expect(t.safety_blocks_share).toEqual(['+0.33 pp', 'up', 'bad'])
    expect(d.byId.interactions?.title).toBe('Previous period 2025-01-04 → 2025-01-31: 1,149')
    expect(d.byId.failure_rate?.raw).toBe(-0.00715902256637916)
  })

  it('says when there is no previous period with data', () => {
    const none: HealthDelta = {
      ...FEB,
      current_range: { from: '2025-01-01', to: '2025-03-01' },
      previous: snap({ interactions: 0, failure_rate: null }),
      previous_range: { from: '2024-11-02', to: '2024-12-31' }
    }
    const d = healthDeltas(none)
    expect(d.hasPrevious).toBe(false)
    expect(d.byId).toEqual({})
    expect(d.note).toBe('No previous period: no requests in the 60 days before 2025-01-01 (2024-11-02 → 2024-12-31).')
    expect(healthDeltas({ ...FEB, current_range: null, previous: null, previous_range: null, change: null }).note).toMatch(/No timed requests/)
  })

  it('leaves out a KPI whose change is unknown and marks no change as flat', () => {
    const d = healthDeltas({ ...FEB, change: { ...FEB.change!, p95_latency_ms: null, failure_rate: 0 } })
    expect(d.byId.p95_latency_ms).toBeUndefined()
    expect(d.byId.failure_rate).toMatchObject({ text: '±0.00 pp', direction: 'flat', tone: 'neutral' })
  })

  it('counts range days inclusively', () => {
    expect(rangeDays({ from: '2025-01-01', to: '2025-03-01' })).toBe(60)
    expect(rangeDays({ from: '2025-02-01', to: '2025-02-01' })).toBe(1)
  })
})
