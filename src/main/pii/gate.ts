/**
 * The `pii_in_responses` stop-ship gate: the share of responses (non-empty response text) with at
 * least one finding must not exceed PII_MAX_RESPONSE_SHARE (default 0). It runs a response-only pass
 * of the scan right after ingest, so it is never reported as passed without its responses read.
 */
import type { Knobs } from '../../shared/knobs'
import { PII_GATE, PII_RESPONSE_FIELD } from '../../shared/pii'
import type { GateResult, IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'
import { ensurePiiTable, PII_TABLE, scanFields, type ScanOptions } from '../analysis/piiScan'
import { presentFields } from './columns'

/** What the gate is judged from (kept in the gate result, so a knob change re-judges it without a scan). */
export interface PiiGateStats {
  responses: number
  leaking: number
  /** findings in responses per entity type */
  byType: Record<string, number>
  /** up to 5 interaction ids of leaking responses, first rows first */
  examples: string[]
}

/** The gate from its stats and the knob: fail when the share of leaking responses is above the maximum. */
export function judgePiiGate(stats: PiiGateStats, knobs: Pick<Knobs, 'PII_MAX_RESPONSE_SHARE'>): GateResult {
  if (stats.responses === 0) return { gate: PII_GATE, status: 'skipped', reason: `skipped (no response text in ${PII_RESPONSE_FIELD})`, offending_count: 0, examples: [] }
  const share = stats.leaking / stats.responses
  const types = Object.entries(stats.byType)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')
  return {
    gate: PII_GATE,
    status: share > knobs.PII_MAX_RESPONSE_SHARE ? 'fail' : 'pass',
    offending_count: stats.leaking,
    examples: stats.examples,
    detail: `${stats.leaking} of ${stats.responses} responses carry PII or secrets${types ? ` (${types})` : ''}; share ${share.toFixed(6)} vs max ${knobs.PII_MAX_RESPONSE_SHARE}`,
    share,
    scanned: stats.responses,
    by_type: stats.byType
  }
}

/** Re-judges a stored gate result under new knobs (the share and counts are kept). */
export function rejudgePiiGate(gate: GateResult, knobs: Pick<Knobs, 'PII_MAX_RESPONSE_SHARE'>): GateResult {
  if (gate.gate !== PII_GATE || gate.share === undefined || gate.scanned === undefined) return gate
  return judgePiiGate({ responses: gate.scanned, leaking: gate.offending_count, byType: gate.by_type ?? {}, examples: gate.examples }, knobs)
}

/** The report with `gate` replacing the gate of the same name (or appended), gates_failed and blocked recomputed. */
export function withGate(report: IntegrityReport, gate: GateResult): IntegrityReport {
  const has = report.gates.some((g) => g.gate === gate.gate)
  const overridden = report.gates_overridden.includes(gate.gate)
  const g = overridden && gate.status === 'fail' ? { ...gate, overridden: true } : gate
  const gates = has ? report.gates.map((x) => (x.gate === gate.gate ? g : x)) : [...report.gates, g]
  const failed = gates.filter((x) => x.status === 'fail').map((x) => x.gate)
  const gatesOverridden = report.gates_overridden.filter((x) => failed.includes(x))
  return { ...report, gates, gates_failed: failed, gates_overridden: gatesOverridden, blocked: failed.some((x) => !gatesOverridden.includes(x)) }
}

/** Counts the gate's stats from the findings table (the response field must have been scanned). */
export async function piiGateStats(engine: Engine): Promise<PiiGateStats> {
  const col = PII_RESPONSE_FIELD
  const [{ responses }] = await engine.all<{ responses: number }>(
    `SELECT count(*) FILTER (WHERE ${col} IS NOT NULL AND ${col} <> '')::BIGINT AS responses FROM interactions`
  )
  const [{ leaking }] = await engine.all<{ leaking: number }>(`SELECT count(DISTINCT row_id)::BIGINT AS leaking FROM ${PII_TABLE} WHERE field = ?`, [col])
  const types = await engine.all<{ t: string; n: number }>(`SELECT entity_type AS t, count(*)::BIGINT AS n FROM ${PII_TABLE} WHERE field = ? GROUP BY 1`, [col])
  const ex = await engine.all<{ id: string | null }>(
    `SELECT any_value(interaction_id) AS id FROM ${PII_TABLE} WHERE field = ? GROUP BY row_id ORDER BY row_id LIMIT 5`,
    [col]
  )
  return { responses, leaking, byType: Object.fromEntries(types.map((r) => [r.t, r.n])), examples: ex.map((e) => e.id ?? '(null key)') }
}

/**
 * The gate's response pass alone, for ingest's `alongside` (on a connection of its own while the
 * other tables load): runPiiResponseGate then finds the responses scanned and only counts.
 */
export async function scanResponsesWhileLoading(conn: Engine, present: ReadonlySet<string>, opts: ScanOptions = {}): Promise<void> {
  if (present.has(PII_RESPONSE_FIELD)) await scanFields(conn, [PII_RESPONSE_FIELD], opts)
}

/**
 * Runs the response pass (if not done yet on this engine) and returns the report with the gate
 * added. A dump without a response column gets the gate `skipped`, never `pass`.
 */
export async function runPiiResponseGate(engine: Engine, report: IntegrityReport, knobs: Knobs, opts: ScanOptions = {}): Promise<IntegrityReport> {
  await ensurePiiTable(engine)
  if (!presentFields(report).has(PII_RESPONSE_FIELD)) {
    return withGate(report, { gate: PII_GATE, status: 'skipped', reason: `skipped (column ${PII_RESPONSE_FIELD} absent)`, offending_count: 0, examples: [] })
  }
  await scanFields(engine, [PII_RESPONSE_FIELD], opts)
  return withGate(report, judgePiiGate(await piiGateStats(engine), knobs))
}
