/** anomalies.csv of PIPELINE.md section 12: one row per finding (change point or spike) in rank order, written the same way by the CLI and the Alerts page. */
import { ANOMALY_DIMENSIONS, type AnomalyFinding, type AnomalyReport } from '../anomalies'
import { toCsv, type CsvCell } from './csv'

export const ANOMALIES_FILE = 'anomalies.csv'

/** The fixed columns first (metric, dimension, value, date, kind), then what explains and ranks each finding. */
export const ANOMALY_COLUMNS = [
  'metric',
  'dimension',
  'value',
  'date',
  'kind',
  'direction',
  'tone',
  'level_reached',
  'ramp_days',
  'before',
  'after',
  'change',
  'relative_change',
  'z',
  'p_value',
  'segment_from',
  'segment_to',
  'days',
  'requests',
  'failures',
  'extra_requests',
  'extra_failures',
  'extra_breaches',
  'extra_cost_usd',
  'impact_usd',
  'responsible_dimension',
  'responsible_value',
  'responsible_within',
  'responsible_share',
  'responsible_request_share',
  'alarm_id',
  'rank',
  // what the value reads as: a cluster's label (empty for the columns)
  'value_label'
] as const

const FLOATS = new Set<string>(['before', 'after', 'change', 'relative_change', 'z', 'p_value', 'extra_requests', 'extra_failures', 'extra_breaches', 'extra_cost_usd', 'impact_usd', 'responsible_share', 'responsible_request_share'])

/**
 * The responsible slice as one dimension and value (a model, use case, tier or cluster) and, when the excess
 * concentrates in part of that slice, that part (e.g. account_tier=free).
 */
export function responsibleColumns(f: AnomalyFinding): { dimension: string | null; value: string | null; within: string | null } {
  const r = f.responsible
  if (!r) return { dimension: null, value: null, within: null }
  const dims = ANOMALY_DIMENSIONS.filter((d) => r.filters[d] !== undefined)
  if (dims.length === 0) return { dimension: null, value: null, within: null }
  const first = f.dimension !== 'all' && dims.includes(f.dimension) ? f.dimension : dims[0]
  const rest = dims.filter((d) => d !== first)
  return { dimension: first, value: r.filters[first]!, within: rest.length ? rest.map((d) => `${d}=${r.filters[d]}`).join('&') : null }
}

function row(f: AnomalyFinding): Record<string, CsvCell> {
  const r = responsibleColumns(f)
  return {
    ...(f as unknown as Record<string, CsvCell>),
    responsible_dimension: r.dimension,
    responsible_value: r.value,
    responsible_within: r.within,
    responsible_share: f.responsible?.share ?? null,
    responsible_request_share: f.responsible?.request_share ?? null
  }
}

/** anomalies.csv: every finding, in rank order (alarms by impact, each alarm's headline first). */
export function anomaliesCsv(report: Pick<AnomalyReport, 'findings'>): string {
  return toCsv(ANOMALY_COLUMNS, report.findings.map(row), FLOATS)
}
