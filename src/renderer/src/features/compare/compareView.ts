/** Pure display helpers of the Compare page: values, differences and intervals in each metric's unit, test and effect names, outcome tones, the CSV, and the drilldowns to either side's rows. */
import type { CompareMetric, CompareOutcome, CompareResult, CompareUnit } from '../../../../shared/compare'
import type { Scope } from '../../../../shared/scope'
import { scopeChips } from '../../components/FilterBar'
import type { BadgeTone } from '../../components/Badge'
import { toCsv } from '../../lib/csv'
import { drilldown } from '../../lib/drilldown'
import { MISSING, formatInt, formatMs, formatNumber, formatUsd } from '../../lib/format'

/** A value in the metric's unit (rates as percentages). */
export function formatMetricValue(unit: CompareUnit, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return MISSING
  switch (unit) {
    case 'rate':
      return `${formatNumber(v * 100, Math.abs(v) < 0.01 && v !== 0 ? 2 : 1)}%`
    case 'score':
      return formatNumber(v, 3)
    case 'feedback':
      return formatNumber(v, 2)
    case 'ms':
      return formatMs(v)
    case 'usd':
      return formatUsd(v)
  }
}

/** A signed difference in the metric's unit (rates in percentage points). */
export function formatMetricDiff(unit: CompareUnit, d: number | null): string {
  if (d === null || !Number.isFinite(d)) return MISSING
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±'
  const a = Math.abs(d)
  if (unit === 'rate') return `${sign}${formatNumber(a * 100, a < 0.01 && a !== 0 ? 2 : 1)} pp`
  if (unit === 'ms') return `${sign}${formatMs(a)}`
  if (unit === 'usd') return `${sign}${formatUsd(a)}`
  return `${sign}${formatNumber(a, unit === 'score' ? 3 : 2)}`
}

/** The 95% interval as "low to high". */
export function formatInterval(m: Pick<CompareMetric, 'unit' | 'ci_low' | 'ci_high'>): string {
  if (m.ci_low === null || m.ci_high === null) return MISSING
  return `${formatMetricDiff(m.unit, m.ci_low)} to ${formatMetricDiff(m.unit, m.ci_high)}`
}

export const TEST_NAMES: Record<NonNullable<CompareMetric['test']>, string> = {
  two_proportion_z: 'two-proportion z',
  fisher_exact: "Fisher's exact",
  welch_t: "Welch's t",
  mann_whitney_u: 'Mann-Whitney U',
  wald_quantile: 'Wald (order statistics)'
}

export const EFFECT_NAMES: Record<NonNullable<CompareMetric['effect_name']>, string> = {
  cohens_h: "Cohen's h",
  hedges_g: "Hedges' g",
  rank_biserial: 'rank-biserial r',
  relative_change: 'relative change'
}

/** p with two significant digits, or "< 0.001". */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return MISSING
  if (p < 0.001) return '< 0.001'
  // two significant digits: 0.42, 0.042, 0.0042
  return formatNumber(Number(p.toPrecision(2)), Math.max(2, 1 - Math.floor(Math.log10(p))))
}

/** The effect size with its name and size label, e.g. "Cohen's h 0.14 (negligible)". */
export function formatEffect(m: Pick<CompareMetric, 'effect_name' | 'effect_size' | 'magnitude'>): string {
  if (m.effect_name === null || m.effect_size === null) return MISSING
  const v = m.effect_name === 'relative_change' ? `${m.effect_size >= 0 ? '+' : '−'}${formatNumber(Math.abs(m.effect_size) * 100, 1)}%` : formatNumber(m.effect_size, 2)
  return `${EFFECT_NAMES[m.effect_name]} ${v}${m.magnitude ? ` (${m.magnitude})` : ''}`
}

export const OUTCOME_LABELS: Record<CompareOutcome, string> = {
  b_worse: 'B worse',
  b_better: 'B better',
  no_clear_difference: 'no clear difference',
  too_small: 'too few to say',
  no_data: 'no data'
}

export const OUTCOME_TONES: Record<CompareOutcome, BadgeTone> = {
  b_worse: 'bad',
  b_better: 'good',
  no_clear_difference: 'neutral',
  too_small: 'warn',
  no_data: 'neutral'
}

/** A scope in words: its chips joined (a cluster by its label when `valueText` knows it), or "every request". */
export function describeScope(scope: Scope, valueText?: Parameters<typeof scopeChips>[1]): string {
  const chips = scopeChips(scope, valueText)
  return chips.length ? chips.map((c) => c.label).join(' · ') : 'every request'
}

/** Every metric of the comparison as CSV, full precision. */
export function compareCsv(r: CompareResult): string {
  return toCsv(
    ['metric', 'estimand', 'a_n', 'a_value', 'a_events', 'b_n', 'b_value', 'b_events', 'difference', 'relative_difference', 'ci_low', 'ci_high', 'ci_method', 'test', 'statistic', 'df', 'p_value', 'p_holm', 'effect', 'effect_size', 'magnitude', 'outcome', 'adequacy', 'warning', 'verdict'],
    r.metrics.map((m) => [
      m.metric,
      m.estimand,
      m.a.n,
      m.a.value,
      m.a.events,
      m.b.n,
      m.b.value,
      m.b.events,
      m.difference,
      m.relative_difference,
      m.ci_low,
      m.ci_high,
      m.ci_method,
      m.test,
      m.statistic,
      m.df,
      m.p_value,
      m.p_holm,
      m.effect_name,
      m.effect_size,
      m.magnitude,
      m.outcome,
      m.adequacy,
      m.warning,
      m.verdict
    ])
  )
}

/** The Explorer drilldown into one side's rows (or its failed rows), expecting its count. */
export function sideDrilldown(side: 'A' | 'B', scope: Scope, count: number, failuresOnly = false): { scope: Scope; params: Record<string, string> } {
  return drilldown(scope, failuresOnly ? { is_failure: true } : {}, {
    origin: `Compare · ${failuresOnly ? 'failed requests' : 'requests'} of ${side} (${describeScope(scope)})`,
    expected: count
  })
}

/** How many of a side's rows a count names, written for a button. */
export function countLabel(n: number, noun = 'requests'): string {
  return `${formatInt(n)} ${noun}`
}
