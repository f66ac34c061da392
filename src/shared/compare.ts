/** Result types of the comparison of two slices or periods (the Compare page): per metric the difference B - A, its 95% interval, the test, the effect size and a verdict in plain words. */

export const COMPARE_METRICS = ['failure_rate', 'sla_breach_rate', 'quality', 'feedback', 'latency_median', 'latency_p95', 'cost'] as const
export type CompareMetricId = (typeof COMPARE_METRICS)[number]

/** How a metric's values and differences are written. */
export type CompareUnit = 'rate' | 'score' | 'feedback' | 'ms' | 'usd'

export type CompareTest = 'two_proportion_z' | 'fisher_exact' | 'welch_t' | 'mann_whitney_u' | 'wald_quantile'
export type CompareEffect = 'cohens_h' | 'hedges_g' | 'rank_biserial' | 'relative_change'
export type CompareMagnitude = 'negligible' | 'small' | 'medium' | 'large'

/**
 * What the numbers say about B against A: worse or better (significant at 5%), no clear difference,
 * samples too small to say anything (not significant and below the minimum size), or no data.
 */
export type CompareOutcome = 'b_worse' | 'b_better' | 'no_clear_difference' | 'too_small' | 'no_data'

/** ok; small: below the minimum size for this test (read with care); insufficient: nothing can be computed. */
export type CompareAdequacy = 'ok' | 'small' | 'insufficient'

export interface CompareSideValue {
  /** values the metric uses (rows for failure rate; non-null values otherwise) */
  n: number
  value: number | null
  /** failures / breaches for the rates */
  events: number | null
}

export interface CompareMetric {
  metric: CompareMetricId
  label: string
  unit: CompareUnit
  /** true when a larger value is worse (failures, latency, cost) */
  higher_is_worse: boolean
  /** what `difference` and the interval are about, e.g. 'difference of proportions' */
  estimand: string
  a: CompareSideValue
  b: CompareSideValue
  /** B - A */
  difference: number | null
  /** B / A - 1 when A is not 0 */
  relative_difference: number | null
  ci_low: number | null
  ci_high: number | null
  ci_method: string | null
  test: CompareTest | null
  statistic: number | null
  /** degrees of freedom (Welch) */
  df: number | null
  p_value: number | null
  /** Holm-adjusted over the metrics of this comparison */
  p_holm: number | null
  effect_name: CompareEffect | null
  effect_size: number | null
  magnitude: CompareMagnitude | null
  outcome: CompareOutcome
  adequacy: CompareAdequacy
  /** why the samples are too small, or other caveats of this metric */
  warning: string | null
  /** one line in plain words */
  verdict: string
}

export interface CompareResult {
  /** rows in each scope */
  a_requests: number
  b_requests: number
  /** rows in both scopes (the tests assume independent samples) */
  overlap: number
  alpha: number
  metrics: CompareMetric[]
  /** the whole comparison in one or two sentences */
  summary: string
  /** caveats that apply to every metric */
  notes: string[]
}
