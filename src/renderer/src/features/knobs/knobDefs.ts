/** What the knobs panel says about each operator knob of PIPELINE.md section 11: its group, unit, one-line meaning and how its input behaves. */
import { KNOB_NAMES, type Knobs } from '../../../../shared/knobs'

export type KnobName = keyof Knobs

export type KnobGroupId = 'slo' | 'windows' | 'routing' | 'triage' | 'support' | 'alarms'

export interface KnobDef {
  name: KnobName
  group: KnobGroupId
  /** short unit shown after the input */
  unit: string
  /** one line: what the knob changes */
  help: string
  /** the input's step: 1 for whole numbers */
  step: number
  /** true when the knob shapes the integrity report (windows and gates), which the backend re-judges on change */
  appliesOnLoad?: boolean
}

export interface KnobGroup {
  id: KnobGroupId
  title: string
  knobs: KnobDef[]
}

const GROUP_TITLES: Record<KnobGroupId, string> = {
  slo: 'SLO & budgets',
  windows: 'Windows & drift',
  routing: 'Routing economics',
  triage: 'Triage economics',
  support: 'Support thresholds',
  alarms: 'Anomaly alarms'
}

/** Every knob once, in the order the panel lists them within their group. */
export const KNOB_DEFS: readonly KnobDef[] = [
  { name: 'SLA_MS', group: 'slo', unit: 'ms', step: 1, help: 'Latency objective: a request slower than this breaches the SLA (breach rates, p95 checks, hotspot buckets, routing tiers).' },
  { name: 'FAIL_BUDGET', group: 'slo', unit: 'share 0–1', step: 0.001, help: 'Failure-rate budget; daily fail burn = fail rate / budget. Also sets the hotspot and routing failure ceilings below.' },
  { name: 'SLA_BUDGET', group: 'slo', unit: 'share 0–1', step: 0.001, help: 'Share of requests allowed to breach the SLA; daily SLA burn = breach rate / budget.' },
  { name: 'DAILY_COST_BUDGET_USD', group: 'slo', unit: 'USD / day', step: 0.01, help: 'Spend allowed per UTC day; the month budget is this times the days in the month.' },
  { name: 'TIME_SPLIT_FRAC', group: 'windows', unit: 'fraction', step: 0.01, appliesOnLoad: true, help: 'Without a split column: share of timed rows (by time, whole sessions) that form the history window.' },
  { name: 'DRIFT_REFERENCE_FRAC', group: 'windows', unit: 'fraction', step: 0.01, help: 'Early-vs-recent drift: the first share of timed rows used as the reference.' },
  { name: 'DRIFT_CURRENT_FRAC', group: 'windows', unit: 'fraction', step: 0.01, help: 'Early-vs-recent drift: the last share of timed rows compared with it (reference + current ≤ 1).' },
  { name: 'RANDOM_SEED', group: 'windows', unit: 'integer', step: 1, help: 'Seed of every random step (sampling, clustering), so a rerun gives the same result.' },
  { name: 'FAILURE_EVENT_COST_USD', group: 'routing', unit: 'USD / failure', step: 0.01, help: 'Business cost of one failed request, added to a candidate’s expected unit cost.' },
  { name: 'SLA_BREACH_PENALTY_USD', group: 'routing', unit: 'USD / breach', step: 0.01, help: 'Penalty of one SLA breach, added to a candidate’s expected unit cost.' },
  { name: 'REVIEW_COST', group: 'triage', unit: 'USD / review', step: 0.01, help: 'Cost of one human review of a flagged request.' },
  { name: 'TRIAGE_FN_COST_USD', group: 'triage', unit: 'USD / miss', step: 0.01, help: 'Cost of a failure the review queue did not flag (a false negative).' },
  { name: 'CAPACITY_PER_DAY', group: 'triage', unit: 'reviews / day', step: 1, help: 'Mean reviews per day the team can do; a threshold needing more is infeasible.' },
  { name: 'CAPACITY_P90_GUARD', group: 'triage', unit: 'reviews / day', step: 1, help: 'The 90th percentile of daily reviews must stay at or below this.' },
  { name: 'MIN_REQUESTS_POLICY', group: 'support', unit: 'requests', step: 1, help: 'Fewest history requests for a routing candidate or a model hotspot.' },
  { name: 'MIN_REQUESTS_SLICE', group: 'support', unit: 'requests', step: 1, help: 'Fewest history requests for a risk slice to be ranked (smaller cells are greyed).' },
  { name: 'MAX_LATENCY_MISSING_RATE', group: 'support', unit: 'share 0–1', step: 0.01, appliesOnLoad: true, help: 'Integrity gate: stop-ship when a larger share of latency_ms is missing.' },
  { name: 'MAX_COST_MISSING_RATE', group: 'support', unit: 'share 0–1', step: 0.01, appliesOnLoad: true, help: 'Integrity gate: stop-ship when a larger share of cost_usd is missing.' },
  { name: 'PII_MAX_RESPONSE_SHARE', group: 'support', unit: 'share 0–1', step: 0.001, appliesOnLoad: true, help: 'Integrity gate pii_in_responses: stop-ship when a larger share of responses carries PII or secrets (0: any leak).' },
  { name: 'ANOMALY_Z', group: 'alarms', unit: 'z (1–20)', step: 0.1, help: 'Sensitivity: the significance (a z, adjusted for the days and positions tested) a change point or spike needs to be an alarm. Lower raises more alarms.' },
  { name: 'ANOMALY_MIN_REQUESTS', group: 'alarms', unit: 'requests / day', step: 1, help: 'Minimum support: a day counts for a slice’s failure rate, breach rate, latency or cost only with at least this many requests.' }
]

/** The panel's sections in order, each with its knobs. */
export const KNOB_GROUPS: readonly KnobGroup[] = (Object.keys(GROUP_TITLES) as KnobGroupId[]).map((id) => ({
  id,
  title: GROUP_TITLES[id],
  knobs: KNOB_DEFS.filter((d) => d.group === id)
}))

/** Knob names with no definition here (a knob added to the contract but not to the panel); empty when the panel is complete. */
export function undefinedKnobs(): string[] {
  const defined = new Set<string>(KNOB_DEFS.map((d) => d.name))
  return KNOB_NAMES.filter((n) => !defined.has(n))
}
