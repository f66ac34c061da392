/** Types of the cost economics (Costs page): the price table and its estimates, re-pricing a slice onto another model, routing-change and volume scenarios, and ranked savings ideas. */
import { z } from 'zod'

/** Prices are dollars per million tokens; anything above this is a typo, not a price. */
export const MAX_PRICE_PER_1M = 100_000

const price = z.number().finite().min(0).max(MAX_PRICE_PER_1M)
const text = z.string().min(1).max(500)

/** One price the operator set (edited in the app or imported from CSV). */
export const PriceEntrySchema = z
  .object({
    /** null: the model's provider is not known (rows with no provider) */
    model_provider: text.nullable(),
    model_name: text,
    usd_per_1m_prompt: price,
    usd_per_1m_completion: price
  })
  .strict()
export type PriceEntry = z.infer<typeof PriceEntrySchema>

export const PRICE_TABLE_FORMAT = 'telemetry-workbench.prices'

/**
 * The operator's price table: a plain serialisable object, saved in the workspace. It holds only
 * what the operator set; models without an entry are priced by the estimate from the data.
 */
export const PriceTableSchema = z
  .object({
    format: z.literal(PRICE_TABLE_FORMAT),
    version: z.literal(1),
    entries: z.array(PriceEntrySchema).max(2000)
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>()
    t.entries.forEach((e, i) => {
      const k = priceKey(e)
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `model ${modelLabel(e)} is listed twice`, path: ['entries', i] })
      seen.add(k)
    })
  })
export type PriceTable = z.infer<typeof PriceTableSchema>

export const EMPTY_PRICE_TABLE: PriceTable = { format: PRICE_TABLE_FORMAT, version: 1, entries: [] }

export type ModelKey = {
  model_provider: string | null
  model_name: string | null
}

/** The identity of a model in maps (provider and name; null is its own value). */
export function priceKey(m: ModelKey): string {
  return JSON.stringify([m.model_provider, m.model_name])
}

/** 'provider / name', or the name alone when the provider is unknown. */
export function modelLabel(m: ModelKey): string {
  const name = m.model_name ?? 'unknown model'
  return m.model_provider ? `${m.model_provider} / ${name}` : name
}

/** How the estimate was fitted: two rates, one constrained to 0, or one blended rate for both kinds of token. */
export type PriceFitMethod = 'two_rates' | 'prompt_only' | 'completion_only' | 'blended'
export type PriceFitQuality = 'exact' | 'good' | 'fair' | 'poor' | 'insufficient'

/** A price estimated from the data's own cost per token (least squares of cost on prompt and completion tokens, no intercept). */
export interface PriceFit {
  /** rows with cost, prompt and completion tokens, all non-negative */
  rows: number
  /** of those, rows left out as far from the first fit (more than 5 robust deviations) */
  rows_trimmed: number
  method: PriceFitMethod
  usd_per_1m_prompt: number
  usd_per_1m_completion: number
  /** 1 - SSE / SST over the rows used; null when every cost is the same */
  r2: number | null
  /** root mean squared error over the mean cost */
  rel_rmse: number | null
  quality: PriceFitQuality
  /** why the method is not two_rates, and other caveats */
  note: string | null
}

export type PriceSource = 'operator' | 'estimated' | 'none'

/** One model of the effective price table: the operator's price when set, else the estimate. */
export interface PriceRow extends ModelKey {
  /** rows of this model in the loaded data (0: a model only the operator listed) */
  requests: number
  usd_per_1m_prompt: number | null
  usd_per_1m_completion: number | null
  source: PriceSource
  estimate: PriceFit | null
}

export interface PriceTableView {
  /** what the operator set (the workspace saves this) */
  table: PriceTable
  /** every model in the data or in the table, with the price used */
  rows: PriceRow[]
}

/** Where moved traffic goes: a model of the price table, or any price. */
export const RepriceTargetSchema = z.union([
  z.object({ kind: z.literal('model'), model_provider: text.nullable(), model_name: text }).strict(),
  z.object({ kind: z.literal('custom'), usd_per_1m_prompt: price, usd_per_1m_completion: price, label: z.string().max(100).optional() }).strict()
])
export type RepriceTarget = z.infer<typeof RepriceTargetSchema>

/** Move `share` of one use case's requests (null: every use case in scope) to the target. */
export const RoutingChangeSchema = z
  .object({
    use_case: text.nullable(),
    target: RepriceTargetSchema,
    share: z.number().min(0).max(1)
  })
  .strict()
export type RoutingChange = z.infer<typeof RoutingChangeSchema>

export const MIN_VOLUME = 0.5
export const MAX_VOLUME = 5
/** Volume multipliers every scenario table shows. */
export const VOLUME_LADDER = [0.5, 1, 1.5, 2, 3, 4, 5] as const

/** The slice's requests on one model of the table, with that model's observed record on the slice's use cases. */
export interface RepricedOption extends ModelKey {
  usd_per_1m_prompt: number
  usd_per_1m_completion: number
  /** the slice's cost if every request ran on this model (rows without tokens keep their own cost) */
  cost: number
  /** cost - the slice's baseline cost */
  delta: number
  /** this model's failure rate on the slice's use cases, weighted by the slice's requests; null when it served none */
  fail_rate: number | null
  /** requests behind fail_rate */
  support: number
  p95_latency: number | null
  avg_quality: number | null
  /** share of the slice it already serves */
  current_share: number
}

/** A slice (the scope, or one use case in it) at observed and table prices, and on every priced model. */
export interface SliceRepricing {
  use_case: string | null
  requests: number
  /** rows with prompt and completion tokens: the ones that can be re-priced */
  requests_priceable: number
  prompt_tokens: number
  completion_tokens: number
  /** sum of cost_usd */
  observed_cost: number
  /** observed cost, plus rows with tokens but no cost at their own model's price */
  baseline_cost: number
  /** every priceable row at its own model's table price (others at their observed cost) */
  cost_at_table_prices: number
  /** rows with tokens whose own model has no price (kept at observed cost) */
  requests_unpriced_model: number
  failures: number
  fail_rate: number | null
  options: RepricedOption[]
}

export type FailRateSource = 'use_case' | 'model_overall' | 'none'

/** What a routing change does to the slice and to the whole scope, over the scope's period. */
export interface ChangeImpact {
  change: RoutingChange
  target_label: string
  target_usd_per_1m_prompt: number
  target_usd_per_1m_completion: number
  /** expected requests moved (share x rows of the use case not already on the target) */
  moved_requests: number
  cost_before: number
  cost_after: number
  cost_delta: number
  failures_before: number
  /** null when the target's failure rate is unknown (a model not in the data, or a custom price) */
  failures_after: number | null
  /** whole-scope failure rate before and after */
  fail_rate_before: number | null
  fail_rate_after: number | null
  /** failure rate of the moved requests now, and the target's rate on their use cases */
  moved_fail_rate_before: number | null
  moved_fail_rate_after: number | null
  /** 95% Wilson interval of the target's rate (single use case, rate from that use case) */
  target_fail_rate_ci: { low: number; high: number } | null
  /** requests of the target behind its rate */
  target_fail_support: number
  fail_rate_source: FailRateSource
  sla_breach_rate_before: number | null
  sla_breach_rate_after: number | null
  avg_quality_before: number | null
  avg_quality_after: number | null
  /** the target's p95 latency on the use case (single use case) or in scope */
  target_p95_latency: number | null
  /** extra failures x FAILURE_EVENT_COST_USD + extra SLA breaches x SLA_BREACH_PENALTY_USD (the routing policy's risk prices); null when unknown */
  risk_cost_delta: number | null
  /** cost_delta + risk_cost_delta */
  net_delta: number | null
  warnings: string[]
}

export interface Scenario {
  volume: number
  with_change: boolean
  month: string
  month_end_cost: number
  month_budget: number
  next_month: string
  next_month_cost: number
  next_month_budget: number
  expected_fail_rate: number | null
  next_month_requests: number
  expected_failures_next_month: number | null
}

export type SavingsKind = 'cheaper_model' | 'prompt_trim' | 'response_cache'

export interface SavingsIdea {
  kind: SavingsKind
  use_case: string | null
  title: string
  detail: string
  /** over the scope's period */
  savings: number
  /** savings scaled to 30 days of the scope's calendar span; null without timed rows */
  savings_per_30d: number | null
  /** savings over the use case's baseline cost */
  share_of_use_case_cost: number | null
  requests_affected: number
  /** change of the use case's failure rate (cheaper model only) */
  fail_rate_delta: number | null
  /** the routing change that realises it (cheaper model only) */
  change: RoutingChange | null
  /** the rows it is about, for a drilldown: the use case, and the model for a cheaper model */
  model_provider: string | null
  model_name: string | null
}

export interface Economics {
  /** first and last UTC day with a timed row in scope, and the calendar days between (inclusive) */
  period: { first_day: string; last_day: string; days: number } | null
  prices: PriceRow[]
  scope: SliceRepricing
  slice: SliceRepricing
  impact: ChangeImpact | null
  volume: number
  scenarios: Scenario[]
  notes: string[]
}

export interface SavingsReport {
  period: Economics['period']
  /** the prices the savings were computed with */
  prices: PriceRow[]
  /** largest saving first */
  ideas: SavingsIdea[]
}
