import { describe, expect, it } from 'vitest'
import type { CostByDimension } from '../../../../shared/costs'
import { drilldown } from '../../lib/drilldown'
import { buildCostByOption, costByDescription, costShareLabel } from './buildCostByOption'
import { MAX_FILTER_VALUES, dayDrilldown, groupDrilldown, isScopeDimension, modelDrilldown } from './costDrilldowns'

const BY_TIER: CostByDimension = {
  dimension: 'account_tier',
  total_cost: 4.69781,
  rows: [
    { key: 'free', other: false, requests: 809, cost: 1.58686, avg_cost: 0.00196150803461063, share: 0.337787181686786 },
    { key: null, other: false, requests: 8, cost: 0.01, avg_cost: 0.00125, share: 0.002 },
    { key: '(other)', other: true, requests: 1591, cost: 3.1, avg_cost: 0.00195, share: 0.66 }
  ]
}

type Bar = { data: { value: number; name: string; itemStyle: { color: string; decal?: unknown } }[] }

describe('buildCostByOption', () => {
  it('draws the groups largest first and (other) last, distinct in colour and hatch', () => {
    const opt = buildCostByOption(BY_TIER)
    expect((opt.yAxis as { data: string[] }).data).toEqual(['free', '(empty)', '(other)'])
    const bars = (opt.series as Bar[])[0].data
    expect(bars.map((b) => b.value)).toEqual([1.58686, 0.01, 3.1])
    expect(bars[2].itemStyle.color).not.toBe(bars[0].itemStyle.color)
    expect(bars[2].itemStyle.decal).toBeDefined()
    expect(bars[0].itemStyle.decal).toBeUndefined()
    expect(costShareLabel(BY_TIER.rows[2])).toBe('(other)')
    const fmt = (opt.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(fmt({ data: bars[0] })).toContain('$1.59 · 33.8% of $4.70')
    expect(costByDescription(BY_TIER)).toBe('Cost by Tier: free $1.59 (33.8%); (empty) $0.0100 (0.20%); (other) $3.10 (66.0%).')
  })
})

describe('cost drilldowns', () => {
  it('opens a day, a model and a named group, expecting their request counts', () => {
    expect(dayDrilldown({ date: '2025-01-15', requests: 41 })).toEqual({ ok: true, target: { day: '2025-01-15' }, label: { origin: 'Costs · requests on 2025-01-15 (UTC)', expected: 41 } })
    const m = modelDrilldown({ model_provider: null, model_name: 'gpt', requests: 600, avg_cost: 0.002, cost_per_1k_tokens: 0.003, avg_quality: 0.6, pareto: false, failures: 0, fail_rate: 0, p95_latency: null, sla_breach_rate: null, total_cost: null, cost_per_success: null, cost_per_quality_point: null, pareto_all: false })
    expect(m.ok && m.target).toEqual({ filters: { model_provider: [null], model_name: ['gpt'] } })
    const g = groupDrilldown(BY_TIER, BY_TIER.rows[1])
    expect(g.ok && g.target).toEqual({ filters: { account_tier: [null] } })
    expect(g.ok && g.label.expected).toBe(8)
  })

  it('opens (other) as every value in scope except the shown ones', () => {
    const g = groupDrilldown(BY_TIER, BY_TIER.rows[2], ['free', 'pro', null, 'enterprise'])
    expect(g.ok && g.target).toEqual({ filters: { account_tier: ['pro', 'enterprise'] } })
    const nav = g.ok ? drilldown({ filters: { account_tier: ['free', 'pro', 'enterprise'] } }, g.target, g.label) : null
    expect(nav?.scope.filters).toEqual({ account_tier: ['pro', 'enterprise'] })
    expect(nav?.params.expect).toBe('1591')
    expect(groupDrilldown(BY_TIER, BY_TIER.rows[2]).ok).toBe(false)
    expect(groupDrilldown(BY_TIER, BY_TIER.rows[2], ['free', null])).toEqual({ ok: false, reason: 'no tier is left outside the top 2' })
    const many = Array.from({ length: MAX_FILTER_VALUES + 3 }, (_, i) => `t${i}`)
    const tooMany = groupDrilldown(BY_TIER, BY_TIER.rows[2], many)
    expect(tooMany.ok).toBe(false)
    expect(!tooMany.ok && tooMany.reason).toContain('at most 500')
  })

  it('drills into one user, now that user_id is a scope filter', () => {
    const byUser: CostByDimension = { dimension: 'user_id', total_cost: 1, rows: [{ key: 'u1', other: false, requests: 3, cost: 1, avg_cost: 0.3, share: 1 }] }
    expect(isScopeDimension('user_id')).toBe(true)
    const r = groupDrilldown(byUser, byUser.rows[0])
    expect(r).toMatchObject({ ok: true, target: { filters: { user_id: ['u1'] } }, label: { expected: 3 } })
  })
})
