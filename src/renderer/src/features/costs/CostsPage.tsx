/** The Costs page: spend in scope by day against the daily budget, the month-end forecast and its volume / routing scenarios, re-pricing onto another model with its failure trade-off, savings ideas, cost by model / use case / tier / user, per-model economics with the Pareto frontiers, and the price table; every bar drills down to the Explorer. */
import { useCallback, useMemo, type ReactElement } from 'react'
import { useQuery } from '../../api/useQuery'
import { metricMarkers } from '../../lib/anomalyView'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { NoDatasetState } from '../../components/NoDatasetState'
import { NoRowsInScopeState } from '../../components/NoRowsInScopeState'
import { ErrorState } from '../../components/ErrorState'
import { KpiCard } from '../../components/KpiCard'
import { LoadingState } from '../../components/LoadingState'
import { EXPLORER_PAGE_ID, drilldown } from '../../lib/drilldown'
import { formatInt, formatUsd } from '../../lib/format'
import { CostByDayPanel } from './CostByDayPanel'
import { CostByPanel } from './CostByPanel'
import { dayDrilldown, modelDrilldown, type CostDrilldown } from './costDrilldowns'
import { overBudgetDays } from './buildCostByDayOption'
import { ForecastPanel } from './ForecastPanel'
import { CostPer1kPanel, CostQualityPanel } from './ModelCostPanels'
import { PriceTablePanel } from './PriceTablePanel'
import { RepricingPanel } from './RepricingPanel'
import { SavingsIdeasPanel } from './SavingsIdeasPanel'
import { ScenariosPanel } from './ScenariosPanel'
import { changeOf, readWhatIf, whatIfFromChange, withWhatIf, type WhatIfState } from './whatIfParams'
import './costs.css'

export function CostsPage({ scope, onScopeChange, params, onParamsChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const q = useQuery('getCosts', wb.dataset ? { scope } : null)
  const whatIf = useMemo(() => readWhatIf(params), [params])
  const setWhatIf = useCallback((s: WhatIfState) => onParamsChange(withWhatIf(params, s), { replace: true }), [onParamsChange, params])
  const prices = useQuery('getPriceTable', wb.dataset ? {} : null)
  const econ = useQuery('getEconomics', wb.dataset ? { scope, use_case: whatIf.useCase, change: changeOf(whatIf), volume: whatIf.volume } : null)
  const useCases = useQuery('distinctValues', wb.dataset ? { dimension: 'use_case', scope: { ...scope, filters: { ...scope.filters, use_case: [] } }, limit: 200 } : null)
  // asked once the costs are in (the engine runs one query at a time; the markers can come a moment later)
  const alarms = useQuery('getAnomalies', wb.dataset && !q.loading ? { scope } : null)
  const costMarkers = useMemo(() => metricMarkers(alarms.data, 'cost_usd'), [alarms.data])
  const open = useCallback(
    (d: CostDrilldown) => {
      if (d.ok) navigate(EXPLORER_PAGE_ID, drilldown(scope, d.target, d.label))
    },
    [navigate, scope]
  )

  if (!wb.dataset) {
    return (
      <NoDatasetState testId="costs-no-data" onOpenData={() => navigate('data')} offerDemo={false}>
        Open telemetry on the Data page to see where the money goes.
      </NoDatasetState>
    )
  }

  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  const c = q.data
  if (q.error) return <ErrorState title="Could not compute the costs" error={q.error} onRetry={q.refetch} testId="costs-error" />
  if (!c) return <LoadingState label="Computing costs…" />
  if (c.requests === 0) return <NoRowsInScopeState scope={scope} onScopeChange={onScopeChange} testId="costs-no-rows" />

  const over = overBudgetDays(c.by_day)
  const f = c.forecast
  return (
    <div className="stack costs" data-testid="costs">
      <div className="kpi-grid kpi-grid--6" data-testid="cost-kpis">
        <KpiCard label="Total cost" value={formatUsd(c.total_cost)} raw={c.total_cost} sub="sum of cost_usd in scope" stale={q.stale} testId="cost-kpi-total" emphasis />
        <KpiCard label="Requests" value={formatInt(c.requests)} raw={c.requests} stale={q.stale} testId="cost-kpi-requests" />
        <KpiCard
          label="Avg cost / request"
          value={formatUsd(c.requests ? c.total_cost / c.requests : null)}
          raw={c.requests ? c.total_cost / c.requests : null}
          sub="total cost / requests"
          definition="Total cost divided by every request in scope (a request without cost counts in the denominator)."
          stale={q.stale}
          testId="cost-kpi-avg"
        />
        <KpiCard
          label="Days over budget"
          value={`${formatInt(over.length)} / ${formatInt(c.by_day.length)}`}
          raw={over.length}
          sub={`daily budget ${formatUsd(c.by_day[0]?.budget)}`}
          tone={over.length ? 'bad' : 'good'}
          stale={q.stale}
          testId="cost-kpi-over"
        />
        <KpiCard
          label="Forecast this month"
          value={formatUsd(f?.forecast_month_cost)}
          raw={f?.forecast_month_cost ?? null}
          sub={f ? `${f.month}, budget ${formatUsd(f.month_budget)}` : 'no timed requests'}
          tone={f ? (f.forecast_over_budget ? 'bad' : 'good') : 'neutral'}
          stale={q.stale}
          testId="cost-kpi-forecast"
        />
        <KpiCard
          label="Month to date"
          value={formatUsd(f?.month_to_date_cost)}
          raw={f?.month_to_date_cost ?? null}
          sub={f ? `${f.days_observed} of ${f.days_in_month} days observed` : undefined}
          stale={q.stale}
          testId="cost-kpi-mtd"
        />
      </div>
      <CostByDayPanel days={c.by_day} stale={q.stale} canPickFiles={canPickFiles} onDrill={(d) => open(dayDrilldown(d))} markers={costMarkers} />
      <ForecastPanel forecast={f} days={c.by_day} stale={q.stale} canPickFiles={canPickFiles} />
      {econ.error ? (
        <ErrorState title="Could not compute the re-pricing and scenarios" error={econ.error} onRetry={econ.refetch} testId="economics-error" />
      ) : !econ.data ? (
        <LoadingState label="Re-pricing…" />
      ) : (
        <>
          <RepricingPanel
            economics={econ.data}
            stale={econ.stale}
            scope={scope}
            whatIf={whatIf}
            useCases={(useCases.data ?? []).map((u) => u.value).filter((u): u is string => u !== null)}
            canPickFiles={canPickFiles}
            onChange={setWhatIf}
            navigate={navigate}
          />
          <ScenariosPanel economics={econ.data} stale={econ.stale} volume={whatIf.volume} canPickFiles={canPickFiles} onVolume={(v) => setWhatIf({ ...whatIf, volume: v })} />
          <SavingsIdeasPanel
            scope={scope}
            canPickFiles={canPickFiles}
            onTry={(idea) => {
              if (idea.change) setWhatIf(whatIfFromChange(idea.change, whatIf.volume))
              document.querySelector('[data-testid="repricing"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' })
            }}
            navigate={navigate}
          />
        </>
      )}
      <div className="costs-grid">
        <CostByPanel scope={scope} dimension="model_name" canPickFiles={canPickFiles} onOpen={open} />
        <CostByPanel scope={scope} dimension="use_case" canPickFiles={canPickFiles} onOpen={open} />
        <CostByPanel scope={scope} dimension="account_tier" canPickFiles={canPickFiles} onOpen={open} />
        <CostByPanel scope={scope} dimension="user_id" canPickFiles={canPickFiles} onOpen={open} />
      </div>
      <div className="costs-grid">
        <CostPer1kPanel models={c.models} stale={q.stale} canPickFiles={canPickFiles} onDrill={(m) => open(modelDrilldown(m))} />
        <CostQualityPanel models={c.models} stale={q.stale} canPickFiles={canPickFiles} onDrill={(m) => open(modelDrilldown(m))} />
      </div>
      {prices.error ? (
        <ErrorState title="Could not load the price table" error={prices.error} onRetry={prices.refetch} testId="price-table-error" />
      ) : prices.data ? (
        <PriceTablePanel view={prices.data} stale={prices.stale} canPickFiles={canPickFiles} />
      ) : (
        <LoadingState label="Estimating prices…" />
      )}
    </div>
  )
}
