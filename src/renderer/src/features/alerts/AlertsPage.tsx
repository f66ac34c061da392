/** The Alerts page: anomaly and change-point alarms over the scope's daily series (overall, per model, use case and tier, and per cluster while clusters are computed), ranked by impact, each with its series, the slice responsible and drilldowns to its rows. */
import { useCallback, type ReactElement } from 'react'
import { ANOMALY_DIMENSION_NOUNS, type AnomalyFinding } from '../../../../shared/anomalies'
import { isEmptyScope } from '../../../../shared/scope'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { LoadingState } from '../../components/LoadingState'
import { NoDatasetState } from '../../components/NoDatasetState'
import { compareTargets, type FindingLink } from '../../lib/anomalyView'
import { COMPARE_PAGE_ID, compareNavigation } from '../../lib/compareLink'
import { EXPLORER_PAGE_ID, drilldown, drilldownScope } from '../../lib/drilldown'
import { plural } from '../../lib/format'
import { AlarmDetailPanel } from './AlarmDetailPanel'
import { AlarmListPanel } from './AlarmListPanel'
import { FindingsPanel } from './FindingsPanel'
import './alerts.css'

/** The page parameter naming the finding shown. */
export const FINDING_PARAM = 'f'

export function AlertsPage({ scope, onScopeChange, params, onParamsChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const q = useQuery('getAnomalies', wb.dataset ? { scope } : null)
  const onDrill = useCallback((l: FindingLink) => navigate(EXPLORER_PAGE_ID, drilldown(scope, l.target, { origin: l.origin, expected: l.expected })), [navigate, scope])
  const onSelect = useCallback((id: string) => onParamsChange({ ...params, [FINDING_PARAM]: id }, { replace: true }), [onParamsChange, params])
  // A = before the change (or the week before a spike), B = after it (or the day), each the current scope narrowed to the finding's slice
  const onCompare = useCallback(
    (f: AnomalyFinding) => {
      const t = compareTargets(f)
      navigate(COMPARE_PAGE_ID, compareNavigation(drilldownScope(scope, t.before), drilldownScope(scope, t.after)))
    },
    [navigate, scope]
  )

  if (!wb.dataset) {
    return (
      <NoDatasetState testId="alerts-no-data" onOpenData={() => navigate('data')} offerDemo={false}>
        Open telemetry on the Data page to check its daily series for change points and spikes.
      </NoDatasetState>
    )
  }
  if (q.error) return <ErrorState title="Could not check the series for alarms" error={q.error} onRetry={q.refetch} testId="alerts-error" />
  const r = q.data
  if (!r) return <LoadingState label="Checking the daily series for change points and spikes…" />
  if (r.days === 0) {
    return (
      <EmptyState
        title="No timed requests in scope"
        testId="alerts-no-rows"
        action={
          !isEmptyScope(scope) && (
            <button type="button" className="btn" onClick={() => onScopeChange({})}>
              Clear all filters
            </button>
          )
        }
      >
        Alarms are computed on daily UTC series; no request in scope has a timestamp.
      </EmptyState>
    )
  }

  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  const byId = new Map<string, AnomalyFinding>(r.findings.map((f) => [f.id, f]))
  const selected = byId.get(params[FINDING_PARAM] ?? '') ?? r.alarms[0]?.headline ?? null
  const alarm = selected ? r.alarms.find((a) => a.id === selected.alarm_id) : undefined
  const related = alarm ? [alarm.headline, ...alarm.related].filter((f) => f.id !== selected?.id) : []
  const worse = r.alarms.filter((a) => a.tone === 'worse').length
  const dims = r.slices.filter((s) => s.dimension !== 'all').map((s) => (s.dimension === 'all' ? '' : plural(s.values, ANOMALY_DIMENSION_NOUNS[s.dimension].one, ANOMALY_DIMENSION_NOUNS[s.dimension].many)))
  return (
    <div className={`stack alerts${q.stale ? ' is-stale' : ''}`} data-testid="alerts">
      <div className="banner banner--neutral alerts-summary" role="status" data-testid="alerts-summary">
        <span>
          <strong data-testid="alerts-count" data-value={r.alarms.length}>
            {plural(r.alarms.length, 'alarm')}
          </strong>{' '}
          ({worse} worse) from {plural(r.findings.length, 'finding')} on {plural(r.series_checked, 'series', 'series')}: requests, failure rate, SLA breach rate, p95 latency and cost per UTC day, for all requests and {dims.join(', ')}, {r.first_day} → {r.last_day}. Sensitivity ANOMALY_Z {r.z}, minimum support ANOMALY_MIN_REQUESTS {r.min_requests} a day (knobs, Alt+K).
        </span>
      </div>
      <div className="alerts-main">
        <AlarmListPanel alarms={r.alarms} selectedAlarmId={alarm?.id ?? null} onSelect={onSelect} stale={q.stale} z={r.z} />
        {selected && <AlarmDetailPanel finding={selected} related={related} scope={scope} canPickFiles={canPickFiles} onDrill={onDrill} onSelect={onSelect} onCompare={onCompare} />}
      </div>
      {r.findings.length > 0 && <FindingsPanel report={r} selectedId={selected?.id ?? null} onSelect={onSelect} canPickFiles={canPickFiles} />}
    </div>
  )
}
