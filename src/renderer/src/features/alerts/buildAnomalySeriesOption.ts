/** Pure echarts option for one slice's daily series on the Alerts page: the daily values as bars, the level the detector fitted as a line, each change point and spike marked, a gradual change shaded. */
import type { EChartsOption } from 'echarts'
import type { AnomalySeries } from '../../../../shared/anomalies'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { markerLines } from '../../lib/anomalyMarkers'
import { findingTitle, formatMetricValue, METRIC_LABELS, sliceName } from '../../lib/anomalyView'
import { formatCompact, formatInt, formatPercent, formatUsd } from '../../lib/format'

/** Above this many days the chart gets a zoom slider. */
const ZOOM_DAYS = 62

function axisLabel(metric: AnomalySeries['metric']): (v: number) => string {
  switch (metric) {
    case 'requests':
      return (v) => formatCompact(v)
    case 'failure_rate':
    case 'sla_breach_rate':
      return (v) => formatPercent(v, v === 0 ? 0 : 1)
    case 'p95_latency_ms':
      return (v) => `${formatCompact(v)} ms`
    case 'cost_usd':
      return (v) => (v === 0 ? '$0' : formatUsd(v))
  }
}

/** What the chart shows, for screen readers. */
export function seriesDescription(s: AnomalySeries): string {
  if (!s.dates.length) return 'No timed requests in scope.'
  const f = s.findings.map(findingTitle).join('; ')
  return `${METRIC_LABELS[s.metric]} of ${sliceName(s)} per UTC day, ${formatInt(s.dates.length)} days from ${s.dates[0]} to ${s.dates[s.dates.length - 1]}${s.checked ? '' : ' (too few requests to be checked)'}; ${s.findings.length ? `findings: ${f}` : 'no finding'}.`
}

/** Days a finding covers: a spike's day, a change's transition (date to level reached). */
function flaggedDays(s: AnomalySeries): Set<string> {
  const out = new Set<string>()
  for (const f of s.findings) {
    if (f.kind === 'spike') out.add(f.date)
    else for (const d of s.dates) if (d >= f.date && d <= f.level_reached) out.add(d)
  }
  return out
}

export function buildAnomalySeriesOption(s: AnomalySeries): EChartsOption {
  const flagged = flaggedDays(s)
  const fmt = (v: number | null): string => formatMetricValue(s.metric, v)
  const markers = s.findings.map((f) => ({ date: f.date, kind: f.kind, tone: f.tone, label: findingTitle(f) }))
  const ramps = s.findings.filter((f) => f.kind === 'change_point' && f.ramp_days > 0)
  return {
    animationDuration: 300,
    aria: { enabled: true, decal: { show: false }, label: { description: seriesDescription(s) } },
    grid: { left: 8, right: 20, top: 28, bottom: s.dates.length > ZOOM_DAYS ? 52 : 24, containLabel: true },
    legend: { top: 0, right: 8, data: [METRIC_LABELS[s.metric], 'fitted level'], textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (p: unknown) => {
        const first = (Array.isArray(p) ? p[0] : p) as { dataIndex: number } | undefined
        if (!first) return ''
        const i = first.dataIndex
        const here = s.findings.filter((f) => f.date === s.dates[i])
        return [
          `<b>${s.dates[i]}</b> (UTC)`,
          `${METRIC_LABELS[s.metric]} <b>${fmt(s.values[i])}</b> · fitted ${fmt(s.fitted[i])}`,
          `${formatInt(s.support[i])} ${s.metric === 'p95_latency_ms' || s.metric === 'sla_breach_rate' ? 'requests with a latency' : s.metric === 'cost_usd' ? 'requests with a cost' : 'requests'}`,
          ...here.map((f) => `<b>${findingTitle(f)}</b>`),
          '<span style="opacity:.7">Click: open this day’s requests of the slice</span>'
        ].join('<br/>')
      }
    },
    xAxis: { type: 'category', data: s.dates, axisLabel: { hideOverlap: true, formatter: (v: string) => v.slice(5) } },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: axisLabel(s.metric) } },
    dataZoom: s.dates.length > ZOOM_DAYS ? [{ type: 'slider', height: 18, bottom: 6 }, { type: 'inside' }] : undefined,
    series: [
      {
        type: 'bar',
        name: METRIC_LABELS[s.metric],
        barMaxWidth: 16,
        cursor: 'pointer',
        data: s.values.map((v, i) => ({ value: v, itemStyle: { color: flagged.has(s.dates[i]) ? SEMANTIC_COLORS.bad : SEMANTIC_COLORS.accent, opacity: s.fitted[i] === null && s.checked ? 0.45 : 1, borderRadius: [2, 2, 0, 0] } })),
        markLine: markers.length ? { silent: true, symbol: 'none', data: markerLines(markers, s.dates) } : undefined,
        markArea: ramps.length
          ? { silent: true, itemStyle: { color: 'rgba(229, 72, 77, 0.08)' }, data: ramps.map((f) => [{ xAxis: f.date }, { xAxis: f.level_reached }]) }
          : undefined
      },
      {
        type: 'line',
        name: 'fitted level',
        data: s.fitted,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { type: 'dashed', width: 2, color: SEMANTIC_COLORS.warn },
        itemStyle: { color: SEMANTIC_COLORS.warn },
        z: 3
      }
    ]
  }
}

/** The series as CSV rows: date, value, fitted level, support, rows (what the table view and the CSV export show). */
export function seriesRows(s: AnomalySeries): { date: string; value: number | null; fitted: number | null; support: number; requests: number; finding: string }[] {
  return s.dates.map((date, i) => ({
    date,
    value: s.values[i],
    fitted: s.fitted[i],
    support: s.support[i],
    requests: s.requests[i],
    finding: s.findings
      .filter((f) => f.date === date)
      .map((f) => (f.kind === 'spike' ? 'spike' : 'change'))
      .join(' ')
  }))
}
