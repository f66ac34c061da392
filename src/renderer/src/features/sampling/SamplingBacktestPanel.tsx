/** The backtest of the sampling policy: per KPI, every model x use case's true value beside the sample's re-weighted estimate, its error and standard error, as a chart of relative errors and a table. */
import { useMemo, useState, type ReactElement } from 'react'
import { samplingBacktestCsv, SAMPLING_FILES } from '../../../../shared/artifacts/samplingArtifacts'
import { BACKTEST_METRICS, type BacktestMetric, type SamplingBacktest, type SamplingBacktestRow } from '../../../../shared/sampling'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { TableHead } from '../../components/TableHead'
import { ViewToggle } from '../../components/ViewToggle'
import { formatNumber, formatPercent } from '../../lib/format'
import { BACKTEST_METRIC_LABELS, backtestChartHeight, buildBacktestErrorOption, errorPoints, stratumLabel } from './buildSamplingOptions'

export interface SamplingBacktestPanelProps {
  backtest: SamplingBacktest
  stale: boolean
  canPickFiles: boolean
  onOpen: (row: SamplingBacktestRow) => void
}

const METRIC_OPTIONS = BACKTEST_METRICS.map((m) => ({ value: m, label: BACKTEST_METRIC_LABELS[m] }))

/** A KPI value as shown: rates as percents, the rest with as many decimals as they need. */
function metricValue(metric: BacktestMetric, v: number | null): string {
  if (metric === 'failure_rate') return formatPercent(v)
  if (metric === 'cost_usd') return v === null ? '—' : `$${formatNumber(v, 4)}`
  return formatNumber(v, metric === 'requests' ? 1 : 0)
}

export function SamplingBacktestPanel({ backtest, stale, canPickFiles, onOpen }: SamplingBacktestPanelProps): ReactElement {
  const [metric, setMetric] = useState<BacktestMetric>('requests')
  const points = useMemo(() => errorPoints(backtest.rows, metric), [backtest.rows, metric])
  const option = useMemo(() => buildBacktestErrorOption(points, metric), [points, metric])
  const rows = backtest.rows.filter((r) => r.metric === metric)
  const s = backtest.summary
  const table = (): ReactElement => (
    <div className="table-wrap">
      <table className="table" aria-label={`Backtest of ${BACKTEST_METRIC_LABELS[metric]}`}>
        <TableHead
          columns={[
            { label: 'Model / use case' },
            { label: 'True', num: true, title: 'the full data' },
            { label: 'Re-weighted', num: true, title: 'the kept rows, each weighted by 1 / its rate' },
            { label: 'Error', num: true },
            { label: 'Std. error', num: true, title: 'standard error of the estimate under the policy' },
            { label: 'z', num: true, title: 'error / standard error' }
          ]}
        />
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.model_name}\u0000${r.use_case}`}
              className={r.total ? 'sampling-total' : 'sampling-clickable'}
              onClick={r.total ? undefined : () => onOpen(r)}
              data-testid={r.total ? `sampling-backtest-total-${metric}` : undefined}
            >
              <th scope="row">{stratumLabel(r)}</th>
              <td className="num" data-value={r.true_value ?? ''}>
                {metricValue(metric, r.true_value)}
              </td>
              <td className="num" data-value={r.estimate ?? ''}>
                {metricValue(metric, r.estimate)}
              </td>
              <td className="num">{formatPercent(r.rel_error)}</td>
              <td className="num">{r.std_error === null ? '—' : metricValue(metric, r.std_error)}</td>
              <td className={`num${r.z !== null && Math.abs(r.z) > 2 ? ' warn-text' : ''}`}>{r.z === null ? '—' : formatNumber(r.z, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
  return (
    <ChartPanel
      title="Backtest"
      subtitle={
        <span data-testid="sampling-backtest-summary">
          The policy applied to these rows (a hash of interaction_id decides), the kept rows re-weighted by 1 / rate: {s.within_2se} of {s.checked} estimates within 2 standard errors of the truth. {s.note}
        </span>
      }
      actions={<ViewToggle value={metric} options={METRIC_OPTIONS} onChange={setMetric} ariaLabel="Backtest metric" testId="sampling-backtest-metric" />}
      canPickFiles={canPickFiles}
      stale={stale}
      testId="sampling-backtest"
      empty={
        points.length === 0 && (
          <EmptyState compact title="Nothing to compare">
            No model x use case has a {BACKTEST_METRIC_LABELS[metric].toLowerCase()} to compare in scope.
          </EmptyState>
        )
      }
      table={{ render: table, toggleLabel: 'Backtest view', toggleTestId: 'sampling-backtest-view' }}
      csv={{ file: () => ({ name: SAMPLING_FILES.backtest, content: samplingBacktestCsv(backtest) }), title: 'sampling_backtest.csv (every KPI)', testId: 'sampling-backtest-csv' }}
      png={{ name: `sampling_backtest_${metric}` }}
      chart={(ref) => (
        <Chart
          ref={ref}
          option={option}
          height={backtestChartHeight(points.length)}
          ariaLabel={`Relative error of the re-weighted ${BACKTEST_METRIC_LABELS[metric]}: ${points.map((p) => `${p.label} ${formatPercent(p.rel)}`).join('; ')}`}
          onItemClick={(p) => {
            const pt = points[p.dataIndex]
            if (pt && !pt.row.total) onOpen(pt.row)
          }}
          testId="sampling-backtest-chart"
        />
      )}
    />
  )
}
