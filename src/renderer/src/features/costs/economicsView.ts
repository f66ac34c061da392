/** Pure helpers of the Costs page's re-pricing, scenarios and savings ideas: the trade-off in one sentence, the drilldowns to the moved and the target's requests, the comparison of the two, and the idea's rows. */
import type { ChangeImpact, PriceRow, RepriceTarget, SavingsIdea, SliceRepricing } from '../../../../shared/economics'
import { modelLabel, priceKey } from '../../../../shared/economics'
import type { Scope } from '../../../../shared/scope'
import { compareNavigation } from '../../lib/compareLink'
import { drilldown } from '../../lib/drilldown'
import { formatInt, formatNumber, formatPercent, formatUsd } from '../../lib/format'
import { setDimension } from '../../lib/scopeUrl'

/** "+$1.23" / "−$1.23". */
export function signedUsd(v: number | null): string {
  if (v === null) return '—'
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatUsd(Math.abs(v))}`
}

/** The trade-off of a routing change in one or two sentences. */
export function impactStatement(i: ChangeImpact, slice: SliceRepricing): string {
  const what = `Moving ${i.change.share === 1 ? '' : `${formatNumber(i.change.share * 100, 0)}% of `}${slice.use_case ?? 'the scope'} (${formatInt(Math.round(i.moved_requests))} requests) to ${i.target_label}`
  const money = i.cost_delta <= 0 ? `saves ${formatUsd(-i.cost_delta)}` : `costs ${formatUsd(i.cost_delta)} more`
  const base = `${what} ${money} over the period (${formatUsd(i.cost_before)} → ${formatUsd(i.cost_after)})`
  if (i.failures_after === null || i.moved_fail_rate_after === null) return `${base}; its failure trade-off is unknown: the target has no failure record here.`
  const dF = i.failures_after - i.failures_before
  const fails = `${dF >= 0 ? 'adds' : 'removes'} ${formatNumber(Math.abs(dF), Math.abs(dF) < 10 ? 1 : 0)} expected failures (${formatPercent(i.moved_fail_rate_before)} → ${formatPercent(i.moved_fail_rate_after)} on the moved requests)`
  const net = i.net_delta === null ? '' : ` Priced at the routing policy's failure and SLA-breach costs, the net is ${signedUsd(i.net_delta)}: ${i.net_delta <= 0 ? 'worth it' : 'not worth it'}.`
  return `${base} and ${fails}.${net}`
}

/** Names of the models (other than the target) serving the slice, from its re-pricing options. */
export function otherModels(slice: SliceRepricing, target: RepriceTarget | null): (string | null)[] {
  const t = target?.kind === 'model' ? priceKey(target) : null
  return [...new Set(slice.options.filter((o) => o.current_share > 0 && priceKey(o) !== t).map((o) => o.model_name))]
}

function sliceScope(scope: Scope, useCase: string | null): Scope {
  return useCase === null ? scope : setDimension(scope, 'use_case', [useCase])
}

/** The Explorer drilldown into the requests a change moves (the slice's requests on other models). */
export function movedDrilldown(scope: Scope, slice: SliceRepricing, target: RepriceTarget | null): ReturnType<typeof drilldown> | null {
  const others = otherModels(slice, target)
  if (others.length === 0) return null
  const t = target?.kind === 'model' ? slice.options.find((o) => priceKey(o) === priceKey(target)) : undefined
  const expected = Math.round(slice.requests * (1 - (t?.current_share ?? 0)))
  return drilldown(sliceScope(scope, slice.use_case), { filters: { model_name: others } }, { origin: `Costs · requests of ${slice.use_case ?? 'the scope'} a routing change would move`, expected })
}

/** The Explorer drilldown into the target model's own requests on the slice. */
export function targetDrilldown(scope: Scope, slice: SliceRepricing, target: RepriceTarget | null): ReturnType<typeof drilldown> | null {
  if (target?.kind !== 'model') return null
  const o = slice.options.find((x) => priceKey(x) === priceKey(target))
  if (!o || o.current_share === 0) return null
  return drilldown(sliceScope(scope, slice.use_case), { filters: { model_name: [target.model_name], model_provider: [target.model_provider] } }, {
    origin: `Costs · ${modelLabel(target)} on ${slice.use_case ?? 'the scope'}`,
    expected: Math.round(o.current_share * slice.requests)
  })
}

/** The Compare page with A = the slice on its other models, B = the slice on the target. */
export function compareTargetNavigation(scope: Scope, slice: SliceRepricing, target: RepriceTarget | null): ReturnType<typeof compareNavigation> | null {
  if (target?.kind !== 'model') return null
  const others = otherModels(slice, target)
  if (others.length === 0) return null
  const base = sliceScope(scope, slice.use_case)
  return compareNavigation(setDimension(setDimension(base, 'model_provider', []), 'model_name', others), setDimension(setDimension(base, 'model_provider', []), 'model_name', [target.model_name]))
}

/** Models that can be a target: in the price table with both prices. */
export function priceableModels(rows: readonly PriceRow[]): PriceRow[] {
  return rows.filter((r) => r.model_name !== null && r.usd_per_1m_prompt !== null && r.usd_per_1m_completion !== null)
}

/** The value of a target in the select ('' none, 'custom', else the model's priceKey). */
export function targetValue(t: RepriceTarget | null): string {
  if (!t) return ''
  return t.kind === 'custom' ? 'custom' : priceKey(t)
}

/** Names of every model in the price table other than the idea's target (filtered by the use case, they are the models the idea moves away from). */
function ideaOthers(idea: SavingsIdea, e: { prices: readonly PriceRow[] }): (string | null)[] {
  return [...new Set(e.prices.filter((p) => p.model_name !== null && p.model_name !== idea.model_name).map((p) => p.model_name))]
}

/** The drilldown of an idea: the use case's requests (on the models it would move, for a cheaper model). */
export function ideaDrilldown(scope: Scope, idea: SavingsIdea, e: { prices: readonly PriceRow[] }): ReturnType<typeof drilldown> | null {
  if (idea.use_case === null) return null
  const base = setDimension(scope, 'use_case', [idea.use_case])
  if (idea.kind === 'cheaper_model' && idea.model_name !== null) {
    return drilldown(base, { filters: { model_name: ideaOthers(idea, e) } }, { origin: `Costs · ${idea.title}: the requests it moves`, expected: idea.requests_affected })
  }
  return drilldown(base, {}, { origin: `Costs · ${idea.title}: the use case's requests` })
}

/** For a cheaper-model idea, the Compare page with A = the use case on its other models, B = on the idea's model. */
export function ideaCompareNavigation(scope: Scope, idea: SavingsIdea, e: { prices: readonly PriceRow[] }): ReturnType<typeof compareNavigation> | null {
  if (idea.kind !== 'cheaper_model' || idea.use_case === null || idea.model_name === null) return null
  const base = setDimension(setDimension(scope, 'use_case', [idea.use_case]), 'model_provider', [])
  return compareNavigation(setDimension(base, 'model_name', ideaOthers(idea, e)), setDimension(base, 'model_name', [idea.model_name]))
}
