/** The two per-model cost panels: cost per 1k tokens (bars) and cost against quality with the Pareto frontier (scatter); a model opens its requests, CSV and PNG export. */
import { useMemo, type ReactElement } from 'react'
import type { ModelCostQuality } from '../../../../shared/costs'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { toCsv } from '../../lib/csv'
import { Badge } from '../../components/Badge'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatMs, formatNumber, formatPercent, formatUsd } from '../../lib/format'
import { buildCostPer1kOption, buildCostQualityOption, costModelLabel, costPer1kDescription, costPer1kRows, costQualityDescription, paretoPath, plottableModels } from './buildModelCostOptions'

export interface ModelCostPanelProps {
  models: readonly ModelCostQuality[]
  stale: boolean
  canPickFiles: boolean
  onDrill: (m: ModelCostQuality) => void
}

/** Every model's cost, reliability and quality numbers as CSV (full precision). */
export function modelCostCsv(models: readonly ModelCostQuality[]): string {
  return toCsv(
    [
      'model_provider',
      'model_name',
      'requests',
      'avg_cost',
      'cost_per_1k_tokens',
      'avg_quality',
      'pareto',
      'failures',
      'fail_rate',
      'p95_latency',
      'sla_breach_rate',
      'total_cost',
      'cost_per_success',
      'cost_per_quality_point',
      'pareto_all'
    ],
    models.map((m) => [
      m.model_provider,
      m.model_name,
      m.requests,
      m.avg_cost,
      m.cost_per_1k_tokens,
      m.avg_quality,
      m.pareto,
      m.failures,
      m.fail_rate,
      m.p95_latency,
      m.sla_breach_rate,
      m.total_cost,
      m.cost_per_success,
      m.cost_per_quality_point,
      m.pareto_all
    ])
  )
}

/** The model comparison table: cost per request, per successful request and per quality point, failure rate, p95, SLA breaches, quality, and both frontiers. */
export function ModelComparisonTable({ models, onDrill }: { models: readonly ModelCostQuality[]; onDrill: (m: ModelCostQuality) => void }): ReactElement {
  return (
    <div className="table-wrap costs-scroll">
      <table className="table" aria-label="Model comparison" data-testid="model-comparison-table">
        <TableHead
          columns={[
            { label: 'Model' },
            { label: 'Requests', num: true },
            { label: 'Cost / request', num: true },
            { label: 'Cost / success', num: true, title: 'total cost over successful requests (failed requests are paid for too)' },
            { label: 'Cost / quality point', num: true, title: 'cost over the sum of response_quality_score' },
            { label: 'Failure rate', num: true },
            { label: 'p95', num: true },
            { label: 'SLA breaches', num: true },
            { label: 'Quality', num: true },
            { label: 'Frontier', title: 'cost vs quality; all four: no other model is at least as good on cost, failure rate, p95 and quality and better on one' }
          ]}
        />
        <tbody>
          {models.map((m) => (
            <tr key={`${m.model_provider ?? '\u0000'}/${m.model_name ?? '\u0000'}`} data-testid="model-comparison-row" data-model={m.model_name ?? ''} data-pareto-all={m.pareto_all}>
              <th scope="row">
                <button type="button" className="link-btn costs-link" onClick={() => onDrill(m)} title="Open its requests in the Explorer">
                  {costModelLabel(m)}
                </button>
              </th>
              <td className="num">{formatInt(m.requests)}</td>
              <td className="num">{formatUsd(m.avg_cost)}</td>
              <td className="num" data-testid="cost-per-success" data-value={m.cost_per_success ?? ''}>
                {formatUsd(m.cost_per_success)}
              </td>
              <td className="num">{formatUsd(m.cost_per_quality_point)}</td>
              <td className="num" data-testid="fail-rate" data-value={m.fail_rate}>
                {formatPercent(m.fail_rate)}
              </td>
              <td className="num">{formatMs(m.p95_latency)}</td>
              <td className="num">{formatPercent(m.sla_breach_rate)}</td>
              <td className="num">{formatNumber(m.avg_quality, 3)}</td>
              <td>
                {m.pareto && <Badge tone="good">cost/quality</Badge>} {m.pareto_all && <Badge tone="accent">all four</Badge>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function modelOf(p: { data?: unknown }): ModelCostQuality | undefined {
  return (p.data as { model?: ModelCostQuality } | undefined)?.model
}

export function CostPer1kPanel({ models, stale, canPickFiles, onDrill }: ModelCostPanelProps): ReactElement {
  const option = useMemo(() => buildCostPer1kOption(models), [models])
  const rows = costPer1kRows(models)
  return (
    <ChartPanel
      title="Cost per 1k tokens by model"
      subtitle="1,000 × cost / total_tokens over requests with both. Click a model to open its requests."
      canPickFiles={canPickFiles}
      csv={{ title: 'Download per-model costs as CSV', file: () => ({ name: 'cost_by_model.csv', content: modelCostCsv(models) }), testId: 'cost-per-1k-csv' }}
      png={{ name: 'cost_per_1k_tokens.png', testId: 'cost-per-1k-png' }}
      testId="cost-per-1k-panel"
      stale={stale}
      empty={rows.length === 0 && <EmptyState compact title="No model has both cost and tokens" />}
      chart={(ref) => (
        <Chart
          ref={ref}
          option={option}
          height={Math.max(160, 50 + rows.length * 30)}
          ariaLabel={costPer1kDescription(models)}
          onItemClick={(p) => {
            const m = modelOf(p)
            if (m) onDrill(m)
          }}
          testId="cost-per-1k-chart"
        />
      )}
    />
  )
}

export function CostQualityPanel({ models, stale, canPickFiles, onDrill }: ModelCostPanelProps): ReactElement {
  const option = useMemo(() => buildCostQualityOption(models), [models])
  const points = plottableModels(models)
  const frontier = paretoPath(models)
  const missing = models.filter((m) => m.avg_cost === null || m.avg_quality === null)
  return (
    <ChartPanel
      title="Models: cost, failures, latency and quality"
      subtitle={
        <>
          Average cost per request against average response_quality_score; marker size = requests. The green line joins the Pareto frontier: no other model is at least as cheap and at
          least as good. The table compares every model on cost per request, per success and per quality point, failure rate, p95 and quality, with the frontier of all four.{' '}
          <span data-testid="pareto-models">
            On the frontier: {frontier.length ? frontier.map((m) => `${costModelLabel(m)} (${formatUsd(m.avg_cost)}, ${formatNumber(m.avg_quality, 3)})`).join(', ') : 'none'}.
          </span>
        </>
      }
      canPickFiles={canPickFiles}
      csv={{ title: 'Download per-model cost and quality as CSV', file: () => ({ name: 'cost_vs_quality.csv', content: modelCostCsv(models) }), testId: 'cost-quality-csv' }}
      png={{ name: 'cost_vs_quality.png', testId: 'cost-quality-png' }}
      testId="cost-quality-panel"
      stale={stale}
      table={{ toggleLabel: 'Model comparison view', toggleTestId: 'cost-quality-view', render: () => <ModelComparisonTable models={models} onDrill={onDrill} /> }}
      empty={points.length === 0 && <EmptyState compact title="No model has both cost and quality scores" />}
      chart={(ref) => (
        <>
          <Chart
            ref={ref}
            option={option}
            height={300}
            ariaLabel={costQualityDescription(models)}
            onItemClick={(p) => {
              const m = modelOf(p)
              if (m) onDrill(m)
            }}
            testId="cost-quality-chart"
          />
          {missing.length > 0 && <p className="footnote muted">Not placed (no cost or no quality score): {missing.map(costModelLabel).join(', ')}.</p>}
        </>
      )}
    />
  )
}
