/** Pure reading of anomaly findings for the Alerts page and the Overview: titles, values in their units, impact and responsibility in words, and the drilldowns to exactly the rows behind them. */
import { sliceValueText, type AnomalyAlarm, type AnomalyFinding, type AnomalyMetric, type AnomalyReport, type AnomalyWindow } from '../../../shared/anomalies'
import { anomalyMarkers, type AnomalyMarker } from './anomalyMarkers'
import type { DrilldownTarget } from './drilldown'
import { formatInt, formatMs, formatNumber, formatPercent, formatUsd, plural } from './format'

/** The page id of the Alerts page in the page registry. */
export const ALERTS_PAGE_ID = 'alerts'

export const METRIC_LABELS: Record<AnomalyMetric, string> = {
  requests: 'Requests',
  failure_rate: 'Failure rate',
  sla_breach_rate: 'SLA breach rate',
  p95_latency_ms: 'p95 latency',
  cost_usd: 'Cost'
}

/** A value in the metric's unit: requests a day, a share, milliseconds, dollars a day. */
export function formatMetricValue(metric: AnomalyMetric, v: number | null | undefined): string {
  switch (metric) {
    case 'requests':
      return `${formatInt(v)}/day`
    case 'failure_rate':
    case 'sla_breach_rate':
      return formatPercent(v)
    case 'p95_latency_ms':
      return formatMs(v)
    case 'cost_usd':
      return `${formatUsd(v)}/day`
  }
}

/** "model_name = gemini-1.5-flash", a cluster by id and label ("cluster #3 refund charged"), or "all requests" for the whole scope. */
export function sliceName(f: Pick<AnomalyFinding, 'dimension' | 'value' | 'value_label'>): string {
  return f.dimension === 'all' ? 'all requests' : sliceValueText(f.dimension, f.value, f.value_label)
}

/** One line: what moved, from what to what, since when (or on which day for a spike). */
export function findingTitle(f: AnomalyFinding): string {
  const m = METRIC_LABELS[f.metric]
  const from = formatMetricValue(f.metric, f.before)
  const to = formatMetricValue(f.metric, f.after)
  if (f.kind === 'spike') return `${m} ${f.direction === 'up' ? 'spiked' : 'dropped'} on ${f.date}: ${to} (expected ${from})`
  const ramp = f.ramp_days > 0 ? `, new level from ${f.level_reached}` : ''
  return `${m} ${f.direction === 'up' ? 'up' : 'down'} ${from} → ${to} since ${f.date}${ramp}`
}

const signed = (v: number, fmt: (x: number) => string): string => `${v > 0 ? '+' : v < 0 ? '−' : ''}${fmt(Math.abs(v))}`

/** What the finding costs since the change (or on the spike day), in its own unit and in dollars. */
export function impactText(f: AnomalyFinding): string {
  const when = f.kind === 'spike' ? 'that day' : `since ${f.date}`
  const usd = f.impact_usd !== 0 ? ` (${signed(f.impact_usd, formatUsd)})` : ''
  if (f.extra_failures !== null) return `${signed(f.extra_failures, (x) => formatNumber(x, 0))} failures ${when}${usd}`
  if (f.extra_breaches !== null) return `${signed(f.extra_breaches, (x) => formatNumber(x, 0))} SLA breaches ${when}${usd}`
  if (f.extra_cost_usd !== null) return `${signed(f.extra_cost_usd, formatUsd)} cost ${when}`
  if (f.extra_requests !== null) return `${signed(f.extra_requests, (x) => formatNumber(x, 0))} requests ${when}${usd}`
  return '—'
}

/** The excess's unit, for the responsibility sentence. */
function excessUnit(f: AnomalyFinding): string {
  if (f.extra_failures !== null) return 'extra failures'
  if (f.extra_breaches !== null) return 'extra SLA breaches'
  if (f.extra_cost_usd !== null) return 'extra cost'
  return 'change in requests'
}

/** Where the finding comes from, in words. */
export function responsibleText(f: AnomalyFinding): string {
  const r = f.responsible
  if (!r) return 'No single slice stands out.'
  if (f.dimension !== 'all' && r.share === 1 && r.request_share === 1) return `${r.label} as a whole: no model, use case or tier within it stands out.`
  return `${r.label}: ${formatPercent(r.share, 0)} of the ${excessUnit(f)} with ${formatPercent(r.request_share, 0)} of the requests.`
}

export interface FindingLink {
  label: string
  target: DrilldownTarget
  /** rows the Explorer will show */
  expected: number
  origin: string
  testId: string
}

function windowTarget(w: AnomalyWindow): DrilldownTarget {
  return w.from === w.to ? { filters: w.filters, day: w.from } : { filters: w.filters, from: w.from, to: w.to }
}

/** The drilldowns of a finding: its rows (since the change, or the spike day), and the failures among them for a failure finding. */
export function findingLinks(f: AnomalyFinding, testIdPrefix = 'alarm'): FindingLink[] {
  const period = f.kind === 'spike' ? `on ${f.date}` : `${f.date} → ${f.last_day}`
  const where = sliceName(f)
  const links: FindingLink[] = [
    { label: plural(f.requests, 'request'), target: windowTarget(f.rows), expected: f.requests, origin: `Alerts · ${where}, ${period}`, testId: `${testIdPrefix}-rows` }
  ]
  if (f.metric === 'failure_rate' && f.failures > 0) {
    links.push({
      label: plural(f.failures, 'failure'),
      target: { ...windowTarget(f.rows), is_failure: true },
      expected: f.failures,
      origin: `Alerts · failures of ${where}, ${period}`,
      testId: `${testIdPrefix}-failures`
    })
  }
  return links
}

/** The two scopes an alarm compares (before vs after the change, or the week before vs the spike day), as drilldown targets on top of the current scope. */
export function compareTargets(f: AnomalyFinding): { before: DrilldownTarget; after: DrilldownTarget } {
  return { before: windowTarget(f.compare.before), after: windowTarget(f.compare.after) }
}

/** The alarm's one-line summary for lists: the headline's slice and title. */
export function alarmTitle(a: AnomalyAlarm): string {
  const h = a.headline
  return h.dimension === 'all' ? findingTitle(h) : `${sliceName(h)}: ${findingTitle(h)}`
}

/** "also seen in: all requests, use_case = qa (+2 more)" or empty. */
export function relatedText(a: AnomalyAlarm, max = 3): string {
  if (!a.related.length) return ''
  const names = a.related.map(sliceName)
  const head = names.slice(0, max).join(', ')
  return `Also seen in ${head}${names.length > max ? ` (+${names.length - max} more)` : ''}.`
}

/** The markers of each metric's alarms for charts (lib/anomalyMarkers), labelled with the alarm's title. */
export function metricMarkers(report: AnomalyReport | null | undefined, metric: AnomalyMetric): AnomalyMarker[] {
  return anomalyMarkers(report, metric, alarmTitle)
}
