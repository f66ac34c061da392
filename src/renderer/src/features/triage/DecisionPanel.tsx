/** The triage decision: the chosen threshold and operating mode with the recommendation in words, the model's ranking metrics (AUC, AP, base rate), where calibration came from, and the baselines the threshold is compared with. */
import type { ReactElement } from 'react'
import type { TriageReady } from '../../../../shared/triage'
import { triageFitDefinition } from '../../../../shared/windowsText'
import { Badge } from '../../components/Badge'
import { KpiCard } from '../../components/KpiCard'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatNumber, formatPercent, formatUsd, formatUtc } from '../../lib/format'
import { CALIBRATION_SOURCE_TEXT, formatThreshold, OPERATING_MODE_TEXT, OPERATING_MODE_TONE, triageRecommendation } from './triageText'

const POLICY_LABEL: Record<string, string> = {
  selected_threshold: 'Selected threshold',
  review_all: 'Review all',
  review_none: 'Review none'
}

export function DecisionPanel({ result: r }: { result: TriageReady }): ReactElement {
  const m = r.selected_policy_metrics
  const source = r.time_split.calibration_source
  return (
    <Panel title="Decision" subtitle={`Label: ${r.label_definition}. Model fitted on ${triageFitDefinition(r.time_split.windowing_method)}, judged on the evaluation window.`} testId="triage-decision">
      <div className={`verdict verdict--${r.blocked_by.length ? 'bad' : OPERATING_MODE_TONE[r.operating_mode]}`} data-testid="triage-verdict" data-mode={r.operating_mode} data-threshold={formatThreshold(r.threshold)}>
        <div className="verdict__codes">
          <Badge tone={OPERATING_MODE_TONE[r.operating_mode]} testId="triage-mode">
            {r.operating_mode}
          </Badge>
          <span>
            threshold{' '}
            <strong className="mono" data-testid="triage-threshold">
              {formatThreshold(r.threshold)}
            </strong>
          </span>
          {r.capacity_infeasible_flag && (
            <Badge tone="bad" solid>
              capacity infeasible
            </Badge>
          )}
          {r.blocked_by.length > 0 && (
            <Badge tone="bad" solid testId="triage-blocked">
              blocked_by_gate
            </Badge>
          )}
        </div>
        <div className="verdict__headline" data-testid="triage-recommendation">
          {triageRecommendation(r.operating_mode, r.capacity_infeasible_flag, r.blocked_by)}
        </div>
        <p className="verdict__text">
          {OPERATING_MODE_TEXT[r.operating_mode]} The cheapest threshold overall is {formatThreshold(r.cost_optimal_threshold)}
          {r.cost_optimal_feasible ? ', within capacity.' : ', over capacity.'}
        </p>
      </div>
      <div className="kpi-grid triage-kpis" data-testid="triage-metrics">
        <KpiCard
          label="Reviewed"
          value={formatInt(m.reviewed_rows)}
          raw={m.reviewed_rows}
          sub={`${formatPercent(m.review_share)} of ${formatInt(r.metrics.test_size)} · ${formatNumber(m.mean_reviews_per_day, 2)} / day`}
          testId="triage-reviewed"
        />
        <KpiCard label="Expected cost" value={formatUsd(m.expected_cost)} raw={m.expected_cost} sub={`recall ${formatPercent(m.recall)} · precision ${formatPercent(m.precision)}`} testId="triage-cost" />
        <KpiCard
          label="ROC AUC"
          value={r.metrics.roc_auc === null ? '—' : formatNumber(r.metrics.roc_auc, 3)}
          raw={r.metrics.roc_auc}
          sub={r.metrics.roc_auc === null ? 'one class only' : r.metrics.roc_auc < 0.6 ? 'weak ranking (0.5 = chance)' : '0.5 = chance, 1 = perfect'}
          tone={r.metrics.roc_auc !== null && r.metrics.roc_auc < 0.6 ? 'warn' : 'neutral'}
          definition="Probability that a random failure scores above a random success (ties count one half)."
          testId="triage-auc"
        />
        <KpiCard
          label="Average precision"
          value={r.metrics.avg_precision === null ? '—' : formatNumber(r.metrics.avg_precision, 3)}
          raw={r.metrics.avg_precision}
          sub={`base rate ${formatPercent(r.metrics.test_base_rate)}`}
          definition="Sum over distinct thresholds of the recall increase times the precision (no interpolation); a model with no skill scores the base rate."
          testId="triage-ap"
        />
      </div>
      <dl className="facts facts--border triage-facts">
        <div>
          <dt>Calibration (Platt)</dt>
          <dd data-testid="triage-calibration">
            <code>{source ?? 'none'}</code> {source && <span className="muted">{CALIBRATION_SOURCE_TEXT[source]}</span>}
            <div className="muted">
              {formatInt(r.model.calibration_rows_used)} rows · A {formatNumber(r.model.platt_A, 4)}, B {formatNumber(r.model.platt_B, 4)}
            </div>
          </dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd>
            fit {formatInt(r.rows.fit)} · calibration {formatInt(r.rows.calibration)} · evaluation <span data-testid="triage-eval-rows">{formatInt(r.rows.evaluation)}</span>
            <div className="muted">
              evaluation {formatUtc(r.time_split.evaluation_start_timestamp_utc, false)} – {formatUtc(r.time_split.evaluation_end_timestamp_utc, false)}, {formatInt(r.days_in_evaluation)} days
            </div>
          </dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>
            L2 logistic regression, {formatInt(r.model.n_inputs)} inputs, {r.model.lr_converged ? 'converged' : 'not converged'} in {formatInt(r.model.lr_n_iter)} Newton steps
            <div className="muted">
              {r.features_num.length} numeric + {r.features_cat.length} categorical features
            </div>
          </dd>
        </div>
        {r.unseen_categories.length > 0 && (
          <div>
            <dt>Unseen in fit rows</dt>
            <dd>
              {r.unseen_categories.map((u) => (
                <div key={u.feature}>
                  <code>{u.feature}</code> {formatInt(u.rows)} rows ({u.examples.join(', ')})
                </div>
              ))}
            </dd>
          </div>
        )}
      </dl>
      <div className="table-wrap">
        <table className="table" aria-label="Baselines" data-testid="triage-baselines">
          <TableHead
            columns={[
              { label: 'Policy' },
              { label: 'Expected cost', num: true },
              { label: 'Reviewed', num: true },
              { label: 'Mean / day', num: true },
              { label: 'p90 / day', num: true },
              { label: 'tp', num: true },
              { label: 'fp', num: true },
              { label: 'fn', num: true },
              { label: 'tn', num: true },
              { label: 'Precision', num: true },
              { label: 'Recall', num: true }
            ]}
          />
          <tbody>
            {r.comparison.map((c) => (
              <tr key={c.policy} className={c.policy === 'selected_threshold' ? 'triage-baselines__selected' : undefined} data-testid={`baseline-${c.policy}`}>
                <th scope="row">
                  {POLICY_LABEL[c.policy] ?? c.policy.replace(/^top_(\d+)_per_day$/, 'Top $1 per day')}
                  {c.policy === 'selected_threshold' && <span className="muted"> ({formatThreshold(r.threshold)})</span>}
                </th>
                <td className="num" data-value={c.expected_cost}>
                  {formatUsd(c.expected_cost)}
                </td>
                <td className="num">{formatInt(c.reviewed_rows)}</td>
                <td className="num">{formatNumber(c.mean_reviews_per_day, 2)}</td>
                <td className="num">{formatNumber(c.p90_reviews_per_day, 1)}</td>
                <td className="num">{formatInt(c.tp)}</td>
                <td className="num">{formatInt(c.fp)}</td>
                <td className="num">{formatInt(c.fn)}</td>
                <td className="num">{formatInt(c.tn)}</td>
                <td className="num">{formatPercent(c.precision)}</td>
                <td className="num">{formatPercent(c.recall)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
