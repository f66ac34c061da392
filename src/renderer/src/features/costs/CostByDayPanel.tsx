/** Cost per UTC day with the daily budget: chart or table, days over budget highlighted, a click opens that day's requests, CSV and PNG export. */
import { useMemo, type ReactElement } from 'react'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { TableHead } from '../../components/TableHead'
import { toCsv } from '../../lib/csv'
import { formatInt, formatNumber, formatUsd } from '../../lib/format'
import type { AnomalyMarker } from '../../lib/anomalyMarkers'
import { budgetPlacement, offScaleNote } from './budgetScale'
import { buildCostByDayOption, costByDayDescription, dailyBudget, overBudgetDays, type CostDay } from './buildCostByDayOption'

export interface CostByDayPanelProps {
  days: readonly CostDay[]
  stale: boolean
  canPickFiles: boolean
  onDrill: (day: CostDay) => void
  /** cost alarms, marked at their days */
  markers?: readonly AnomalyMarker[]
}

/** The days as CSV: date, requests, cost, budget and burn (cost / budget), full precision. */
export function costByDayCsv(days: readonly CostDay[]): string {
  return toCsv(
    ['date_utc', 'requests', 'cost', 'daily_budget', 'cost_budget_burn', 'cost_over_budget'],
    days.map((d) => [d.date, d.requests, d.cost, d.budget, d.budget > 0 ? d.cost / d.budget : null, d.budget > 0 && d.cost / d.budget > 1])
  )
}

function CostByDayTable({ days, onDrill }: Pick<CostByDayPanelProps, 'days' | 'onDrill'>): ReactElement {
  return (
    <div className="table-wrap costs-scroll">
      <table className="table" aria-label="Cost by day" data-testid="cost-day-table">
        <TableHead columns={[{ label: 'Day (UTC)' }, { label: 'Requests', num: true }, { label: 'Cost', num: true }, { label: 'Budget', num: true }, { label: 'Burn', num: true }]} />
        <tbody>
          {days.map((d) => {
            const burn = d.budget > 0 ? d.cost / d.budget : null
            const isOver = burn !== null && burn > 1
            return (
              <tr key={d.date} className={`costs-row${isOver ? ' costs-row--over' : ''}`} data-testid={`cost-day-${d.date}`} data-over={isOver}>
                <th scope="row">
                  <button type="button" className="link-btn costs-link" onClick={() => onDrill(d)} title="Open this day's requests in the Explorer">
                    {d.date}
                  </button>
                </th>
                <td className="num" data-testid="requests" data-value={d.requests}>
                  {formatInt(d.requests)}
                </td>
                <td className="num" data-testid="cost" data-value={d.cost}>
                  {formatUsd(d.cost)}
                </td>
                <td className="num muted">{formatUsd(d.budget)}</td>
                <td className={`num${isOver ? ' bad-text strong' : ''}`} data-testid="burn" data-value={burn ?? ''}>
                  {burn === null ? '—' : formatNumber(burn, burn < 0.01 ? 4 : 2)}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

export function CostByDayPanel({ days, stale, canPickFiles, onDrill, markers }: CostByDayPanelProps): ReactElement {
  const option = useMemo(() => buildCostByDayOption(days, markers), [days, markers])
  const budget = dailyBudget(days)
  const over = overBudgetDays(days)
  const max = days.reduce((m, d) => Math.max(m, d.cost), 0)
  const place = budget === null ? null : budgetPlacement(budget, max)
  return (
    <ChartPanel
      title="Cost by day"
      subtitle={
        <>
          Sum of cost_usd per UTC day in scope; daily budget {formatUsd(budget)} (DAILY_COST_BUDGET_USD).{' '}
          <strong className={over.length ? 'bad-text' : 'good-text'} data-testid="days-over-budget" data-value={over.length}>
            {over.length === 0 ? 'No day over budget' : `${formatInt(over.length)} of ${formatInt(days.length)} days over budget`}
          </strong>
          {over.length > 0 && over.length <= 6 && <span> ({over.map((d) => d.date).join(', ')})</span>}.{' '}
          {place && !place.inView && budget !== null && <span data-testid="budget-off-scale">Daily budget {offScaleNote(budget, max, 'the highest day')} </span>}
          {markers && markers.length > 0 && (
            <span data-testid="cost-day-markers" data-value={markers.length}>
              Vertical lines mark {markers.length === 1 ? 'a cost alarm' : `${formatInt(markers.length)} cost alarms`} (Alerts page).{' '}
            </span>
          )}
          Click a day to open its requests.
        </>
      }
      canPickFiles={canPickFiles}
      csv={{ title: 'Download the days as CSV', file: () => ({ name: 'cost_by_day.csv', content: costByDayCsv(days) }), testId: 'cost-day-csv' }}
      png={{ name: 'cost_by_day.png', testId: 'cost-day-png' }}
      testId="cost-day-panel"
      stale={stale}
      empty={
        days.length === 0 && (
          <EmptyState compact title="No timed requests in scope" testId="cost-day-empty">
            Cost by day needs rows with a timestamp. Widen the filters.
          </EmptyState>
        )
      }
      chart={(ref) => (
        <Chart
          ref={ref}
          option={option}
          height={280}
          ariaLabel={costByDayDescription(days)}
          onItemClick={(p) => {
            const day = (p.data as { day?: CostDay } | undefined)?.day
            if (day) onDrill(day)
          }}
          testId="cost-day-chart"
        />
      )}
      table={{ toggleLabel: 'Cost by day view', toggleTestId: 'cost-day-view', render: () => <CostByDayTable days={days} onDrill={onDrill} /> }}
    />
  )
}
