/** The routing policy table: per use case the chosen provider/model with its history metrics and tier, the change against the saved knobs during a what-if, and every candidate on request; a row opens its requests in the Explorer. */
import type { ReactElement } from 'react'
import type { RoutingPolicy, RoutingPolicyRow } from '../../../../shared/analysis'
import { Badge } from '../../components/Badge'
import { EmptyState } from '../../components/EmptyState'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { formatInt, formatMs, formatPercent, formatPercentShort, formatUsd } from '../../lib/format'
import { describeChange, modelLabel, type PolicyRowDiff } from './policyDiff'
import { formatUsdDelta, POLICY_MODE_TEXT, POLICY_MODE_TONE } from './routingVerdict'

export interface PolicyPanelProps {
  policy: RoutingPolicy
  /** true when the policy comes from what-if knobs */
  whatIf: boolean
  /** per use case, against the saved knobs' policy; only during a what-if */
  diff: PolicyRowDiff[] | null
  stale: boolean
  onOpenRow: (row: RoutingPolicyRow) => void
  actions?: ReactElement
}

export function PolicyPanel({ policy, whatIf, diff, stale, onOpenRow, actions }: PolicyPanelProps): ReactElement {
  const byUseCase = new Map((diff ?? []).map((d) => [d.use_case, d]))
  const dropped = (diff ?? []).filter((d) => d.change === 'removed')
  return (
    <Panel
      title={
        <>
          Routing policy{' '}
          {whatIf && (
            <Badge tone="warn" testId="policy-what-if">
              what-if (not saved)
            </Badge>
          )}
        </>
      }
      subtitle={
        <>
          Per use case, the model with the lowest expected unit cost in the first tier that has a candidate (history window, candidates with at least MIN_REQUESTS_POLICY requests). Max fail rate {formatPercentShort(policy.routing_max_fail_rate)}. Click a row to open its requests in the Explorer.
        </>
      }
      actions={actions}
      flush
      testId="policy-panel"
      className={stale ? 'is-stale' : undefined}
    >
      {policy.rows.length === 0 ? (
        <EmptyState compact title="No routing policy" testId="policy-empty">
          No (use case, model) pair in the history window has enough requests with known cost and latency.
          {policy.use_cases_without_candidate.length > 0 && <> Use cases without a candidate: {policy.use_cases_without_candidate.join(', ')}.</>}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table routing-table" aria-label="Routing policy">
            <TableHead
              columns={[
                { label: 'Use case' },
                { label: 'Provider / model' },
                { label: 'Requests', num: true },
                { label: 'Fail rate', num: true },
                { label: 'p95 latency', num: true },
                { label: 'SLA breach', num: true },
                { label: 'Avg cost', num: true },
                { label: 'Expected unit cost', num: true, title: 'avg_cost + fail_rate × FAILURE_EVENT_COST_USD + sla_breach_rate × SLA_BREACH_PENALTY_USD' },
                { label: 'Tier' },
                diff && { label: 'vs saved knobs' }
              ]}
            />
            <tbody>
              {policy.rows.map((r) => {
                const d = byUseCase.get(r.use_case)
                return (
                  <tr
                    key={r.use_case}
                    className={`routing-table__row${d && d.change !== 'same' ? ' routing-table__row--changed' : ''}`}
                    tabIndex={0}
                    onClick={() => onOpenRow(r)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') onOpenRow(r)
                    }}
                    title={`Open the history requests of ${r.use_case} on ${modelLabel(r.model_provider, r.model_name)} in the Explorer`}
                    data-testid={`policy-row-${r.use_case}`}
                    data-model={`${r.model_provider ?? ''}/${r.model_name}`}
                    data-mode={r.policy_mode}
                  >
                    <th scope="row">{r.use_case}</th>
                    <td className="mono">{modelLabel(r.model_provider, r.model_name)}</td>
                    <td className="num" data-value={r.requests}>
                      {formatInt(r.requests)}
                    </td>
                    <td className="num" data-value={r.fail_rate}>
                      {formatPercent(r.fail_rate)}
                    </td>
                    <td className="num" data-value={r.p95_latency}>
                      {formatMs(r.p95_latency)}
                    </td>
                    <td className="num" data-value={r.sla_breach_rate}>
                      {formatPercent(r.sla_breach_rate)}
                    </td>
                    <td className="num" data-value={r.avg_cost}>
                      {formatUsd(r.avg_cost)}
                    </td>
                    <td className="num strong" data-value={r.expected_unit_cost} data-testid={`policy-cost-${r.use_case}`}>
                      {formatUsd(r.expected_unit_cost)}
                    </td>
                    <td>
                      <Badge tone={POLICY_MODE_TONE[r.policy_mode]} title={POLICY_MODE_TEXT[r.policy_mode]} testId={`policy-mode-${r.use_case}`}>
                        {r.policy_mode}
                      </Badge>
                    </td>
                    {diff && (
                      <td className={d && d.change !== 'same' ? 'warn-text' : 'muted'} data-testid={`policy-diff-${r.use_case}`} data-change={d?.change ?? 'same'}>
                        {d ? describeChange(d) : '—'}
                        {d && d.unitCostDelta !== null && d.unitCostDelta !== 0 && <span className="muted"> · {formatUsdDelta(d.unitCostDelta)}</span>}
                      </td>
                    )}
                  </tr>
                )
              })}
              {dropped.map((d) => (
                <tr key={`dropped-${d.use_case}`} className="routing-table__row--dropped" data-testid={`policy-dropped-${d.use_case}`}>
                  <th scope="row">{d.use_case}</th>
                  <td colSpan={8} className="muted">
                    no policy row with these knobs
                  </td>
                  <td className="warn-text">{describeChange(d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {policy.candidates.length > 0 && (
        <details className="routing-candidates" data-testid="candidates">
          <summary>
            All {formatInt(policy.candidates.length)} candidates and the tier bounds
            {policy.use_cases_without_candidate.length > 0 && <span className="muted"> · without a candidate: {policy.use_cases_without_candidate.join(', ')}</span>}
          </summary>
          <div className="routing-tiers">
            {policy.tiers.map((t) => (
              <span key={t.mode}>
                <Badge tone={POLICY_MODE_TONE[t.mode]}>{t.mode}</Badge>{' '}
                <span className="muted">
                  {t.max_p95_latency === null ? 'any' : `p95 ≤ ${formatMs(t.max_p95_latency)}, fail ≤ ${formatPercentShort(t.max_fail_rate)}`}
                </span>
              </span>
            ))}
          </div>
          <div className="table-wrap">
            <table className="table" aria-label="Routing candidates">
              <TableHead
                columns={[
                  { label: 'Use case' },
                  { label: 'Provider / model' },
                  { label: 'Requests', num: true },
                  { label: 'Fail rate', num: true },
                  { label: 'p95 latency', num: true },
                  { label: 'SLA breach', num: true },
                  { label: 'Expected unit cost', num: true },
                  { label: 'Best tier' },
                  { label: 'Chosen' }
                ]}
              />
              <tbody>
                {policy.candidates.map((c, i) => (
                    <tr key={`${c.use_case}|${c.model_provider}|${c.model_name}|${i}`} className={c.chosen ? 'routing-candidates__chosen' : undefined}>
                      <th scope="row">{c.use_case}</th>
                      <td className="mono">{modelLabel(c.model_provider, c.model_name)}</td>
                      <td className="num">{formatInt(c.requests)}</td>
                      <td className="num">{formatPercent(c.fail_rate)}</td>
                      <td className="num">{formatMs(c.p95_latency)}</td>
                      <td className="num">{formatPercent(c.sla_breach_rate)}</td>
                      <td className="num">{formatUsd(c.expected_unit_cost)}</td>
                      <td>
                        <Badge tone={POLICY_MODE_TONE[c.best_tier]}>{c.best_tier}</Badge>
                      </td>
                      <td>{c.chosen ? <Badge tone="accent">chosen</Badge> : ''}</td>
                    </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </Panel>
  )
}
