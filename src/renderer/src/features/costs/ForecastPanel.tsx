/** The month-end forecast panel: month to date, the dashed projection, forecast against the month budget stated as over or under, and the method in one line. */
import { useMemo, type ReactElement } from 'react'
import type { CostForecast } from '../../../../shared/costs'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { toCsv } from '../../lib/csv'
import { formatUsd } from '../../lib/format'
import { buildForecastOption, forecastBudgetNote, forecastDescription, forecastMethod, forecastSeries, forecastStatement, monthName } from './buildForecastOption'

export interface ForecastPanelProps {
  forecast: CostForecast | null
  days: readonly { date: string; cost: number }[]
  stale: boolean
  canPickFiles: boolean
}

/** The month day by day as CSV: observed or projected cost and the running total. */
export function forecastCsv(f: CostForecast, days: readonly { date: string; cost: number }[]): string {
  const s = forecastSeries(f, days)
  return toCsv(
    ['date_utc', 'kind', 'cost', 'cumulative_cost'],
    [...s.actual.map((p) => [p.date, 'observed', p.cost, p.cumulative]), ...s.projected.map((p) => [p.date, 'projected', p.cost, p.cumulative])]
  )
}

export function ForecastPanel({ forecast: f, days, stale, canPickFiles }: ForecastPanelProps): ReactElement {
  const option = useMemo(() => (f ? buildForecastOption(f, days) : null), [f, days])
  const note = f ? forecastBudgetNote(f) : null
  return (
    <ChartPanel
      title={f ? `Month-end forecast: ${monthName(f.month)}` : 'Month-end forecast'}
      subtitle="The month of the last day in scope: observed cost to date (solid), projected days (dashed)."
      canPickFiles={canPickFiles}
      csv={f ? { title: 'Download the month day by day as CSV', file: () => ({ name: `cost_forecast_${f.month}.csv`, content: forecastCsv(f, days) }), testId: 'forecast-csv' } : undefined}
      png={f ? { name: `cost_forecast_${f.month}.png`, testId: 'forecast-png' } : undefined}
      testId="forecast-panel"
      stale={stale}
      empty={
        (!f || !option) && (
          <EmptyState compact title="No forecast" testId="forecast-empty">
            A forecast needs timed requests in scope.
          </EmptyState>
        )
      }
      chart={(ref) =>
        f &&
        option && (
          <>
            <div className={`costs-verdict ${f.forecast_over_budget ? 'costs-verdict--over' : 'costs-verdict--under'}`} data-testid="forecast-statement" data-over={f.forecast_over_budget}>
              {forecastStatement(f)}
            </div>
            <dl className="costs-figures">
              <div>
                <dt>Month to date</dt>
                <dd data-testid="forecast-mtd" data-value={f.month_to_date_cost}>
                  {formatUsd(f.month_to_date_cost)}
                </dd>
              </div>
              <div>
                <dt>Forecast month total</dt>
                <dd data-testid="forecast-total" data-value={f.forecast_month_cost}>
                  {formatUsd(f.forecast_month_cost)}
                </dd>
              </div>
              <div>
                <dt>Month budget</dt>
                <dd data-testid="forecast-budget" data-value={f.month_budget}>
                  {formatUsd(f.month_budget)}
                </dd>
              </div>
            </dl>
            <Chart
              ref={ref}
              option={option}
              height={220}
              ariaLabel={forecastDescription(f)}
              testId="forecast-chart"
            />
            {note && (
              <p className="footnote muted" data-testid="forecast-budget-note">
                {note}
              </p>
            )}
            <p className="footnote muted" data-testid="forecast-method">
              Method: {forecastMethod(f)}
            </p>
          </>
        )
      }
    />
  )
}
