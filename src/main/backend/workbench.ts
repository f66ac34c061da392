/** The in-process backend: owns the engine and the loaded dataset, runs jobs with progress and cancel, answers the contract (the workspace methods through WorkspaceService). */
import fs from 'node:fs'
import os from 'node:os'
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
import { anomalyReport, anomalySeries, maskAnomalyLabels } from '../analysis/anomalies'
import type { AnomalyDimension, AnomalyMetric, AnomalyReport, AnomalySeries } from '../../shared/anomalies'
import { runTriage } from '../analysis/triage'
import { buildArtifacts } from '../artifacts/analyze'
import { blockingGates } from '../artifacts/decisionArtifact'
import { budgetBurnDaily } from '../analysis/burn'
import { costAnalytics, costByDimension } from '../analysis/costs'
import { economics, savingsReport } from '../analysis/economics'
import { effectivePrices, priceEstimates } from '../analysis/prices'
import { compareScopes } from '../analysis/compare'
import { EMPTY_PRICE_TABLE, type Economics, type PriceTable, type PriceTableView, type RoutingChange, type SavingsReport } from '../../shared/economics'
import type { CompareResult } from '../../shared/compare'
import type { Scope } from '../../shared/scope'
import { budgetIncidents } from '../analysis/incidents'
import { healthDelta, healthSnapshot } from '../analysis/health'
import { modelHotspots } from '../analysis/hotspots'
import { riskSlices } from '../analysis/riskSlices'
import { routing } from '../analysis/routing'
import type { AnalysisContext } from '../analysis/context'
import { createEngine, type Engine, type EngineKind } from '../engine/engine'
import { processSpillDir, removeStaleSpillDirs } from '../engine/spillDir'
import { IngestCancelled, LOAD_KNOBS, refreshReportForKnobs } from '../ingest/ingest'
import { readRejects } from '../ingest/loadTable'
import { ResultMemo } from '../analysis/resultMemo'
import type { ClusterDetail, ClusterDriftReport, ClusterList, ClusterRanking, ClusterRunInfo, ClusterSettings, ClusterStatus, Diagnosis, DiagnosisModelSettings, MapChunk, MapColorBy, MapColors, MapInfo, MapMask, MapPoint, MapSelection, SimilarResult } from '../../shared/clusters'
import { isMembershipDimension } from '../../shared/scope'
import { clusterDetail, clusterDistinctValues, clusterDrift, clusterList } from '../analysis/clusterList'
import { diagnose } from '../analysis/clusterDiagnosis'
import { detectEmbeddingColumn } from '../analysis/clusterInput'
import { createMapSelection, mapChunk, mapColors, mapInfo, mapMask, mapPoint } from '../analysis/clusterMap'
import { ClusterStore } from '../analysis/clusterRuns'
import { similarRequests } from '../analysis/clusterSimilar'
import { ensureClusterTables } from '../analysis/clusterTables'
import { askModel, checkEndpoint } from '../analysis/diagnosisModel'
import { buildClusterReport } from '../artifacts/clusterArtifacts'
import { registerClusterReport } from '../report/clusterReportSection'
import { maskClusterDetail, maskClusterList, maskDiagnosis, maskDrift, maskMapPoint, maskRunInfo, maskSimilar, type Mask } from '../analysis/clusterMasking'
import { stableStringify } from '../../shared/stableStringify'
import { computeSampling } from '../analysis/sampling'
import { samplingFiles } from '../artifacts/samplingArtifacts'
import { memoised } from '../analysis/context'
import type { SamplingInputs, SamplingResult } from '../../shared/sampling'
import { ApiError } from './errors'
import { Privacy } from './privacy'
import { createPiiTextMasker } from '../pii/bundleMasker'
import { setTextMasker } from '../workspace/textMasking'
import { PII_GATE, type PiiFindingsPage, type PiiScanStatus, type PiiSettingsView, type PiiSummary, type SetPiiSettingsRequest } from '../../shared/pii'
import { PII_FINDINGS_FILE, piiFindingsCsv } from '../../shared/artifacts/piiArtifacts'
import { rejudgePiiGate, runPiiResponseGate, scanResponsesWhileLoading, withGate } from '../pii/gate'
import { PiiScanCancelled, scanFields } from '../analysis/piiScan'
import { piiFindingsForExport, piiFindingsPage, piiSummary, scanStatus } from '../analysis/piiReport'
import { demoDataDir } from './paths'
import { appVersion } from './version'
import type { Annotation, ReviewCounts } from '../../shared/annotations'
import type { PolicyDiff, PolicyVersion, PolicyVersionSummary } from '../../shared/policyHistory'
import type { RecentFile, RecoveryInfo, WorkspaceState } from '../../shared/workspace'
import type { AnnotationImportResult, BundlePlan, ExportBundleResult, OpenWorkspaceResult, TriageReview, WorkspaceApi } from '../../shared/workspaceApi'
import { createAnnotationTable } from '../workspace/annotationTable'
import { classifyPath, openDataSources, type OpenedSources } from '../workspace/openDataSources'
import { WorkspaceService } from '../workspace/workspaceService'

/** DuckDB's memory limit in the app unless configured; beyond it DuckDB spills to disk. */
const DEFAULT_MEMORY_LIMIT = '3GB'

export interface WorkbenchOptions {
  engine?: EngineKind
  mode: AppInfo['mode']
  /** memory limit for DuckDB, e.g. '4GB' (default 3GB) */
  memoryLimit?: string
  /** where DuckDB spills (default: a folder of this process's own in the system temp folder, removed on dispose) */
  tempDirectory?: string
  /** settings, recent files and autosaved sessions; null keeps nothing between runs */
  stateDir?: string | null
  /** web mode: where bundles for download are written (the web server serves them) */
  downloadsDir?: string | null
}

interface LoadedDataset {
  engine: Engine
  summary: DatasetSummary
  /** analysis results shared by the requests of one page (getHealth and getHealthDelta both need the snapshot) */
  memo: ResultMemo
  /** the failure-mode cluster runs of this dataset and the active one */
  clusters: ClusterStore
  /** the one folder the locked engine may write (a bundle's Parquet); null on duckdb-wasm */
  stagingDir: string | null
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
  /** the operator's price table (workspace state, like the knobs): kept across dataset loads */
  private priceTable: PriceTable = EMPTY_PRICE_TABLE
  private engineKind: EngineKind
  private engineNote: string | undefined
  private diagnosisModel: Omit<DiagnosisModelSettings, 'api_key_set'> = { endpoint: null, model: 'local-model' }
  /** the local model's API key, in memory only (never in an answer, a workspace or a bundle) */
  private diagnosisApiKey: string | null = null
  /** privacy settings, the pseudonym key, masking of text answers (issue 10's workspaces save and restore it: privacy.workspaceState()) */
  readonly privacy = new Privacy()
  /** the open workspace: its file, annotations, policy history, bundles and the report */
  readonly workspace: WorkspaceService

  constructor(private readonly options: WorkbenchOptions) {
    // bundles mask text with the PII detectors, in the operator's mode and key (docs/pii.md)
    setTextMasker(createPiiTextMasker(() => this.privacy.maskOptions))
    // the report lists the top failure clusters whenever they are computed (ctx.clusters)
    registerClusterReport()
    this.engineKind = options.engine ?? 'native'
    this.workspace = new WorkspaceService(
      {
        emit: (e) => this.emit(e),
        loadData: (req) => this.loadData(req),
        dataset: () => (this.dataset ? { engine: this.dataset.engine, summary: this.dataset.summary, stagingDir: this.dataset.stagingDir } : null),
        knobs: () => ({ ...this.knobs }),
        setKnobs: (knobs) => this.setKnobs({ knobs }),
        overrides: () => [...this.overrideGates],
        setGateOverrides: (gates) => this.setGateOverrides({ gates }),
        priceTable: () => this.priceTable,
        setPriceTable: (table) => this.setPriceTable({ table }),
        privacyState: () => this.privacy.workspaceState(),
        restorePrivacyState: (state) => {
          this.privacy.restoreWorkspaceState(state)
          void this.privacy.view(this.dataset ? this.privacyDataset() : null).then((settings) => this.emit({ type: 'piiSettingsChanged', settings }))
        },
        requestTextMask: () => this.requestTextMask(),
        context: (scope) => this.context(scope),
        lastTriage: () => this.lastTriage,
        job: (jobId, fn) => this.job(jobId, fn),
        annotationsChanged: () => this.dataset?.memo.deleteWhere((k) => k.includes('"annotation":')),
        progress: (jobId, phase, fraction) => this.emit({ type: 'progress', progress: { jobId, phase, fraction } })
      },
      { stateDir: options.stateDir ?? null, downloadsDir: options.downloadsDir ?? null }
    )
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
    // A workspace file or a bundle named as data opens as a workspace (its knobs, annotations, history).
    if (!req.demo && req.paths?.length === 1 && classifyPath(req.paths[0]) !== 'data') {
      const r = await this.workspace.openWorkspace({ jobId: req.jobId, path: req.paths[0] })
      if (r.status === 'needs_relink') throw new ApiError('load_failed', r.message, r.missing.map((m) => `${m.file}: looked in ${m.looked.join(', ')}`))
      return r.dataset
    }
    const { summary, bundle } = await this.loadData(req)
    await this.workspace.onDataLoaded(summary, bundle)
    return summary
  }

  /**
   * Loads data into a fresh engine (CSVs, folders or one bundle). With `knobs` (a workspace's, or
   * 'embedded' for a bundle's own) those become the knobs only if the load succeeds; if it fails,
   * the previous dataset and knobs stay loaded and usable.
   */
  private async loadData(req: { jobId: number; paths?: string[]; demo?: boolean; knobs?: Record<string, unknown> | 'embedded' }): Promise<{ summary: DatasetSummary; bundle: OpenedSources['bundle'] }> {
    const paths = req.demo ? [demoDataDir()] : (req.paths ?? [])
    const label = req.demo ? 'demo data' : paths.join(', ')
    const controller = new AbortController()
    this.jobs.set(req.jobId, controller)
    this.loads++
    const started = Date.now()
    // DuckDB keeps to 3 GB and spills into a folder of this process's own (DuckDB's default for an
    // in-memory database is `.tmp` in the working directory): 10M rows load within ~4 GB.
    const { engine, fallbackReason } = await createEngine(this.engineKind, { memoryLimit: this.options.memoryLimit ?? DEFAULT_MEMORY_LIMIT, tempDirectory: this.spillDirectory() })
    if (fallbackReason) {
      this.engineNote = fallbackReason
      this.engineKind = 'wasm'
    }
    let stagingDir: string | null = null
    try {
      const resolveKnobs = (embedded: Record<string, unknown> | null): Knobs => {
        const wanted = req.knobs === 'embedded' ? embedded : req.knobs
        if (!wanted) return this.knobs
        const r = validateKnobs(wanted)
        if (!r.ok) throw new ApiError('load_failed', `the workspace's knobs are not valid: ${r.errors.join('; ')}`, r.errors)
        return r.knobs
      }
      const opened = await openDataSources(engine, paths, {
        resolveKnobs,
        signal: controller.signal,
        onProgress: (p) => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: p.phase, fraction: p.fraction === null ? null : p.fraction * 0.95, detail: p.detail, label } }),
        alongside: (conn, present) => scanResponsesWhileLoading(conn, present, { signal: controller.signal })
      })
      // the pii_in_responses gate reads the responses before the dataset is shown (docs/pii.md)
      const report = await runPiiResponseGate(engine, opened.report, opened.knobs, {
        signal: controller.signal,
        onProgress: (_phase, fraction) => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: 'scanning responses for PII', fraction: 0.95 + 0.05 * fraction, label } })
      }).catch((err: unknown) => {
        throw err instanceof PiiScanCancelled ? new IngestCancelled() : err
      })
      const [range] = await engine.all<{ first_utc: string | null; last_utc: string | null }>(
        `SELECT strftime(min(timestamp_utc), '%Y-%m-%dT%H:%M:%SZ') AS first_utc, strftime(max(timestamp_utc), '%Y-%m-%dT%H:%M:%SZ') AS last_utc FROM interactions`
      )
      // The annotation filter reads this table: it exists before any query can ask.
      await createAnnotationTable(engine)
      await this.workspace.syncAnnotationTable(engine)
      if (engine.kind === 'native') stagingDir = fs.mkdtempSync(path.join(this.options.tempDirectory ?? os.tmpdir(), 'twb-staging-'))
      // The cluster tables exist (empty) from the start, so a cluster filter never fails.
      await ensureClusterTables(engine)
      const embeddings = await detectEmbeddingColumn(engine, report)
      // Later queries (the SQL console among them) can no longer touch the file system (but the staging folder).
      await lockDownEngine(engine, { writableDir: stagingDir ?? undefined })
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
      previous?.clusters.cancel()
      this.dataset = { engine, summary, memo: new ResultMemo(), stagingDir, clusters: new ClusterStore(engine, report, embeddings) }
      this.overrideGates = []
      this.lastTriage = null
      if (previous) {
        await previous.engine.close().catch(() => undefined)
        if (previous.stagingDir) fs.rmSync(previous.stagingDir, { recursive: true, force: true })
      }
      const knobsChanged = stableStringify(opened.knobs) !== stableStringify(this.knobs)
      this.knobs = opened.knobs
      if (knobsChanged) this.emit({ type: 'knobsChanged', knobs: { ...this.knobs } })
      this.emit({ type: 'datasetChanged', dataset: summary })
      return { summary, bundle: opened.bundle }
    } catch (err) {
      await engine.close().catch(() => undefined)
      if (stagingDir) fs.rmSync(stagingDir, { recursive: true, force: true })
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
    // An exported routing policy and triage threshold become versions of the workspace's policy history.
    this.workspace.recordExport(bundle.routing, bundle.triage, ctx.scope)
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
    const before = report.gates_overridden.join('\n')
    dataset.summary = { ...dataset.summary, report: { ...report, gates, gates_overridden: [...this.overrideGates], blocked: blockingGates(report, this.overrideGates).length > 0 } }
    this.emit({ type: 'datasetChanged', dataset: dataset.summary })
    if (before !== this.overrideGates.join('\n')) this.workspace.onSettingsChanged()
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
    if (ds && previous.PII_MAX_RESPONSE_SHARE !== this.knobs.PII_MAX_RESPONSE_SHARE) {
      const gate = ds.summary.report.gates.find((g) => g.gate === PII_GATE)
      if (gate) {
        const report = withGate({ ...ds.summary.report, gates_overridden: [...this.overrideGates] }, rejudgePiiGate(gate, this.knobs))
        this.overrideGates = [...report.gates_overridden]
        ds.summary = { ...ds.summary, report }
        this.emit({ type: 'datasetChanged', dataset: ds.summary })
      }
    }
    this.emit({ type: 'knobsChanged', knobs: { ...this.knobs } })
    if (stableStringify(previous) !== stableStringify(this.knobs)) this.workspace.onSettingsChanged()
    return { ok: true, knobs: { ...this.knobs } }
  }

  async queryInteractions(req: QueryInteractionsRequest): Promise<InteractionPage> {
    const page = await queryInteractions(this.requireDataset().engine, {
      scope: req.scope ?? {},
      sort: (req.sort ?? []).map((s) => ({ column: s.column, desc: s.desc ?? false })),
      offset: req.offset ?? 0,
      limit: req.limit ?? 200,
      columns: req.columns,
      withTotal: req.withTotal ?? true
    })
    return this.privacy.maskPage(this.privacyDataset(), page)
  }

  async getInteraction(req: { interaction_id: string }): Promise<InteractionDetail> {
    const ds = this.privacyDataset()
    return this.privacy.maskDetail(ds, await getInteraction(ds.engine, req.interaction_id, await this.privacy.sessionMasker(ds)))
  }

  async distinctValues(req: { dimension: ScopeDimension; scope?: ScopeRequest['scope']; limit?: number }): Promise<DistinctValue[]> {
    if (isMembershipDimension(req.dimension)) {
      const ds = this.requireDataset()
      const values = await clusterDistinctValues(ds.engine, ds.clusters, req.dimension, req.scope ?? {}, req.limit ?? 200)
      const mask = await this.requestTextMask()
      return mask ? values.map((v) => (v.label === undefined ? v : { ...v, label: mask(v.label) })) : values
    }
    return distinctValues(this.requireDataset().engine, req.dimension, req.scope ?? {}, req.limit ?? 200)
  }

  async runSql(req: { sql: string; limit?: number }): Promise<SqlResult> {
    return this.privacy.maskSql(await runSql(this.requireDataset().engine, req.sql, req.limit ?? 1000))
  }

  async getPiiSettings(): Promise<PiiSettingsView> {
    return this.privacy.view(this.dataset ? this.privacyDataset() : null)
  }

  async setPiiSettings(req: SetPiiSettingsRequest): Promise<PiiSettingsView> {
    const ds = this.dataset ? this.privacyDataset() : null
    if (ds) {
      const known = (await this.privacy.textColumns(ds.engine, ds.report)).all
      const unknown = [...(req.allowColumns ?? []), ...(req.extraColumns ?? [])].filter((c) => !known.includes(c))
      if (unknown.length) throw new ApiError('invalid_request', `not text columns of the interactions table: ${unknown.join(', ')}`)
    }
    const before = stableStringify(this.privacy.workspaceState())
    const view = await this.privacy.update(req, ds)
    this.emit({ type: 'piiSettingsChanged', settings: view })
    if (stableStringify(this.privacy.workspaceState()) !== before) this.workspace.onSettingsChanged()
    return view
  }

  async runPiiScan(req: { jobId: number }): Promise<PiiScanStatus> {
    const ds = this.privacyDataset()
    const fields = await this.privacy.scanColumns(ds.engine, ds.report)
    await this.job(req.jobId, (signal) =>
      scanFields(ds.engine, fields, { signal, onProgress: (phase, fraction) => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase, fraction } }) })
    ).catch((err: unknown) => {
      throw err instanceof PiiScanCancelled ? new ApiError('cancelled', 'PII scan cancelled') : err
    })
    return scanStatus(ds.engine, fields)
  }

  async getPiiSummary(req: { scope?: ScopeRequest['scope'] }): Promise<PiiSummary> {
    const ds = this.privacyDataset()
    return piiSummary(ds.engine, req.scope ?? {}, await scanStatus(ds.engine, await this.privacy.scanColumns(ds.engine, ds.report)))
  }

  async getPiiFindings(req: { scope?: ScopeRequest['scope']; types?: string[]; fields?: string[]; offset?: number; limit?: number }): Promise<PiiFindingsPage> {
    return piiFindingsPage(this.requireDataset().engine, { scope: req.scope ?? {}, types: req.types, fields: req.fields, offset: req.offset ?? 0, limit: req.limit ?? 200 })
  }

  async exportPiiFindings(req: { scope?: ScopeRequest['scope'] }): Promise<{ name: string; content: string }> {
    const ds = this.privacyDataset()
    const rows = await piiFindingsForExport(ds.engine, req.scope ?? {}, await this.privacy.scanColumns(ds.engine, ds.report))
    return { name: PII_FINDINGS_FILE, content: piiFindingsCsv(rows) }
  }

  /** The loaded engine and its report, for the privacy state. */
  private privacyDataset(): { engine: Engine; report: DatasetSummary['report'] } {
    const ds = this.requireDataset()
    return { engine: ds.engine, report: ds.summary.report }
  }

  async getClusterStatus(): Promise<ClusterStatus> {
    const ds = this.dataset
    if (!ds) return { active: null, running: null, embeddings: null }
    const mask = await this.requestTextMask()
    const active = ds.clusters.active?.info ?? null
    return { active: active && mask ? maskRunInfo(active, mask) : active, running: ds.clusters.running, embeddings: ds.clusters.embeddings }
  }

  async runClusters(req: { jobId: number; settings: ClusterSettings }): Promise<ClusterRunInfo> {
    const ds = this.requireDataset()
    const controller = new AbortController()
    this.jobs.set(req.jobId, controller)
    const progress = (phase: string, fraction: number | null): void => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase, fraction } })
    const { done, map } = ds.clusters.run(req.settings, this.knobs, {
      jobId: req.jobId,
      signal: controller.signal,
      onProgress: progress,
      onActivated: (info) => {
        // the cluster filter now selects other rows: every cached number that used it is stale
        ds.memo.clear()
        this.emit({ type: 'clustersChanged', key: info.key, what: 'assignment' })
      },
      onMapReady: (info) => this.emit({ type: 'clustersChanged', key: info.key, what: 'map' })
    })
    // the job (and its cancel) lasts until the UMAP map is done
    void map.catch(() => undefined).finally(() => this.jobs.delete(req.jobId))
    return done
  }

  async getClusters(req: { scope?: ScopeRequest['scope']; ranking: ClusterRanking }): Promise<ClusterList> {
    const list = await clusterList(this.context(req.scope), this.requireDataset().clusters, req.ranking)
    const mask = await this.requestTextMask()
    return mask ? maskClusterList(list, mask) : list
  }

  async getClusterDetail(req: { scope?: ScopeRequest['scope']; cluster_id: number }): Promise<ClusterDetail> {
    const detail = await clusterDetail(this.context(req.scope), this.requireDataset().clusters, req.cluster_id)
    const mask = await this.requestTextMask()
    return mask ? maskClusterDetail(detail, mask) : detail
  }

  async getClusterDrift(req: { scope?: ScopeRequest['scope']; dateRanges?: DriftDateRanges }): Promise<ClusterDriftReport> {
    const drift = await clusterDrift(this.context(req.scope), this.requireDataset().clusters, req.dateRanges)
    const mask = await this.requestTextMask()
    return mask ? maskDrift(drift, mask) : drift
  }

  async getClusterDiagnosis(req: { scope?: ScopeRequest['scope']; cluster_id?: number; selection_id?: number; use_model?: boolean }): Promise<Diagnosis> {
    const target = req.cluster_id !== undefined ? { cluster_id: req.cluster_id } : { selection_id: req.selection_id! }
    const mask = await this.requestTextMask()
    const raw = await diagnose(this.context(req.scope), this.requireDataset().clusters, target)
    // the model is given the masked evidence too: masking covers what leaves the process
    const d = mask ? maskDiagnosis(raw, mask) : raw
    if (!req.use_model) return d
    const m = this.diagnosisModel
    if (!m.endpoint) return { ...d, model: { name: m.model, endpoint: '', text: null, error: 'no local model is configured: set an endpoint first' } }
    try {
      return { ...d, model: { name: m.model, endpoint: m.endpoint, text: await askModel(m, d, this.diagnosisApiKey), error: null } }
    } catch (err) {
      return { ...d, model: { name: m.model, endpoint: m.endpoint, text: null, error: (err as Error).message } }
    }
  }

  async getClusterMapInfo(): Promise<MapInfo> {
    return mapInfo(this.requireDataset().clusters)
  }

  async getClusterMapChunk(req: { key: string; offset: number; limit?: number }): Promise<MapChunk> {
    return mapChunk(this.requireDataset().clusters, req.key, req.offset, req.limit)
  }

  async getClusterMapColors(req: { key: string; by: MapColorBy; offset: number; limit?: number }): Promise<MapColors> {
    const ds = this.requireDataset()
    return mapColors(ds.engine, ds.clusters, req.key, req.by, req.offset, req.limit)
  }

  async getClusterMapMask(req: { key: string; scope?: ScopeRequest['scope'] }): Promise<MapMask> {
    const ds = this.requireDataset()
    return mapMask(ds.engine, ds.clusters, req.key, req.scope ?? {})
  }

  async getClusterMapPoint(req: { key: string; index: number }): Promise<MapPoint> {
    const ds = this.requireDataset()
    const point = await mapPoint(ds.engine, ds.clusters, req.key, req.index)
    const mask = await this.requestTextMask()
    return mask ? maskMapPoint(point, mask) : point
  }

  async createMapSelection(req: { key: string; polygons: [number, number][][]; scope?: ScopeRequest['scope'] }): Promise<MapSelection> {
    const ds = this.requireDataset()
    return createMapSelection(ds.engine, ds.clusters, req.key, req.polygons, req.scope ?? {})
  }

  async findSimilar(req: { interaction_id?: string; text?: string; limit?: number }): Promise<SimilarResult> {
    const ds = this.requireDataset()
    const r = await similarRequests(ds.engine, ds.clusters, { interaction_id: req.interaction_id, text: req.text, limit: req.limit ?? 20 })
    const mask = await this.requestTextMask()
    return mask ? maskSimilar(r, mask) : r
  }

  async exportClusterReport(req: { jobId: number; ranking: ClusterRanking }): Promise<{ files: { name: string; content: string }[] }> {
    const ds = this.requireDataset()
    const ctx = this.context({})
    const files = await this.job(req.jobId, () =>
      buildClusterReport(ctx, ds.clusters, req.ranking, (f) => this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: 'writing the cluster report', fraction: f } }))
    )
    const mask = await this.requestTextMask()
    // clusters.csv holds ids and numbers only; the summary and the report quote labels, terms and exemplars
    return { files: mask ? files.map((f) => (f.name.endsWith('.csv') ? f : { ...f, content: mask(f.content) })) : files }
  }

  /** The masker of request texts while masking is on (and request_text is masked), else null. */
  private async requestTextMask(): Promise<Mask | null> {
    return this.privacy.requestTextMask(this.privacyDataset())
  }

  async getDiagnosisModel(): Promise<DiagnosisModelSettings> {
    return { ...this.diagnosisModel, api_key_set: this.diagnosisApiKey !== null }
  }

  async setDiagnosisModel(req: { endpoint: string | null; model?: string; api_key?: string | null }): Promise<DiagnosisModelSettings> {
    const endpoint = req.endpoint === null || req.endpoint.trim() === '' ? null : checkEndpoint(req.endpoint.trim())
    // a key belongs to its server: another endpoint (or none) drops it unless a new one is given
    if (endpoint === null || req.api_key === null) this.diagnosisApiKey = null
    else if (req.api_key !== undefined) this.diagnosisApiKey = req.api_key
    else if (endpoint !== this.diagnosisModel.endpoint) this.diagnosisApiKey = null
    this.diagnosisModel = { endpoint, model: req.model?.trim() || 'local-model' }
    return this.getDiagnosisModel()
  }

  async getSampling(req: { scope?: ScopeRequest['scope']; inputs: SamplingInputs }): Promise<SamplingResult> {
    const ctx = this.context(req.scope)
    return memoised(ctx, `sampling:${JSON.stringify(req.inputs)}`, async () => (await computeSampling(ctx, req.inputs)).result)
  }

  async exportSampling(req: { jobId: number; scope?: ScopeRequest['scope']; inputs: SamplingInputs; withSample?: boolean }): Promise<{ files: { name: string; content: string }[] }> {
    const ctx = this.context(req.scope)
    return this.job(req.jobId, async () => {
      this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: 'computing the sampling policy', fraction: 0.1 } })
      const computation = await computeSampling(ctx, req.inputs)
      this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: req.withSample ? 'writing the sampled interactions' : 'writing the policy files', fraction: 0.5 } })
      const files = await samplingFiles(ctx, computation, { generatedAt: new Date(), appVersion: appVersion(), withSample: req.withSample === true })
      // an exported sampling policy is a version of the workspace's policy history
      this.workspace.recordSampling(computation.result, files, ctx.scope)
      this.emit({ type: 'progress', progress: { jobId: req.jobId, phase: 'done', fraction: 1 } })
      return { files }
    })
  }

  async getAnomalies(req: ScopeRequest): Promise<AnomalyReport> {
    const report = await anomalyReport(this.context(req.scope))
    // cluster slices are named by their labels, made of request words
    const mask = await this.requestTextMask()
    return mask ? maskAnomalyLabels(report, mask) : report
  }

  async getAnomalySeries(req: { scope?: ScopeRequest['scope']; metric: AnomalyMetric; dimension: 'all' | AnomalyDimension; value: string }): Promise<AnomalySeries> {
    const series = await anomalySeries(this.context(req.scope), req.metric, req.dimension, req.value)
    const mask = await this.requestTextMask()
    return mask ? maskAnomalyLabels(series, mask) : series
  }

  async getPriceTable(): Promise<PriceTableView> {
    if (!this.dataset) return { table: this.priceTable, rows: effectivePrices([], new Map(), this.priceTable) }
    const ctx = this.context({})
    const { models, estimates } = await priceEstimates(ctx)
    return { table: this.priceTable, rows: effectivePrices(models, estimates, this.priceTable) }
  }

  async setPriceTable(req: { table: PriceTable }): Promise<PriceTableView> {
    const changed = stableStringify(this.priceTable) !== stableStringify(req.table)
    this.priceTable = req.table
    this.emit({ type: 'pricesChanged', table: req.table })
    if (changed) this.workspace.onSettingsChanged()
    // with no dataset loaded the table is still kept (the workspace may restore it before a load)
    return this.getPriceTable()
  }

  async getEconomics(req: { scope?: Scope; use_case?: string | null; change?: RoutingChange | null; volume?: number }): Promise<Economics> {
    const ctx = this.context(req.scope)
    const table = this.priceTable
    const request = { useCase: req.use_case ?? null, change: req.change ?? null, volume: req.volume ?? 1 }
    const compute = (): Promise<Economics> => economics(ctx, table, request)
    return ctx.memo ? ctx.memo.get(['economics', ctx.scope, ctx.knobs, table, request], compute) : compute()
  }

  async getSavingsIdeas(req: ScopeRequest): Promise<SavingsReport> {
    const ctx = this.context(req.scope)
    const table = this.priceTable
    const compute = (): Promise<SavingsReport> => savingsReport(ctx, table)
    return ctx.memo ? ctx.memo.get(['savingsIdeas', ctx.scope, ctx.knobs, table], compute) : compute()
  }

  async compareScopes(req: { a: Scope; b: Scope }): Promise<CompareResult> {
    return compareScopes(this.context({}), req.a, req.b)
  }

  // ---- the workspace methods (workspace/workspaceService.ts) ----

  getWorkspace(): Promise<WorkspaceState> {
    return this.workspace.getWorkspace()
  }
  newWorkspace(req: { jobId: number }): Promise<WorkspaceState> {
    return this.workspace.newWorkspace(req)
  }
  openWorkspace(req: { jobId: number; path?: string; content?: string; name?: string; searchFolder?: string }): Promise<OpenWorkspaceResult> {
    return this.workspace.openWorkspace(req)
  }
  saveWorkspace(req: { path?: string }): Promise<WorkspaceState> {
    return this.workspace.saveWorkspace(req)
  }
  updateWorkspaceUi(req: { ui: unknown }): Promise<{ dirty: boolean; revision: number }> {
    return this.workspace.updateWorkspaceUi(req)
  }
  getWorkspaceFile(): Promise<{ name: string; content: string }> {
    return this.workspace.getWorkspaceFile()
  }
  listRecentFiles(): Promise<RecentFile[]> {
    return this.workspace.listRecentFiles()
  }
  listRecoveries(): Promise<RecoveryInfo[]> {
    return this.workspace.listRecoveries()
  }
  restoreRecovery(req: { jobId: number; id: string; searchFolder?: string }): Promise<OpenWorkspaceResult> {
    return this.workspace.restoreRecovery(req)
  }
  discardRecovery(req: { id: string }): Promise<boolean> {
    return this.workspace.discardRecovery(req)
  }
  discardUnsavedChanges(): Promise<WorkspaceState> {
    return this.workspace.discardUnsavedChanges()
  }
  setAuthor(req: { author: string }): Promise<WorkspaceState> {
    return this.workspace.setAuthor(req)
  }
  async pickPath(): Promise<string | null> {
    // Only the desktop shell has native dialogs; it answers this call itself.
    return null
  }
  getBundlePlan(): Promise<BundlePlan> {
    return this.workspace.getBundlePlan()
  }
  exportBundle(req: Parameters<WorkspaceApi['exportBundle']>[0]): Promise<ExportBundleResult> {
    return this.workspace.exportBundle(req)
  }
  exportReport(req: { jobId: number; scope?: Scope; path?: string }): Promise<{ name: string; content: string; path?: string }> {
    return this.workspace.exportReport(req)
  }
  getAnnotations(req: { interaction_ids: string[] }): Promise<Annotation[]> {
    return this.workspace.getAnnotations(req)
  }
  setAnnotation(req: Parameters<WorkspaceApi['setAnnotation']>[0]): Promise<Annotation> {
    return this.workspace.setAnnotation(req as Parameters<WorkspaceService['setAnnotation']>[0])
  }
  deleteAnnotation(req: { interaction_id: string }): Promise<boolean> {
    return this.workspace.deleteAnnotation(req)
  }
  annotateMany(req: Parameters<WorkspaceApi['annotateMany']>[0]): Promise<{ count: number }> {
    return this.workspace.annotateMany(req as Parameters<WorkspaceService['annotateMany']>[0])
  }
  listAnnotations(req: Parameters<WorkspaceApi['listAnnotations']>[0]): Promise<{ total: number; rows: Annotation[]; counts: ReviewCounts }> {
    return this.workspace.listAnnotations(req)
  }
  exportAnnotations(): Promise<{ name: string; content: string }> {
    return this.workspace.exportAnnotations()
  }
  importAnnotations(req: { content: string }): Promise<AnnotationImportResult> {
    return this.workspace.importAnnotations(req)
  }
  getTriageReview(): Promise<TriageReview> {
    return this.workspace.getTriageReview()
  }
  listPolicyVersions(): Promise<PolicyVersionSummary[]> {
    return this.workspace.listPolicyVersions()
  }
  getPolicyVersion(req: { id: string }): Promise<PolicyVersion> {
    return this.workspace.getPolicyVersion(req)
  }
  recordPolicyVersion(req: Parameters<WorkspaceApi['recordPolicyVersion']>[0]): Promise<PolicyVersionSummary> {
    return this.workspace.recordPolicyVersion(req)
  }
  diffPolicyVersions(req: { before: string; after: string }): Promise<PolicyDiff> {
    return this.workspace.diffPolicyVersions(req)
  }
  rollbackPolicyVersion(req: { id: string }): Promise<{ knobs: Record<string, unknown> }> {
    return this.workspace.rollbackPolicyVersion(req)
  }

  /** Closes the engine; the object is unusable afterwards. An unsaved workspace is autosaved first (it survives the process). */
  async dispose(): Promise<void> {
    for (const job of this.jobs.values()) job.abort()
    this.dataset?.clusters.cancel()
    await this.workspace.dispose().catch(() => undefined)
    await this.dataset?.engine.close().catch(() => undefined)
    if (this.dataset?.stagingDir) fs.rmSync(this.dataset.stagingDir, { recursive: true, force: true })
    if (!this.options.tempDirectory) fs.rmSync(this.spillDirectory(), { recursive: true, force: true })
    this.dataset = null
  }

  /** Where DuckDB spills: the configured folder, or one of this process's own in the system temp folder (stale ones of killed processes removed first). */
  private spillDirectory(): string {
    if (this.options.tempDirectory) return this.options.tempDirectory
    removeStaleSpillDirs()
    return processSpillDir()
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
    return { engine: ds.engine, knobs, scope: scope ?? {}, report: ds.summary.report, overrideGates: [...this.overrideGates], memo: ds.memo, clusters: ds.clusters }
  }
}
