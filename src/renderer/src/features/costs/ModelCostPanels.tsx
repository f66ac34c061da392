/** The two per-model cost panels: cost per 1k tokens (bars) and cost against quality with the Pareto frontier (scatter); a model opens its requests, CSV and PNG export. */
import { useMemo, useRef, type ReactElement } from 'react'
import type { ModelCostQuality } from '../../../../shared/costs'
import { Chart, type ChartHandle } from '../../components/Chart'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton, chartPngFile } from '../../components/ExportButton'
import { Panel } from '../../components/Panel'
import { useTheme } from '../../components/ThemeProvider'
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
  const { theme } = useTheme()
  const chartRef = useRef<ChartHandle>(null)
  const option = useMemo(() => buildCostPer1kOption(models), [models])
  const rows = costPer1kRows(models)
  return (
    <Panel
      title="Cost per 1k tokens by model"
      subtitle="1,000 × cost / total_tokens over requests with both. Click a model to open its requests."
      actions={
        <>
          <ExportButton label="CSV" title="Download per-model costs as CSV" canPickFiles={canPickFiles} files={() => [{ name: 'cost_by_model.csv', content: modelCostCsv(models) }]} testId="cost-per-1k-csv" />
          <ExportButton label="PNG" title="Download the chart as PNG" canPickFiles={canPickFiles} disabled={rows.length === 0} files={() => [chartPngFile(chartRef, 'cost_per_1k_tokens.png', theme)]} testId="cost-per-1k-png" />
        </>
      }
      testId="cost-per-1k-panel"
      className={stale ? 'is-stale' : undefined}
    >
      {rows.length === 0 ? (
        <EmptyState compact title="No model has both cost and tokens" />
      ) : (
        <Chart
          ref={chartRef}
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
    </Panel>
  )
}

export function CostQualityPanel({ models, stale, canPickFiles, onDrill }: ModelCostPanelProps): ReactElement {
  const { theme } = useTheme()
  const chartRef = useRef<ChartHandle>(null)
  const option = useMemo(() => buildCostQualityOption(models), [models])
  const points = plottableModels(models)
  const frontier = paretoPath(models)
  const missing = models.filter((m) => m.avg_cost === null || m.avg_quality === null)
  return (
    <Panel
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
      actions={
        <>
          <ExportButton label="CSV" title="Download per-model cost and quality as CSV" canPickFiles={canPickFiles} files={() => [{ name: 'cost_vs_quality.csv', content: modelCostCsv(models) }]} testId="cost-quality-csv" />
          <ExportButton label="PNG" title="Download the chart as PNG" canPickFiles={canPickFiles} disabled={points.length === 0} files={() => [chartPngFile(chartRef, 'cost_vs_quality.png', theme)]} testId="cost-quality-png" />
        </>
      }
      testId="cost-quality-panel"
      className={stale ? 'is-stale' : undefined}
    >
      {points.length === 0 ? (
        <EmptyState compact title="No model has both cost and quality scores" />
      ) : (
        <>
          <Chart
            ref={chartRef}
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
    </Panel>
  )
}
