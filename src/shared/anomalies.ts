/** Plain result types of the anomaly and change-point alarms (anomalies.csv of PIPELINE.md section 12): metrics, dimensions, findings, alarms and the daily series behind them. */
import type { ScopeDimension } from './scope'

/** The daily UTC series every slice is checked on. */
export const ANOMALY_METRICS = ['requests', 'failure_rate', 'sla_breach_rate', 'p95_latency_ms', 'cost_usd'] as const
export type AnomalyMetric = (typeof ANOMALY_METRICS)[number]

/**
 * The dimensions whose values are checked as slices of their own (each value its own series), besides
 * the whole scope (`all`). Names reach SQL as identifiers, so this is a fixed allow-list; a column
 * added here is picked up by the query, the slices, the responsible-slice search and the drilldowns
 * (it must also be a scope dimension). `cluster` is not a column: it is the active cluster run's
 * assignment (joined on the interactions rowid), checked only while clusters are computed.
 */
export const ANOMALY_DIMENSIONS = ['model_name', 'use_case', 'account_tier', 'cluster'] as const satisfies readonly ScopeDimension[]
export type AnomalyDimension = (typeof ANOMALY_DIMENSIONS)[number]

/** Dimensions that exist only while the clusters are computed (else they are left out: nothing changes). */
export const CLUSTER_ANOMALY_DIMENSION = 'cluster' satisfies AnomalyDimension

/** The words an alarm uses for a dimension ("no model, use case, tier or cluster within it stands out"). */
export const ANOMALY_DIMENSION_NOUNS: Record<AnomalyDimension, { one: string; many: string }> = {
  model_name: { one: 'model', many: 'models' },
  use_case: { one: 'use case', many: 'use cases' },
  account_tier: { one: 'tier', many: 'tiers' },
  cluster: { one: 'cluster', many: 'clusters' }
}

/** How a slice reads: "model_name = gemini-1.5-flash"; a cluster by its id and label ("cluster #3 refund · charged twice"). */
export function sliceValueText(dimension: AnomalyDimension, value: string, label?: string | null): string {
  if (dimension === 'cluster') return `cluster #${value}${label ? ` ${label}` : ''}`
  return `${dimension} = ${value}`
}

/** At most this many values of one dimension are checked (the ones with most requests in scope). */
export const ANOMALY_MAX_VALUES_PER_DIMENSION = 25

export type AnomalyKind = 'change_point' | 'spike'
export type AnomalyDirection = 'up' | 'down'
/** worse: costs failures, breaches, money or traffic; better: an improvement; neutral: a traffic shift that is not an outage */
export type AnomalyTone = 'worse' | 'better' | 'neutral'

/** A slice the finding (or its cause) is about: `{}` is the whole scope. */
export type SliceFilters = Partial<Record<AnomalyDimension, string>>

/** The sub-slice that holds most of a finding's excess since the change (or on the spike day). */
export interface ResponsibleSlice {
  filters: SliceFilters
  /** "model_name = gemini-1.5-flash" */
  label: string
  /** its excess in the finding's impact unit (failures, breaches, USD or requests), signed like the finding */
  excess: number
  /** excess / total excess of the same sign over that dimension's slices (0..1) */
  share: number
  /** requests of the sub-slice in the window the excess is counted over */
  requests: number
  /** its share of the requests of that dimension's slices in that window: share / request_share above 1 means the excess concentrates there */
  request_share: number
}

/** One finding on one daily series: a change of level or a one-day spike (a row of anomalies.csv). */
export interface AnomalyFinding {
  /** stable id: kind:metric:dimension=value:date */
  id: string
  metric: AnomalyMetric
  /** 'all' (the whole scope) or a column of ANOMALY_DIMENSIONS */
  dimension: 'all' | AnomalyDimension
  /** the column's value ('all' for the whole scope; a null value reads 'unknown'; a cluster's id) */
  value: string
  /** what the value reads as when the id alone says little: a cluster's label (absent for columns) */
  value_label?: string
  /** change_point: the first UTC day that departs from the old level; spike: that day */
  date: string
  kind: AnomalyKind
  direction: AnomalyDirection
  tone: AnomalyTone
  /** change_point: first day at the new level (= date for a step, later for a gradual change); spike: the day */
  level_reached: string
  /** days from date to level_reached (0 for a step or a spike) */
  ramp_days: number
  /** level before (change) or the expected value (spike), in the metric's unit: requests/day, share, ms, USD/day */
  before: number | null
  /** level after (change) or the observed value (spike) */
  after: number | null
  /** after - before */
  change: number | null
  /** after / before - 1 (null when before is 0 or null) */
  relative_change: number | null
  /** Bonferroni-adjusted significance as a two-sided normal z (accounting for the request count of each day and over-dispersion) */
  z: number
  p_value: number
  /** first and last UTC day of the series the finding was tested in (the segment for a change) */
  segment_from: string
  segment_to: string
  /** last UTC day with data in scope: "since the change" runs to here */
  last_day: string
  /** days from date to last_day inclusive (1 for a spike) */
  days: number
  /** rows of the slice from date to last_day (a change) or on the day (a spike): the Explorer's count */
  requests: number
  /** failures among them */
  failures: number
  extra_requests: number | null
  extra_failures: number | null
  extra_breaches: number | null
  extra_cost_usd: number | null
  /** the ranking number: extra failures x FAILURE_EVENT_COST_USD, extra breaches x SLA_BREACH_PENALTY_USD, extra cost, or for traffic |extra requests| x cost per request */
  impact_usd: number
  responsible: ResponsibleSlice | null
  /** rows behind the finding: since the change (date to last_day) or the spike day, in the finding's slice */
  rows: AnomalyWindow
  /** the two windows to compare: before vs after the change (old level's days vs new level's days), or the 7 days before a spike vs the day */
  compare: { before: AnomalyWindow; after: AnomalyWindow }
  /** the id of the alarm the finding is grouped under */
  alarm_id: string
  /** 1 = most impact; findings in alarm order, then by impact within an alarm */
  rank: number
}

/**
 * Rows of one slice over a range of UTC days, to narrow the current scope with (a drilldown target):
 * a null in a value list selects rows where the column is null ('unknown' stands for both).
 */
export interface AnomalyWindow {
  filters: Partial<Record<AnomalyDimension, (string | null)[]>>
  /** first and last UTC day, inclusive */
  from: string
  to: string
}

/** Findings of one metric, kind and direction, close in time and traced to the same cause: what the alarm list shows as one line. */
export interface AnomalyAlarm {
  /** the headline finding's id */
  id: string
  rank: number
  tone: AnomalyTone
  /** the finding the alarm is headed by: the slice the change is traced to (its excess concentrates there), else the whole scope */
  headline: AnomalyFinding
  /** the other findings of the group (other slices of the same event), by impact */
  related: AnomalyFinding[]
}

/** Everything the Alerts page, the Overview's alarm panel and the chart markers need. */
export interface AnomalyReport {
  /** first and last UTC day with timed rows in scope (null when none) */
  first_day: string | null
  last_day: string | null
  days: number
  /** series checked (metric x slice) and slices per dimension */
  series_checked: number
  slices: { dimension: 'all' | AnomalyDimension; values: number }[]
  /** the knobs used */
  z: number
  min_requests: number
  alarms: AnomalyAlarm[]
  /** every finding (the rows of anomalies.csv), in rank order */
  findings: AnomalyFinding[]
}

/** One slice's daily series with the fitted levels and its findings, for the chart of an alarm. */
export interface AnomalySeries {
  metric: AnomalyMetric
  dimension: 'all' | AnomalyDimension
  value: string
  /** a cluster's label (absent for the columns) */
  value_label?: string
  /** every UTC day from first_day to last_day */
  dates: string[]
  /** the metric per day (null: no rows, or fewer than ANOMALY_MIN_REQUESTS for a rate or latency) */
  values: (number | null)[]
  /** the level the detector fitted per day (null where it has none) */
  fitted: (number | null)[]
  /** the rows per day behind each value (requests; requests with a latency for latency metrics; with a cost for cost) */
  support: number[]
  /** rows per day (what a drilldown into the day shows) */
  requests: number[]
  findings: AnomalyFinding[]
  /** false when the slice had too little support to be checked for this metric */
  checked: boolean
}
