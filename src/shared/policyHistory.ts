/**
 * Policy history: every exported policy (routing policy, triage threshold, later the sampling
 * policy) as a generic version record, and the diff of two versions of one kind.
 */
import { z } from 'zod'
import type { RoutingPolicyRow } from './analysis'
import { diffPolicies, modelLabel } from './routingPolicyDiff'

/** Kinds this version writes; a file may hold others (a newer app's), which are listed and diffed generically. */
export const POLICY_KINDS = ['routing', 'triage_threshold', 'sampling'] as const
export type KnownPolicyKind = (typeof POLICY_KINDS)[number]

export const POLICY_KIND_LABEL: Record<string, string> = {
  routing: 'Routing policy',
  triage_threshold: 'Triage threshold',
  sampling: 'Sampling policy'
}

/** One input file's identity when the version was made. */
export const DataHashSchema = z.looseObject({ table: z.string().max(100), file: z.string().max(1000), sha256: z.string().max(128), rows: z.number() })
export type DataHash = z.infer<typeof DataHashSchema>

/** A file as it was exported, so a re-export writes exactly the same bytes. */
export const PolicyFileSchema = z.object({ name: z.string().min(1).max(200), content: z.string().max(64 * 1024 * 1024) })

/**
 * One version. `content` is the policy itself (per kind: the routing rows, the threshold and its
 * mode, ...), `summary` its backtest in flat numbers and words; both are what a diff compares.
 */
export const PolicyVersionSchema = z.looseObject({
  id: z.string().min(1).max(200),
  kind: z.string().min(1).max(100),
  /** ISO 8601 UTC */
  created: z.string().min(1).max(40),
  /** one line for lists, e.g. "6 use cases · candidate_improves" */
  label: z.string().max(500).default(''),
  knobs: z.record(z.string(), z.unknown()),
  data_hashes: z.array(DataHashSchema).max(50),
  /** the filters the policy was computed under */
  scope: z.record(z.string(), z.unknown()).default({}),
  content: z.unknown(),
  summary: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  files: z.array(PolicyFileSchema).max(20).default([])
})
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>

/** A version without its content and file contents, for lists. */
export interface PolicyVersionSummary {
  id: string
  kind: string
  created: string
  label: string
  knobs: Record<string, unknown>
  data_hashes: DataHash[]
  scope: Record<string, unknown>
  summary: PolicyVersion['summary']
  /** the names of the files a re-export writes */
  files: string[]
}

/** The routing kind's content. */
export interface RoutingPolicyContent {
  rows: RoutingPolicyRow[]
}

/** The triage threshold kind's content. */
export interface TriageThresholdContent {
  /** the threshold the model chose */
  threshold: number
  /** the threshold the operator chose on the page, when it differs */
  operator_threshold: number | null
  operating_mode: string
  capacity_infeasible: boolean
}

export type RowChange = 'same' | 'changed' | 'added' | 'removed'

export interface PolicyDiffRow {
  /** what the row is about: a use case, 'threshold', ... */
  key: string
  change: RowChange
  before: string | null
  after: string | null
}

export interface PolicyDiff {
  kind: string
  rows: PolicyDiffRow[]
  /** rows whose change is not 'same' */
  rows_changed: number
  /** every numeric summary field of either side: after - before (null when either is missing) */
  metrics: { name: string; before: number | null; after: number | null; delta: number | null }[]
  /** summary fields in words that differ (verdicts, modes) */
  words: { name: string; before: string | null; after: string | null }[]
  /** knobs whose value differs */
  knobs: { name: string; before: unknown; after: unknown }[]
  /** the input files differ (other data, or the same files changed) */
  data_changed: boolean
}

type RowDiffer = (before: unknown, after: unknown) => PolicyDiffRow[]

function routingRows(before: unknown, after: unknown): PolicyDiffRow[] {
  const rowsOf = (c: unknown): RoutingPolicyRow[] => ((c as RoutingPolicyContent | null)?.rows ?? []) as RoutingPolicyRow[]
  const describe = (r: RoutingPolicyRow | null): string | null => (r ? `${modelLabel(r.model_provider, r.model_name)} (${r.policy_mode})` : null)
  return diffPolicies(rowsOf(before), rowsOf(after)).map((d) => ({
    key: d.use_case,
    change: d.change === 'model' || d.change === 'mode' ? 'changed' : d.change,
    before: describe(d.saved),
    after: describe(d.whatIf)
  }))
}

function triageRows(before: unknown, after: unknown): PolicyDiffRow[] {
  const b = before as TriageThresholdContent | null
  const a = after as TriageThresholdContent | null
  const fmt = (c: TriageThresholdContent | null, f: (c: TriageThresholdContent) => string): string | null => (c ? f(c) : null)
  const row = (key: string, f: (c: TriageThresholdContent) => string): PolicyDiffRow => {
    const x = fmt(b, f)
    const y = fmt(a, f)
    return { key, change: x === null ? 'added' : y === null ? 'removed' : x === y ? 'same' : 'changed', before: x, after: y }
  }
  return [
    row('threshold', (c) => c.threshold.toFixed(2)),
    row('operator threshold', (c) => (c.operator_threshold === null ? 'as chosen' : c.operator_threshold.toFixed(2))),
    row('operating mode', (c) => c.operating_mode)
  ]
}

/** Any kind without a differ of its own (a newer app's): the content as a whole. */
function genericRows(before: unknown, after: unknown): PolicyDiffRow[] {
  const x = before === undefined ? null : JSON.stringify(before)
  const y = after === undefined ? null : JSON.stringify(after)
  return [{ key: 'policy', change: x === y ? 'same' : 'changed', before: x === null ? null : x.slice(0, 200), after: y === null ? null : y.slice(0, 200) }]
}

/** Sampling: the budget and each rule (by name, in the policy's order), compared as written. */
function samplingRows(before: unknown, after: unknown): PolicyDiffRow[] {
  type Policy = { budget?: unknown; knobs?: unknown; rules?: { id?: string; name?: string }[] } | null
  const b = before as Policy
  const a = after as Policy
  const rulesOf = (p: Policy): Map<string, string> => new Map((p?.rules ?? []).map((r, i) => [String(r.id ?? r.name ?? `rule ${i + 1}`), JSON.stringify(r)]))
  const row = (key: string, x: string | null, y: string | null): PolicyDiffRow => ({ key, change: x === null ? 'added' : y === null ? 'removed' : x === y ? 'same' : 'changed', before: x, after: y })
  const rb = rulesOf(b)
  const ra = rulesOf(a)
  const out = [row('budget', b ? JSON.stringify(b.budget ?? null) : null, a ? JSON.stringify(a.budget ?? null) : null), row('settings', b ? JSON.stringify(b.knobs ?? null) : null, a ? JSON.stringify(a.knobs ?? null) : null)]
  for (const key of [...new Set([...rb.keys(), ...ra.keys()])]) out.push(row(key, rb.get(key) ?? null, ra.get(key) ?? null))
  return out.map((r) => ({ ...r, before: r.before?.slice(0, 200) ?? null, after: r.after?.slice(0, 200) ?? null }))
}

/** Row differs per kind; a new kind adds its entry here (others are compared whole). */
export const POLICY_ROW_DIFFERS: Record<string, RowDiffer> = {
  routing: routingRows,
  triage_threshold: triageRows,
  sampling: samplingRows
}

/** Compares two versions of one kind: rows changed, metric deltas, words, knobs, data. */
export function diffPolicyVersions(before: PolicyVersion, after: PolicyVersion): PolicyDiff {
  if (before.kind !== after.kind) throw new Error(`cannot compare a ${before.kind} version with a ${after.kind} version`)
  const rows = (POLICY_ROW_DIFFERS[before.kind] ?? genericRows)(before.content, after.content)
  const names = [...new Set([...Object.keys(before.summary), ...Object.keys(after.summary)])].sort()
  const metrics: PolicyDiff['metrics'] = []
  const words: PolicyDiff['words'] = []
  for (const name of names) {
    const x = before.summary[name] ?? null
    const y = after.summary[name] ?? null
    if (typeof x === 'number' || typeof y === 'number') {
      const bx = typeof x === 'number' ? x : null
      const ay = typeof y === 'number' ? y : null
      metrics.push({ name, before: bx, after: ay, delta: bx !== null && ay !== null ? ay - bx : null })
    } else if (x !== y) {
      words.push({ name, before: x === null ? null : String(x), after: y === null ? null : String(y) })
    }
  }
  const knobNames = [...new Set([...Object.keys(before.knobs), ...Object.keys(after.knobs)])].sort()
  const knobs = knobNames.filter((k) => JSON.stringify(before.knobs[k]) !== JSON.stringify(after.knobs[k])).map((name) => ({ name, before: before.knobs[name], after: after.knobs[name] }))
  const hashes = (v: PolicyVersion): string =>
    v.data_hashes
      .map((h) => `${h.table}:${h.sha256}`)
      .sort()
      .join(',')
  return { kind: before.kind, rows, rows_changed: rows.filter((r) => r.change !== 'same').length, metrics, words, knobs, data_changed: hashes(before) !== hashes(after) }
}
