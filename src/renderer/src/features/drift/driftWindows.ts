/** Pure handling of the Drift page's window choice: the three window pairs, the operator's two date ranges (defaults, validation against the dataset's days) and how both live in the page URL. */
import type { DriftDateRanges, DriftWindowKind } from '../../../../shared/drift'
import { utcDay } from '../../lib/format'
import { isIsoDay } from '../../lib/scopeUrl'

export const DRIFT_WINDOW_KINDS: readonly DriftWindowKind[] = ['history_vs_evaluation', 'temporal_early_vs_recent', 'date_ranges']

export const DRIFT_WINDOW_LABEL: Record<DriftWindowKind, string> = {
  history_vs_evaluation: 'History vs evaluation',
  temporal_early_vs_recent: 'Early vs recent',
  date_ranges: 'Two date ranges'
}

/** What each pair compares, for the subtitle. */
export function describeWindow(kind: DriftWindowKind, method: string | null): string {
  switch (kind) {
    case 'history_vs_evaluation':
      return method === 'dataset_split'
        ? "The dataset's own split: history = train (train alone; val is the calibration window only) against evaluation = test."
        : method === 'session_safe_time_split'
          ? 'The session-safe time split: history (sessions that started on or before the cut, calibration rows included) against evaluation (the later sessions).'
          : 'History against evaluation (no windowing: both are empty).'
    case 'temporal_early_vs_recent':
      return 'The earliest DRIFT_REFERENCE_FRAC of timed rows against the latest DRIFT_CURRENT_FRAC (a stable time sort).'
    case 'date_ranges':
      return 'Two ranges of UTC days you pick, both ends included.'
  }
}

export interface DayBounds {
  min: string
  max: string
}

/** First and last UTC day with data, from DatasetSummary.timeRange; null when nothing is timed. */
export function dayBounds(timeRange: { first_utc: string | null; last_utc: string | null }): DayBounds | null {
  const min = utcDay(timeRange.first_utc)
  const max = utcDay(timeRange.last_utc)
  return min && max ? { min, max } : null
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/** A starting point: the first half of the days as reference, the second half as current (one day each when there is only one). */
export function defaultDateRanges(b: DayBounds): DriftDateRanges {
  const span = daysBetween(b.min, b.max)
  if (span < 1) return { reference: { from: b.min, to: b.max }, current: { from: b.min, to: b.max } }
  const mid = addDays(b.min, Math.floor(span / 2))
  return { reference: { from: b.min, to: mid }, current: { from: addDays(mid, 1), to: b.max } }
}

export type DateField = 'referenceFrom' | 'referenceTo' | 'currentFrom' | 'currentTo'
export type DateDraft = Record<DateField, string>

export function draftFromRanges(r: DriftDateRanges): DateDraft {
  return { referenceFrom: r.reference.from, referenceTo: r.reference.to, currentFrom: r.current.from, currentTo: r.current.to }
}

export interface DateRangesCheck {
  /** set when every field is valid */
  ranges: DriftDateRanges | null
  errors: Partial<Record<DateField, string>>
  /** valid but worth a second look */
  warnings: string[]
}

/** Every end must be a real day within the data's days, and each range must start on or before its end. */
export function checkDateRanges(d: DateDraft, bounds: DayBounds | null): DateRangesCheck {
  const errors: Partial<Record<DateField, string>> = {}
  for (const f of ['referenceFrom', 'referenceTo', 'currentFrom', 'currentTo'] as const) {
    const v = d[f].trim()
    if (!isIsoDay(v)) errors[f] = 'a day as YYYY-MM-DD'
    else if (bounds && (v < bounds.min || v > bounds.max)) errors[f] = `the data runs from ${bounds.min} to ${bounds.max}`
  }
  if (!errors.referenceFrom && !errors.referenceTo && d.referenceFrom > d.referenceTo) errors.referenceTo = 'must not be before the start'
  if (!errors.currentFrom && !errors.currentTo && d.currentFrom > d.currentTo) errors.currentTo = 'must not be before the start'
  if (Object.keys(errors).length) return { ranges: null, errors, warnings: [] }
  const ranges = { reference: { from: d.referenceFrom.trim(), to: d.referenceTo.trim() }, current: { from: d.currentFrom.trim(), to: d.currentTo.trim() } }
  const warnings: string[] = []
  if (ranges.reference.from <= ranges.current.to && ranges.current.from <= ranges.reference.to) warnings.push('The two ranges overlap: rows in both count on each side.')
  return { ranges, errors, warnings }
}

/** Page URL parameters of the Drift page. */
export const DRIFT_PARAMS = { window: 'win', feature: 'feature', refFrom: 'rf', refTo: 'rt', curFrom: 'cf', curTo: 'ct' } as const

export interface DriftView {
  kind: DriftWindowKind
  /** applied date ranges (only meaningful for date_ranges) */
  ranges: DriftDateRanges | null
  feature: string | null
}

export function viewFromParams(params: Record<string, string>): DriftView {
  const w = params[DRIFT_PARAMS.window]
  const kind = (DRIFT_WINDOW_KINDS as readonly string[]).includes(w) ? (w as DriftWindowKind) : 'history_vs_evaluation'
  const [rf, rt, cf, ct] = [params[DRIFT_PARAMS.refFrom], params[DRIFT_PARAMS.refTo], params[DRIFT_PARAMS.curFrom], params[DRIFT_PARAMS.curTo]]
  const ranges = [rf, rt, cf, ct].every(isIsoDay) && rf <= rt && cf <= ct ? { reference: { from: rf, to: rt }, current: { from: cf, to: ct } } : null
  return { kind, ranges, feature: params[DRIFT_PARAMS.feature] || null }
}

export function paramsFromView(v: DriftView): Record<string, string> {
  const p: Record<string, string> = {}
  if (v.kind !== 'history_vs_evaluation') p[DRIFT_PARAMS.window] = v.kind
  if (v.ranges) {
    p[DRIFT_PARAMS.refFrom] = v.ranges.reference.from
    p[DRIFT_PARAMS.refTo] = v.ranges.reference.to
    p[DRIFT_PARAMS.curFrom] = v.ranges.current.from
    p[DRIFT_PARAMS.curTo] = v.ranges.current.to
  }
  if (v.feature) p[DRIFT_PARAMS.feature] = v.feature
  return p
}
