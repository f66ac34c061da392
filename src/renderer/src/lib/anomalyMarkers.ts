/** Anomaly markers for every daily chart: the alarms of one metric as dated marks, and the echarts markLine items that draw them on a category axis of days. */
import type { AnomalyKind, AnomalyMetric, AnomalyReport, AnomalyTone } from '../../../shared/anomalies'
import { SEMANTIC_COLORS } from '../components/chartThemes'

export interface AnomalyMarker {
  /** UTC day, YYYY-MM-DD */
  date: string
  kind: AnomalyKind
  tone: AnomalyTone
  /** what the alarm says, e.g. "model_name = gemini-1.5-flash: p95 latency up since 2025-03-18" */
  label: string
  /** the slices the alarms are headed by ("gemini-1.5-flash"), empty for the whole scope: the line's caption */
  slices?: string[]
}

/** Alarm lines in a colour of their own (bars are accent or red, budgets orange), green for an improvement, grey for a traffic shift. */
export const MARKER_COLORS: Record<AnomalyTone, string> = { worse: '#8e4ec6', better: SEMANTIC_COLORS.good, neutral: SEMANTIC_COLORS.neutral }
const TONE_ORDER: Record<AnomalyTone, number> = { worse: 0, neutral: 1, better: 2 }

/**
 * One marker per alarm headed on this metric, at the headline's date; alarms on the same day share one
 * marker (the worst tone, the labels joined), in date order.
 */
export function anomalyMarkers(report: AnomalyReport | null | undefined, metric: AnomalyMetric, describe: (a: AnomalyReport['alarms'][number]) => string): AnomalyMarker[] {
  if (!report) return []
  const byDay = new Map<string, AnomalyMarker>()
  for (const a of report.alarms) {
    const h = a.headline
    if (h.metric !== metric) continue
    const prev = byDay.get(h.date)
    const label = describe(a)
    const slices = h.dimension === 'all' ? [] : [h.value]
    if (!prev) byDay.set(h.date, { date: h.date, kind: h.kind, tone: h.tone, label, slices })
    else {
      prev.label = `${prev.label}\n${label}`
      prev.slices = [...(prev.slices ?? []), ...slices]
      if (TONE_ORDER[h.tone] < TONE_ORDER[prev.tone]) prev.tone = h.tone
      if (h.kind === 'change_point') prev.kind = 'change_point'
    }
  }
  return [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/** An echarts markLine item: a vertical line at a day of a category axis. */
export interface MarkerLine {
  xAxis: string
  name: string
  lineStyle: { color: string; type: 'solid' | 'dotted'; width: number }
  label: { show: boolean; formatter: string; color: string; fontSize: number; position: 'insideEndTop' }
}

const CAPTION_CHARS = 24

/** "change", or the slices it is in ("change: gemini-1.5-flash"), cut to fit beside a line. */
function caption(m: AnomalyMarker): string {
  const kind = m.kind === 'change_point' ? 'change' : 'spike'
  const text = m.slices?.length ? `${kind}: ${m.slices.join(', ')}` : kind
  return text.length > CAPTION_CHARS ? `${text.slice(0, CAPTION_CHARS - 1)}…` : text
}

/**
 * The markLine items for the markers whose day is on the axis (a change: solid, a spike: dotted),
 * captioned with the kind and the slice; `captions: false` draws the lines alone (for charts too short for a caption).
 */
export function markerLines(markers: readonly AnomalyMarker[], dates: readonly string[], opts: { captions?: boolean } = {}): MarkerLine[] {
  const captions = opts.captions ?? true
  const onAxis = new Set(dates)
  return markers
    .filter((m) => onAxis.has(m.date))
    .map((m) => ({
      xAxis: m.date,
      name: m.label,
      lineStyle: { color: MARKER_COLORS[m.tone], type: m.kind === 'change_point' ? 'solid' : 'dotted', width: 1.5 },
      label: { show: captions, formatter: caption(m), color: MARKER_COLORS[m.tone], fontSize: 9, position: 'insideEndTop' }
    }))
}
