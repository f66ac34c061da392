/** Test support: anomaly findings and reports as the backend returns them (the failure step of model B from the backend's SQL test). */
import type { AnomalyAlarm, AnomalyFinding, AnomalyReport } from '../../../shared/anomalies'

export function finding(over: Partial<AnomalyFinding> = {}): AnomalyFinding {
  return {
    id: 'change_point:failure_rate:model_name=B:2025-03-10',
    metric: 'failure_rate',
    dimension: 'model_name',
    value: 'B',
    date: '2025-03-10',
    kind: 'change_point',
    direction: 'up',
    tone: 'worse',
    level_reached: '2025-03-10',
    ramp_days: 0,
    before: 0.1,
    after: 0.6,
    change: 0.5,
    relative_change: 5,
    z: 8.2,
    p_value: 2.4e-16,
    segment_from: '2025-03-03',
    segment_to: '2025-03-16',
    last_day: '2025-03-16',
    days: 7,
    requests: 70,
    failures: 42,
    extra_requests: null,
    extra_failures: 35,
    extra_breaches: null,
    extra_cost_usd: null,
    impact_usd: 1400,
    responsible: { filters: { model_name: 'B' }, label: 'model_name = B', excess: 35, share: 1, requests: 70, request_share: 1 },
    rows: { filters: { model_name: ['B'] }, from: '2025-03-10', to: '2025-03-16' },
    compare: { before: { filters: { model_name: ['B'] }, from: '2025-03-03', to: '2025-03-09' }, after: { filters: { model_name: ['B'] }, from: '2025-03-10', to: '2025-03-16' } },
    alarm_id: 'change_point:failure_rate:model_name=B:2025-03-10',
    rank: 1,
    ...over
  }
}

export function alarmOf(headline: AnomalyFinding, related: AnomalyFinding[] = [], rank = 1): AnomalyAlarm {
  return { id: headline.id, rank, tone: headline.tone, headline, related }
}

export function reportOf(alarms: AnomalyAlarm[]): AnomalyReport {
  return {
    first_day: '2025-03-03',
    last_day: '2025-03-16',
    days: 14,
    series_checked: 35,
    slices: [{ dimension: 'all', values: 1 }],
    z: 4,
    min_requests: 30,
    alarms,
    findings: alarms.flatMap((a) => [a.headline, ...a.related])
  }
}
