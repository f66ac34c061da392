/** The telemetry sampling policy: its inputs (budget, rules, knobs) with their request schema, and the policy, projection and backtest the backend returns. */
import { z } from 'zod'

/** The text the Overview, Hotspots and Costs show in their header when the dump carries sample_rate. */
export const WEIGHTED_NOTE = 'weighted by sample_rate'
/** What a page that counts the dump's rows as they are says about a dump with sample_rate (the Clusters page: its counts are its members). */
export const UNWEIGHTED_NOTE = 'rows, not weighted by sample_rate'

/** Categorical columns an operator rule may match (value in a list). */
export const RULE_CATEGORICAL_FIELDS = ['use_case', 'model_name', 'model_provider', 'account_tier', 'channel', 'region', 'segment', 'failure_type'] as const
/** Flag columns an operator rule may match (flag is true). */
export const RULE_FLAG_FIELDS = ['hallucination_flag', 'toxicity_flag', 'formatting_error_flag', 'tool_error_flag', 'user_reported_issue'] as const
/** Numeric columns an operator rule may match (value above a threshold). */
export const RULE_NUMERIC_FIELDS = ['latency_ms', 'cost_usd', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'tool_calls_count'] as const

export type RuleCategoricalField = (typeof RULE_CATEGORICAL_FIELDS)[number]
export type RuleFlagField = (typeof RULE_FLAG_FIELDS)[number]
export type RuleNumericField = (typeof RULE_NUMERIC_FIELDS)[number]

const rate = z.number().min(0, { message: 'a rate is at least 0' }).max(1, { message: 'a rate is at most 1' })

export const RuleConditionSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('in'), field: z.enum(RULE_CATEGORICAL_FIELDS), values: z.array(z.string().max(500)).min(1, { message: 'name at least one value' }).max(200) }).strict(),
  z.object({ op: z.literal('is_true'), field: z.enum(RULE_FLAG_FIELDS) }).strict(),
  z.object({ op: z.literal('gt'), field: z.enum(RULE_NUMERIC_FIELDS), value: z.number().finite() }).strict()
])
export type RuleCondition = z.infer<typeof RuleConditionSchema>

/** A rule of the operator's: rows matching `condition` (and no earlier rule) are kept at `rate`. */
export const OperatorRuleSchema = z
  .object({
    /** stable id (letters, digits, - and _): names the rule in exports */
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'a rule id is 1-40 letters, digits, - or _' }),
    name: z.string().max(120).optional(),
    condition: RuleConditionSchema,
    rate
  })
  .strict()
export type OperatorRule = z.infer<typeof OperatorRuleSchema>

export const SamplingBudgetSchema = z.discriminatedUnion('kind', [
  /** keep this share of the rows (expected) */
  z.object({ kind: z.literal('keep_share'), keep_share: z.number().gt(0, { message: 'the keep share is above 0' }).max(1, { message: 'the keep share is at most 1' }) }).strict(),
  /** spend at most this much per month on storing the kept rows, at storage_usd_per_gb_month */
  z.object({ kind: z.literal('usd_per_month'), usd_per_month: z.number().gt(0, { message: 'the monthly budget is above 0' }).max(1e12) }).strict()
])
export type SamplingBudget = z.infer<typeof SamplingBudgetSchema>

/** The boost rule's default factor on flagged days. */
export const DEFAULT_BOOST_FACTOR = 3
/** The id of the boost rule in the rule table and the policy. */
export const BOOST_RULE_ID = 'anomaly_boost'

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'days are YYYY-MM-DD (UTC)' })

/** Everything the policy is computed from besides the data and the scope. */
export const SamplingInputsSchema = z
  .object({
    budget: SamplingBudgetSchema.default({ kind: 'keep_share', keep_share: 0.2 }),
    /** the operator's rules, evaluated in order after the built-in keep rules (first match wins) */
    rules: z.array(OperatorRuleSchema).max(50).default([]),
    /** rare-slice protection: at least this many rows kept (expected) per model x use case x UTC day */
    min_kept_per_stratum_day: z.number().int().min(0).max(1_000_000).default(5),
    /** no row of the default rule is kept at a rate below this (every row stays representable, sample_rate <= 1 / min_rate) */
    min_rate: z.number().gt(0, { message: 'min_rate is above 0' }).max(1).default(0.01),
    /** storage price in USD per GB (10^9 bytes) of telemetry per month */
    storage_usd_per_gb_month: z.number().gt(0).max(1e6).default(0.5),
    /**
     * The boost rule: rows that would fall to the default rule, on the days (and in the slices) the
     * anomaly detector flags and on `days`, are kept at `factor` times the default rate (capped at 1),
     * within the budget. On by default; `enabled: false` turns the rule off.
     */
    boost: z
      .object({
        enabled: z.boolean().default(true),
        /** boost what the anomaly detector flags over the scope (worse findings: spike days, change transitions; in their model or use case when the finding is in one) */
        from_anomalies: z.boolean().default(true),
        /** more days the operator names, every slice */
        days: z.array(isoDay).max(3660).default([]),
        factor: z.number().min(1).max(1000).default(DEFAULT_BOOST_FACTOR)
      })
      .strict()
      .default({ enabled: true, from_anomalies: true, days: [], factor: DEFAULT_BOOST_FACTOR }),
    /** prefixed to interaction_id before hashing; the same salt gives the same sample */
    hash_salt: z.string().max(200).default('')
  })
  .strict()
export type SamplingInputs = z.infer<typeof SamplingInputsSchema>
export type SamplingInputsInput = z.input<typeof SamplingInputsSchema>

/** Validated inputs with every default filled in. */
export const DEFAULT_SAMPLING_INPUTS: SamplingInputs = SamplingInputsSchema.parse({})

/** The built-in rules, first in the table; failures can never be lowered. */
export const BUILTIN_RULE_IDS = ['failures', 'no_interaction_id', 'safety_blocks', 'timeouts', 'sla_breaches'] as const
export type BuiltinRuleId = (typeof BUILTIN_RULE_IDS)[number]

/** The row of the rule table: built-in keep rules, the operator's rules, then the default. */
export interface SamplingRuleRow {
  id: string
  name: string
  kind: 'keep' | 'operator' | 'boost' | 'default'
  /** the condition in words, e.g. "is_failure", "use_case in (chat)", "latency_ms > 2200" */
  condition: string
  /** the rate configured (1 for keep rules; the solved base rate for the default) */
  configured_rate: number
  /** the rate applied (lower than configured for a keep rule only when the budget cannot hold the keep rules; per stratum for the default: the mean) */
  rate: number
  /** smallest and largest rate applied to this rule's rows (the default varies by stratum) */
  rate_min: number
  rate_max: number
  /** rows in scope this rule is the first to match */
  rows: number
  expected_kept_rows: number
  /** rows the hash keeps */
  sampled_rows: number
  /** true for failures and rows without an id: always kept, at rate 1 */
  locked: boolean
  /** the boost rule only: its factor, whether it is on, and what it boosts */
  boost?: SamplingBoostInfo
}

/** One day (and slice) the boost rule covers: from the anomaly detector or named by the operator. */
export interface SamplingBoostTarget {
  date: string
  /** 'all' (every slice of the day) or the column of the finding's slice */
  dimension: 'all' | 'model_name' | 'use_case'
  /** the slice's value ('all' for the whole day) */
  value: string
  source: 'anomaly' | 'operator'
  /** the detector's metrics that flagged it (empty for the operator's days) */
  metrics: string[]
  /** in the policy: the default rule's mean rate over the strata it covers (null: no such rows) */
  rate?: number | null
}

/** What the boost rule does over the scope. */
export interface SamplingBoostInfo {
  enabled: boolean
  from_anomalies: boolean
  factor: number
  targets: SamplingBoostTarget[]
  /** distinct UTC days boosted */
  days: number
  /** model x use case x day strata boosted (with default-rule rows) */
  strata: number
  /** the detector's error, when it could not run (the boost then covers the operator's days only) */
  detector_error: string | null
  /**
   * false when the keep-for-sure rows, rare-slice minimums and the boosted rows at factor x the floor
   * rate need more than the budget: the flagged days then get less than factor x the base rate
   */
  honoured: boolean
  /** the smallest share (of the budget unit) that keeps every must-keep row and boosts the flagged days at factor x min_rate */
  min_share_with_boost: number
}

export type SamplingStage = 'feasible' | 'rare_slices_scaled' | 'keep_rules_sampled'

export interface SamplingFeasibility {
  stage: SamplingStage
  /** the budget as a share of rows (keep_share) or of bytes (usd_per_month) */
  budget_share: number
  budget_unit: 'rows' | 'bytes'
  /** share the keep-for-sure rules need (failures, rows without id, safety blocks, timeouts, SLA breaches, rate-1 rules) */
  keep_for_sure_share: number
  /** the smallest share with every guarantee: keep rules at 1, rare-slice minimums, operator rates and min_rate */
  min_feasible_share: number
  /** expected kept share under the policy */
  expected_share: number
  /** share the hash actually keeps of the rows in scope */
  sampled_share: number
  /** the expected load fits the budget */
  budget_met: boolean
  /** the rows the hash keeps fit the budget too (the base rate is lowered until they do, where the guarantees allow) */
  sample_within_budget: boolean
  /** rate of the non-failure keep rules (1 unless stage is keep_rules_sampled) */
  keep_rule_rate: number
  /** what happened, in words */
  message: string
}

/** One (model, use case) stratum of the projection, or the total (model_name and use_case null, total true). */
export interface SamplingProjectionRow {
  model_name: string | null
  use_case: string | null
  total: boolean
  rows: number
  must_keep_rows: number
  expected_kept_rows: number
  sampled_rows: number
  keep_share: number | null
  bytes: number
  expected_kept_bytes: number
  /** storage cost per month of all rows / of the kept rows, and the difference; null without timestamps */
  storage_usd_month: number | null
  kept_storage_usd_month: number | null
  saving_usd_month: number | null
  /** smallest, mean (over rows) and largest rate */
  rate_min: number
  rate_mean: number
  rate_max: number
}

export interface SamplingProjection {
  rows: SamplingProjectionRow[]
  total: SamplingProjectionRow
  /** UTC days with timed rows in scope: the volume per month is bytes / days * 30.4375 */
  days: number
  bytes_per_month: number | null
  storage_usd_per_gb_month: number
}

export const BACKTEST_METRICS = ['requests', 'failure_rate', 'p95_latency_ms', 'cost_usd'] as const
export type BacktestMetric = (typeof BACKTEST_METRICS)[number]

/** One KPI of one (model, use case), or of all rows (total), as the full data has it and as the sample re-weighted by 1 / rate estimates it. */
export interface SamplingBacktestRow {
  model_name: string | null
  use_case: string | null
  total: boolean
  metric: BacktestMetric
  true_value: number | null
  estimate: number | null
  /** estimate - true value */
  error: number | null
  rel_error: number | null
  /**
   * the estimate's standard error under the policy: the design standard error over every row of the
   * full data (Horvitz-Thompson; linearised for the rate); null for p95
   */
  std_error: number | null
  /** error / std_error; null when the standard error is 0 or unknown */
  z: number | null
}

export interface SamplingBacktest {
  rows: SamplingBacktestRow[]
  summary: {
    /** estimates with a standard error (requests, failure rate, cost) */
    checked: number
    within_2se: number
    within_2se_share: number | null
    max_abs_z: number | null
    /** rows at rate 0 (an operator rule): never kept, so the re-weighted totals miss them */
    zero_rate_rows: number
    sampled_rows: number
    rows: number
    verdict: 'unbiased' | 'check'
    note: string
  }
}

/** The policy as a plain JSON object (sampling_policy.json), so it can be versioned and diffed. */
export interface SamplingPolicy {
  kind: 'telemetry_sampling_policy'
  format_version: 1
  budget: SamplingBudget
  knobs: {
    min_kept_per_stratum_day: number
    min_rate: number
    storage_usd_per_gb_month: number
    sla_ms: number
    boost: { enabled: boolean; from_anomalies: boolean; days: string[]; factor: number }
  }
  /** the days and slices the boost rule covers (empty when it is off) */
  boost_targets: SamplingBoostTarget[]
  hash: {
    algorithm: 'fnv1a_64'
    salt: string
    input: string
    keep_rule: string
    otel_attribute: string
  }
  /** every rule in evaluation order (first match wins) */
  rules: { id: string; kind: SamplingRuleRow['kind']; condition: RuleCondition | { builtin: string }; condition_text: string; configured_rate: number; rate: number }[]
  /** the default rule's rate before rare-slice floors and boosts */
  base_rate: number
  /**
   * the default rule's mean rate per model x use case (its expected kept rows over its rows, across
   * days), where it differs from base_rate: what a collector, which cannot know tomorrow's volume per
   * slice, applies to live traffic
   */
  group_rates: { model_name: string | null; use_case: string | null; rate: number }[]
  /** default-rule rates that differ from base_rate, per model x use case x UTC day (rare slices, boosted days) */
  stratum_rates: { model_name: string | null; use_case: string | null; date_utc: string | null; rate: number }[]
  feasibility: SamplingFeasibility
  projection_total: SamplingProjectionRow
  backtest_summary: SamplingBacktest['summary']
  data: {
    inputs: { table: string; file: string; sha256: string; rows: number }[]
    scope: unknown
    rows_in_scope: number
    /** the dump was itself sampled: its rows carry sample_rate, which the emitted sample multiplies */
    input_weighted: boolean
  }
}

export interface SamplingResult {
  policy: SamplingPolicy
  rules: SamplingRuleRow[]
  projection: SamplingProjection
  backtest: SamplingBacktest
}
