/** The provider/model risk map panel (history window): the scatter with the SLA and hotspot lines, the table of models beneath it, drilldowns, CSV and PNG export. */
import { useMemo, type ReactElement } from 'react'
import type { ModelHotspot, ModelHotspots } from '../../../../shared/analysis'
import { Badge, type BadgeTone } from '../../components/Badge'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatMs, formatPercent, formatPercentShort, formatUsd } from '../../lib/format'
import { BUCKET_LABEL, BUCKET_SHORT_LABEL, buildRiskMapOption, modelLabel, riskMapDescription, unplottedModels, type RiskMapThresholds } from './buildRiskMapOption'
import { hotspotsCsv } from './sliceTable'

const BUCKET_TONE: Record<ModelHotspot['bucket'], BadgeTone> = { high_failure_and_sla: 'bad', high_failure: 'warn', sla_risk: 'accent', ok: 'good' }

export interface RiskMapPanelProps {
  hotspots: ModelHotspots
  thresholds: RiskMapThresholds
  stale: boolean
  canPickFiles: boolean
  onDrill: (model: ModelHotspot) => void
}

export function RiskMapPanel({ hotspots, thresholds, stale, canPickFiles, onDrill }: RiskMapPanelProps): ReactElement {
  const option = useMemo(() => buildRiskMapOption(hotspots, thresholds), [hotspots, thresholds])
  const missing = unplottedModels(hotspots)
  return (
    <ChartPanel
      title="Provider / model risk map"
      subtitle={
        <>
          History window, models with at least {formatInt(hotspots.min_requests)} requests (MIN_REQUESTS_POLICY). Marker size = requests. Dashed lines: SLA ={' '}
          <span data-testid="riskmap-sla">{formatInt(thresholds.slaMs)} ms</span> (SLA_MS) and hotspot fail rate ={' '}
          <span data-testid="riskmap-hotspot-rate">{formatPercentShort(thresholds.hotspotFailRate)}</span> (max(3 × FAIL_BUDGET, 5%)). Click a model to open its requests.
        </>
      }
      canPickFiles={canPickFiles}
      csv={{ title: 'Download the model table as CSV', file: () => ({ name: 'model_hotspots_table.csv', content: hotspotsCsv(hotspots) }), testId: 'hotspots-csv' }}
      png={{ name: 'model_risk_map.png', title: 'Download the risk map as PNG', testId: 'riskmap-png' }}
      testId="riskmap-panel"
      stale={stale}
      empty={
        hotspots.rows.length === 0 && (
          <EmptyState compact title="No model has enough history-window requests" testId="riskmap-empty">
            Models need at least {formatInt(hotspots.min_requests)} requests in the history window (MIN_REQUESTS_POLICY). Widen the filters or lower the knob.
          </EmptyState>
        )
      }
      chart={(ref) => (
        <>
          <Chart
            ref={ref}
            option={option}
            height={330}
            ariaLabel={riskMapDescription(hotspots, thresholds)}
            onItemClick={(p) => {
              const model = (p.data as { model?: ModelHotspot } | undefined)?.model
              if (model) onDrill(model)
            }}
            testId="riskmap-chart"
          />
          {missing.length > 0 && (
            <p className="footnote muted" data-testid="riskmap-unplotted">
              Not on the map (no latency in the history window): {missing.map(modelLabel).join(', ')}.
            </p>
          )}
          <div className="table-wrap hotspots-models">
            <table className="table" aria-label="Model hotspots" data-testid="hotspots-table">
              <TableHead
                columns={[
                  { label: 'Provider / model' },
                  { label: 'Requests', num: true },
                  { label: 'Fail rate', num: true },
                  { label: 'p95', num: true },
                  { label: 'SLA breach', num: true },
                  { label: 'Cost / request', num: true },
                  { label: 'Bucket' }
                ]}
              />
              <tbody>
                {hotspots.rows.map((m) => (
                  <tr
                    key={`${m.model_provider}/${m.model_name}`}
                    className="hotspots-row"
                    tabIndex={0}
                    onClick={() => onDrill(m)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') onDrill(m)
                    }}
                    title="Open these requests in the Explorer"
                    data-testid={`hotspot-row-${m.model_provider}-${m.model_name}`}
                  >
                    <th scope="row">{modelLabel(m)}</th>
                    <td className="num" data-testid="requests" data-value={m.requests}>
                      {formatInt(m.requests)}
                    </td>
                    <td className="num" data-testid="fail_rate" data-value={m.fail_rate}>
                      {formatPercent(m.fail_rate)}
                    </td>
                    <td className="num" data-testid="p95_latency" data-value={m.p95_latency ?? ''}>
                      {formatMs(m.p95_latency)}
                    </td>
                    <td className="num" data-testid="sla_breach_rate" data-value={m.sla_breach_rate ?? ''}>
                      {formatPercent(m.sla_breach_rate)}
                    </td>
                    <td className="num" data-testid="cost_per_request" data-value={m.cost_per_request ?? ''}>
                      {formatUsd(m.cost_per_request)}
                    </td>
                    <td data-testid="bucket" data-value={m.bucket}>
                      <Badge tone={BUCKET_TONE[m.bucket]} title={`${BUCKET_LABEL[m.bucket]} (${m.bucket})`}>
                        {BUCKET_SHORT_LABEL[m.bucket]}
                      </Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    />
  )
}
