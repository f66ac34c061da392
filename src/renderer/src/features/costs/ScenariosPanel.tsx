/** Forecast scenarios: the month-end forecast above, extended to the next month and run under volume ×0.5 to ×5, with and without the routing change of the re-pricing panel, each with its cost against the budget and its expected failure rate. */
import { useMemo, useState, type ReactElement } from 'react'
import { MAX_VOLUME, MIN_VOLUME, type Economics, type Scenario } from '../../../../shared/economics'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatPercent, formatUsd } from '../../lib/format'
import { buildScenarioOption, scenarioDescription, scenarioRows, scenariosCsv } from './buildEconomicsOptions'

export interface ScenariosPanelProps {
  economics: Economics
  stale: boolean
  volume: number
  canPickFiles: boolean
  onVolume: (v: number) => void
}

function CostCell({ cost, budget, testId }: { cost: number; budget: number; testId: string }): ReactElement {
  const over = cost > budget
  return (
    <td className={`num ${over ? 'bad-text' : ''}`} data-testid={testId} data-value={cost} data-over={over}>
      {formatUsd(cost)}
    </td>
  )
}

function ScenarioCells({ s, prefix }: { s: Scenario; prefix: string }): ReactElement {
  return (
    <>
      <CostCell cost={s.month_end_cost} budget={s.month_budget} testId={`${prefix}-month-end`} />
      <CostCell cost={s.next_month_cost} budget={s.next_month_budget} testId={`${prefix}-next-month`} />
      <td className="num" data-testid={`${prefix}-fail-rate`} data-value={s.expected_fail_rate ?? ''}>
        {s.expected_fail_rate === null ? '—' : formatPercent(s.expected_fail_rate)}
      </td>
      <td className="num">{s.expected_failures_next_month === null ? '—' : formatInt(Math.round(s.expected_failures_next_month))}</td>
    </>
  )
}

export function ScenariosPanel({ economics: e, stale, volume, canPickFiles, onVolume }: ScenariosPanelProps): ReactElement {
  const option = useMemo(() => buildScenarioOption(e.scenarios), [e.scenarios])
  const rows = scenarioRows(e)
  const changed = rows.some((r) => r.changed)
  const [text, setText] = useState(String(volume))
  const first = e.scenarios[0]
  const commit = (t: string): void => {
    setText(t)
    const v = Number(t)
    if (t.trim() !== '' && Number.isFinite(v) && v >= MIN_VOLUME && v <= MAX_VOLUME) onVolume(v)
  }
  return (
    <ChartPanel
      title="Forecast scenarios"
      subtitle={
        <>
          The month-end forecast above (its 14-day trend line, never below 0) continued through next month, under volume ×{MIN_VOLUME} to ×{MAX_VOLUME}
          {changed ? ' and with the routing change of the re-pricing panel (dashed)' : ''}. Volume scales the days still to come; the failure rate is the scope&apos;s{changed ? ' or the change’s' : ''}. Red: over the
          month&apos;s budget.
        </>
      }
      actions={
        <label className="costs-control--inline">
          <span className="muted">Your volume ×</span>
          <input className="input input--sm mono costs-share" type="number" min={MIN_VOLUME} max={MAX_VOLUME} step={0.1} value={text} onChange={(ev) => commit(ev.target.value)} aria-label="Volume multiplier" data-testid="scenario-volume" />
        </label>
      }
      canPickFiles={canPickFiles}
      csv={{ title: 'Download the scenarios as CSV', file: () => ({ name: 'cost_scenarios.csv', content: scenariosCsv(e.scenarios) }), testId: 'scenarios-csv' }}
      png={{ name: 'cost_scenarios.png', testId: 'scenarios-png' }}
      testId="scenarios"
      stale={stale}
      empty={
        rows.length === 0 && (
          <EmptyState compact title="No forecast" testId="scenarios-empty">
            A forecast needs timed requests in scope.
          </EmptyState>
        )
      }
      chart={(ref) => (
        <>
          <div className="table-wrap">
            <table className="table costs-scenarios" aria-label="Scenarios by volume" data-testid="scenarios-table">
              <TableHead
                columns={[
                  { label: 'Volume', num: true },
                  { label: `${first?.month ?? ''} month end`, num: true },
                  { label: `${first?.next_month ?? ''}`, num: true },
                  { label: 'Fail rate', num: true },
                  { label: 'Failures next month', num: true },
                  changed && { label: 'With change: month end', num: true },
                  changed && { label: 'next month', num: true },
                  changed && { label: 'fail rate', num: true },
                  changed && { label: 'failures', num: true }
                ]}
              />
              <tbody>
                {rows.map((r) => (
                  <tr key={r.volume} className={r.volume === volume ? 'costs-row--chosen' : undefined} data-testid="scenario-row" data-volume={r.volume}>
                    <th scope="row" className="num">
                      ×{r.volume}
                    </th>
                    <ScenarioCells s={r.base} prefix="base" />
                    {r.changed && <ScenarioCells s={r.changed} prefix="change" />}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {first && (
            <p className="footnote muted">
              Budgets: {formatUsd(first.month_budget)} for {first.month}, {formatUsd(first.next_month_budget)} for {first.next_month} (DAILY_COST_BUDGET_USD × days).
            </p>
          )}
          <Chart ref={ref} option={option} height={260} ariaLabel={scenarioDescription(e.scenarios)} testId="scenarios-chart" />
        </>
      )}
    />
  )
}
