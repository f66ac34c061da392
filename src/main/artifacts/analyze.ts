/** Runs every analysis on a loaded dataset and produces every artifact of PIPELINE.md section 10 (CLI `analyze`, app export). */
import fs from 'node:fs'
import path from 'node:path'
import type { RoutingResult } from '../../shared/analysis'
import type { DriftDateRanges } from '../../shared/drift'
import type { TriageResult } from '../../shared/triage'
import type { Knobs } from '../../shared/knobs'
import type { Scope } from '../../shared/scope'
import type { IntegrityReport } from '../../shared/types'
import { budgetBurnDaily } from '../analysis/burn'
import type { AnalysisContext } from '../analysis/context'
import { driftFeatures, driftReport } from '../analysis/drift'
import { mergeFeatures, sharedFeatureFrame } from '../analysis/featureFrame'
import { ResultMemo } from '../analysis/resultMemo'
import { healthSnapshot } from '../analysis/health'
import { modelHotspots } from '../analysis/hotspots'
import { riskSlices } from '../analysis/riskSlices'
import { routing } from '../analysis/routing'
import { runTriage, triageFeatures } from '../analysis/triage'
import { type Engine, onOwnConnection } from '../engine/engine'
import { appVersion } from '../backend/version'
import { budgetBurnCsv, healthSnapshotJson, modelHotspotsCsv, riskSlicesCsv, routingBacktestCsv, routingPolicyCsv } from '../../shared/artifacts/analysisArtifacts'
import { blockingGates, decisionArtifactJson, decisionStatus, type DecisionStatus } from './decisionArtifact'
import { driftReportCsv } from '../../shared/artifacts/driftArtifacts'
import { integrityReportJson } from './integrityArtifact'
import { CLI_ACTIONS_PREVIEW_LIMIT, triageActionsCsv, triageBaselineComparisonCsv, triageCurveCsv, triagePolicyJson } from '../../shared/artifacts/triageArtifacts'

/** Output key -> file name, in the order decision_artifact.json lists them. */
export const ARTIFACT_FILES = {
  routing_policy_use_case_csv: 'routing_policy_use_case.csv',
  routing_backtest_summary_csv: 'routing_backtest_summary.csv',
  drift_report_csv: 'drift_report.csv',
  triage_threshold_policy_json: 'triage_threshold_policy.json',
  triage_threshold_curve_csv: 'triage_threshold_curve.csv',
  triage_baseline_comparison_csv: 'triage_baseline_comparison.csv',
  triage_actions_preview_csv: 'triage_actions_preview.csv',
  health_snapshot_json: 'health_snapshot.json',
  budget_burn_daily_csv: 'budget_burn_daily.csv',
  risk_slices_csv: 'risk_slices.csv',
  model_hotspots_csv: 'model_hotspots.csv',
  integrity_report_json: 'integrity_report.json'
} as const

export interface ArtifactFile {
  name: string
  content: string
}

export interface ArtifactBundle {
  files: ArtifactFile[]
  status: DecisionStatus
  issues: string[]
  /** a failed gate is not overridden */
  blocked: boolean
  /** the policies the files hold (the app stores them as policy versions) */
  routing: RoutingResult
  triage: TriageResult
}

export interface BuildArtifactsOptions {
  engine: Engine
  report: IntegrityReport
  knobs: Knobs
  overrideGates?: readonly string[]
  scope?: Scope
  driftDateRanges?: DriftDateRanges | null
  /** rows of triage_actions_preview.csv: 2000 in the CLI, every row from the app */
  actionsLimit?: number
  onProgress?: (phase: string, fraction: number) => void
  signal?: AbortSignal
  now?: Date
  /** results already computed for this dataset (the app's); a fresh one otherwise */
  memo?: ResultMemo
}

/**
 * Computes every analysis once and renders every artifact file in memory. The scope's feature frame
 * is pulled once and shared by drift and triage; the triage model then fits in its worker thread
 * and drift is computed on this thread while DuckDB answers the SQL analyses, so the three use
 * both cores at once. Health and burn share one scan through the memo.
 */
export async function buildArtifacts(o: BuildArtifactsOptions): Promise<ArtifactBundle> {
  const overrideGates = [...(o.overrideGates ?? [])]
  const ctx: AnalysisContext = { engine: o.engine, knobs: o.knobs, scope: o.scope ?? {}, report: o.report, overrideGates, memo: o.memo ?? new ResultMemo() }
  const step = (phase: string, fraction: number): void => o.onProgress?.(phase, fraction)
  let done = 0
  const finished = (phase: string): void => step(`${phase} done`, 0.2 + (0.75 * ++done) / 7)
  // The SQL analyses, on a connection of their own where there is one, start at once: DuckDB
  // answers them while this thread turns the feature frame into arrays.
  const sqlRun = onOwnConnection(o.engine, async (conn) => {
    const c: AnalysisContext = { ...ctx, engine: conn }
    const health = await healthSnapshot(c)
    finished('health')
    const burn = await budgetBurnDaily(c)
    finished('burn')
    const slices = await riskSlices(c)
    finished('risk slices')
    const hotspots = await modelHotspots(c)
    finished('hotspots')
    const route = await routing(c)
    finished('routing')
    return { health, burn, slices, hotspots, route }
  })
  sqlRun.catch(() => undefined)
  step('reading features', 0.05)
  const frame = await sharedFeatureFrame(ctx, mergeFeatures(driftFeatures(o.report), triageFeatures(o.report)))
  step('triage, drift and the SQL analyses', 0.2)
  const triageRun = runTriage(ctx, { frame, signal: o.signal, queueLimit: o.actionsLimit ?? CLI_ACTIONS_PREVIEW_LIMIT }).then((t) => (finished('triage'), t))
  triageRun.catch(() => undefined)
  // the triage fit has the other core: drift stays on this thread
  const drift = await driftReport(ctx, { frame, parallel: false, ...(o.driftDateRanges ? { dateRanges: o.driftDateRanges } : {}) })
  finished('drift')
  const { health, burn, slices, hotspots, route } = await sqlRun
  const triage = await triageRun
  const blocking = blockingGates(o.report, overrideGates)
  const files: ArtifactFile[] = [
    { name: ARTIFACT_FILES.routing_policy_use_case_csv, content: routingPolicyCsv(route.policy) },
    { name: ARTIFACT_FILES.routing_backtest_summary_csv, content: routingBacktestCsv(route.backtest) },
    { name: ARTIFACT_FILES.drift_report_csv, content: driftReportCsv(drift) },
    { name: ARTIFACT_FILES.triage_threshold_policy_json, content: triagePolicyJson(triage, o.knobs, { blockedBy: blocking }) }
  ]
  if (triage.status === 'ok') {
    files.push(
      { name: ARTIFACT_FILES.triage_threshold_curve_csv, content: triageCurveCsv(triage) },
      { name: ARTIFACT_FILES.triage_baseline_comparison_csv, content: triageBaselineComparisonCsv(triage) },
      { name: ARTIFACT_FILES.triage_actions_preview_csv, content: triageActionsCsv(triage, o.actionsLimit ?? CLI_ACTIONS_PREVIEW_LIMIT) }
    )
  }
  files.push(
    { name: ARTIFACT_FILES.health_snapshot_json, content: healthSnapshotJson(health) },
    { name: ARTIFACT_FILES.budget_burn_daily_csv, content: budgetBurnCsv(burn) },
    { name: ARTIFACT_FILES.risk_slices_csv, content: riskSlicesCsv(slices) },
    { name: ARTIFACT_FILES.model_hotspots_csv, content: modelHotspotsCsv(hotspots) },
    { name: ARTIFACT_FILES.integrity_report_json, content: integrityReportJson(o.report, overrideGates) }
  )
  const written = new Set(files.map((f) => f.name))
  const generatedOutputs = Object.fromEntries(Object.entries(ARTIFACT_FILES).filter(([, name]) => written.has(name)))
  const inputs = { report: o.report, knobs: o.knobs, overrideGates, health, routing: route, drift, triage, driftDateRanges: o.driftDateRanges ?? null, generatedOutputs, appVersion: appVersion(), generatedAt: o.now ?? new Date() }
  files.push({ name: 'decision_artifact.json', content: decisionArtifactJson(inputs) })
  const { status, issues } = decisionStatus(inputs)
  step('done', 1)
  return { files, status, issues, blocked: blocking.length > 0, routing: route, triage }
}

/** Writes a file atomically: a temp file beside it, then a rename. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  fs.writeFileSync(tmp, content)
  fs.renameSync(tmp, file)
}

/** The CLI's analyze: builds the artifacts and writes them into `outDir`. */
export async function runAnalyze(o: {
  engine: Engine
  report: IntegrityReport
  knobs: Knobs
  outDir: string
  overrideGates: string[]
  io: { out: (s: string) => void; err: (s: string) => void }
  onProgress?: (phase: string, fraction: number) => void
}): Promise<ArtifactBundle> {
  const unknown = o.overrideGates.filter((g) => !o.report.gates.some((x) => x.gate === g))
  if (unknown.length) throw new Error(`--override names unknown gate(s): ${unknown.join(', ')} (gates: ${o.report.gates.map((g) => g.gate).join(', ')})`)
  const bundle = await buildArtifacts({ engine: o.engine, report: o.report, knobs: o.knobs, overrideGates: o.overrideGates, onProgress: o.onProgress })
  fs.mkdirSync(o.outDir, { recursive: true })
  for (const f of bundle.files) writeFileAtomic(path.join(o.outDir, f.name), f.content)
  o.io.out(`wrote ${bundle.files.length} artifacts to ${o.outDir}`)
  o.io.out(`decision status: ${bundle.status}${bundle.issues.length ? ` (${bundle.issues.join(', ')})` : ''}`)
  if (bundle.blocked) o.io.err(`STOP-SHIP: failed gate(s) ${blockingGates(o.report, o.overrideGates).join(', ')}; routing and triage outputs are marked blocked_by_gate`)
  return bundle
}
