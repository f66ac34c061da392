/** The Compare page's words: each metric's outcome and one-line verdict from its numbers, and the summary of a whole comparison. */
import type { CompareAdequacy, CompareMagnitude, CompareMetric, CompareOutcome, CompareUnit } from '../../shared/compare'

/** Significance level of every comparison (two-sided). */
export const ALPHA = 0.05

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s
}

function grouped(v: number, decimals: number): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
}

/** A dollar amount: cents above $1, otherwise three significant digits ($0.00123). */
export function usd(v: number): string {
  const a = Math.abs(v)
  const sign = v < 0 ? '-' : ''
  if (a >= 1) return `${sign}$${grouped(a, 2)}`
  if (a === 0) return '$0'
  if (a < 1e-6) return `${sign}$${a.toExponential(2)}`
  return `${sign}$${Number(a.toPrecision(3))}`
}

/** A value of the metric's unit as an operator reads it. */
export function formatValue(unit: CompareUnit, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a'
  switch (unit) {
    case 'rate':
      return `${trimZeros((v * 100).toFixed(Math.abs(v) < 0.01 && v !== 0 ? 2 : 1))}%`
    case 'score':
      return v.toFixed(3)
    case 'feedback':
      return v.toFixed(2)
    case 'ms':
      return `${grouped(Math.round(v), 0)} ms`
    case 'usd':
      return usd(v)
  }
}

/** A signed difference of the metric's unit (rates in percentage points). */
export function formatDifference(unit: CompareUnit, d: number | null): string {
  if (d === null || !Number.isFinite(d)) return 'n/a'
  const sign = d > 0 ? '+' : d < 0 ? '-' : '±'
  const a = Math.abs(d)
  switch (unit) {
    case 'rate':
      return `${sign}${trimZeros((a * 100).toFixed(a < 0.01 && a !== 0 ? 2 : 1))} pp`
    case 'ms':
      return `${sign}${grouped(Math.round(a), 0)} ms`
    case 'usd':
      return `${sign}${usd(a)}`
    default:
      return `${sign}${a.toFixed(unit === 'score' ? 3 : 2)}`
  }
}

/** p written to two significant digits, or below 0.001. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001'
  return `p = ${Number(p.toPrecision(2))}`
}

export interface VerdictInput {
  label: string
  unit: CompareUnit
  higherIsWorse: boolean
  nA: number
  nB: number
  valueA: number | null
  valueB: number | null
  difference: number | null
  ciLow: number | null
  ciHigh: number | null
  pValue: number | null
  /** sign of the tested shift (B minus A): the difference for most tests, the rank-biserial for Mann-Whitney */
  direction: number
  magnitude: CompareMagnitude | null
  adequacy: CompareAdequacy
  /** the size each side needs for this test to say anything */
  minN: number
  /** what is counted: 'requests', 'latencies', 'scores' ... */
  noun: string
  /** true for a rank test (Mann-Whitney): it tests whether B's values tend to be higher, not the difference shown */
  rankTest?: boolean
}

/** The outcome and its verdict line. */
export function verdictFor(v: VerdictInput): { outcome: CompareOutcome; verdict: string } {
  const counts = `A has ${v.nA.toLocaleString('en-US')} ${v.noun}, B has ${v.nB.toLocaleString('en-US')}`
  if (v.adequacy === 'insufficient' || v.pValue === null || v.difference === null) {
    return { outcome: 'no_data', verdict: `Cannot compare ${v.label}: ${counts}.` }
  }
  const ci = v.ciLow !== null && v.ciHigh !== null ? `95% CI ${formatDifference(v.unit, v.ciLow)} to ${formatDifference(v.unit, v.ciHigh)}` : null
  const significant = v.pValue < ALPHA && v.direction !== 0
  const covers0 = v.ciLow !== null && v.ciHigh !== null && v.ciLow <= 0 && v.ciHigh >= 0
  if (!significant) {
    if (v.adequacy === 'small') {
      return {
        outcome: 'too_small',
        verdict: `Too few ${v.noun} to say anything about ${v.label} (${counts}; at least ${v.minN.toLocaleString('en-US')} each needed)${ci ? `: B - A could be anywhere from ${formatDifference(v.unit, v.ciLow)} to ${formatDifference(v.unit, v.ciHigh)}` : ''}.`
      }
    }
    return {
      outcome: 'no_clear_difference',
      verdict: `No clear difference in ${v.label} (${formatP(v.pValue)}): ${formatValue(v.unit, v.valueB)} vs ${formatValue(v.unit, v.valueA)}${ci ? `; ${covers0 ? `the ${ci} includes no change` : ci}` : ''}.`
    }
  }
  const worse = v.direction > 0 === v.higherIsWorse
  // Cohen's conventions for h call a 5% -> 8% failure rate "negligible"; for rates the ratio says it better.
  const size =
    v.unit === 'rate'
      ? v.valueA && v.valueB !== null && v.valueA > 0
        ? `, ${Number((v.valueB / v.valueA).toFixed(2))} times A's rate`
        : ''
      : v.magnitude === 'negligible'
        ? ', but the effect is negligible in size'
        : v.magnitude
          ? `, a ${v.magnitude} effect`
          : ''
  const caveat = v.adequacy === 'small' ? ` Small samples (${counts}): read with care.` : ''
  if (v.rankTest) {
    // the test is about B's values tending to be higher or lower; the difference and its interval are context
    return {
      outcome: worse ? 'b_worse' : 'b_better',
      verdict: `B is ${worse ? 'worse' : 'better'} than A on ${v.label}: B's values tend to be ${v.direction > 0 ? 'higher' : 'lower'} (Mann-Whitney ${formatP(v.pValue)})${size}; ${formatValue(v.unit, v.valueB)} vs ${formatValue(v.unit, v.valueA)} (${formatDifference(v.unit, v.difference)}${ci ? `, ${ci}` : ''}).${caveat}`
    }
  }
  return {
    outcome: worse ? 'b_worse' : 'b_better',
    verdict: `B is ${worse ? 'worse' : 'better'} than A on ${v.label}: ${formatValue(v.unit, v.valueB)} vs ${formatValue(v.unit, v.valueA)} (${formatDifference(v.unit, v.difference)}${ci ? `, ${ci}` : ''}; ${formatP(v.pValue)})${size}.${caveat}`
  }
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** The comparison in one or two sentences: where B is worse, better, indistinguishable or untestable. */
export function summaryFor(metrics: readonly CompareMetric[], aRequests: number, bRequests: number): string {
  if (aRequests === 0 || bRequests === 0) return `Nothing to compare: ${aRequests === 0 ? 'A' : 'B'} selects no requests.`
  const by = (o: CompareOutcome): string[] => metrics.filter((m) => m.outcome === o).map((m) => m.label)
  const worse = by('b_worse')
  const better = by('b_better')
  const same = by('no_clear_difference')
  const unknown = [...by('too_small'), ...by('no_data')]
  const parts: string[] = []
  if (worse.length) parts.push(`B is worse than A on ${listWords(worse)}`)
  if (better.length) parts.push(`${worse.length ? 'better' : 'B is better than A'} on ${listWords(better)}`)
  let out = parts.length ? `${parts.join('; ')}.` : 'No metric shows a clear difference between A and B.'
  if (parts.length && same.length) out += ` No clear difference in ${listWords(same)}.`
  if (unknown.length) out += ` Too little data to judge ${listWords(unknown)}.`
  return out
}
