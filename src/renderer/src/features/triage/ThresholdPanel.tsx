/** The threshold sweep: the cost and review-load curve with capacity lines and the chosen threshold, and a slider over the swept thresholds showing that threshold's confusion matrix, precision, recall, reviews per day and expected cost. */
import { useMemo, type ReactElement } from 'react'
import type { TriageReady } from '../../../../shared/triage'
import { Badge } from '../../components/Badge'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { KpiCard } from '../../components/KpiCard'
import { formatInt, formatNumber, formatPercent, formatUsd } from '../../lib/format'
import { buildThresholdCurveOption } from './buildThresholdCurveOption'
import { curveRowAt, formatThreshold, sliderRange } from './triageText'

export interface ThresholdPanelProps {
  result: TriageReady
  capacityPerDay: number
  capacityP90Guard: number
  threshold: number
  onThreshold: (t: number) => void
  canPickFiles: boolean
}

export function ThresholdPanel({ result, capacityPerDay, capacityP90Guard, threshold, onThreshold, canPickFiles }: ThresholdPanelProps): ReactElement {
  const option = useMemo(
    () => buildThresholdCurveOption({ curve: result.curve, chosen: result.threshold, selected: threshold, capacityPerDay, capacityP90Guard }),
    [result.curve, result.threshold, threshold, capacityPerDay, capacityP90Guard]
  )
  const range = sliderRange(result.curve)
  const row = curveRowAt(result.curve, threshold)
  const isChosen = formatThreshold(threshold) === formatThreshold(result.threshold)
  return (
    <ChartPanel
      title="Threshold sweep"
      subtitle={
        <>
          Review a request when its calibrated P(failure) ≥ threshold. Expected cost = reviews × REVIEW_COST + missed failures × TRIAGE_FN_COST_USD; a threshold is feasible when mean reviews per day ≤{' '}
          {formatInt(capacityPerDay)} and p90 ≤ {formatInt(capacityP90Guard)} over the {formatInt(result.days_in_evaluation)} evaluation days.
        </>
      }
      canPickFiles={canPickFiles}
      png={{ name: 'triage_threshold_curve', title: 'Save this chart as PNG' }}
      testId="threshold-panel"
      chart={(ref) => (
        <>
          <Chart
            ref={ref}
            option={option}
            height={300}
            ariaLabel={`Expected cost and reviews per day for thresholds ${formatThreshold(range.min)} to ${formatThreshold(range.max)}; chosen ${formatThreshold(result.threshold)}; capacity ${capacityPerDay} per day, p90 guard ${capacityP90Guard}`}
            testId="threshold-chart"
          />
          <div className="threshold-slider">
            <label htmlFor="triage-threshold" className="field-label">
              Threshold <span className="mono threshold-slider__value" data-testid="slider-value">{formatThreshold(threshold)}</span>{' '}
              {isChosen ? (
                <Badge tone="good">chosen</Badge>
              ) : (
                <button type="button" className="btn btn--xs btn--ghost" onClick={() => onThreshold(result.threshold)} data-testid="slider-reset">
                  back to chosen {formatThreshold(result.threshold)}
                </button>
              )}
            </label>
            <input
              id="triage-threshold"
              type="range"
              min={range.min}
              max={range.max}
              step={range.step}
              value={threshold}
              onChange={(e) => onThreshold(Math.round(Number(e.target.value) * 100) / 100)}
              aria-valuetext={formatThreshold(threshold)}
              data-testid="threshold-slider"
            />
            <div className="threshold-slider__scale muted" aria-hidden>
              <span>{formatThreshold(range.min)}</span>
              <span>{formatThreshold(range.max)}</span>
            </div>
          </div>
          {row && (
            <div className="threshold-detail" data-testid="threshold-detail" data-threshold={formatThreshold(row.threshold)}>
              <table className="confusion" aria-label={`Confusion matrix at threshold ${formatThreshold(row.threshold)}`}>
                <thead>
                  <tr>
                    <td />
                    <th scope="col">failed</th>
                    <th scope="col">did not fail</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">reviewed</th>
                    <td className="confusion__good" data-testid="cm-tp" title="true positives: failures caught">
                      {formatInt(row.tp)}
                    </td>
                    <td className="confusion__cost" data-testid="cm-fp" title="false positives: reviews that found nothing">
                      {formatInt(row.fp)}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">not reviewed</th>
                    <td className="confusion__bad" data-testid="cm-fn" title="false negatives: failures missed">
                      {formatInt(row.fn)}
                    </td>
                    <td data-testid="cm-tn" title="true negatives">
                      {formatInt(row.tn)}
                    </td>
                  </tr>
                </tbody>
              </table>
              <div className="kpi-grid threshold-kpis">
                <KpiCard label="Precision" value={formatPercent(row.precision)} raw={row.precision} sub="of reviews are failures" testId="at-precision" />
                <KpiCard label="Recall" value={formatPercent(row.recall)} raw={row.recall} sub="of failures reviewed" testId="at-recall" />
                <KpiCard
                  label="Reviews / day"
                  value={formatNumber(row.mean_reviews_per_day, 2)}
                  raw={row.mean_reviews_per_day}
                  sub={`p90 ${formatNumber(row.p90_reviews_per_day, 1)} · ${formatInt(row.reviewed_rows)} reviewed`}
                  tone={row.feasible ? 'good' : 'bad'}
                  testId="at-reviews"
                />
                <KpiCard
                  label="Expected cost"
                  value={formatUsd(row.expected_cost)}
                  raw={row.expected_cost}
                  sub={row.feasible ? 'within capacity' : 'over capacity'}
                  tone={row.feasible ? 'neutral' : 'bad'}
                  testId="at-cost"
                />
              </div>
            </div>
          )}
        </>
      )}
    />
  )
}
