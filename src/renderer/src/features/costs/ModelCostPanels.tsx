/** The two per-model cost panels: cost per 1k tokens (bars) and cost against quality with the Pareto frontier (scatter); a model opens its requests, CSV and PNG export. */
import { useMemo, type ReactElement } from 'react'
import type { ModelCostQuality } from '../../../../shared/costs'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { toCsv } from '../../lib/csv'
import { formatNumber, formatUsd } from '../../lib/format'
import { buildCostPer1kOption, buildCostQualityOption, costModelLabel, costPer1kDescription, costPer1kRows, costQualityDescription, paretoPath, plottableModels } from './buildModelCostOptions'

export interface ModelCostPanelProps {
  models: readonly ModelCostQuality[]
  stale: boolean
  canPickFiles: boolean
  onDrill: (m: ModelCostQuality) => void
}

/** Every model's cost and quality numbers as CSV (full precision). */
export function modelCostCsv(models: readonly ModelCostQuality[]): string {
  return toCsv(
    ['model_provider', 'model_name', 'requests', 'avg_cost', 'cost_per_1k_tokens', 'avg_quality', 'pareto'],
    models.map((m) => [m.model_provider, m.model_name, m.requests, m.avg_cost, m.cost_per_1k_tokens, m.avg_quality, m.pareto])
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
      title="Cost vs quality by model"
      subtitle={
        <>
          Average cost per request against average response_quality_score; marker size = requests. The green line joins the Pareto frontier: no other model is at least as cheap and at
          least as good.{' '}
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
