/** ROC and precision-recall curves of the triage model on the evaluation rows, with the chosen and the slider's threshold as points. */
import { useMemo, type ReactElement } from 'react'
import type { TriageReady } from '../../../../shared/triage'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { EmptyState } from '../../components/EmptyState'
import { formatNumber, formatPercent } from '../../lib/format'
import { buildPrOption, buildRocOption, type MarkedThreshold } from './buildRankingCurveOptions'
import { curveRowAt, formatThreshold } from './triageText'

export interface RankingCurvesPanelProps {
  result: TriageReady
  threshold: number
  canPickFiles: boolean
}

export function RankingCurvesPanel({ result: r, threshold, canPickFiles }: RankingCurvesPanelProps): ReactElement {
  const marks = useMemo(() => {
    const out: MarkedThreshold[] = [{ label: `chosen ${formatThreshold(r.threshold)}`, metrics: r.selected_policy_metrics, color: SEMANTIC_COLORS.good }]
    const at = curveRowAt(r.curve, threshold)
    if (at && formatThreshold(threshold) !== formatThreshold(r.threshold)) out.push({ label: `slider ${formatThreshold(threshold)}`, metrics: at, color: SEMANTIC_COLORS.warn })
    return out
  }, [r, threshold])
  const rocOption = useMemo(() => buildRocOption(r.roc_curve, marks), [r.roc_curve, marks])
  const prOption = useMemo(() => buildPrOption(r.pr_curve, r.metrics.test_base_rate, marks), [r.pr_curve, r.metrics.test_base_rate, marks])
  return (
    <div className="two-col triage-curves">
      <ChartPanel
        title="ROC curve"
        subtitle={`AUC ${r.metrics.roc_auc === null ? '—' : formatNumber(r.metrics.roc_auc, 3)} on ${r.metrics.test_size} evaluation rows; the dashed diagonal is chance.`}
        canPickFiles={canPickFiles}
        png={r.roc_curve.length ? { name: 'triage_roc_curve', title: 'Save this chart as PNG' } : undefined}
        testId="roc-panel"
        empty={
          r.roc_curve.length === 0 && (
            <EmptyState compact title="No ROC curve">
              The evaluation rows hold one class only.
            </EmptyState>
          )
        }
        chart={(ref) => <Chart ref={ref} option={rocOption} height={280} ariaLabel={`ROC curve, ${r.roc_curve.length} points, AUC ${formatNumber(r.metrics.roc_auc, 3)}`} testId="roc-chart" />}
      />
      <ChartPanel
        title="Precision-recall curve"
        subtitle={`Average precision ${r.metrics.avg_precision === null ? '—' : formatNumber(r.metrics.avg_precision, 3)}; the dashed line is the base rate ${formatPercent(r.metrics.test_base_rate)} (no skill).`}
        canPickFiles={canPickFiles}
        png={r.pr_curve.length ? { name: 'triage_precision_recall_curve', title: 'Save this chart as PNG' } : undefined}
        testId="pr-panel"
        empty={
          r.pr_curve.length === 0 && (
            <EmptyState compact title="No precision-recall curve">
              The evaluation rows hold no failure.
            </EmptyState>
          )
        }
        chart={(ref) => (
          <Chart ref={ref} option={prOption} height={280} ariaLabel={`Precision-recall curve, ${r.pr_curve.length} points, average precision ${formatNumber(r.metrics.avg_precision, 3)}`} testId="pr-chart" />
        )}
      />
    </div>
  )
}
