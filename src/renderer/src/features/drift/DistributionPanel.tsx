/** One drift feature's reference and current distributions overlaid (PSI bins or categories), with its metrics; a category bar opens those requests in the Explorer. */
import { useMemo, type ReactElement } from 'react'
import type { DriftBlock, DriftFeatureRow } from '../../../../shared/drift'
import { Badge } from '../../components/Badge'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import type { DrilldownLabel, DrilldownTarget } from '../../lib/drilldown'
import { formatInt, formatPercent } from '../../lib/format'
import { buildDistributionOption, distributionHeight, distributionLabels } from './buildDistributionOption'
import { categoryDrilldown, isScopeDimension, sideNames, type DriftSide } from './driftDrilldown'
import { formatMetric, formatPValue, SEVERITY_TONE, severityRule } from './driftReport'

export interface DistributionPanelProps {
  block: DriftBlock
  feature: DriftFeatureRow
  canPickFiles: boolean
  onDrilldown: (target: DrilldownTarget, label: DrilldownLabel) => void
}

export function DistributionPanel({ block, feature: f, canPickFiles, onDrilldown }: DistributionPanelProps): ReactElement {
  const names = useMemo(() => sideNames(block.window), [block.window])
  const d = f.distribution
  const option = useMemo(() => (d ? buildDistributionOption(d, names) : null), [d, names])
  const canDrill = d?.type === 'categorical' && isScopeDimension(f.feature)
  const labels = d ? distributionLabels(d) : []
  return (
    <ChartPanel
      title={
        <>
          <code>{f.feature}</code> distributions{' '}
          <Badge tone={SEVERITY_TONE[f.severity]} solid={f.severity === 'high'}>
            {f.severity === 'insufficient_data' ? 'insufficient data' : f.severity}
          </Badge>
        </>
      }
      subtitle={
        <>
          {f.type === 'numeric' ? (
            <>
              PSI {formatMetric(f.psi)} · KS {formatMetric(f.ks_statistic)} (p {formatPValue(f.ks_pvalue)})
            </>
          ) : (
            <>
              TV {formatMetric(f.tv_distance)} · χ² p {formatPValue(f.chi2_pvalue)}
            </>
          )}{' '}
          · {severityRule(f)} · n {formatInt(f.reference_n)} vs {formatInt(f.current_n)}.{' '}
          {canDrill ? 'Click a bar to open those requests in the Explorer.' : f.type === 'numeric' ? 'Shares per bin of the reference deciles (unclipped).' : ''}
        </>
      }
      canPickFiles={canPickFiles}
      png={option ? { name: `drift_${f.feature}`, title: 'Save this chart as PNG' } : undefined}
      testId="distribution-panel"
      empty={
        (!d || !option) && (
          <EmptyState compact title="No distribution to compare" testId="distribution-empty">
            {f.type === 'numeric' ? 'PSI needs at least 50 finite values on each side and 3 distinct bin edges.' : 'One of the two windows has no rows.'}
          </EmptyState>
        )
      }
      chart={(ref) =>
        d &&
        option && (
          <Chart
            ref={ref}
            option={option}
            height={distributionHeight(d)}
            ariaLabel={`${f.feature}, ${names.reference} vs ${names.current}: ${labels.map((l, i) => `${l} ${formatPercent(d.reference[i])} vs ${formatPercent(d.current[i])}`).join(', ')}`}
            onItemClick={
              canDrill
                ? (p) => {
                    const side: DriftSide = p.seriesIndex === 0 ? 'reference' : 'current'
                    const r = categoryDrilldown(f.feature, d, p.dataIndex, side, block.window, { reference: f.reference_n, current: f.current_n })
                    if (r) onDrilldown(r.target, r.label)
                  }
                : undefined
            }
            testId="distribution-chart"
          />
        )
      }
    />
  )
}
