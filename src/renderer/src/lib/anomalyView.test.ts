import { describe, expect, it } from 'vitest'
import { alarmOf, finding, reportOf } from './anomalyFixtures'
import { alarmTitle, compareTargets, findingLinks, findingTitle, formatMetricValue, impactText, metricMarkers, relatedText, responsibleText, sliceName } from './anomalyView'

describe('anomalyView', () => {
  it('formats each metric in its unit', () => {
    expect(formatMetricValue('requests', 1234.4)).toBe('1,234/day')
    expect(formatMetricValue('failure_rate', 0.0583)).toBe('5.83%')
    expect(formatMetricValue('p95_latency_ms', 2644.5)).toBe('2,644.5 ms')
    expect(formatMetricValue('cost_usd', 61.5)).toBe('$61.50/day')
    expect(formatMetricValue('sla_breach_rate', null)).toBe('—')
  })

  it('titles a step, a gradual change and a spike', () => {
    expect(findingTitle(finding())).toBe('Failure rate up 10.0% → 60.0% since 2025-03-10')
    expect(findingTitle(finding({ metric: 'p95_latency_ms', before: 1500, after: 3800, ramp_days: 3, level_reached: '2025-03-13' }))).toBe('p95 latency up 1,500.0 ms → 3,800.0 ms since 2025-03-10, new level from 2025-03-13')
    expect(findingTitle(finding({ kind: 'spike', metric: 'requests', direction: 'down', before: 1000, after: 120 }))).toBe('Requests dropped on 2025-03-10: 120/day (expected 1,000/day)')
    expect(sliceName(finding({ dimension: 'all', value: 'all' }))).toBe('all requests')
    expect(alarmTitle(alarmOf(finding()))).toBe('model_name = B: Failure rate up 10.0% → 60.0% since 2025-03-10')
  })

  it('says the impact in its unit and in dollars, and who is responsible', () => {
    expect(impactText(finding())).toBe('+35 failures since 2025-03-10 (+$1,400.00)')
    expect(impactText(finding({ extra_failures: null, extra_breaches: -4, impact_usd: -20 }))).toBe('−4 SLA breaches since 2025-03-10 (−$20.00)')
    expect(impactText(finding({ kind: 'spike', extra_failures: null, extra_cost_usd: 12.5, impact_usd: 12.5 }))).toBe('+$12.50 cost that day')
    expect(responsibleText(finding())).toBe('model_name = B as a whole: no model, use case or tier within it stands out.')
    const all = finding({ dimension: 'all', value: 'all', responsible: { filters: { model_name: 'B' }, label: 'model_name = B', excess: 35, share: 1, requests: 70, request_share: 0.5 } })
    expect(responsibleText(all)).toBe('model_name = B: 100% of the extra failures with 50% of the requests.')
    expect(responsibleText(finding({ responsible: null }))).toBe('No single slice stands out.')
  })

  it('drills to exactly the rows since the change, and the failures among them', () => {
    const [rows, fails] = findingLinks(finding())
    expect(rows).toMatchObject({ label: '70 requests', target: { filters: { model_name: ['B'] }, from: '2025-03-10', to: '2025-03-16' }, expected: 70, testId: 'alarm-rows' })
    expect(fails).toMatchObject({ label: '42 failures', target: { is_failure: true }, expected: 42 })
    const spike = findingLinks(finding({ kind: 'spike', rows: { filters: {}, from: '2025-03-12', to: '2025-03-12' }, requests: 20 }), 'x')
    expect(spike[0].target).toEqual({ filters: {}, day: '2025-03-12' })
    expect(spike[0].testId).toBe('x-rows')
    expect(findingLinks(finding({ metric: 'p95_latency_ms' }))).toHaveLength(1)
    expect(compareTargets(finding())).toEqual({
      before: { filters: { model_name: ['B'] }, from: '2025-03-03', to: '2025-03-09' },
      after: { filters: { model_name: ['B'] }, from: '2025-03-10', to: '2025-03-16' }
    })
  })

  it('lists the related slices and makes chart markers per metric', () => {
    const a = alarmOf(finding(), [finding({ dimension: 'all', value: 'all', id: 'x1' }), finding({ dimension: 'use_case', value: 'qa', id: 'x2' }), finding({ dimension: 'account_tier', value: 'free', id: 'x3' }), finding({ dimension: 'use_case', value: 'code', id: 'x4' })])
    expect(relatedText(a)).toBe('Also seen in all requests, use_case = qa, account_tier = free (+1 more).')
    expect(relatedText(alarmOf(finding()))).toBe('')
    const markers = metricMarkers(reportOf([a]), 'failure_rate')
    expect(markers).toEqual([{ date: '2025-03-10', kind: 'change_point', tone: 'worse', label: alarmTitle(a), slices: ['B'] }])
    expect(metricMarkers(reportOf([a]), 'requests')).toEqual([])
    expect(metricMarkers(undefined, 'requests')).toEqual([])
  })
})
