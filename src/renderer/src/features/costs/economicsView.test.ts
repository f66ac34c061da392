import { describe, expect, it } from 'vitest'
import type { ChangeImpact, PriceRow } from '../../../../shared/economics'
import { SLICE } from './economicsFixtures'
import { compareTargetNavigation, ideaCompareNavigation, ideaDrilldown, impactStatement, movedDrilldown, otherModels, signedUsd, targetDrilldown } from './economicsView'

describe('economics view helpers', () => {
  const target = { kind: 'model' as const, model_provider: 'p', model_name: 'mid' }

  it('states the trade-off in words', () => {
    const i = {
      change: { use_case: 'coding', target, share: 0.5 },
      target_label: 'p / mid',
      moved_requests: 30,
      cost_before: 10,
      cost_after: 8,
      cost_delta: -2,
      failures_before: 5,
      failures_after: 5.3,
      moved_fail_rate_before: 0.05,
      moved_fail_rate_after: 0.06,
      net_delta: 11
    } as ChangeImpact
    expect(impactStatement(i, SLICE)).toBe(
      "Moving 50% of coding (30 requests) to p / mid saves $2.00 over the period ($10.00 → $8.00) and adds 0.3 expected failures (5.00% → 6.00% on the moved requests). Priced at the routing policy's failure and SLA-breach costs, the net is +$11.00: not worth it."
    )
    expect(impactStatement({ ...i, failures_after: null, moved_fail_rate_after: null }, SLICE)).toContain('its failure trade-off is unknown')
    expect(signedUsd(-0.5)).toBe('−$0.500')
  })

  it('drills into the moved and the target requests, and compares them', () => {
    expect(otherModels(SLICE, target)).toEqual(['big'])
    const moved = movedDrilldown({}, SLICE, target)!
    expect(moved.scope.filters).toEqual({ use_case: ['coding'], model_name: ['big'] })
    // 60 of the 100 requests are on other models
    expect(moved.params.expect).toBe('60')
    const own = targetDrilldown({}, SLICE, target)!
    expect(own.scope.filters).toEqual({ use_case: ['coding'], model_name: ['mid'], model_provider: ['p'] })
    expect(own.params.expect).toBe('40')
    expect(targetDrilldown({}, SLICE, { ...target, model_name: 'new' })).toBeNull()
    const cmp = compareTargetNavigation({ filters: { model_provider: ['p'] } }, SLICE, target)!
    expect(cmp.scope).toEqual({ filters: { use_case: ['coding'], model_name: ['big'] } })
    expect(cmp.params.b).toBe('use_case=coding&model_name=mid')
  })

  it("an idea's requests and comparison", () => {
    const prices = ['a', 'b', 'c'].map((m) => ({ model_provider: 'p', model_name: m }) as PriceRow)
    const idea = { kind: 'cheaper_model' as const, use_case: 'u', title: 'Route u to p / c', model_provider: 'p', model_name: 'c', requests_affected: 12 } as never
    const d = ideaDrilldown({}, idea, { prices })!
    expect(d.scope.filters).toEqual({ use_case: ['u'], model_name: ['a', 'b'] })
    expect(d.params.expect).toBe('12')
    expect(ideaCompareNavigation({}, idea, { prices })!.params.b).toBe('use_case=u&model_name=c')
  })
})

