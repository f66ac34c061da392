/** Makes policy versions from the routing and triage results (content, flat backtest summary, the exported files), and re-renders a version's files. */
import { randomUUID } from 'node:crypto'
import type { RoutingResult } from '../../shared/analysis'
import type { Knobs } from '../../shared/knobs'
import type { PolicyVersion, PolicyVersionSummary, RoutingPolicyContent, TriageThresholdContent } from '../../shared/policyHistory'
import type { Scope } from '../../shared/scope'
import type { TriageReady } from '../../shared/triage'
import type { SamplingResult } from '../../shared/sampling'
import type { IntegrityReport } from '../../shared/types'
import { routingBacktestCsv, routingPolicyCsv } from '../../shared/artifacts/analysisArtifacts'
import { triagePolicyJson } from '../../shared/artifacts/triageArtifacts'
import { stableStringify } from '../../shared/stableStringify'
import { ARTIFACT_FILES } from '../artifacts/analyze'

export interface VersionContext {
  knobs: Knobs
  report: IntegrityReport
  scope: Scope
  now: string
}

function dataHashes(report: IntegrityReport): PolicyVersion['data_hashes'] {
  return Object.values(report.tables)
    .filter((t): t is NonNullable<typeof t> => !!t)
    .map((t) => ({ table: t.table, file: t.file, sha256: t.sha256, rows: t.rows }))
}

/** Keeps the plain values of an object (numbers, words, flags, nulls): a summary a diff can compare. */
function flat(o: object): PolicyVersion['summary'] {
  const out: PolicyVersion['summary'] = {}
  for (const [k, v] of Object.entries(o)) if (v === null || ['number', 'string', 'boolean'].includes(typeof v)) out[k] = v as number | string | boolean | null
  return out
}

export function routingVersion(route: RoutingResult, c: VersionContext): PolicyVersion {
  const s = route.backtest.summary
  const content: RoutingPolicyContent = { rows: route.policy.rows }
  return {
    id: randomUUID(),
    kind: 'routing',
    created: c.now,
    label: `${route.policy.rows.length} use case${route.policy.rows.length === 1 ? '' : 's'} · ${s.routing_status}`,
    knobs: { ...c.knobs },
    data_hashes: dataHashes(c.report),
    scope: { ...c.scope },
    content,
    summary: flat(s),
    files: [
      { name: ARTIFACT_FILES.routing_policy_use_case_csv, content: routingPolicyCsv(route.policy) },
      { name: ARTIFACT_FILES.routing_backtest_summary_csv, content: routingBacktestCsv(route.backtest) }
    ]
  }
}

export function triageVersion(result: TriageReady, c: VersionContext & { blockedBy: readonly string[]; operatorThreshold: number | null }): PolicyVersion {
  const m = result.selected_policy_metrics
  const operator = c.operatorThreshold !== null && Math.abs(c.operatorThreshold - result.threshold) > 1e-9 ? c.operatorThreshold : null
  const content: TriageThresholdContent = { threshold: result.threshold, operator_threshold: operator, operating_mode: result.operating_mode, capacity_infeasible: result.capacity_infeasible_flag }
  return {
    id: randomUUID(),
    kind: 'triage_threshold',
    created: c.now,
    label: `threshold ${result.threshold.toFixed(2)}${operator !== null ? ` (operator ${operator.toFixed(2)})` : ''} · ${result.operating_mode} · ${m.mean_reviews_per_day.toFixed(1)} reviews/day`,
    knobs: { ...c.knobs },
    data_hashes: dataHashes(c.report),
    scope: { ...c.scope },
    content,
    summary: {
      ...flat(m),
      threshold: result.threshold,
      operating_mode: result.operating_mode,
      roc_auc: result.metrics.roc_auc,
      avg_precision: result.metrics.avg_precision,
      evaluation_rows: result.rows.evaluation
    },
    files: [{ name: ARTIFACT_FILES.triage_threshold_policy_json, content: triagePolicyJson(result, c.knobs, { blockedBy: c.blockedBy }) }]
  }
}

/** A sampling policy export: the policy JSON as content, its projection and backtest in the summary, its policy files (not the sample). */
export function samplingVersion(result: SamplingResult, files: readonly { name: string; content: string }[], c: VersionContext): PolicyVersion {
  const t = result.projection.total
  const b = result.backtest.summary
  return {
    id: randomUUID(),
    kind: 'sampling',
    created: c.now,
    label: `keep ${t.keep_share === null ? '—' : `${(t.keep_share * 100).toFixed(1)}%`} of ${t.rows} rows · backtest ${b.verdict}`,
    knobs: { ...c.knobs },
    data_hashes: dataHashes(c.report),
    scope: { ...c.scope },
    content: result.policy,
    summary: { ...flat(t), within_2se_share: b.within_2se_share, max_abs_z: b.max_abs_z, backtest_verdict: b.verdict },
    // the sampled interactions can be the whole dataset: a re-export writes the policy files only
    files: files.filter((f) => !/\.csv$/i.test(f.name) || /projection|backtest/.test(f.name)).map((f) => ({ name: f.name, content: f.content }))
  }
}

/** Same policy, knobs and data as `b`: a second export of one version is not a new version. */
export function sameVersion(a: PolicyVersion, b: PolicyVersion): boolean {
  return a.kind === b.kind && stableStringify([a.content, a.knobs, a.data_hashes, a.scope]) === stableStringify([b.content, b.knobs, b.data_hashes, b.scope])
}

/** Adds `v` unless the newest version of its kind is the same; returns the version kept (new or existing). */
export function appendVersion(list: PolicyVersion[], v: PolicyVersion): { version: PolicyVersion; added: boolean } {
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].kind !== v.kind) continue
    if (sameVersion(list[i], v)) return { version: list[i], added: false }
    break
  }
  list.push(v)
  return { version: v, added: true }
}

/** A version's files: as exported, or for versions stored without them (older formats) rendered from the content. */
export function versionFiles(v: PolicyVersion): { name: string; content: string }[] {
  if (v.files.length) return v.files
  if (v.kind === 'routing') {
    const rows = (v.content as RoutingPolicyContent | null)?.rows ?? []
    return [{ name: ARTIFACT_FILES.routing_policy_use_case_csv, content: routingPolicyCsv({ rows, candidates: [], use_cases_without_candidate: [], tiers: [], routing_max_fail_rate: 0 }) }]
  }
  return [{ name: `${v.kind}_policy.json`, content: JSON.stringify(v.content, null, 2) + '\n' }]
}

export function summariseVersion(v: PolicyVersion): PolicyVersionSummary {
  return { id: v.id, kind: v.kind, created: v.created, label: v.label, knobs: v.knobs, data_hashes: v.data_hashes, scope: v.scope, summary: v.summary, files: versionFiles(v).map((f) => f.name) }
}
