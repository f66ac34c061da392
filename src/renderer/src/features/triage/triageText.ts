/** Pure wording of a triage result for operators: the recommendation per operating mode (as triage_threshold_policy.json writes it), what each mode and calibration source means, and the threshold steps of the sweep. */
import type { TriageCurveRow, TriageOperatingMode, TriageTimeSplit } from '../../../../shared/triage'

// The recommendation is the one triage_threshold_policy.json carries: written once, in src/shared/artifacts.
export { triageRecommendation } from '../../../../shared/artifacts/triageArtifacts'

export const OPERATING_MODE_TEXT: Record<TriageOperatingMode, string> = {
  cost_optimal: 'The cheapest threshold also fits the review capacity.',
  capacity_bound: 'The cheapest threshold would exceed the review capacity, so a capacity-feasible one was chosen.',
  conservative_review_all_equivalent: 'The chosen threshold reviews 95% of rows or more: in effect "review everything".'
}

export const OPERATING_MODE_TONE: Record<TriageOperatingMode, 'good' | 'warn'> = {
  cost_optimal: 'good',
  capacity_bound: 'warn',
  conservative_review_all_equivalent: 'warn'
}

export const CALIBRATION_SOURCE_TEXT: Record<NonNullable<TriageTimeSplit['calibration_source']>, string> = {
  val_split: "the dataset's val split",
  time_tail_of_history: 'the latest 15% of history (after its 85th time percentile)',
  fit_rows_fallback: 'the fit rows (fallback: the calibration window was empty or held one class)'
}

/** The curve row of a threshold (the sweep writes t = i / 100 with two decimals), or null. */
export function curveRowAt(curve: readonly TriageCurveRow[], threshold: number): TriageCurveRow | null {
  const key = Math.round(threshold * 100)
  return curve.find((r) => Math.round(r.threshold * 100) === key) ?? null
}

/** A threshold as the artifacts write it: 0.05 -> "0.05". */
export function formatThreshold(t: number): string {
  return t.toFixed(2)
}

/** Slider bounds and step from the curve (0.05..0.95 by 0.01 for a full sweep). */
export function sliderRange(curve: readonly TriageCurveRow[]): { min: number; max: number; step: number } {
  if (curve.length === 0) return { min: 0.05, max: 0.95, step: 0.01 }
  const ts = curve.map((r) => r.threshold)
  return { min: Math.min(...ts), max: Math.max(...ts), step: 0.01 }
}
