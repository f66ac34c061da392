/** The Overview page: health KPIs of the requests in scope with their change against the previous period (PIPELINE.md section 4), burning budgets, the daily budget burn (section 5) and the failure-type mix, each number drilling down to its interactions. */
import { useMemo, useRef, type ReactElement } from 'react'
import type { AnomalyReport } from '../../../../shared/anomalies'
import type { BurnDay } from '../../../../shared/analysis'
import { exportFiles } from '../../api/exportFiles'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { NoDatasetState } from '../../components/NoDatasetState'
import { NoRowsInScopeState } from '../../components/NoRowsInScopeState'
import { ErrorState } from '../../components/ErrorState'
import { Icon } from '../../components/Icon'
import { KpiCard } from '../../components/KpiCard'
import { LoadingState } from '../../components/LoadingState'
import { EXPLORER_PAGE_ID, drilldown, groupValues, type DrilldownLabel, type DrilldownTarget } from '../../lib/drilldown'
import { formatInt, formatScore } from '../../lib/format'
import { ALERTS_PAGE_ID, metricMarkers } from '../../lib/anomalyView'
import { AlarmsPanel } from './AlarmsPanel'
import { BudgetBurnPanel } from './BudgetBurnPanel'
import { BURN_ANOMALY_METRIC, BURN_METRICS, burnDrilldown, type BurnMetricId } from './buildBurnOption'
import { FailureMixChart } from './FailureMixChart'
import { healthDeltas } from './healthDeltas'
import { healthKpis, missingRates, scoreTone } from './healthKpis'
import { IncidentsPanel } from './IncidentsPanel'
import { KpiDelta } from './KpiDelta'
import './overview.css'

export function OverviewPage({ scope, onScopeChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const req = wb.dataset ? { scope } : null
  const health = useQuery('getHealth', req)
  const knobs = useQuery('getKnobs', wb.dataset ? {} : null)
  const delta = useQuery('getHealthDelta', req)
  const burn = useQuery('getBudgetBurn', req)
  const incidents = useQuery('getIncidents', req)
  // asked once the KPIs and the burn are in: the engine runs one query at a time, and the alarms' scans are the longest
  const anomalies = useQuery('getAnomalies', req && !health.loading && !burn.loading && !incidents.loading ? req : null)
  // until the new alarms come, the last ones stay (marked stale) rather than blinking away
  const lastAlarms = useRef<{ dataset: number; report: AnomalyReport } | null>(null)
  if (anomalies.data && wb.dataset) lastAlarms.current = { dataset: wb.dataset.id, report: anomalies.data }
  const alarmReport = anomalies.data ?? (lastAlarms.current && lastAlarms.current.dataset === wb.dataset?.id ? lastAlarms.current.report : undefined)
  const alarmsStale = anomalies.stale || (!anomalies.data && alarmReport !== undefined)
  const burnMarkers = useMemo(() => Object.fromEntries(BURN_METRICS.map((m) => [m.id, metricMarkers(alarmReport, BURN_ANOMALY_METRIC[m.id])])), [alarmReport])

  if (!wb.dataset) return <NoDatasetState testId="overview-empty" onOpenData={() => navigate('data')} />

  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  const drill = (target: DrilldownTarget, label: DrilldownLabel): void => navigate(EXPLORER_PAGE_ID, drilldown(scope, target, label))
  const drillDay = (metric: BurnMetricId, day: BurnDay): void => {
    const d = burnDrilldown(metric, day)
    drill(d.target, { origin: d.label, expected: d.expected })
  }

  const h = health.data
  const deltas = delta.data ? healthDeltas(delta.data) : null
  const k = knobs.data ?? null
  return (
    <div className="stack" data-testid="overview">
      {wb.dataset.report.blocked && (
        <div className="banner banner--bad" role="status" data-testid="overview-blocked">
          <Icon name="alert" />
          <span>
            Integrity gates failed for this dataset ({wb.dataset.report.gates_failed.join(', ')}). These numbers describe the data as loaded; see the{' '}
            <a href="#/data">Data page</a> before acting on them.
          </span>
        </div>
      )}
      {health.error ? (
        <ErrorState title="Could not compute the health snapshot" error={health.error} onRetry={health.refetch} testId="overview-error" />
      ) : !h ? (
        <div className="kpi-grid kpi-grid--overview" aria-busy>
          {Array.from({ length: 9 }, (_, i) => (
            <div key={i} className={`kpi kpi--skeleton${i === 0 ? ' kpi--hero' : ''}`}>
              <span className="skeleton" />
            </div>
          ))}
        </div>
      ) : h.interactions === 0 ? (
        <NoRowsInScopeState scope={scope} onScopeChange={onScopeChange} testId="overview-no-rows" />
      ) : (
        <>
          <div className="kpi-grid kpi-grid--overview" data-testid="kpis">
            {healthKpis(h, k).map((kpi) =>
              kpi.id === 'health_score' ? (
                <div
                  key={kpi.id}
                  className={`kpi kpi--hero kpi--${scoreTone(h.health_score)}${health.stale ? ' kpi--stale' : ''}`}
                  data-testid="kpi-health_score"
                  data-value={h.health_score ?? ''}
                  title={kpi.definition}
                >
                  <div className="kpi__label">{kpi.label}</div>
                  <div className="kpi__value kpi__value--hero" data-testid="kpi-health_score-value">
                    {formatScore(h.health_score)}
                  </div>
                  <div className="score-bar" aria-hidden>
                    <div className="score-bar__fill" style={{ width: `${Math.max(0, Math.min(100, h.health_score ?? 0))}%` }} />
                  </div>
                  <div className="kpi__sub">{kpi.sub}</div>
                  <KpiDelta spec={deltas?.byId.health_score} testId="kpi-health_score-delta" />
                  <span className="sr-only">{kpi.definition}</span>
                </div>
              ) : (
                <KpiCard
                  key={kpi.id}
                  label={kpi.label}
                  value={kpi.value}
                  raw={kpi.raw}
                  sub={
                    <>
                      {kpi.sub}
                      <KpiDelta spec={deltas?.byId[kpi.id]} testId={`kpi-${kpi.id}-delta`} />
                    </>
                  }
                  definition={kpi.definition}
                  tone={kpi.tone}
                  stale={health.stale}
                  testId={`kpi-${kpi.id}`}
                />
              )
            )}
          </div>
          <div className="quality-line" data-testid="missing-rates">
            <span className={`delta-note${delta.stale ? ' is-stale' : ''}`} data-testid="delta-note">
              {delta.error ? `The change against the previous period is not available: ${delta.error.message}` : (deltas?.note ?? 'Comparing with the previous period…')}
            </span>
            <span className="muted">Data quality in scope:</span>
            {missingRates(h).map((m) => (
              <span key={m.label} className={m.raw ? 'warn-text' : undefined}>
                {m.label} <strong>{m.value}</strong>
              </span>
            ))}
            <button
              type="button"
              className="btn btn--xs btn--ghost quality-line__export"
              onClick={() => void exportFiles([{ name: 'health_snapshot.json', content: JSON.stringify({ scope, ...h }, null, 2) + '\n' }], canPickFiles)}
              title="Save these numbers (with the scope) as JSON"
            >
              Export JSON
            </button>
          </div>

          <div className="overview-watch">
            {burn.error ? (
              <ErrorState title="Could not compute the daily budget burn" error={burn.error} onRetry={burn.refetch} compact testId="burn-error" />
            ) : incidents.error ? (
              <ErrorState title="Could not list the burning budgets" error={incidents.error} onRetry={incidents.refetch} compact testId="incidents-error" />
            ) : incidents.data && burn.data ? (
              <IncidentsPanel
                incidents={incidents.data}
                days={burn.data}
                knobs={k}
                stale={incidents.stale || burn.stale}
                onDrill={(l) => drill(l.target, { origin: l.origin, expected: l.expected })}
              />
            ) : (
              <LoadingState label="Checking the budgets…" compact />
            )}
            {anomalies.error ? (
              <ErrorState title="Could not check the series for alarms" error={anomalies.error} onRetry={anomalies.refetch} compact testId="alarms-error" />
            ) : alarmReport ? (
              <AlarmsPanel
                report={alarmReport}
                stale={alarmsStale}
                onDrill={(l) => drill(l.target, { origin: l.origin, expected: l.expected })}
                onOpen={(id) => navigate(ALERTS_PAGE_ID, { params: id ? { f: id } : {} })}
              />
            ) : (
              <LoadingState label="Checking the daily series for change points and spikes…" compact />
            )}
          </div>

          {burn.data && <BudgetBurnPanel days={burn.data} knobs={k} stale={burn.stale} canPickFiles={canPickFiles} onDrill={drillDay} markers={burnMarkers} />}

          <FailureMixChart
            mix={h.failure_type_mix}
            stale={health.stale}
            canPickFiles={canPickFiles}
            onSelectType={(t, count) => drill({ filters: { failure_type: groupValues(t) } }, { origin: `Overview · failure type ${t} (${formatInt(count)})`, expected: count })}
          />
        </>
      )}
    </div>
  )
}
