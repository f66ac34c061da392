/** The routing verdict and backtest summary: status and recommendation in plain words, baseline vs policy expected fail rate and unit cost with totals, deltas and coverage, the selection-bias caveat, and the change a what-if makes. */
import type { ReactElement } from 'react'
import { ROUTING_BACKTEST_NOTE, type RoutingBacktest } from '../../../../shared/analysis'
import { Badge } from '../../components/Badge'
import { KpiCard } from '../../components/KpiCard'
import { Panel } from '../../components/Panel'
import { formatInt, formatPercent, formatPointsDelta, formatUsd, plural } from '../../lib/format'
import type { SummaryDiff } from './policyDiff'
import { formatUsdDelta, type RoutingVerdict } from './routingVerdict'

export interface VerdictPanelProps {
  backtest: RoutingBacktest
  verdict: RoutingVerdict
  /** the what-if's change against the saved knobs, while a what-if is shown */
  whatIfDiff: SummaryDiff | null
  stale: boolean
}

/** Lower is better for both backtest metrics: a delta at or below zero is good. */
function deltaTone(delta: number | null): 'good' | 'bad' | 'neutral' {
  if (delta === null) return 'neutral'
  return delta <= 0 ? 'good' : 'bad'
}

export function VerdictPanel({ backtest, verdict, whatIfDiff, stale }: VerdictPanelProps): ReactElement {
  const s = backtest.summary
  return (
    <Panel
      title="Verdict and backtest"
      subtitle={
        <>
          Evaluation window <code>{s.evaluation_window ?? 'none'}</code>: {plural(s.requests, 'request')} with a use case
          {backtest.requests_without_use_case > 0 && <> ({formatInt(backtest.requests_without_use_case)} without one are not routable and left out)</>}.
        </>
      }
      testId="verdict-panel"
      className={stale ? 'is-stale' : undefined}
    >
      <div className={`verdict verdict--${verdict.tone}`} data-testid="routing-verdict" data-status={s.routing_status} data-recommendation={s.routing_recommendation}>
        <div className="verdict__codes">
          <Badge tone={verdict.tone === 'neutral' ? 'neutral' : verdict.tone} solid={verdict.tone === 'bad'} testId="routing-status">
            {s.routing_status}
          </Badge>
          <code className="muted" data-testid="routing-recommendation">
            {s.routing_recommendation}
          </code>
        </div>
        <div className="verdict__headline">{verdict.headline}</div>
        <p className="verdict__text" data-testid="routing-explanation">
          {verdict.explanation}
        </p>
        {verdict.backtestReading && (
          <p className="verdict__text muted" data-testid="routing-backtest-reading">
            {verdict.backtestReading}
          </p>
        )}
      </div>
      {whatIfDiff && (
        <div className="verdict__diff" data-testid="what-if-diff">
          <Badge tone="warn">what-if vs saved knobs</Badge>{' '}
          {whatIfDiff.savedStatus === whatIfDiff.whatIfStatus ? (
            <>
              status unchanged (<code>{whatIfDiff.whatIfStatus}</code>)
            </>
          ) : (
            <>
              status <code>{whatIfDiff.savedStatus}</code> → <code>{whatIfDiff.whatIfStatus}</code>
            </>
          )}
          {' · '}policy unit cost {formatUsdDelta(whatIfDiff.policyUnitCost)} · fail rate {formatPointsDelta(whatIfDiff.policyFailRate)} · total {formatUsdDelta(whatIfDiff.policyTotalCost)} ·{' '}
          <span data-testid="what-if-changed-count">{whatIfDiff.changedUseCases === 1 ? '1 use case routes differently' : `${whatIfDiff.changedUseCases} use cases route differently`}</span>
        </div>
      )}
      <div className="kpi-grid routing-kpis" data-testid="backtest-summary">
        <KpiCard
          label="Expected fail rate"
          value={formatPercent(s.policy_expected_fail_rate)}
          raw={s.policy_expected_fail_rate}
          sub={
            <>
              baseline {formatPercent(s.baseline_expected_fail_rate)} · <span className={`${deltaTone(s.fail_rate_delta_vs_baseline)}-text`}>{formatPointsDelta(s.fail_rate_delta_vs_baseline)}</span>
            </>
          }
          definition="Request-weighted fail rate of the chosen models on the evaluation use cases (policy) vs what was observed (baseline)."
          tone={deltaTone(s.fail_rate_delta_vs_baseline)}
          stale={stale}
          testId="kpi-policy_expected_fail_rate"
        />
        <KpiCard
          label="Expected unit cost"
          value={formatUsd(s.policy_expected_unit_cost)}
          raw={s.policy_expected_unit_cost}
          sub={
            <>
              baseline {formatUsd(s.baseline_expected_unit_cost)} · <span className={`${deltaTone(s.unit_cost_delta_vs_baseline)}-text`}>{formatUsdDelta(s.unit_cost_delta_vs_baseline)}</span>
            </>
          }
          definition="Per request: avg cost + fail rate × FAILURE_EVENT_COST_USD + SLA breach rate × SLA_BREACH_PENALTY_USD, request-weighted over evaluation use cases."
          tone={deltaTone(s.unit_cost_delta_vs_baseline)}
          stale={stale}
          testId="kpi-policy_expected_unit_cost"
        />
        <KpiCard
          label="Total expected cost"
          value={formatUsd(s.policy_total_expected_cost)}
          raw={s.policy_total_expected_cost}
          sub={
            <>
              baseline {formatUsd(s.baseline_total_expected_cost)} ·{' '}
              <span className={`${deltaTone(s.total_expected_cost_delta_vs_baseline)}-text`}>{formatUsdDelta(s.total_expected_cost_delta_vs_baseline)}</span>
            </>
          }
          definition="Expected unit cost × requests, summed over the evaluation use cases."
          tone={deltaTone(s.total_expected_cost_delta_vs_baseline)}
          stale={stale}
          testId="kpi-policy_total_expected_cost"
        />
        <KpiCard
          label="Coverage"
          value={`${formatInt(s.use_cases_covered)} / ${formatInt(s.use_cases_total)}`}
          raw={s.use_cases_total ? s.use_cases_covered / s.use_cases_total : null}
          sub={`use cases with a policy row · chosen model observed in ${formatInt(s.use_cases_with_chosen_model_observed)}`}
          definition="Evaluation use cases that have a policy row; where the chosen model never served a use case in evaluation, its metrics fall back to the baseline."
          tone={s.use_cases_covered < s.use_cases_total ? 'warn' : 'neutral'}
          stale={stale}
          testId="kpi-coverage"
        />
      </div>
      <p className="routing-note" data-testid="backtest-note">
        <strong>Caveat:</strong> {s.note || ROUTING_BACKTEST_NOTE}. Treat the deltas as a hypothesis to test in shadow or canary, not as a measured effect.
      </p>
    </Panel>
  )
}
