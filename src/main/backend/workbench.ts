/** The in-process backend: owns the engine and the loaded dataset, runs jobs with progress and cancel, answers the contract. */
import path from 'node:path'
import type { AppInfo, LoadDatasetRequest, RiskSlicesRequest, WhatIfRequest, RejectedRowsRequest, ScopeRequest, SetKnobsRequest, SetKnobsResult, WorkbenchApi, WorkbenchEvent } from '../../shared/api'
import { DEFAULT_KNOBS, type Knobs, validateKnobs } from '../../shared/knobs'
import type { DatasetSummary, HealthSnapshot, RejectedRow } from '../../shared/types'
import type { DistinctValue, InteractionDetail, InteractionPage, QueryInteractionsRequest, SqlResult } from '../../shared/explorer'
import type { ScopeDimension } from '../../shared/scope'
import { distinctValues, getInteraction, lockDownEngine, queryInteractions, runSql } from '../analysis/explorer'
import type { BurnDay, HealthDelta, ModelHotspots, RiskSliceTable, RoutingResult, SliceDimension } from '../../shared/analysis'
import type { CostAnalytics, CostByDimension, CostDimension, Incident } from '../../shared/costs'
import type { DriftBlock, DriftDateRanges } from '../../shared/drift'
import type { TriageQueueRow, TriageResult } from '../../shared/triage'
import { driftReport } from '../analysis/drift'
import { runTriage } from '../analysis/triage'
import { buildArtifacts } from '../artifacts/analyze'
import { blockingGates } from '../artifacts/decisionArtifact'
import { budgetBurnDaily } from '../analysis/burn'
import { costAnalytics, costByDimension } from '../analysis/costs'
import { budgetIncidents } from '../analysis/incidents'
import { healthDelta, healthSnapshot } from '../analysis/health'
import { modelHotspots } from '../analysis/hotspots'
import { riskSlices } from '../analysis/riskSlices'
import { routing } from '../analysis/routing'
import type { AnalysisContext } from '../analysis/context'
import { createEngine, type Engine, type EngineKind } from '../engine/engine'
import { ingestFiles, LOAD_KNOBS, refreshReportForKnobs } from '../ingest/ingest'
import { readRejects } from '../ingest/loadTable'
import { ResultMemo } from '../analysis/resultMemo'
import { ApiError } from './errors'
import { demoDataDir } from './paths'
import { appVersion } from './version'

export interface WorkbenchOptions {
  engine?: EngineKind
  mode: AppInfo['mode']
  /** memory limit for DuckDB, e.g. '4GB' */
  memoryLimit?: string
  tempDirectory?: string
}

interface LoadedDataset {
  engine: Engine
  summary: DatasetSummary
  /** analysis results shared by the requests of one page (getHealth and getHealthDelta both need the snapshot) */
  memo: ResultMemo
}

/** Implements the contract in-process; the transports (IPC, HTTP, child process) only relay to it. */
export class Workbench implements WorkbenchApi {
  private dataset: LoadedDataset | null = null
  private knobs: Knobs = { ...DEFAULT_KNOBS }
  private readonly jobs = new Map<number, AbortController>()
  private readonly listeners = new Set<(e: WorkbenchEvent) => void>()
  private nextDatasetId = 1
  private loads = 0
  private overrideGates: string[] = []
  private lastTriage: TriageResult | null = null
  private engineKind: EngineKind
  private engineNote: string | undefined

  constructor(private readonly options: WorkbenchOptions) {
    this.engineKind = options.engine ?? 'native'
  }

  /** Subscribes to backend events; returns the unsubscribe function. */
  onDidEmit(listener: (e: WorkbenchEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(e: WorkbenchEvent): void {
    for (const l of this.listeners) l(e)
  }

  async getAppInfo(): Promise<AppInfo> {
    return {
      version: appVersion(),
      mode: this.options.mode,
      engine: this.dataset?.engine.kind ?? this.engineKind,
      engineNote: this.engineNote,
      canPickFiles: false,
      demoDataPath: demoDataDir(),
      loading: this.loads > 0
    }
  }

  async pickDataFiles(): Promise<string[] | null> {
    return null
  }

  async loadDataset(req: LoadDatasetRequest): Promise<DatasetSummary> {
    const paths = req.demo ? [demoDataDir()] : (req.paths ?? [])
    const label = req.demo ? 'demo data' : paths.join(', ')
    const controller = new AbortController()
    this.jobs.set(req.jobId, controller)
    this.loads++
    const started = Date.now()
    // A fresh engine per dataset: if this load fails, the previous dataset stays loaded and usable.
    const { engine, fallbackReason } = await createEngine(this.engineKind, { memoryLimit: this.options.memoryLimit ?? '4GB', tempDirectory: this.options.tempDirectory })
    if (fallbackReason) {
      this.engineNote = fallbackReason
      this.engineKind = 'wasm'
    }
    try {
      const report = await ingestFiles(engine, paths, this.knobs, {
        signal: controller.signal,
        onProgress: (p) => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: p.phase, fraction: p.fraction, detail: p.detail, label } })
      })
      const [range] = await engine.all<{ first_utc: string | null; last_utc: string | null }>(
        `SELECT strftime(min(timestamp_utc), '%Y-%m-%dT%H:%M:%SZ') AS first_utc, strftime(max(timestamp_utc), '%Y-%m-%dT%H:%M:%SZ') AS last_utc FROM interactions`
      )
      // Later queries (the SQL console among them) can no longer touch the file system.
      await lockDownEngine(engine)
      const summary: DatasetSummary = {
        id: this.nextDatasetId++,
        label: req.demo ? 'Demo data (synthetic)' : paths.map((p) => path.basename(p)).join(', '),
        timeRange: range,
        isDemo: req.demo === true,
        engine: engine.kind,
        loadedAt: new Date().toISOString(),
        loadMs: Date.now() - started,
        report
      }
      const previous = this.dataset
      this.dataset = { engine, summary, memo: new ResultMemo() }
      this.overrideGates = []
      this.lastTriage = null
      if (previous) await previous.engine.close().catch(() => undefined)
      this.emit({ type: 'datasetChanged', dataset: summary })
      return summary
    } catch (err) {
      await engine.close().catch(() => undefined)
      throw err
    } finally {
      this.loads--
      this.jobs.delete(req.jobId)
    }
  }

  async getDataset(): Promise<DatasetSummary | null> {
    return this.dataset?.summary ?? null
  }

  async cancelJob(req: { jobId: number }): Promise<boolean> {
    const job = this.jobs.get(req.jobId)
    if (!job) return false
    job.abort()
    return true
  }

  async listRejectedRows(req: RejectedRowsRequest): Promise<{ total: number; rows: RejectedRow[] }> {
    const ds = this.requireDataset()
    const info = ds.summary.report.tables[req.table]
    if (!info) throw new ApiError('not_found', `table ${req.table} is not loaded`)
    const offset = req.offset ?? 0
    const limit = req.limit ?? 100
    // A file read cleanly in one strict pass has no rejects table at all.
    if (info.rejected_rows === 0) return { total: 0, rows: [] }
    const all = await readRejects(ds.engine, `rejects_${req.table}`, info.path, offset + limit)
    return { total: all.count, rows: all.examples.slice(offset, offset + limit) }
  }

  async getHealth(req: ScopeRequest): Promise<HealthSnapshot> {
    return healthSnapshot(this.context(req.scope))
  }

  async getHealthDelta(req: ScopeRequest): Promise<HealthDelta> {
    return healthDelta(this.context(req.scope))
  }

  async getBudgetBurn(req: ScopeRequest): Promise<BurnDay[]> {
    return budgetBurnDaily(this.context(req.scope))
  }

  async getRiskSlices(req: RiskSlicesRequest): Promise<RiskSliceTable> {
    const ctx = this.context(req.scope)
    const dims = (req.dimensions ?? ['use_case', 'account_tier']) as [SliceDimension, SliceDimension]
    return riskSlices(ctx, dims, req.minRequests ?? ctx.knobs.MIN_REQUESTS_SLICE)
  }

  async getHotspots(req: ScopeRequest): Promise<ModelHotspots> {
    return modelHotspots(this.context(req.scope))
  }

  async getRouting(req: WhatIfRequest): Promise<RoutingResult> {
    return routing(this.context(req.scope, req.knobs))
  }

  async getIncidents(req: ScopeRequest): Promise<Incident[]> {
    return budgetIncidents(this.context(req.scope))
  }

  async getCosts(req: ScopeRequest): Promise<CostAnalytics> {
    return costAnalytics(this.context(req.scope))
  }

  async getCostBy(req: { scope?: ScopeRequest['scope']; dimension: CostDimension; topN?: number }): Promise<CostByDimension> {
    return costByDimension(this.context(req.scope), req.dimension, req.topN ?? 10)
  }

  async getDrift(req: { scope?: ScopeRequest['scope']; dateRanges?: DriftDateRanges }): Promise<DriftBlock[]> {
    return driftReport(this.context(req.scope), req.dateRanges ? { dateRanges: req.dateRanges } : {})
  }

  async runTriage(req: { jobId: number; scope?: ScopeRequest['scope']; knobs?: Record<string, unknown> }): Promise<TriageResult & { queue_total: number }> {
    const ctx = this.context(req.scope, req.knobs)
    const result = await this.job(req.jobId, (signal) =>
      runTriage(ctx, { signal, onProgress: (p) => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: p.phase, fraction: p.fraction ?? null } }) })
    )
    this.lastTriage = result
    // The queue can hold every evaluation row; the page gets the first rows and pages the rest.
    if (result.status !== 'ok') return { ...result, queue_total: 0 }
    return { ...result, queue: result.queue.slice(0, 200), queue_total: result.queue.length }
  }

  async getTriageQueue(req: { offset?: number; limit?: number; onlyReview?: boolean }): Promise<{ total: number; rows: TriageQueueRow[] }> {
    const t = this.lastTriage
    if (!t || t.status !== 'ok') throw new ApiError('not_found', 'no triage run yet: run the triage analysis first')
    const queue = req.onlyReview ? t.queue.filter((r) => r.action_review) : t.queue
    const offset = req.offset ?? 0
    return { total: queue.length, rows: queue.slice(offset, offset + (req.limit ?? 200)) }
  }

  async exportArtifacts(req: { jobId: number; scope?: ScopeRequest['scope']; dateRanges?: DriftDateRanges; actionsLimit?: number }): Promise<{ files: { name: string; content: string }[]; status: string; issues: string[] }> {
    const ctx = this.context(req.scope)
    const bundle = await this.job(req.jobId, (signal) =>
      buildArtifacts({
        engine: ctx.engine,
        report: ctx.report,
        knobs: ctx.knobs,
        overrideGates: ctx.overrideGates,
        scope: ctx.scope,
        memo: ctx.memo,
        driftDateRanges: req.dateRanges ?? null,
        actionsLimit: req.actionsLimit ?? Number.POSITIVE_INFINITY,
        signal,
        onProgress: (phase, fraction) => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase, fraction } })
      })
    )
    return { files: bundle.files, status: bundle.status, issues: bundle.issues }
  }

  async saveFiles(): Promise<{ saved: boolean; location?: string }> {
    // Only the desktop shell can show a save dialog; it answers this call itself.
    return { saved: false }
  }

  async setGateOverrides(req: { gates: string[] }): Promise<{ overridden: string[]; blocking: string[] }> {
    const report = this.requireDataset().summary.report
    const unknown = req.gates.filter((g) => !report.gates.some((x) => x.gate === g))
    if (unknown.length) throw new ApiError('invalid_request', `unknown gate(s): ${unknown.join(', ')}`)
    this.overrideGates = req.gates.filter((g) => report.gates_failed.includes(g))
    const dataset = this.requireDataset()
    const gates = report.gates.map((g) => ({ ...g, overridden: this.overrideGates.includes(g.gate) ? true : undefined }))
    dataset.summary = { ...dataset.summary, report: { ...report, gates, gates_overridden: [...this.overrideGates], blocked: blockingGates(report, this.overrideGates).length > 0 } }
    this.emit({ type: 'datasetChanged', dataset: dataset.summary })
    return { overridden: [...this.overrideGates], blocking: blockingGates(report, this.overrideGates) }
  }

  /** Runs a cancellable job registered under jobId. */
  private async job<T>(jobId: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    this.jobs.set(jobId, controller)
    try {
      return await fn(controller.signal)
    } finally {
      this.jobs.delete(jobId)
    }
  }

  async getKnobs(): Promise<Knobs> {
    return { ...this.knobs }
  }

  async setKnobs(req: SetKnobsRequest): Promise<SetKnobsResult> {
    const result = validateKnobs({ ...this.knobs, ...req.knobs })
    if (!result.ok) return result
    const previous = this.knobs
    this.knobs = result.knobs
    const ds = this.dataset
    if (ds && LOAD_KNOBS.some((k) => previous[k] !== this.knobs[k])) {
      // Windows and missing-rate gates were judged at load: judge them again under the new knobs.
      const report = await refreshReportForKnobs(ds.engine, ds.summary.report, this.knobs)
      // The windows moved: a result keyed by the old knobs (a what-if) would describe the old windows.
      ds.memo.clear()
      this.overrideGates = this.overrideGates.filter((g) => report.gates_failed.includes(g))
      ds.summary = { ...ds.summary, report: { ...report, gates_overridden: [...this.overrideGates], blocked: blockingGates(report, this.overrideGates).length > 0 } }
      this.lastTriage = null
      this.emit({ type: 'datasetChanged', dataset: ds.summary })
    }
    this.emit({ type: 'knobsChanged', knobs: { ...this.knobs } })
    return { ok: true, knobs: { ...this.knobs } }
  }

  async queryInteractions(req: QueryInteractionsRequest): Promise<InteractionPage> {
    return queryInteractions(this.requireDataset().engine, {
      scope: req.scope ?? {},
      sort: (req.sort ?? []).map((s) => ({ column: s.column, desc: s.desc ?? false })),
      offset: req.offset ?? 0,
      limit: req.limit ?? 200,
      columns: req.columns,
      withTotal: req.withTotal ?? true
    })
  }

  async getInteraction(req: { interaction_id: string }): Promise<InteractionDetail> {
    return getInteraction(this.requireDataset().engine, req.interaction_id)
  }

  async distinctValues(req: { dimension: ScopeDimension; scope?: ScopeRequest['scope']; limit?: number }): Promise<DistinctValue[]> {
    return distinctValues(this.requireDataset().engine, req.dimension, req.scope ?? {}, req.limit ?? 200)
  }

  async runSql(req: { sql: string; limit?: number }): Promise<SqlResult> {
    return runSql(this.requireDataset().engine, req.sql, req.limit ?? 1000)
  }

  /** Closes the engine; the object is unusable afterwards. */
  async dispose(): Promise<void> {
    for (const job of this.jobs.values()) job.abort()
    await this.dataset?.engine.close().catch(() => undefined)
    this.dataset = null
  }

  private requireDataset(): LoadedDataset {
    if (!this.dataset) throw new ApiError('no_dataset', 'no dataset is loaded: open a folder of telemetry CSVs or the demo data first')
    return this.dataset
  }

  /** The context of one analysis call; what-if knobs are validated and apply to this call only. */
  private context(scope: ScopeRequest['scope'], whatIf?: Record<string, unknown>): AnalysisContext {
    const ds = this.requireDataset()
    let knobs = this.knobs
    if (whatIf && Object.keys(whatIf).length) {
      const r = validateKnobs({ ...this.knobs, ...whatIf })
      if (!r.ok) throw new ApiError('invalid_request', `invalid knobs: ${r.errors.join('; ')}`, r.errors)
      knobs = r.knobs
    }
    return { engine: ds.engine, knobs, scope: scope ?? {}, report: ds.summary.report, overrideGates: [...this.overrideGates], memo: ds.memo }
  }
}
