/**
 * Cost economics over the scope: one SQL pass groups the rows by (use case, model) with their
 * token, cost, failure, latency and quality sums; re-pricing a slice onto another model, the
 * impact of a routing change, the volume and routing scenarios of the month-end forecast and the
 * ranked savings ideas are then arithmetic on those sums (pure functions, tested by hand).
 */
import { deriveKnobs, type Knobs } from '../../shared/knobs'
import type { CostForecast } from '../../shared/costs'
import {
  modelLabel,
  priceKey,
  VOLUME_LADDER,
  type ChangeImpact,
  type Economics,
  type FailRateSource,
  type ModelKey,
  type PriceRow,
  type PriceTable,
  type RepricedOption,
  type RepriceTarget,
  type RoutingChange,
  type SavingsIdea,
  type SavingsReport,
  type Scenario,
  type SliceRepricing
} from '../../shared/economics'
import { memoised, type AnalysisContext } from './context'
import { costAnalytics, daysInMonthOf, linearTrend, trailingWindow } from './costs'
import { effectivePrices, priceEstimates } from './prices'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL, weightedQuantiles } from './weights'
import type { SqlValue } from '../engine/engine'
import { wilsonInterval } from './twoSampleStats'

/** Sums of one (use case, model) group of the scope; a group with use_case `undefined` is the model over every use case. */
export type EconomicsCell = ModelKey & {
  use_case: string | null
  n: number
  n_fail: number
  n_lat: number
  n_breach: number
  p95: number | null
  n_q: number
  q_sum: number
  /** sum of cost_usd (0 when none) */
  cost_sum: number
  /** rows with both token counts (non-negative) */
  n_tok: number
  p_sum: number
  c_sum: number
  /** observed cost of the rows with tokens */
  cost_tok: number
  /** rows with tokens but no cost, and their tokens */
  n_tok_nocost: number
  p_nocost: number
  c_nocost: number
}

/** Per (use case, model) cells and per-model totals of the scope. */
export interface EconomicsCells {
  cells: EconomicsCell[]
  models: EconomicsCell[]
}

export interface Price {
  usd_per_1m_prompt: number
  usd_per_1m_completion: number
}

/** Dollars for these tokens at this price: (prompt x prompt price + completion x completion price) / 1e6. */
export function tokenCost(promptTokens: number, completionTokens: number, p: Price): number {
  return (promptTokens * p.usd_per_1m_prompt + completionTokens * p.usd_per_1m_completion) / 1e6
}

/** The price of each model that has both rates. */
export function priceMap(rows: readonly PriceRow[]): Map<string, Price> {
  const out = new Map<string, Price>()
  for (const r of rows) {
    if (r.usd_per_1m_prompt !== null && r.usd_per_1m_completion !== null) out.set(priceKey(r), { usd_per_1m_prompt: r.usd_per_1m_prompt, usd_per_1m_completion: r.usd_per_1m_completion })
  }
  return out
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let s = 0
  for (const x of xs) s += f(x)
  return s
}

/** What the cells cost now: observed cost, plus rows with tokens but no cost at their own model's price. */
export function baselineCost(cells: readonly EconomicsCell[], prices: ReadonlyMap<string, Price>): number {
  return sum(cells, (c) => {
    const p = prices.get(priceKey(c))
    return c.cost_sum + (p ? tokenCost(c.p_nocost, c.c_nocost, p) : 0)
  })
}

/**
 * What the cells would cost on one price: their tokens (summed first) x the price, plus the
 * observed cost of rows without token counts, which cannot be re-priced and keep their cost.
 */
export function repricedCost(cells: readonly EconomicsCell[], price: Price): number {
  return tokenCost(sum(cells, (c) => c.p_sum), sum(cells, (c) => c.c_sum), price) + sum(cells, (c) => c.cost_sum - c.cost_tok)
}

/** Every priceable row at its own model's price; rows of unpriced models and rows without tokens at their observed cost. */
export function costAtTablePrices(cells: readonly EconomicsCell[], prices: ReadonlyMap<string, Price>): number {
  return sum(cells, (c) => {
    const p = prices.get(priceKey(c))
    return p ? tokenCost(c.p_sum, c.c_sum, p) + (c.cost_sum - c.cost_tok) : c.cost_sum
  })
}

function sameModel(a: ModelKey, b: ModelKey): boolean {
  return a.model_provider === b.model_provider && a.model_name === b.model_name
}

function inSlice(c: EconomicsCell, useCase: string | null): boolean {
  return useCase === null || c.use_case === useCase
}

/** The distinct use cases of some cells, in first-seen order. */
function useCasesOf(cells: readonly EconomicsCell[]): (string | null)[] {
  return [...new Set(cells.map((c) => c.use_case))]
}

/** A model's record on the given use cases, weighted by `weights` (requests per use case). */
function modelRecordOn(all: EconomicsCells, model: ModelKey, weights: ReadonlyMap<string | null, number>): { fail_rate: number | null; support: number; avg_quality: number | null } {
  let wf = 0
  let wfSum = 0
  let wq = 0
  let wqSum = 0
  let support = 0
  for (const c of all.cells) {
    if (!sameModel(c, model)) continue
    const w = weights.get(c.use_case)
    if (!w) continue
    if (c.n > 0) {
      wf += w * (c.n_fail / c.n)
      wfSum += w
      support += c.n
    }
    if (c.n_q > 0) {
      wq += w * (c.q_sum / c.n_q)
      wqSum += w
    }
  }
  return { fail_rate: wfSum > 0 ? wf / wfSum : null, support, avg_quality: wqSum > 0 ? wq / wqSum : null }
}

/** A slice (one use case of the scope, or the whole scope) at observed and table prices, and on every priced model. */
export function repriceSlice(all: EconomicsCells, priceRows: readonly PriceRow[], useCase: string | null): SliceRepricing {
  const prices = priceMap(priceRows)
  const cells = all.cells.filter((c) => inSlice(c, useCase))
  const requests = sum(cells, (c) => c.n)
  const baseline = baselineCost(cells, prices)
  const weights = new Map<string | null, number>()
  for (const c of cells) weights.set(c.use_case, (weights.get(c.use_case) ?? 0) + c.n)
  const options: RepricedOption[] = []
  for (const r of priceRows) {
    const p = prices.get(priceKey(r))
    if (!p || r.model_name === null) continue
    const cost = repricedCost(cells, p)
    const rec = modelRecordOn(all, r, weights)
    const own = useCase === null ? all.models.find((m) => sameModel(m, r)) : cells.find((c) => sameModel(c, r))
    options.push({
      model_provider: r.model_provider,
      model_name: r.model_name,
      ...p,
      cost,
      delta: cost - baseline,
      fail_rate: rec.fail_rate,
      support: rec.support,
      p95_latency: own?.p95 ?? null,
      avg_quality: rec.avg_quality,
      current_share: requests > 0 ? sum(cells.filter((c) => sameModel(c, r)), (c) => c.n) / requests : 0
    })
  }
  options.sort((x, y) => x.cost - y.cost || modelLabel(x).localeCompare(modelLabel(y)))
  const failures = sum(cells, (c) => c.n_fail)
  return {
    use_case: useCase,
    requests,
    requests_priceable: sum(cells, (c) => c.n_tok),
    prompt_tokens: sum(cells, (c) => c.p_sum),
    completion_tokens: sum(cells, (c) => c.c_sum),
    observed_cost: sum(cells, (c) => c.cost_sum),
    baseline_cost: baseline,
    cost_at_table_prices: costAtTablePrices(cells, prices),
    requests_unpriced_model: sum(
      cells.filter((c) => !prices.has(priceKey(c))),
      (c) => c.n_tok
    ),
    failures,
    fail_rate: requests > 0 ? failures / requests : null,
    options
  }
}

/** The target's price, or null when a model target has no price. */
export function targetPrice(target: RepriceTarget, prices: ReadonlyMap<string, Price>): Price | null {
  if (target.kind === 'custom') return { usd_per_1m_prompt: target.usd_per_1m_prompt, usd_per_1m_completion: target.usd_per_1m_completion }
  return prices.get(priceKey(target)) ?? null
}

export function targetLabel(target: RepriceTarget): string {
  return target.kind === 'model' ? modelLabel(target) : (target.label ?? `custom price ($${target.usd_per_1m_prompt} / $${target.usd_per_1m_completion} per 1M tokens)`)
}

/**
 * What moving `share` of a use case's requests (those not already on the target) to the target
 * does over the scope's period: cost (the moved rows re-priced), expected failures, SLA breaches
 * and quality (the target's observed rates on each moved use case; its rate over the scope when it
 * served none of that use case), and their risk price (FAILURE_EVENT_COST_USD per failure,
 * SLA_BREACH_PENALTY_USD per breach, as the routing policy prices them). Null when the target
 * cannot be priced.
 */
export function changeImpact(all: EconomicsCells, priceRows: readonly PriceRow[], change: RoutingChange, knobs: Knobs): ChangeImpact | null {
  const prices = priceMap(priceRows)
  const price = targetPrice(change.target, prices)
  if (!price) return null
  const target = change.target
  const s = change.share
  const isTarget = (c: ModelKey): boolean => target.kind === 'model' && sameModel(c, target)
  const moved = all.cells.filter((c) => inSlice(c, change.use_case) && !isTarget(c))
  const warnings: string[] = []

  const totalN = sum(all.cells, (c) => c.n)
  const totalF = sum(all.cells, (c) => c.n_fail)
  const totalLat = sum(all.cells, (c) => c.n_lat)
  const totalB = sum(all.cells, (c) => c.n_breach)
  const totalNq = sum(all.cells, (c) => c.n_q)
  const totalQ = sum(all.cells, (c) => c.q_sum)
  const costBefore = baselineCost(all.cells, prices)
  const costDelta = s * (repricedCost(moved, price) - baselineCost(moved, prices))

  // The target's record per moved use case, falling back to its record over the scope.
  const overall = target.kind === 'model' ? all.models.find((m) => sameModel(m, target)) : undefined
  let source: FailRateSource = 'use_case'
  let dF = 0
  let dB = 0
  let dQ = 0
  let knownF = true
  let knownB = true
  let knownQ = true
  let movedN = 0
  let movedF = 0
  let afterF = 0
  const used = new Set<EconomicsCell>()
  for (const uc of useCasesOf(moved)) {
    const mc = moved.filter((c) => c.use_case === uc)
    const n = sum(mc, (c) => c.n)
    const f = sum(mc, (c) => c.n_fail)
    const nLat = sum(mc, (c) => c.n_lat)
    const b = sum(mc, (c) => c.n_breach)
    const nq = sum(mc, (c) => c.n_q)
    const q = sum(mc, (c) => c.q_sum)
    movedN += n
    movedF += f
    const own = target.kind === 'model' ? all.cells.find((c) => c.use_case === uc && sameModel(c, target)) : undefined
    const rec = own && own.n > 0 ? own : overall && overall.n > 0 ? overall : undefined
    if (!rec) {
      source = 'none'
      knownF = knownB = knownQ = false
      continue
    }
    if (rec !== own && source === 'use_case') source = 'model_overall'
    used.add(rec)
    const pf = rec.n_fail / rec.n
    dF += n * pf - f
    afterF += n * pf
    if (rec.n_lat > 0) dB += nLat * (rec.n_breach / rec.n_lat) - b
    else if (nLat > 0) knownB = false
    if (rec.n_q > 0) dQ += nq * (rec.q_sum / rec.n_q) - q
    else if (nq > 0) knownQ = false
  }
  dF *= s
  dB *= s
  dQ *= s

  const single = change.use_case !== null
  const ownCell = single && target.kind === 'model' ? all.cells.find((c) => c.use_case === change.use_case && sameModel(c, target)) : undefined
  const ci = source === 'use_case' && ownCell && ownCell.n > 0 ? wilsonInterval(ownCell.n_fail, ownCell.n) : null
  const targetP95 = single ? (ownCell?.p95 ?? null) : (overall?.p95 ?? null)

  if (moved.length === 0 || movedN === 0) warnings.push(change.use_case === null ? 'every request in scope already runs on the target: nothing moves' : `no request of ${change.use_case} in scope runs on another model: nothing moves`)
  if (target.kind === 'custom') warnings.push('a custom price has no failure record: the failure trade-off is unknown')
  else if (source === 'none') warnings.push(`${modelLabel(target)} served no request in scope: its failure rate, latency and quality here are unknown`)
  else if (source === 'model_overall') warnings.push(`${modelLabel(target)} served none of ${single ? change.use_case : 'some of these use cases'}: its failure rate over the whole scope stands in for ${single ? 'it' : 'them'}`)
  if (ownCell && ownCell.n > 0 && ownCell.n < knobs.MIN_REQUESTS_POLICY) {
    warnings.push(`${targetLabel(target)} served only ${ownCell.n} requests of ${change.use_case} (MIN_REQUESTS_POLICY is ${knobs.MIN_REQUESTS_POLICY}): its failure rate there is uncertain`)
  }
  if (ownCell && ownCell.n > 0) {
    const label = targetLabel(target)
    const fail = ownCell.n_fail / ownCell.n
    const maxFail = deriveKnobs(knobs).ROUTING_MAX_FAIL_RATE
    if (fail > maxFail) warnings.push(`${label} fails ${(fail * 100).toFixed(1)}% of ${change.use_case} requests, above the routing bar of ${(maxFail * 100).toFixed(1)}%`)
    if (ownCell.p95 !== null && ownCell.p95 > knobs.SLA_MS) warnings.push(`${label}'s p95 latency on ${change.use_case} is ${Math.round(ownCell.p95)} ms, above SLA_MS ${knobs.SLA_MS} ms`)
  }
  const noTokens = sum(moved, (c) => c.n - c.n_tok)
  if (noTokens > 0) warnings.push(`${noTokens} moved request${noTokens === 1 ? ' has' : 's have'} no token counts and keep${noTokens === 1 ? 's' : ''} its observed cost`)
  if (target.kind === 'model') {
    const unpriced = moved.filter((c) => !prices.has(priceKey(c)) && c.n_tok_nocost > 0)
    if (unpriced.length) warnings.push(`${sum(unpriced, (c) => c.n_tok_nocost)} moved requests have no cost and their model no price: counted at 0 before the move`)
  }

  const failuresAfter = knownF ? totalF + dF : null
  const breachesKnown = knownF && knownB
  const risk = failuresAfter !== null && breachesKnown ? dF * knobs.FAILURE_EVENT_COST_USD + dB * knobs.SLA_BREACH_PENALTY_USD : null
  return {
    change,
    target_label: targetLabel(target),
    target_usd_per_1m_prompt: price.usd_per_1m_prompt,
    target_usd_per_1m_completion: price.usd_per_1m_completion,
    moved_requests: s * movedN,
    cost_before: costBefore,
    cost_after: costBefore + costDelta,
    cost_delta: costDelta,
    failures_before: totalF,
    failures_after: failuresAfter,
    fail_rate_before: totalN > 0 ? totalF / totalN : null,
    fail_rate_after: failuresAfter !== null && totalN > 0 ? failuresAfter / totalN : null,
    moved_fail_rate_before: movedN > 0 ? movedF / movedN : null,
    moved_fail_rate_after: knownF && movedN > 0 ? afterF / movedN : null,
    target_fail_rate_ci: ci,
    target_fail_support: sum([...used], (c) => c.n),
    fail_rate_source: target.kind === 'custom' ? 'none' : source,
    sla_breach_rate_before: totalLat > 0 ? totalB / totalLat : null,
    sla_breach_rate_after: breachesKnown && totalLat > 0 ? (totalB + dB) / totalLat : null,
    avg_quality_before: totalNq > 0 ? totalQ / totalNq : null,
    avg_quality_after: knownF && knownQ && totalNq > 0 ? (totalQ + dQ) / totalNq : null,
    target_p95_latency: targetP95,
    risk_cost_delta: risk,
    net_delta: risk === null ? null : costDelta + risk,
    warnings
  }
}

/** The month after 'YYYY-MM'. */
function nextMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/**
 * The month-end and next-month forecasts under each volume multiplier, without and (given an
 * impact) with the routing change. Future days follow the Costs page's forecast line (least
 * squares over the last 14 days, never below 0), continued into the next month; a volume
 * multiplier scales future days, the change scales them by cost_after / cost_before. Requests
 * follow their own trend line over the same days; the expected failure rate is the scope's (or the
 * change's) and does not depend on volume.
 */
export function forecastScenarios(
  forecast: CostForecast | null,
  byDay: readonly { date: string; cost: number; requests: number }[],
  dailyBudget: number,
  volumes: readonly number[],
  failRate: number | null,
  impact: ChangeImpact | null
): Scenario[] {
  if (!forecast) return []
  const remaining = forecast.projected.length
  const next = nextMonthOf(forecast.month)
  const nextDays = daysInMonthOf(next)
  const x0 = forecast.trend_days - 1 + remaining
  let nextCost = 0
  for (let d = 1; d <= nextDays; d++) nextCost += Math.max(0, forecast.trend_intercept + forecast.trend_slope * (x0 + d))
  const rw = trailingWindow(byDay, (d) => d.requests)
  const rt = linearTrend(rw)
  let nextRequests = 0
  for (let d = 1; d <= nextDays; d++) nextRequests += Math.max(0, rt.intercept + rt.slope * (rw.length - 1 + remaining + d))
  const rest = sum(forecast.projected, (p) => p.cost)
  const variants: { withChange: boolean; factor: number; rate: number | null }[] = [{ withChange: false, factor: 1, rate: failRate }]
  if (impact) variants.push({ withChange: true, factor: impact.cost_before > 0 ? impact.cost_after / impact.cost_before : 1, rate: impact.fail_rate_after })
  const out: Scenario[] = []
  for (const v of variants) {
    for (const m of volumes) {
      const requests = m * nextRequests
      out.push({
        volume: m,
        with_change: v.withChange,
        month: forecast.month,
        month_end_cost: forecast.month_to_date_cost + m * v.factor * rest,
        month_budget: forecast.month_budget,
        next_month: next,
        next_month_cost: m * v.factor * nextCost,
        next_month_budget: dailyBudget * nextDays,
        expected_fail_rate: v.rate,
        next_month_requests: requests,
        expected_failures_next_month: v.rate === null ? null : v.rate * requests
      })
    }
  }
  return out
}

/** Prompt tokens above a use case's 75th percentile, per model of that use case. */
export type TrimRow = ModelKey & { use_case: string; cap: number; n_uc: number; n_over: number; excess: number }
/** Requests repeating an earlier request text of the same use case word for word (after trimming and lower-casing). */
export type RepeatRow = { use_case: string; n_text: number; n_repeat: number; cost_repeat: number | null }

const TOP_IDEAS = 20
/** How long a cached answer is reused: a repeat counts as a cache hit within this many hours of the previous one. */
export const CACHE_TTL_HOURS = 24

/**
 * Ranked savings ideas, largest saving first:
 * - cheaper_model: per use case, the priced model that meets the routing bar there (requests >=
 *   MIN_REQUESTS_POLICY, failure rate <= ROUTING_MAX_FAIL_RATE, p95 <= SLA_MS) and saves the most
 *   when the use case's other requests are re-priced onto it;
 * - prompt_trim: prompt tokens above the use case's 75th percentile, at each model's prompt price;
 * - response_cache: the cost of requests repeating a request text of the same use case within
 *   CACHE_TTL_HOURS of its previous occurrence.
 * `periodDays` scales savings to 30 days.
 */
export function savingsIdeas(all: EconomicsCells, priceRows: readonly PriceRow[], trims: readonly TrimRow[], repeats: readonly RepeatRow[], knobs: Knobs, periodDays: number | null): SavingsIdea[] {
  const prices = priceMap(priceRows)
  const maxFail = deriveKnobs(knobs).ROUTING_MAX_FAIL_RATE
  const per30 = (v: number): number | null => (periodDays && periodDays > 0 ? (v / periodDays) * 30 : null)
  const ideas: SavingsIdea[] = []
  const useCases = useCasesOf(all.cells).filter((u): u is string => u !== null)
  for (const uc of useCases) {
    const ucCells = all.cells.filter((c) => c.use_case === uc)
    const ucN = sum(ucCells, (c) => c.n)
    const ucF = sum(ucCells, (c) => c.n_fail)
    const ucCost = baselineCost(ucCells, prices)
    let best: SavingsIdea | null = null
    for (const cand of ucCells) {
      const p = prices.get(priceKey(cand))
      if (!p || cand.model_name === null || cand.n < knobs.MIN_REQUESTS_POLICY || cand.p95 === null) continue
      const fail = cand.n_fail / cand.n
      if (!(fail <= maxFail && cand.p95 <= knobs.SLA_MS)) continue
      const moved = ucCells.filter((c) => !sameModel(c, cand))
      const movedN = sum(moved, (c) => c.n)
      if (movedN === 0) continue
      const saving = baselineCost(moved, prices) - repricedCost(moved, p)
      if (!(saving > 0) || (best && saving <= best.savings)) continue
      const dFail = (movedN * fail - sum(moved, (c) => c.n_fail)) / ucN
      best = {
        kind: 'cheaper_model',
        use_case: uc,
        title: `Route ${uc} to ${modelLabel(cand)}`,
        detail: `${modelLabel(cand)} meets the bar on ${uc} (failure rate ${(fail * 100).toFixed(1)}% <= ${(maxFail * 100).toFixed(1)}%, p95 ${Math.round(cand.p95)} ms <= ${knobs.SLA_MS} ms, ${cand.n} requests); the ${movedN} requests of ${uc} on other models would cost less on it. The use case's failure rate would go from ${((ucF / ucN) * 100).toFixed(1)}% to ${(((ucF + dFail * ucN) / ucN) * 100).toFixed(1)}%.`,
        savings: saving,
        savings_per_30d: per30(saving),
        share_of_use_case_cost: ucCost > 0 ? saving / ucCost : null,
        requests_affected: movedN,
        fail_rate_delta: dFail,
        change: { use_case: uc, target: { kind: 'model', model_provider: cand.model_provider, model_name: cand.model_name }, share: 1 },
        model_provider: cand.model_provider,
        model_name: cand.model_name
      }
    }
    if (best) ideas.push(best)

    const trim = trims.filter((t) => t.use_case === uc)
    if (trim.length) {
      let saving = 0
      let excess = 0
      let nOver = 0
      for (const t of trim) {
        const p = prices.get(priceKey(t))
        if (!p) continue
        saving += (t.excess * p.usd_per_1m_prompt) / 1e6
        excess += t.excess
        nOver += t.n_over
      }
      if (saving > 0) {
        const cap = trim[0].cap
        ideas.push({
          kind: 'prompt_trim',
          use_case: uc,
          title: `Trim ${uc} prompts to ${Math.round(cap)} tokens`,
          detail: `${nOver} of ${trim[0].n_uc} prompts of ${uc} are longer than its 75th percentile (${Math.round(cap)} tokens); cutting the ${Math.round(excess).toLocaleString('en-US')} tokens above it saves their prompt price. Check answer quality on a sample before trimming.`,
          savings: saving,
          savings_per_30d: per30(saving),
          share_of_use_case_cost: ucCost > 0 ? saving / ucCost : null,
          requests_affected: nOver,
          fail_rate_delta: null,
          change: null,
          model_provider: null,
          model_name: null
        })
      }
    }

    const rep = repeats.find((r) => r.use_case === uc)
    if (rep && rep.n_repeat > 0 && (rep.cost_repeat ?? 0) > 0) {
      const saving = rep.cost_repeat ?? 0
      ideas.push({
        kind: 'response_cache',
        use_case: uc,
        title: `Cache repeated ${uc} requests`,
        detail: `${rep.n_repeat} of ${rep.n_text} ${uc} requests (${((rep.n_repeat / rep.n_text) * 100).toFixed(1)}%) repeat the same request text word for word within ${CACHE_TTL_HOURS} hours of the previous one; an exact-match response cache (${CACHE_TTL_HOURS} h time-to-live) would have answered them for free. Only cache answers that are safe to reuse (no personal or time-dependent content).`,
        savings: saving,
        savings_per_30d: per30(saving),
        share_of_use_case_cost: ucCost > 0 ? saving / ucCost : null,
        requests_affected: rep.n_repeat,
        fail_rate_delta: null,
        change: null,
        model_provider: null,
        model_name: null
      })
    }
  }
  ideas.sort((a, b) => b.savings - a.savings || a.title.localeCompare(b.title))
  return ideas.slice(0, TOP_IDEAS)
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

const TOKENS_OK = 'prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL AND prompt_tokens >= 0 AND completion_tokens >= 0'

const CELLS_SQL = (where: string): string => `
SELECT GROUPING(use_case)::INTEGER AS g_uc, use_case, model_provider, model_name,
       count(*)::BIGINT AS n, count_if(is_failure)::BIGINT AS n_fail,
       count(latency_ms)::BIGINT AS n_lat, count_if(latency_ms > CAST(? AS DOUBLE))::BIGINT AS n_breach,
       quantile_cont(latency_ms, 0.95) AS p95,
       count(response_quality_score)::BIGINT AS n_q, coalesce(exact_sum(response_quality_score), 0) AS q_sum,
       coalesce(exact_sum(cost_usd), 0) AS cost_sum,
       count_if(tok)::BIGINT AS n_tok,
       coalesce(exact_sum(CASE WHEN tok THEN prompt_tokens END), 0) AS p_sum,
       coalesce(exact_sum(CASE WHEN tok THEN completion_tokens END), 0) AS c_sum,
       coalesce(exact_sum(CASE WHEN tok THEN cost_usd END), 0) AS cost_tok,
       count_if(tok AND cost_usd IS NULL)::BIGINT AS n_tok_nocost,
       coalesce(exact_sum(CASE WHEN tok AND cost_usd IS NULL THEN prompt_tokens END), 0) AS p_nocost,
       coalesce(exact_sum(CASE WHEN tok AND cost_usd IS NULL THEN completion_tokens END), 0) AS c_nocost
FROM (
  SELECT use_case, model_provider, model_name, is_failure, latency_ms, response_quality_score, cost_usd, prompt_tokens, completion_tokens,
         (${TOKENS_OK}) AS tok
  FROM interactions WHERE ${where}
)
GROUP BY GROUPING SETS ((use_case, model_provider, model_name), (model_provider, model_name))
ORDER BY g_uc, use_case NULLS LAST, n DESC, model_provider NULLS LAST, model_name NULLS LAST`

// The cells of a dump that carries sample_rate: every count a sum of the weights w, every sum a
// weighted sum; the p95 comes from weightedQuantiles (weights.ts).
const WEIGHTED_ROWS_SQL = (where: string): string => `
  SELECT use_case, model_provider, model_name, is_failure, latency_ms, response_quality_score, cost_usd, prompt_tokens, completion_tokens,
         (${TOKENS_OK}) AS tok, ${WEIGHT_SQL} AS w
  FROM interactions WHERE ${where}`

const WEIGHTED_CELLS_SQL = (where: string): string => `
SELECT GROUPING(use_case)::INTEGER AS g_uc, use_case, model_provider, model_name,
       exact_sum(w) AS n, coalesce(exact_sum(CASE WHEN is_failure THEN w END), 0) AS n_fail,
       coalesce(exact_sum(CASE WHEN latency_ms IS NOT NULL THEN w END), 0) AS n_lat, coalesce(exact_sum(CASE WHEN latency_ms > CAST(? AS DOUBLE) THEN w END), 0) AS n_breach,
       CAST(NULL AS DOUBLE) AS p95,
       coalesce(exact_sum(CASE WHEN response_quality_score IS NOT NULL THEN w END), 0) AS n_q, coalesce(exact_sum(response_quality_score * w), 0) AS q_sum,
       coalesce(exact_sum(cost_usd * w), 0) AS cost_sum,
       coalesce(exact_sum(CASE WHEN tok THEN w END), 0) AS n_tok,
       coalesce(exact_sum(CASE WHEN tok THEN prompt_tokens * w END), 0) AS p_sum,
       coalesce(exact_sum(CASE WHEN tok THEN completion_tokens * w END), 0) AS c_sum,
       coalesce(exact_sum(CASE WHEN tok THEN cost_usd * w END), 0) AS cost_tok,
       coalesce(exact_sum(CASE WHEN tok AND cost_usd IS NULL THEN w END), 0) AS n_tok_nocost,
       coalesce(exact_sum(CASE WHEN tok AND cost_usd IS NULL THEN prompt_tokens * w END), 0) AS p_nocost,
       coalesce(exact_sum(CASE WHEN tok AND cost_usd IS NULL THEN completion_tokens * w END), 0) AS c_nocost
FROM (${WEIGHTED_ROWS_SQL(where)})
GROUP BY GROUPING SETS ((use_case, model_provider, model_name), (model_provider, model_name))
ORDER BY g_uc, use_case NULLS LAST, n DESC, model_provider NULLS LAST, model_name NULLS LAST`

/** The cells of a weighted dump, with their weighted p95. */
async function weightedCellRows(ctx: AnalysisContext, where: string, params: SqlValue[]): Promise<(EconomicsCell & { g_uc: number })[]> {
  const rows = await ctx.engine.all<EconomicsCell & { g_uc: number }>(WEIGHTED_CELLS_SQL(where), [ctx.knobs.SLA_MS, ...params])
  const key = (uc: unknown, provider: unknown, model: unknown): string => JSON.stringify([uc, provider, model])
  const from = WEIGHTED_ROWS_SQL(where)
  const byCell = await weightedQuantiles(ctx, { from, params, keys: ['use_case', 'model_provider', 'model_name'], value: 'latency_ms', weight: 'w', q: 0.95, keyOf: (r) => key(r.use_case, r.model_provider, r.model_name) })
  const byModel = await weightedQuantiles(ctx, { from, params, keys: ['model_provider', 'model_name'], value: 'latency_ms', weight: 'w', q: 0.95, keyOf: (r) => key('*', r.model_provider, r.model_name) })
  return rows.map((r) => ({ ...r, p95: (r.g_uc === 1 ? byModel.get(key('*', r.model_provider, r.model_name)) : byCell.get(key(r.use_case, r.model_provider, r.model_name))) ?? null }))
}

/** The (use case, model) cells and per-model totals of the scope (memoised per scope and SLA; weighted by sample_rate when the dump has it). */
export function economicsCells(ctx: AnalysisContext): Promise<EconomicsCells> {
  const compute = async (): Promise<EconomicsCells> => {
    const { where, params } = compileScope(ctx.scope)
    const rows = isWeighted(ctx) ? await weightedCellRows(ctx, where, params) : await ctx.engine.all<EconomicsCell & { g_uc: number }>(CELLS_SQL(where), [ctx.knobs.SLA_MS, ...params])
    const out: EconomicsCells = { cells: [], models: [] }
    for (const { g_uc, ...cell } of rows) (g_uc === 1 ? out.models : out.cells).push(cell)
    return out
  }
  return ctx.memo ? ctx.memo.get(['economicsCells', ctx.scope, ctx.knobs.SLA_MS], compute) : compute()
}

/** The prompt-trim and repeated-request sums behind the savings ideas (memoised per scope). */
export function savingsInputs(ctx: AnalysisContext): Promise<{ trims: TrimRow[]; repeats: RepeatRow[] }> {
  return memoised(ctx, 'savingsInputs', async () => {
    const { where, params } = compileScope(ctx.scope)
    const trims = await ctx.engine.all<TrimRow>(
      `WITH s AS (
         SELECT use_case, model_provider, model_name, prompt_tokens FROM interactions
         WHERE (${where}) AND use_case IS NOT NULL AND prompt_tokens IS NOT NULL AND prompt_tokens >= 0
       ), caps AS (
         SELECT use_case, quantile_cont(prompt_tokens, 0.75) AS cap, count(*)::BIGINT AS n_uc FROM s GROUP BY use_case
       )
       SELECT s.use_case, s.model_provider, s.model_name, caps.cap, caps.n_uc, count(*)::BIGINT AS n_over, exact_sum(s.prompt_tokens - caps.cap) AS excess
       FROM s JOIN caps ON s.use_case = caps.use_case
       WHERE s.prompt_tokens > caps.cap
       GROUP BY s.use_case, s.model_provider, s.model_name, caps.cap, caps.n_uc
       ORDER BY s.use_case, s.model_provider NULLS LAST, s.model_name NULLS LAST`,
      params
    )
    // A hit: the same text (trimmed, lower-cased) in the same use case within CACHE_TTL_HOURS after the
    // previous occurrence (a sliding time-to-live: every request refreshes the entry). The text is
    // partitioned by its 64-bit hash: sorting integers instead of strings is what makes this fast
    // on a million rows (a collision between two of n texts has odds about n^2 / 2^65).
    const repeats = await ctx.engine.all<RepeatRow>(
      `SELECT use_case, count(*)::BIGINT AS n_text, count_if(hit)::BIGINT AS n_repeat, exact_sum(CASE WHEN hit THEN cost_usd END) AS cost_repeat FROM (
         SELECT use_case, cost_usd,
                coalesce(ts - lag(ts) OVER (PARTITION BY use_case, k ORDER BY ts, id) <= INTERVAL ${CACHE_TTL_HOURS} HOUR, false) AS hit
         FROM (
           SELECT use_case, cost_usd, timestamp_utc AS ts, interaction_id AS id, hash(lower(trim(request_text))) AS k
           FROM interactions
           WHERE (${where}) AND use_case IS NOT NULL AND request_text IS NOT NULL AND trim(request_text) <> '' AND timestamp_utc IS NOT NULL
         )
       ) GROUP BY use_case ORDER BY use_case`,
      params
    )
    return { trims, repeats }
  })
}

export interface EconomicsRequest {
  /** the use case whose re-pricing is shown; null: the whole scope */
  useCase: string | null
  change: RoutingChange | null
  volume: number
}

/** First and last UTC day with a timed row in scope and the calendar days between them (inclusive). */
function scopePeriod(byDay: readonly { date: string }[]): Economics['period'] {
  const first = byDay[0]?.date
  const last = byDay[byDay.length - 1]?.date
  if (!first || !last) return null
  return { first_day: first, last_day: last, days: Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1 }
}

/** The Costs page's economics for the scope under the given price table: re-pricing, the change's impact and the scenarios. */
export async function economics(ctx: AnalysisContext, table: PriceTable, req: EconomicsRequest): Promise<Economics> {
  const [{ models, estimates }, all, costs] = await Promise.all([priceEstimates(ctx), economicsCells(ctx), costAnalytics(ctx)])
  const prices = effectivePrices(models, estimates, table)
  const scopeRepricing = repriceSlice(all, prices, null)
  const slice = req.useCase === null ? scopeRepricing : repriceSlice(all, prices, req.useCase)
  const impact = req.change ? changeImpact(all, prices, req.change, ctx.knobs) : null
  const volumes = [...new Set([...VOLUME_LADDER, req.volume])].sort((a, b) => a - b)
  const notes = [
    "Re-priced costs carry each request's own prompt and completion token counts to the other model: a model that answers at another length would cost more or less.",
    "Another model's failure rate, latency and quality come from the requests it served here, per use case: observational, its traffic may have been easier or harder."
  ]
  if (scopeRepricing.requests - scopeRepricing.requests_priceable > 0) notes.push(`${scopeRepricing.requests - scopeRepricing.requests_priceable} requests have no token counts: they cannot be re-priced and keep their observed cost.`)
  if (req.change && !impact) notes.push(`${targetLabel(req.change.target)} has no price: set one in the price table to re-price onto it.`)
  return {
    period: scopePeriod(costs.by_day),
    prices,
    scope: scopeRepricing,
    slice,
    impact,
    volume: req.volume,
    scenarios: forecastScenarios(costs.forecast, costs.by_day, ctx.knobs.DAILY_COST_BUDGET_USD, volumes, scopeRepricing.fail_rate, impact),
    notes
  }
}

/** The ranked savings ideas of the scope under the given price table (a request of its own: the repeated-text scan is the slow part). */
export async function savingsReport(ctx: AnalysisContext, table: PriceTable): Promise<SavingsReport> {
  const [{ models, estimates }, all, costs, inputs] = await Promise.all([priceEstimates(ctx), economicsCells(ctx), costAnalytics(ctx), savingsInputs(ctx)])
  const prices = effectivePrices(models, estimates, table)
  const period = scopePeriod(costs.by_day)
  return { period, prices, ideas: savingsIdeas(all, prices, inputs.trims, inputs.repeats, ctx.knobs, period?.days ?? null) }
}
