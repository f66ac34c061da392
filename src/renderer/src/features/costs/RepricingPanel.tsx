/** Re-pricing what-if: the scope or one use case re-priced onto every priced model (chart or table), and a routing change (move a share of it to one model) with its cost and its failure, SLA and quality trade-off; drilldowns to the moved and the target's requests, and to their comparison. */
import { useMemo, useState, type ReactElement } from 'react'
import type { ChangeImpact, Economics, RepricedOption, RepriceTarget } from '../../../../shared/economics'
import { modelLabel, priceKey } from '../../../../shared/economics'
import type { Scope } from '../../../../shared/scope'
import type { NavigateOptions } from '../../app/pages'
import { Badge } from '../../components/Badge'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { TableHead } from '../../components/TableHead'
import { COMPARE_PAGE_ID } from '../../lib/compareLink'
import { EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatMs, formatNumber, formatPercent, formatUsd } from '../../lib/format'
import { buildRepricingOption, optionTone, repricingCsv, repricingDescription } from './buildEconomicsOptions'
import { compareTargetNavigation, impactStatement, movedDrilldown, priceableModels, signedUsd, targetDrilldown, targetValue } from './economicsView'
import { parsePriceInput } from './priceTableDraft'
import type { WhatIfState } from './whatIfParams'

export interface RepricingPanelProps {
  economics: Economics
  stale: boolean
  scope: Scope
  whatIf: WhatIfState
  useCases: readonly string[]
  canPickFiles: boolean
  onChange: (s: WhatIfState) => void
  navigate: (pageId: string, opts?: NavigateOptions) => void
}

export function RepricingPanel({ economics: e, stale, scope, whatIf, useCases, canPickFiles, onChange, navigate }: RepricingPanelProps): ReactElement {
  const slice = e.slice
  const option = useMemo(() => buildRepricingOption(slice), [slice])
  const targets = priceableModels(e.prices)
  const [custom, setCustom] = useState({ prompt: whatIf.target?.kind === 'custom' ? String(whatIf.target.usd_per_1m_prompt) : '', completion: whatIf.target?.kind === 'custom' ? String(whatIf.target.usd_per_1m_completion) : '' })
  const [shareText, setShareText] = useState(String(Math.round(whatIf.share * 1000) / 10))
  const setTarget = (t: RepriceTarget | null): void => onChange({ ...whatIf, target: t })
  const pickTarget = (value: string): void => {
    if (value === '') return setTarget(null)
    if (value === 'custom') {
      const p = parsePriceInput(custom.prompt || '0')
      const c = parsePriceInput(custom.completion || '0')
      return setTarget({ kind: 'custom', usd_per_1m_prompt: 'value' in p ? p.value : 0, usd_per_1m_completion: 'value' in c ? c.value : 0 })
    }
    const m = targets.find((r) => priceKey(r) === value)
    if (m && m.model_name !== null) setTarget({ kind: 'model', model_provider: m.model_provider, model_name: m.model_name })
  }
  const commitCustom = (next: { prompt: string; completion: string }): void => {
    setCustom(next)
    const p = parsePriceInput(next.prompt)
    const c = parsePriceInput(next.completion)
    if ('value' in p && 'value' in c) setTarget({ kind: 'custom', usd_per_1m_prompt: p.value, usd_per_1m_completion: c.value })
  }
  const commitShare = (text: string): void => {
    setShareText(text)
    const v = Number(text)
    if (text.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 100) onChange({ ...whatIf, share: v / 100 })
  }
  const shareInvalid = !(Number(shareText) >= 0 && Number(shareText) <= 100) || shareText.trim() === ''

  return (
    <ChartPanel
      title="Re-price traffic onto another model"
      subtitle={
        <>
          What {slice.use_case ? <b>{slice.use_case}</b> : 'the traffic in scope'} ({formatInt(slice.requests)} requests, {formatUsd(slice.baseline_cost)} now) would cost on each priced model: its own prompt and completion tokens × that model&apos;s
          prices. Bars are green where the model fails this traffic no more often than it fails now, red where more, grey without a record. Click one to move traffic onto it.
        </>
      }
      canPickFiles={canPickFiles}
      csv={{ title: 'Download the re-pricing as CSV', file: () => ({ name: `repricing_${slice.use_case ?? 'scope'}.csv`, content: repricingCsv(slice) }), testId: 'repricing-csv' }}
      png={{ name: `repricing_${slice.use_case ?? 'scope'}.png`, testId: 'repricing-png' }}
      testId="repricing"
      stale={stale}
      notice={
        <>
          <div className="costs-whatif" data-testid="repricing-controls">
            <label className="costs-control">
              <span className="field-label">Traffic</span>
              <select className="input input--sm" value={whatIf.useCase ?? ''} onChange={(ev) => onChange({ ...whatIf, useCase: ev.target.value || null })} data-testid="repricing-use-case" aria-label="Traffic to re-price">
                <option value="">Everything in scope</option>
                {useCases.map((u) => (
                  <option key={u} value={u}>
                    Use case {u}
                  </option>
                ))}
              </select>
            </label>
            <label className="costs-control">
              <span className="field-label">Move onto</span>
              <select className="input input--sm" value={targetValue(whatIf.target)} onChange={(ev) => pickTarget(ev.target.value)} data-testid="repricing-target" aria-label="Model to move the traffic onto">
                <option value="">— pick a model —</option>
                {targets.map((r) => (
                  <option key={priceKey(r)} value={priceKey(r)}>
                    {modelLabel(r)} (${Number(r.usd_per_1m_prompt!.toPrecision(4))} / ${Number(r.usd_per_1m_completion!.toPrecision(4))})
                  </option>
                ))}
                <option value="custom">A custom price…</option>
              </select>
            </label>
            {whatIf.target?.kind === 'custom' && (
              <span className="costs-control costs-control--inline">
                <input className="input input--sm mono" aria-label="Custom dollars per million prompt tokens" placeholder="$ / 1M prompt" value={custom.prompt} onChange={(ev) => commitCustom({ ...custom, prompt: ev.target.value })} data-testid="repricing-custom-prompt" />
                <input className="input input--sm mono" aria-label="Custom dollars per million completion tokens" placeholder="$ / 1M completion" value={custom.completion} onChange={(ev) => commitCustom({ ...custom, completion: ev.target.value })} data-testid="repricing-custom-completion" />
              </span>
            )}
            <label className="costs-control">
              <span className="field-label">Share moved</span>
              <span className="costs-control--inline">
                <input className="input input--sm mono costs-share" type="number" min={0} max={100} step={5} value={shareText} aria-invalid={shareInvalid || undefined} onChange={(ev) => commitShare(ev.target.value)} data-testid="repricing-share" aria-label="Percent of the traffic moved" />
                <span className="muted">%</span>
              </span>
            </label>
            {whatIf.target && (
              <button type="button" className="btn btn--xs btn--ghost" onClick={() => setTarget(null)} data-testid="repricing-clear">
                Clear
              </button>
            )}
          </div>
          {e.impact ? (
            <ImpactView impact={e.impact} economics={e} scope={scope} target={whatIf.target} navigate={navigate} />
          ) : (
            whatIf.target && (
              <div className="warn-text costs-message" role="status" data-testid="repricing-no-price">
                {e.notes[e.notes.length - 1]}
              </div>
            )
          )}
        </>
      }
      empty={slice.options.length === 0 && <EmptyState compact title="No model has a price" testId="repricing-empty">Set prices in the price table above.</EmptyState>}
      chart={(ref) => (
        <Chart
          ref={ref}
          option={option}
          height={Math.max(160, 50 + slice.options.length * 30)}
          ariaLabel={repricingDescription(slice)}
          onItemClick={(p) => {
            const o = (p.data as { option?: RepricedOption } | undefined)?.option
            if (o && o.model_name !== null) setTarget({ kind: 'model', model_provider: o.model_provider, model_name: o.model_name })
          }}
          testId="repricing-chart"
        />
      )}
      table={{ toggleLabel: 'Re-pricing view', toggleTestId: 'repricing-view', render: () => <OptionsTable e={e} onPick={(o) => o.model_name !== null && setTarget({ kind: 'model', model_provider: o.model_provider, model_name: o.model_name })} /> }}
    />
  )
}

function OptionsTable({ e, onPick }: { e: Economics; onPick: (o: RepricedOption) => void }): ReactElement {
  const s = e.slice
  return (
    <div className="table-wrap costs-scroll">
      <table className="table" aria-label="The traffic re-priced on every model" data-testid="repricing-table">
        <TableHead
          columns={[
            { label: 'Model' },
            { label: 'Cost of this traffic', num: true },
            { label: 'vs now', num: true },
            { label: 'Fails here', num: true, title: "the model's failure rate on these use cases (its own requests)" },
            { label: 'p95 here', num: true },
            { label: 'Quality here', num: true },
            { label: 'Serves now', num: true }
          ]}
        />
        <tbody>
          {s.options.map((o) => (
            <tr key={priceKey(o)} data-testid="repricing-row" data-model={o.model_name ?? ''}>
              <th scope="row">
                <button type="button" className="link-btn costs-link" onClick={() => onPick(o)} title="Move this traffic onto this model">
                  {modelLabel(o)}
                </button>
              </th>
              <td className="num" data-testid="cost" data-value={o.cost}>
                {formatUsd(o.cost)}
              </td>
              <td className={`num ${o.delta < 0 ? 'good-text' : o.delta > 0 ? 'bad-text' : ''}`}>{signedUsd(o.delta)}</td>
              <td className={`num ${optionTone(o, s.fail_rate) === 'bad' ? 'bad-text' : ''}`} data-testid="fail-rate" data-value={o.fail_rate ?? ''}>
                {o.fail_rate === null ? '—' : `${formatPercent(o.fail_rate)} (n=${formatInt(o.support)})`}
              </td>
              <td className="num">{formatMs(o.p95_latency)}</td>
              <td className="num">{formatNumber(o.avg_quality, 3)}</td>
              <td className="num">{formatPercent(o.current_share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="footnote muted">
        Now: {formatUsd(s.baseline_cost)} ({formatUsd(s.observed_cost)} observed
        {s.baseline_cost !== s.observed_cost ? ', plus requests with tokens but no cost at their model’s price' : ''}); at table prices {formatUsd(s.cost_at_table_prices)}. {formatInt(s.requests - s.requests_priceable)} requests without token counts keep their
        cost on every model.
      </p>
    </div>
  )
}

interface ImpactProps {
  impact: ChangeImpact
  economics: Economics
  scope: Scope
  target: RepriceTarget | null
  navigate: (pageId: string, opts?: NavigateOptions) => void
}

function Figure({ label, value, sub, testId, raw, tone }: { label: string; value: string; sub?: string; testId: string; raw?: number | null; tone?: 'good' | 'bad' }): ReactElement {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={tone === 'good' ? 'good-text' : tone === 'bad' ? 'bad-text' : undefined} data-testid={testId} data-value={raw ?? ''}>
        {value}
      </dd>
      {sub && <div className="muted costs-sub">{sub}</div>}
    </div>
  )
}

function ImpactView({ impact: i, economics: e, scope, target, navigate }: ImpactProps): ReactElement {
  const moved = movedDrilldown(scope, e.slice, target)
  const own = targetDrilldown(scope, e.slice, target)
  const cmp = compareTargetNavigation(scope, e.slice, target)
  const dF = i.failures_after === null ? null : i.failures_after - i.failures_before
  const worse = i.net_delta !== null ? i.net_delta > 0 : i.cost_delta > 0
  return (
    <div className="costs-impact" data-testid="repricing-impact">
      <div className={`costs-verdict ${worse ? 'costs-verdict--over' : 'costs-verdict--under'}`} data-testid="repricing-statement">
        {impactStatement(i, e.slice)}
      </div>
      <dl className="costs-figures">
        <Figure label="Cost over the period" value={`${formatUsd(i.cost_before)} → ${formatUsd(i.cost_after)}`} sub={signedUsd(i.cost_delta)} testId="impact-cost" raw={i.cost_delta} tone={i.cost_delta < 0 ? 'good' : i.cost_delta > 0 ? 'bad' : undefined} />
        <Figure
          label="Failure rate of the moved requests"
          value={`${formatPercent(i.moved_fail_rate_before)} → ${i.moved_fail_rate_after === null ? 'unknown' : formatPercent(i.moved_fail_rate_after)}`}
          sub={i.target_fail_rate_ci ? `target 95% CI ${formatPercent(i.target_fail_rate_ci.low)}–${formatPercent(i.target_fail_rate_ci.high)}, n=${formatInt(i.target_fail_support)}` : i.fail_rate_source === 'model_overall' ? `target's rate over the scope, n=${formatInt(i.target_fail_support)}` : undefined}
          testId="impact-fail-rate"
          raw={i.moved_fail_rate_after}
          tone={i.moved_fail_rate_after === null || i.moved_fail_rate_before === null ? undefined : i.moved_fail_rate_after > i.moved_fail_rate_before ? 'bad' : 'good'}
        />
        <Figure
          label="Expected failures"
          value={dF === null ? 'unknown' : `${dF >= 0 ? '+' : '−'}${formatNumber(Math.abs(dF), Math.abs(dF) < 10 ? 1 : 0)}`}
          sub={i.fail_rate_after === null ? undefined : `scope ${formatPercent(i.fail_rate_before)} → ${formatPercent(i.fail_rate_after)}`}
          testId="impact-failures"
          raw={dF}
          tone={dF === null ? undefined : dF > 0 ? 'bad' : 'good'}
        />
        <Figure label="SLA breach rate (scope)" value={`${formatPercent(i.sla_breach_rate_before)} → ${i.sla_breach_rate_after === null ? 'unknown' : formatPercent(i.sla_breach_rate_after)}`} sub={i.target_p95_latency === null ? undefined : `target p95 ${formatMs(i.target_p95_latency)}`} testId="impact-sla" />
        <Figure label="Quality (scope average)" value={`${formatNumber(i.avg_quality_before, 3)} → ${i.avg_quality_after === null ? 'unknown' : formatNumber(i.avg_quality_after, 3)}`} testId="impact-quality" />
        <Figure label="Net with failure and breach costs" value={signedUsd(i.net_delta)} sub={i.risk_cost_delta === null ? 'risk unknown' : `risk ${signedUsd(i.risk_cost_delta)}`} testId="impact-net" raw={i.net_delta} tone={i.net_delta === null ? undefined : i.net_delta > 0 ? 'bad' : 'good'} />
      </dl>
      {i.warnings.length > 0 && (
        <ul className="costs-warnings warn-text" data-testid="impact-warnings">
          {i.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="costs-actions">
        {moved && (
          <button type="button" className="btn btn--xs" onClick={() => navigate(EXPLORER_PAGE_ID, moved)} data-testid="impact-open-moved">
            Open the requests it moves
          </button>
        )}
        {own && target?.kind === 'model' && (
          <button type="button" className="btn btn--xs" onClick={() => navigate(EXPLORER_PAGE_ID, own)} data-testid="impact-open-target">
            Open {modelLabel(target)}&apos;s requests here
          </button>
        )}
        {cmp && (
          <button type="button" className="btn btn--xs" onClick={() => navigate(COMPARE_PAGE_ID, cmp)} data-testid="impact-compare">
            Compare them
          </button>
        )}
        <Badge tone="neutral">observational: the target&apos;s record comes from the requests it served</Badge>
      </div>
    </div>
  )
}
