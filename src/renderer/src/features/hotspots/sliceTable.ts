/** Pure helpers of the Hotspots page: the slice-table settings in the URL, the minimum-support input, CSV of the tables, drilldown targets and the history-window wording. */
import { SLICE_DIMENSIONS, type ModelHotspot, type ModelHotspots, type RiskSlice, type RiskSliceTable, type SliceDimension } from '../../../../shared/analysis'
import type { WindowsInfo } from '../../../../shared/types'
import { formatHash, parseHash } from '../../app/route'
import { toCsv } from '../../lib/csv'
import { groupValues, type DrilldownLabel, type DrilldownTarget } from '../../lib/drilldown'
import { DIMENSION_LABELS } from '../../lib/dimensions'
import { formatInt, formatUtc } from '../../lib/format'

/** The ranked table's default dimensions (those of the risk_slices.csv artifact). */
export const DEFAULT_SLICE_DIMENSIONS: readonly [SliceDimension, SliceDimension] = ['use_case', 'account_tier']

/** Page parameters of the slice table: `a` and `b` (dimensions) and `min` (minimum support, as typed). */
export interface SliceSettings {
  dimensions: [SliceDimension, SliceDimension]
  /** the minimum-support input as typed; '' means "the MIN_REQUESTS_SLICE knob" */
  minText: string
}

function isSliceDimension(s: string | undefined): s is SliceDimension {
  return s !== undefined && (SLICE_DIMENSIONS as readonly string[]).includes(s)
}

/** Reads the slice-table settings from page parameters; unknown or equal dimensions fall back to the defaults. */
export function readSliceSettings(params: Record<string, string>): SliceSettings {
  const a = params.a
  const b = params.b
  const dimensions: [SliceDimension, SliceDimension] = isSliceDimension(a) && isSliceDimension(b) && a !== b ? [a, b] : [...DEFAULT_SLICE_DIMENSIONS]
  return { dimensions, minText: params.min ?? '' }
}

/** Writes the settings as page parameters (defaults and an empty minimum are left out). */
export function sliceSettingsParams(s: SliceSettings): Record<string, string> {
  const out: Record<string, string> = {}
  if (s.dimensions[0] !== DEFAULT_SLICE_DIMENSIONS[0] || s.dimensions[1] !== DEFAULT_SLICE_DIMENSIONS[1]) {
    out.a = s.dimensions[0]
    out.b = s.dimensions[1]
  }
  if (s.minText.trim() !== '') out.min = s.minText.trim()
  return out
}

/** The minimum support typed by the operator: a whole number of at least 1, or null for "the knob" when empty. */
export function parseMinSupport(text: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const t = text.trim()
  if (t === '') return { ok: true, value: null }
  if (!/^\d+$/.test(t)) return { ok: false, message: 'Minimum support must be a whole number of requests (1 or more).' }
  const value = Number(t)
  if (value < 1) return { ok: false, message: 'Minimum support must be at least 1 request.' }
  if (value > 1_000_000_000) return { ok: false, message: 'Minimum support must be at most 1,000,000,000.' }
  return { ok: true, value }
}

/** The slice table as CSV (full precision): the two dimension columns, then the metrics, in rank order. */
export function sliceTableCsv(table: RiskSliceTable): string {
  return toCsv(
    [...table.dimensions, 'requests', 'fail_rate', 'p95_latency', 'avg_cost', 'score'],
    table.rows.map((r) => [r.key[0], r.key[1], r.requests, r.fail_rate, r.p95_latency, r.avg_cost, r.score])
  )
}

/** The model hotspots as CSV (full precision), in the backend's order. */
export function hotspotsCsv(h: ModelHotspots): string {
  return toCsv(
    ['model_provider', 'model_name', 'requests', 'fail_rate', 'p95_latency', 'cost_per_request', 'sla_breach_rate', 'bucket'],
    h.rows.map((r) => [r.model_provider, r.model_name, r.requests, r.fail_rate, r.p95_latency, r.cost_per_request, r.sla_breach_rate, r.bucket])
  )
}

/** A file-name part for two dimensions: "use_case_x_account_tier". */
export function dimensionsSlug(dims: readonly [SliceDimension, SliceDimension]): string {
  return `${dims[0]}_x_${dims[1]}`
}

/** What a click opens in the Explorer: the rows (on top of the page scope) and how the Explorer names them. */
export interface Drilldown {
  target: DrilldownTarget
  label: DrilldownLabel
}

/**
 * How a drilldown selects the history window its numbers were computed on: the scope's `window`
 * when the URL carries it; else, for a dataset split, `split = train` (the same rows); else nothing
 * (the Explorer then counts every window, and says so instead of expecting the number).
 */
export type HistorySelector = 'window' | 'split' | 'none'

/** True when a scope's `window` survives the hash route the navigation writes. */
export function urlKeepsWindow(): boolean {
  return parseHash(formatHash({ page: 'explorer', scope: { window: 'history' }, params: {} })).scope.window === 'history'
}

export function historySelector(w: WindowsInfo | undefined, keepsWindow: boolean = urlKeepsWindow()): HistorySelector {
  if (keepsWindow) return 'window'
  return w?.windowing_method === 'dataset_split' ? 'split' : 'none'
}

function drilldownOn(sel: HistorySelector, filters: NonNullable<DrilldownTarget['filters']>, what: string, requests: number): Drilldown {
  if (sel === 'window') return { target: { filters, window: 'history' }, label: { origin: `Hotspots · ${what} (history window)`, expected: requests } }
  if (sel === 'split') return { target: { filters: { ...filters, split: ['train'] } }, label: { origin: `Hotspots · ${what} (history window: split = train)`, expected: requests } }
  return { target: { filters }, label: { origin: `Hotspots · ${what}: every window in scope (the history window had ${formatInt(requests)})` } }
}

/** The Explorer drilldown of one slice: both dimension values ('unknown' also selects nulls, as the analysis grouped them), on the history window. */
export function sliceDrilldown(dims: readonly [SliceDimension, SliceDimension], slice: RiskSlice, sel: HistorySelector): Drilldown {
  const filters = { [dims[0]]: groupValues(slice.key[0]), [dims[1]]: groupValues(slice.key[1]) }
  return drilldownOn(sel, filters, `${DIMENSION_LABELS[dims[0]]} ${slice.key[0]} × ${DIMENSION_LABELS[dims[1]]} ${slice.key[1]}`, slice.requests)
}

/** The Explorer drilldown of one model of the risk map, on the history window. */
export function hotspotDrilldown(m: ModelHotspot, sel: HistorySelector): Drilldown {
  return drilldownOn(sel, { model_provider: groupValues(m.model_provider), model_name: groupValues(m.model_name) }, `model ${m.model_provider} / ${m.model_name}`, m.requests)
}

/** What a click on this page opens, in one sentence. */
export function drilldownNote(sel: HistorySelector): string {
  if (sel === 'none') return 'A click opens the same slice in the Explorer across every window of the scope, so its count includes rows outside the history window and is larger than the number here.'
  return `A click opens exactly these history-window requests in the Explorer${sel === 'split' ? ' (filter split = train)' : ''}, so its row count equals the number clicked.`
}

/** One sentence naming the history window of the loaded data, for the page's caveat. */
export function historyWindowText(w: WindowsInfo | undefined): string {
  if (!w || !w.windowing_method) return 'the history window (this dataset has none: no split column and no timestamps, so these analyses are empty)'
  if (w.windowing_method === 'dataset_split') return `the history window (history = train alone, ${formatInt(w.history_rows)} rows in the dataset; val is the calibration window only)`
  return `the history window (sessions that started on or before ${formatUtc(w.cut_ts)} UTC, calibration rows included: ${formatInt(w.history_rows)} rows in the dataset)`
}
