/** The Overview page: health KPIs of the requests in scope (PIPELINE.md section 4) and the failure-type mix. */
import type { ReactElement } from 'react'
import { isEmptyScope } from '../../../../shared/scope'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { Icon } from '../../components/Icon'
import { KpiCard } from '../../components/KpiCard'
import { LoadingState } from '../../components/LoadingState'
import { downloadText } from '../../lib/download'
import { formatScore } from '../../lib/format'
import { setDimension } from '../../lib/scopeUrl'
import { FailureMixChart } from './FailureMixChart'
import { healthKpis, missingRates, scoreTone } from './healthKpis'

export function OverviewPage({ scope, onScopeChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const health = useQuery('getHealth', wb.dataset ? { scope } : null)
  const knobs = useQuery('getKnobs', wb.dataset ? {} : null)

  if (!wb.dataset) {
    if (wb.job || !wb.datasetKnown) return <LoadingState label={wb.job ? `Loading ${wb.job.external ? 'data' : wb.job.target}…` : 'Connecting…'} />
    return (
      <EmptyState
        title="No dataset loaded"
        testId="overview-empty"
        action={
          <>
            <button type="button" className="btn btn--primary" onClick={() => navigate('data')}>
              Open data
            </button>
            <button type="button" className="btn" onClick={() => void wb.loadDemo()}>
              Open demo data
            </button>
          </>
        }
      >
        Open a folder of telemetry CSVs on the Data page, or try the synthetic demo data.
      </EmptyState>
    )
  }

  const h = health.data
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
        <EmptyState
          title="No requests match these filters"
          testId="overview-no-rows"
          action={
            !isEmptyScope(scope) && (
              <button type="button" className="btn" onClick={() => onScopeChange({})}>
                Clear all filters
              </button>
            )
          }
        >
          The scope selects no interactions. Remove a filter chip above or widen the date range.
        </EmptyState>
      ) : (
        <>
          <div className="kpi-grid kpi-grid--overview" data-testid="kpis">
            {healthKpis(h, knobs.data ?? null).map((k) =>
              k.id === 'health_score' ? (
                <div key={k.id} className={`kpi kpi--hero kpi--${scoreTone(h.health_score)}${health.stale ? ' kpi--stale' : ''}`} data-testid="kpi-health_score" data-value={h.health_score ?? ''} title={k.definition}>
                  <div className="kpi__label">{k.label}</div>
                  <div className="kpi__value kpi__value--hero" data-testid="kpi-health_score-value">
                    {formatScore(h.health_score)}
                  </div>
                  <div className="score-bar" aria-hidden>
                    <div className="score-bar__fill" style={{ width: `${Math.max(0, Math.min(100, h.health_score ?? 0))}%` }} />
                  </div>
                  <div className="kpi__sub">{k.sub}</div>
                  <span className="sr-only">{k.definition}</span>
                </div>
              ) : (
                <KpiCard key={k.id} label={k.label} value={k.value} raw={k.raw} sub={k.sub} definition={k.definition} tone={k.tone} stale={health.stale} testId={`kpi-${k.id}`} />
              )
            )}
          </div>
          <div className="quality-line" data-testid="missing-rates">
            <span className="muted">Data quality in scope:</span>
            {missingRates(h).map((m) => (
              <span key={m.label} className={m.raw ? 'warn-text' : undefined}>
                {m.label} <strong>{m.value}</strong>
              </span>
            ))}
            <button
              type="button"
              className="btn btn--xs btn--ghost quality-line__export"
              onClick={() => downloadText('health_snapshot.json', JSON.stringify({ scope, ...h }, null, 2) + '\n', 'application/json')}
              title="Download these numbers (with the scope) as JSON"
            >
              Export JSON
            </button>
          </div>
          <FailureMixChart mix={h.failure_type_mix} stale={health.stale} onSelectType={(t) => onScopeChange(setDimension(scope, 'failure_type', [t]))} />
        </>
      )}
    </div>
  )
}
