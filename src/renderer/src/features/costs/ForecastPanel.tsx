/** The month-end forecast panel: month to date, the dashed projection, forecast against the month budget stated as over or under, and the method in one line. */
import { useMemo, useRef, type ReactElement } from 'react'
import type { CostForecast } from '../../../../shared/costs'
import { Chart, type ChartHandle } from '../../components/Chart'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton, chartPngFile } from '../../components/ExportButton'
import { Panel } from '../../components/Panel'
import { useTheme } from '../../components/ThemeProvider'
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
  const { theme } = useTheme()
  const chartRef = useRef<ChartHandle>(null)
  const option = useMemo(() => (f ? buildForecastOption(f, days) : null), [f, days])
  const note = f ? forecastBudgetNote(f) : null
  return (
    <Panel
      title={f ? `Month-end forecast: ${monthName(f.month)}` : 'Month-end forecast'}
      subtitle="The month of the last day in scope: observed cost to date (solid), projected days (dashed)."
      actions={
        f && (
          <>
            <ExportButton label="CSV" title="Download the month day by day as CSV" canPickFiles={canPickFiles} files={() => [{ name: `cost_forecast_${f.month}.csv`, content: forecastCsv(f, days) }]} testId="forecast-csv" />
            <ExportButton label="PNG" title="Download the chart as PNG" canPickFiles={canPickFiles} files={() => [chartPngFile(chartRef, `cost_forecast_${f.month}.png`, theme)]} testId="forecast-png" />
          </>
        )
      }
      testId="forecast-panel"
      className={stale ? 'is-stale' : undefined}
    >
      {!f || !option ? (
        <EmptyState compact title="No forecast" testId="forecast-empty">
          A forecast needs timed requests in scope.
        </EmptyState>
      ) : (
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
            ref={chartRef}
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
      )}
    </Panel>
  )
}
