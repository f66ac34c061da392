/** The per-use-case backtest: baseline (observed) vs policy (the chosen model's evaluation metrics, else the baseline's) as a chart and a table, with the selection-bias caveat; a row opens its evaluation requests in the Explorer. */
import { useMemo, type ReactElement } from 'react'
import { ROUTING_BACKTEST_NOTE, type RoutingBacktest, type RoutingBacktestUseCase } from '../../../../shared/analysis'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatPercent, formatUsd } from '../../lib/format'
import { backtestChartHeight, buildBacktestOption } from './buildBacktestOption'
import { modelLabel } from './policyDiff'
import { formatUsdDelta } from './routingVerdict'

export interface BacktestPanelProps {
  backtest: RoutingBacktest
  stale: boolean
  canPickFiles: boolean
  onOpenUseCase: (row: RoutingBacktestUseCase) => void
}

export function BacktestPanel({ backtest, stale, canPickFiles, onOpenUseCase }: BacktestPanelProps): ReactElement {
  const rows = backtest.use_cases
  const option = useMemo(() => buildBacktestOption(rows), [rows])
  return (
    <ChartPanel
      title="Backtest per use case"
      subtitle={<span data-testid="backtest-caveat">Evaluation window. {ROUTING_BACKTEST_NOTE}: a policy number is the chosen model&apos;s metric on the requests it happened to serve.</span>}
      canPickFiles={canPickFiles}
      png={rows.length > 0 ? { name: 'routing_backtest_by_use_case', title: 'Save this chart as PNG' } : undefined}
      testId="backtest-panel"
      stale={stale}
      empty={
        rows.length === 0 && (
          <EmptyState compact title="No evaluation use cases" testId="backtest-empty">
            The evaluation window holds no request with a use case in scope, so nothing could be backtested.
          </EmptyState>
        )
      }
      chart={(ref) => (
        <>
          <Chart
            ref={ref}
            option={option}
            height={backtestChartHeight(rows.length)}
            ariaLabel={`Expected unit cost per use case, baseline vs policy: ${rows.map((r) => `${r.use_case} ${formatUsd(r.baseline_expected_unit_cost)} vs ${formatUsd(r.policy_expected_unit_cost)}`).join(', ')}`}
            onItemClick={(p) => {
              const r = rows[p.dataIndex]
              if (r) onOpenUseCase(r)
            }}
            testId="backtest-chart"
          />
          <div className="table-wrap">
            <table className="table routing-table" aria-label="Backtest per use case">
              <TableHead
                columns={[
                  { label: 'Use case' },
                  { label: 'Requests', num: true },
                  { label: 'Chosen model' },
                  { label: 'Observed', num: true, title: 'evaluation requests of this use case the chosen model served' },
                  { label: 'Fail rate (base → policy)', num: true },
                  { label: 'p95 (base → policy)', num: true },
                  { label: 'Unit cost (base → policy)', num: true },
                  { label: 'Δ unit cost', num: true }
                ]}
              />
              <tbody>
                {rows.map((r) => {
                  const delta = r.policy_expected_unit_cost - r.baseline_expected_unit_cost
                  return (
                    <tr
                      key={r.use_case}
                      className="routing-table__row"
                      tabIndex={0}
                      onClick={() => onOpenUseCase(r)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') onOpenUseCase(r)
                      }}
                      title={`Open the evaluation requests of ${r.use_case} in the Explorer`}
                      data-testid={`backtest-row-${r.use_case}`}
                    >
                      <th scope="row">{r.use_case}</th>
                      <td className="num">{formatInt(r.requests)}</td>
                      <td className="mono">{r.chosen_model_name === null ? <span className="muted">no policy row</span> : modelLabel(r.chosen_model_provider, r.chosen_model_name)}</td>
                      <td className={`num${r.chosen_model_requests === 0 ? ' warn-text' : ''}`} title={r.chosen_model_requests === 0 ? 'not observed: the policy numbers are the baseline values' : undefined}>
                        {formatInt(r.chosen_model_requests)}
                      </td>
                      <td className="num">
                        {formatPercent(r.baseline_fail_rate)} → {formatPercent(r.policy_fail_rate)}
                      </td>
                      <td className="num">
                        {r.baseline_p95_latency === null ? '—' : formatInt(r.baseline_p95_latency)} → {r.policy_p95_latency === null ? '—' : formatInt(r.policy_p95_latency)} ms
                      </td>
                      <td className="num" data-value={r.policy_expected_unit_cost}>
                        {formatUsd(r.baseline_expected_unit_cost)} → {formatUsd(r.policy_expected_unit_cost)}
                      </td>
                      <td className={`num ${delta <= 0 ? 'good-text' : 'bad-text'}`}>{formatUsdDelta(delta)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    />
  )
}
