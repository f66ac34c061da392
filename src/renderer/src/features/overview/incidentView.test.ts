import { describe, expect, it } from 'vitest'
import type { BurnDay } from '../../../../shared/analysis'
import type { Incident } from '../../../../shared/costs'
import { DEFAULT_KNOBS } from '../../../../shared/knobs'
import { incidentView } from './incidentView'

const day = (date_utc: string, requests: number, fail_rate: number, sla_breach_rate = 0.2, cost = 0.08): BurnDay => ({
  date_utc,
  requests,
  fail_rate,
  sla_breach_rate,
  cost,
  p95_latency: 2500,
  fail_budget_burn: fail_rate / 0.02,
  sla_budget_burn: sla_breach_rate / 0.05,
  cost_budget_burn: cost / 60,
  fail_over_budget: fail_rate > 0.02,
  sla_over_budget: sla_breach_rate > 0.05,
  cost_over_budget: cost > 60
})

// the last three days of test/fixtures/notebook-sample/expected/budget_burn_daily.csv, after a quiet day
const DAYS: BurnDay[] = [
  day('2025-02-26', 40, 0),
  day('2025-02-27', 30, 0.13333333333333333),
  day('2025-02-28', 34, 0.08823529411764706),
  day('2025-03-01', 49, 0.04081632653061224, 0.16326530612244897)
]

// what getIncidents answers for a run of three failing days (slice values in the backend's shape)
const FAIL: Incident = {
  budget: 'fail',
  since: '2025-02-27',
  days: 3,
  last_burn: 2.040816326530612,
  top_slice: { use_case: 'coding', model_name: 'gemini', requests: 16, rate_or_cost: 0.25, excess_share: 0.2010928961748634 }
}

describe('incidentView', () => {
  it('says which budget burns, since when and how hard', () => {
    const v = incidentView(FAIL, DAYS, DEFAULT_KNOBS)
    expect(v.title).toBe('Failure budget burning')
    expect(v.run).toBe('since 2025-02-27 · 3 days')
    expect(v.burn).toBe('2.04× the budget on 2025-03-01 (failure rate 4.08% vs 2%)')
    expect(v.slice).toBe('Top slice coding × gemini: 16 requests, failure rate 25.0%, 20.1% of the excess over 2025-02-27 → 2025-03-01.')
  })

  it('links to the run, its failures, the top slice and the slice failures with exact counts', () => {
    const links = incidentView(FAIL, DAYS, DEFAULT_KNOBS).links
    expect(links.map((l) => [l.testId, l.label, l.expected])).toEqual([
      ['incident-fail-run', '113 requests', 113],
      // 30 x 0.1333 = 4, 34 x 0.0882 = 3, 49 x 0.0408 = 2
      ['incident-fail-run-failures', '9 failures', 9],
      ['incident-fail-slice', 'coding × gemini: 16 requests', 16],
      ['incident-fail-slice-failures', 'its 4 failures', 4]
    ])
    expect(links[0].target).toEqual({ from: '2025-02-27', to: '2025-03-01' })
    expect(links[3].target).toEqual({ from: '2025-02-27', to: '2025-03-01', filters: { use_case: ['coding'], model_name: ['gemini'] }, is_failure: true })
    expect(links[2].origin).toBe('Overview · top slice of the failure budget, coding × gemini, 2025-02-27 → 2025-03-01')
  })

  it('keeps null slice values as null filters and offers no failure links for other budgets', () => {
    const sla: Incident = { budget: 'sla', since: '2025-03-01', days: 1, last_burn: 3.265306122448979, top_slice: { use_case: null, model_name: 'gpt', requests: 7, rate_or_cost: 0.4, excess_share: 0.5 } }
    const v = incidentView(sla, DAYS, DEFAULT_KNOBS)
    expect(v.run).toBe('since 2025-03-01 · 1 day')
    expect(v.burn).toBe('3.27× the budget on 2025-03-01 (SLA breaches 16.3% vs 5%)')
    expect(v.links.map((l) => l.testId)).toEqual(['incident-sla-run', 'incident-sla-slice'])
    expect(v.links[0]).toMatchObject({ label: '49 requests', expected: 49, target: { from: '2025-03-01', to: '2025-03-01' } })
    expect(v.links[1].target.filters).toEqual({ use_case: [null], model_name: ['gpt'] })
    expect(v.slice).toMatch(/^Top slice \(no use case\) × gpt: 7 requests, SLA breaches 40.0%/)
  })

  it('says when no slice stands out', () => {
    const v = incidentView({ ...FAIL, budget: 'cost', top_slice: null }, DAYS, null)
    expect(v.slice).toMatch(/No single slice/)
    expect(v.burn).toBe('2.04× the budget on 2025-03-01 (cost $0.0800)')
  })
})
