/**
 * The open workspace in the backend: its file, unsaved changes and autosave, opening (with relink by
 * hash), saving (atomic, .bak), bundles, the report, annotations (mirrored into DuckDB for the
 * scope filter) and policy history. The Workbench hosts it and delegates the workspace methods here.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { WorkbenchEvent } from '../../shared/api'
import { type Annotation, reviewCounts, type ReviewCounts } from '../../shared/annotations'
import { KNOB_NAMES, type Knobs, type KnobsResult } from '../../shared/knobs'
import type { PiiWorkspaceState } from '../../shared/pii'
import { diffPolicyVersions, type PolicyDiff, type PolicyVersion, type PolicyVersionSummary } from '../../shared/policyHistory'
import { isEmptyScope, ScopeSchema, type Scope } from '../../shared/scope'
import { stableStringify } from '../../shared/stableStringify'
import type { RoutingResult } from '../../shared/analysis'
import { EMPTY_PRICE_TABLE, PriceTableSchema, type PriceTable } from '../../shared/economics'
import type { TriageResult } from '../../shared/triage'
import type { SamplingResult } from '../../shared/sampling'
import type { DatasetSummary } from '../../shared/types'
import { withoutSecrets } from '../../shared/clusterWorkspace'
import { WorkspaceUiSchema, type RecentFile, type RecoveryInfo, type SourceWarning, type WorkspaceDoc, type WorkspaceSource, type WorkspaceState, type WorkspaceUi } from '../../shared/workspace'
import type {
  AnnotationImportResult,
  BundlePlan,
  ColumnRef,
  ExportBundleResult,
  OpenWorkspaceResult,
  TriageReview,
  WorkspaceApi
} from '../../shared/workspaceApi'
import { compileScope } from '../analysis/scopeSql'
import type { AnalysisContext } from '../analysis/context'
import { routing } from '../analysis/routing'
import { blockingGates } from '../artifacts/decisionArtifact'
import { ApiError } from '../backend/errors'
import { appVersion } from '../backend/version'
import type { Engine } from '../engine/engine'
import { buildReport } from '../report/buildReport'
import { deleteAnnotationStatuses, replaceAnnotationStatuses, upsertAnnotationStatuses } from './annotationTable'
import { AnnotationStore, type BulkEdit } from './annotationStore'
import { AppState } from './appState'
import { saveAtomically } from './atomicFile'
import { BUNDLE_EXTENSION } from './bundleFormat'
import { openBundle } from './bundleReader'
import { bundleTables, rewriteBundleWorkspace, writeBundle } from './bundleWriter'
import type { OpenedSources } from './openDataSources'
import { classifyPath } from './openDataSources'
import { sha256File } from '../ingest/ingest'
import { appendVersion, routingVersion, samplingVersion, summariseVersion, triageVersion } from './policyVersions'
import { resolveSources, sourcesFromReport, sourceWarnings, relativeTo } from './relink'
import { freeTextColumns, textMasker } from './textMasking'
import { composeWorkspaceDoc, emptyUi, emptyWorkspaceDoc, portablePrivacy, portableSources } from './workspaceDoc'
import { parseWorkspace, serialiseWorkspace } from './workspaceFormat'

/** What the Workbench gives the workspace: its dataset, knobs, overrides, jobs and events. */
export interface WorkspaceHost {
  emit(e: WorkbenchEvent): void
  /**
   * Loads data into a fresh engine. With `knobs`, those become the knobs when (and only when) the
   * load succeeds; a bundle's own knobs are used when `knobs` is 'embedded'.
   */
  loadData(req: { jobId: number; paths?: string[]; demo?: boolean; knobs?: Record<string, unknown> | 'embedded' }): Promise<{ summary: DatasetSummary; bundle: OpenedSources['bundle'] }>
  dataset(): { engine: Engine; summary: DatasetSummary; stagingDir: string | null } | null
  knobs(): Knobs
  setKnobs(knobs: Record<string, unknown>): Promise<KnobsResult>
  overrides(): string[]
  setGateOverrides(gates: string[]): Promise<unknown>
  /** the operator's price table (economics), saved with the workspace */
  priceTable(): PriceTable
  setPriceTable(table: PriceTable): Promise<unknown>
  /** the privacy settings and pseudonym key (pii.ts PiiWorkspaceState), saved with the workspace */
  privacyState(): PiiWorkspaceState
  /** restores a saved privacy state; throws naming the problem */
  restorePrivacyState(state: unknown): void
  /** masks text drawn from request texts (cluster labels) while PII masking is on; null when off (absent: never) */
  requestTextMask?(): Promise<((text: string) => string) | null>
  context(scope: Scope | undefined): AnalysisContext
  lastTriage(): TriageResult | null
  job<T>(jobId: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T>
  /** forgets memoised results whose scope filters by annotation status */
  annotationsChanged(): void
  progress(jobId: number, phase: string, fraction: number | null): void
}

export interface WorkspaceServiceOptions {
  /** settings, recent files and autosaves; null keeps nothing between runs (tests, CLI) */
  stateDir: string | null
  /** web mode: where downloads (bundles) are written for the web server to serve */
  downloadsDir?: string | null
  /** ms of quiet before unsaved changes are autosaved */
  autosaveDelayMs?: number
  appState?: AppState
}

/** UI fields that are part of the investigation (changing them is an unsaved change); the page and its params are not. */
function investigationUi(ui: WorkspaceUi): string {
  const { page: _p, page_params: _pp, ...rest } = ui
  return stableStringify(rest)
}

const nowIso = (): string => new Date().toISOString()

export class WorkspaceService implements Omit<WorkspaceApi, 'pickPath'> {
  private path: string | null = null
  private fileKind: 'json' | 'bundle' | null = null
  private readOnly: string | null = null
  private warnings: SourceWarning[] = []
  private base: WorkspaceDoc = emptyWorkspaceDoc()
  private ui: WorkspaceUi = emptyUi()
  private annotations = new AnnotationStore()
  private versions: PolicyVersion[] = []
  private demo = true
  private sources: WorkspaceSource[] = []
  /** the bundle the data came from: its file's identity, for Save and the workspace's source list */
  private bundle: { path: string; sha256: string; bytes: number; rows: number } | null = null
  private revision = 0
  private savedRevision = 0
  private session = 0
  private autosaveTimer: NodeJS.Timeout | null = null
  private readonly app: AppState | null

  constructor(
    private readonly host: WorkspaceHost,
    private readonly options: WorkspaceServiceOptions
  ) {
    this.app = options.appState ?? (options.stateDir ? new AppState(options.stateDir) : null)
  }

  // ---- state -------------------------------------------------------------------------------

  private get dirty(): boolean {
    return this.revision !== this.savedRevision
  }

  state(): WorkspaceState {
    return {
      path: this.path,
      name: this.path ? path.basename(this.path) : 'Untitled',
      fileKind: this.fileKind,
      dirty: this.dirty,
      readOnly: this.readOnly,
      warnings: this.warnings,
      ui: this.ui,
      sources: this.sources,
      annotationCount: this.annotations.size,
      policyVersionCount: this.versions.length,
      author: this.app?.author() ?? 'unknown',
      revision: this.revision,
      session: this.session
    }
  }

  private emitState(): void {
    this.host.emit({ type: 'workspaceChanged', workspace: this.state() })
  }

  /** Records an unsaved change: the title shows it and the session is autosaved after a quiet moment. */
  touch(): void {
    this.revision++
    this.scheduleAutosave()
    this.emitState()
  }

  private scheduleAutosave(): void {
    if (!this.app) return
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer)
    this.autosaveTimer = setTimeout(() => void this.autosaveNow(), this.options.autosaveDelayMs ?? 1500)
    this.autosaveTimer.unref?.()
  }

  /** Writes the recovery copy now (tests and shutdown call it directly). */
  async autosaveNow(): Promise<void> {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer)
    this.autosaveTimer = null
    if (!this.app || !this.dirty) return
    await this.app.writeRecovery({ path: this.path, name: this.state().name, doc: this.currentDoc(), now: nowIso() }).catch(() => undefined)
  }

  private markSaved(): void {
    this.savedRevision = this.revision
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer)
    this.autosaveTimer = null
    this.app?.clearOwnRecovery()
  }

  /** The document as Save would write it. */
  private currentDoc(forBundle = false): WorkspaceDoc {
    const sources = this.demo ? [] : this.currentSources(forBundle)
    return composeWorkspaceDoc(this.base, {
      demo: this.demo,
      sources,
      knobs: this.host.knobs(),
      gateOverrides: this.host.overrides(),
      priceTable: this.host.priceTable(),
      privacy: this.privacyForDoc(forBundle),
      // the cluster settings never carry the local model's API key (nor any secret) into a file or bundle
      ui: { ...this.ui, cluster_settings: withoutSecrets(this.ui.cluster_settings) },
      annotations: this.annotations.all(),
      policyVersions: this.versions
    })
  }

  private privacyForDoc(forBundle: boolean): unknown {
    const state = this.host.privacyState()
    return forBundle ? portablePrivacy(state) : state
  }

  private currentSources(forBundle: boolean): WorkspaceSource[] {
    const ds = this.host.dataset()
    if (forBundle) return portableSources(ds ? sourcesFromReport(ds.summary.report, null) : this.sources)
    if (this.bundle) {
      const b = this.bundle
      return [{ kind: 'bundle', table: null, file: path.basename(b.path), relative_path: relativeTo(this.path, b.path), absolute_path: b.path, sha256: b.sha256, bytes: b.bytes, rows: b.rows, columns: [] }]
    }
    if (ds) return sourcesFromReport(ds.summary.report, this.path)
    return this.sources
  }

  // ---- dataset hooks -------------------------------------------------------------------------

  /** Fills the new engine's annotation table (called by the host after every load, before the lock). */
  async syncAnnotationTable(engine: Engine): Promise<void> {
    await replaceAnnotationStatuses(
      engine,
      this.annotations.all().map((a) => ({ interaction_id: a.interaction_id, status: a.status }))
    )
  }

  /** A dataset was loaded outside a workspace open (the Data page): it is this workspace's data now. */
  async onDataLoaded(summary: DatasetSummary, bundle: OpenedSources['bundle']): Promise<void> {
    this.demo = summary.isDemo
    this.bundle = bundle ? await this.bundleIdentity(bundle.file, summary) : null
    this.sources = this.currentSources(false)
    this.warnings = []
    // New data in a saved workspace changes it; data opened in an untitled one is where work starts, not an edit.
    if (this.path) this.touch()
    else this.emitState()
  }

  /** Knobs or gate overrides changed. */
  onSettingsChanged(): void {
    this.touch()
  }

  private async bundleIdentity(file: string, summary: DatasetSummary): Promise<{ path: string; sha256: string; bytes: number; rows: number }> {
    return { path: file, sha256: await sha256File(file), bytes: fs.statSync(file).size, rows: summary.report.tables.interactions?.rows ?? 0 }
  }

  // ---- workspace files -----------------------------------------------------------------------

  async getWorkspace(): Promise<WorkspaceState> {
    return this.state()
  }

  async newWorkspace(req: { jobId: number }): Promise<WorkspaceState> {
    await this.host.loadData({ jobId: req.jobId, demo: true, knobs: {} })
    await this.host.setGateOverrides([])
    await this.host.setPriceTable(EMPTY_PRICE_TABLE)
    this.reset()
    this.markSaved()
    this.emitState()
    return this.state()
  }

  private reset(): void {
    this.session++
    this.path = null
    this.fileKind = null
    this.readOnly = null
    this.warnings = []
    this.base = emptyWorkspaceDoc()
    this.ui = emptyUi()
    this.annotations = new AnnotationStore()
    this.versions = []
    this.demo = this.host.dataset()?.summary.isDemo ?? true
    this.bundle = null
    this.sources = this.currentSources(false)
  }

  async openWorkspace(req: { jobId: number; path?: string; content?: string; name?: string; searchFolder?: string }): Promise<OpenWorkspaceResult> {
    if (req.content !== undefined) {
      // A dropped file: its folder is unknown, so its sources are found by absolute path or by hash.
      const parsed = parseWorkspace(req.content, req.name ?? 'the dropped workspace')
      return this.openDoc(parsed.doc, { jobId: req.jobId, path: null, readOnly: parsed.readOnly, searchFolder: req.searchFolder, fileKind: null, dirty: true })
    }
    if (!req.path) throw new ApiError('invalid_request', 'give a path or the content of a workspace file')
    const file = path.resolve(req.path)
    if (!fs.existsSync(file)) throw new ApiError('not_found', `${req.path}: not found`)
    const kind = classifyPath(file)
    if (kind === 'data') {
      const { summary, bundle } = await this.host.loadData({ jobId: req.jobId, paths: [file] })
      await this.onDataLoaded(summary, bundle)
      return { status: 'opened', state: this.state(), dataset: summary }
    }
    if (kind === 'bundle') {
      const { summary, bundle } = await this.host.loadData({ jobId: req.jobId, paths: [file], knobs: 'embedded' })
      if (!bundle) throw new ApiError('internal', `${path.basename(file)}: opened as data, not as a bundle`)
      await this.apply(bundle.workspace.doc, { path: file, fileKind: 'bundle', readOnly: bundle.workspace.readOnly, warnings: [] })
      this.bundle = await this.bundleIdentity(file, summary)
      this.sources = this.currentSources(false)
      await this.opened(file)
      return { status: 'opened', state: this.state(), dataset: this.host.dataset()!.summary }
    }
    const parsed = parseWorkspace(readText(file), path.basename(file))
    return this.openDoc(parsed.doc, { jobId: req.jobId, path: file, readOnly: parsed.readOnly, searchFolder: req.searchFolder, fileKind: 'json' })
  }

  /** Loads a workspace document's data with its knobs, then takes its state. Nothing changes when a source is missing. */
  private async openDoc(doc: WorkspaceDoc, o: { jobId: number; path: string | null; readOnly: string | null; searchFolder?: string; fileKind: 'json' | null; dirty?: boolean }): Promise<OpenWorkspaceResult> {
    const label = o.path ? path.basename(o.path) : 'the autosaved session'
    let warnings: SourceWarning[] = []
    let loaded: { summary: DatasetSummary; bundle: OpenedSources['bundle'] }
    let bundle: typeof this.bundle = null
    if (doc.demo || doc.sources.length === 0) {
      loaded = await this.host.loadData({ jobId: o.jobId, demo: true, knobs: doc.knobs })
    } else {
      const { resolved, missing } = await resolveSources(doc.sources, o.path, o.searchFolder)
      if (missing.length) {
        const where = o.searchFolder ? ` (also searched ${o.searchFolder} by SHA-256)` : ''
        return { status: 'needs_relink', missing, message: `${label}: ${missing.length} of ${doc.sources.length} source(s) not found${where}: ${missing.map((m) => m.file).join(', ')}. Pick the folder that holds them.` }
      }
      const paths = resolved.map((r) => r.path)
      const isBundle = resolved.length === 1 && resolved[0].source.kind === 'bundle'
      loaded = await this.host.loadData({ jobId: o.jobId, paths, knobs: doc.knobs })
      if (isBundle && loaded.bundle) bundle = await this.bundleIdentity(loaded.bundle.file, loaded.summary)
      warnings = sourceWarnings(resolved, loaded.summary.report, () => bundle?.sha256)
    }
    await this.apply(doc, { path: o.path, fileKind: o.fileKind, readOnly: o.readOnly, warnings })
    this.bundle = bundle
    this.sources = this.currentSources(false)
    if (o.path) await this.opened(o.path)
    if (o.dirty) this.touch()
    return { status: 'opened', state: this.state(), dataset: this.host.dataset()!.summary }
  }

  /** Takes a document's state (after its data loaded): overrides, annotations, history, UI. */
  private async apply(doc: WorkspaceDoc, o: { path: string | null; fileKind: 'json' | 'bundle' | null; readOnly: string | null; warnings: SourceWarning[] }): Promise<void> {
    const ds = this.host.dataset()
    const failing = new Set(ds?.summary.report.gates_failed ?? [])
    await this.host.setGateOverrides(doc.gate_overrides.filter((g) => failing.has(g)))
    // a price table this version cannot read is left as it is (and kept in the file as written)
    const prices = doc.price_table === null ? EMPTY_PRICE_TABLE : PriceTableSchema.safeParse(doc.price_table).data
    if (prices) await this.host.setPriceTable(prices)
    // a privacy state this version cannot read keeps the current settings and key; the open goes on
    if (doc.privacy !== null) {
      try {
        this.host.restorePrivacyState(doc.privacy)
      } catch (err) {
        o.warnings = [...o.warnings, { file: o.path ?? 'workspace', table: null, kind: 'changed', message: `${(err as Error).message}: the privacy settings were not restored` }]
      }
    }
    this.session++
    this.path = o.path
    this.fileKind = o.fileKind
    this.readOnly = o.readOnly
    this.warnings = o.warnings
    this.base = doc
    this.ui = doc.ui
    this.annotations = new AnnotationStore(doc.annotations)
    this.versions = [...doc.policy_versions]
    this.demo = doc.demo
    this.bundle = null
    if (ds) await this.syncAnnotationTable(ds.engine)
    this.host.annotationsChanged()
    this.markSaved()
  }

  private async opened(file: string): Promise<void> {
    await this.app?.addRecent(file, nowIso()).catch(() => undefined)
    this.emitState()
    this.host.emit({ type: 'annotationsChanged', count: this.annotations.size })
  }

  async saveWorkspace(req: { path?: string }): Promise<WorkspaceState> {
    const target = req.path ? path.resolve(req.path) : this.path
    if (!target) throw new ApiError('invalid_request', 'this workspace has no file yet: choose where to save it (Save As)')
    if (!req.path && this.readOnly) throw new ApiError('invalid_request', this.readOnly)
    if (this.fileKind === 'bundle' && this.path && target === this.path) {
      await this.saveIntoBundle(target)
    } else {
      if (target.endsWith(BUNDLE_EXTENSION)) throw new ApiError('invalid_request', `${path.basename(target)}: Save writes a workspace file (${'.twb.json'}); use Export Bundle to write a bundle`)
      const previousPath = this.path
      this.path = target
      try {
        await saveAtomically(target, serialiseWorkspace(this.currentDoc(), { savedAt: nowIso(), appVersion: appVersion() }))
      } catch (err) {
        this.path = previousPath
        throw new ApiError('internal', `could not save ${target}: ${(err as Error).message}`)
      }
      this.fileKind = 'json'
    }
    this.readOnly = null
    this.sources = this.currentSources(false)
    this.markSaved()
    await this.opened(target)
    return this.state()
  }

  private async saveIntoBundle(target: string): Promise<void> {
    const { archive, contents } = await openBundle(target)
    try {
      await rewriteBundleWorkspace(archive, contents.manifest, target, serialiseWorkspace(this.currentDoc(true), { savedAt: nowIso(), appVersion: appVersion() }), this.annotations.toJsonl())
    } finally {
      archive.close()
    }
    const ds = this.host.dataset()
    if (ds) this.bundle = await this.bundleIdentity(target, ds.summary)
  }

  async updateWorkspaceUi(req: { ui: unknown }): Promise<{ dirty: boolean; revision: number }> {
    const ui = WorkspaceUiSchema.parse(req.ui)
    const changed = investigationUi(ui) !== investigationUi(this.ui)
    this.ui = ui
    if (changed) this.touch()
    return { dirty: this.dirty, revision: this.revision }
  }

  async getWorkspaceFile(): Promise<{ name: string; content: string }> {
    const name = this.path && this.fileKind === 'json' ? path.basename(this.path) : `${this.path ? path.basename(this.path).replace(/\.[^.]+$/, '') : 'workspace'}.twb.json`
    return { name, content: serialiseWorkspace(this.currentDoc(), { savedAt: nowIso(), appVersion: appVersion() }) }
  }

  async listRecentFiles(): Promise<RecentFile[]> {
    return this.app?.recent() ?? []
  }

  async listRecoveries(): Promise<RecoveryInfo[]> {
    return this.app?.listRecoveries() ?? []
  }

  async restoreRecovery(req: { jobId: number; id: string; searchFolder?: string }): Promise<OpenWorkspaceResult> {
    const r = this.app?.readRecovery(req.id)
    if (!r) throw new ApiError('not_found', 'that autosaved session is gone')
    const parsed = parseWorkspace(JSON.stringify(r.doc), `the autosaved session of ${r.name}`)
    const result = await this.openDoc(parsed.doc, { jobId: req.jobId, path: r.path, readOnly: parsed.readOnly, searchFolder: req.searchFolder, fileKind: r.path ? 'json' : null, dirty: true })
    if (result.status === 'opened') {
      this.app?.discardRecovery(req.id)
      // The restored state is this session's unsaved work now: autosave it under this process.
      await this.autosaveNow()
    }
    return result
  }

  async discardRecovery(req: { id: string }): Promise<boolean> {
    return this.app?.discardRecovery(req.id) ?? false
  }

  /** The operator chose not to keep the unsaved changes (closing the window): forget them and their autosave. */
  async discardUnsavedChanges(): Promise<WorkspaceState> {
    this.markSaved()
    this.emitState()
    return this.state()
  }

  async setAuthor(req: { author: string }): Promise<WorkspaceState> {
    await this.app?.setAuthor(req.author)
    this.emitState()
    return this.state()
  }

  // ---- bundle and report ---------------------------------------------------------------------

  async getBundlePlan(): Promise<BundlePlan> {
    const ds = this.requireDataset()
    const tables = await bundleTables(ds.engine)
    const out: BundlePlan['tables'] = []
    for (const t of tables) {
      const text = await freeTextColumns(ds.engine, t.table, t.columns)
      out.push({ table: t.table, rows: t.rows, columns: t.columns.map((c) => ({ name: c.name, type: c.type, text: text.has(c.name) })) })
    }
    const m = textMasker()
    return { tables: out, masking: { kind: m.kind, description: m.description }, annotations: this.annotations.size, policyVersions: this.versions.length }
  }

  async exportBundle(req: { jobId: number; path?: string; drop?: ColumnRef[]; mask?: ColumnRef[] }): Promise<ExportBundleResult> {
    const ds = this.requireDataset()
    if (!ds.stagingDir) throw new ApiError('internal', 'this dataset has no staging folder for Parquet files')
    let target = req.path ? path.resolve(req.path) : null
    let download: string | undefined
    if (!target) {
      if (!this.options.downloadsDir) throw new ApiError('invalid_request', 'give the path to write the bundle to')
      const stem = (this.path ? path.basename(this.path) : 'workspace').replace(/(\.twb)?\.json$|\.twbundle$/, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'workspace'
      const name = `${stem}-${Date.now().toString(36)}${BUNDLE_EXTENSION}`
      target = path.join(this.options.downloadsDir, name)
      download = `/download/${encodeURIComponent(name)}`
    }
    if (this.fileKind === 'bundle' && this.path === target) throw new ApiError('invalid_request', `${path.basename(target)} is the open bundle: use Save to update it, or export to another file`)
    const written = await this.host.job(req.jobId, (signal) =>
      writeBundle({
        engine: ds.engine,
        file: target!,
        stagingDir: ds.stagingDir!,
        report: ds.summary.report,
        reportKnobs: this.host.knobs(),
        workspaceJson: serialiseWorkspace(this.currentDoc(true), { savedAt: nowIso(), appVersion: appVersion() }),
        annotationsJsonl: this.annotations.toJsonl(),
        drop: req.drop ?? [],
        mask: req.mask ?? [],
        masker: textMasker(),
        signal,
        onProgress: (phase, fraction) => this.host.progress(req.jobId, phase, fraction)
      })
    )
    return { path: written.path, bytes: written.bytes, sha256: written.sha256, tables: written.tables, ...(download ? { download } : {}) }
  }

  async exportReport(req: { jobId: number; scope?: Scope; path?: string }): Promise<{ name: string; content: string; path?: string }> {
    const ctx = this.host.context(req.scope)
    const ds = this.requireDataset()
    const maskText = (await this.host.requestTextMask?.()) ?? null
    const content = await this.host.job(req.jobId, (signal) =>
      buildReport({
        ctx,
        maskText,
        datasetLabel: ds.summary.label,
        isDemo: ds.summary.isDemo,
        workspace: { name: this.state().name, annotations: this.annotations.all(), policyVersions: this.versions.map(summariseVersion), notes: this.ui.notes },
        signal,
        onProgress: (phase, fraction) => this.host.progress(req.jobId, phase, fraction)
      })
    )
    const name = `telemetry-report-${new Date().toISOString().slice(0, 10)}.html`
    if (req.path) {
      const target = path.resolve(req.path)
      await saveAtomically(target, content, { backup: false })
      return { name: path.basename(target), content, path: target }
    }
    return { name, content }
  }

  // ---- annotations ---------------------------------------------------------------------------

  private async mirror(changed: readonly Annotation[], deleted: readonly string[] = []): Promise<void> {
    const ds = this.host.dataset()
    if (ds) {
      if (deleted.length) await deleteAnnotationStatuses(ds.engine, deleted)
      if (changed.length) await upsertAnnotationStatuses(ds.engine, changed.map((a) => ({ interaction_id: a.interaction_id, status: a.status })))
    }
    this.host.annotationsChanged()
    this.host.emit({ type: 'annotationsChanged', count: this.annotations.size })
    this.touch()
  }

  async getAnnotations(req: { interaction_ids: string[] }): Promise<Annotation[]> {
    return req.interaction_ids.map((id) => this.annotations.get(id)).filter((a): a is Annotation => !!a)
  }

  async setAnnotation(req: { interaction_id: string; edit: { status: Annotation['status']; labels?: string[]; note?: string; author?: string } }): Promise<Annotation> {
    const a = this.annotations.set(req.interaction_id, req.edit, this.state().author, nowIso())
    await this.mirror([a])
    return a
  }

  async deleteAnnotation(req: { interaction_id: string }): Promise<boolean> {
    const had = this.annotations.delete(req.interaction_id)
    if (had) await this.mirror([], [req.interaction_id])
    return had
  }

  async annotateMany(req: { target: { scope: Scope } | { interaction_ids: string[] }; edit: BulkEdit; maxRows?: number }): Promise<{ count: number }> {
    let ids: string[]
    if ('interaction_ids' in req.target) {
      ids = [...new Set(req.target.interaction_ids)]
    } else {
      const ds = this.requireDataset()
      const { where, params } = compileScope(ScopeSchema.parse(req.target.scope))
      const max = req.maxRows ?? Number.MAX_SAFE_INTEGER
      const rows = await ds.engine.columns(`SELECT DISTINCT interaction_id FROM interactions WHERE interaction_id IS NOT NULL AND ${where} LIMIT ?`, [...params, max + 1])
      ids = (rows.data[0] ?? []).map(String)
      if (ids.length > max) throw new ApiError('invalid_request', `the scope holds more than ${max} interactions; narrow it or confirm the larger count`)
    }
    const written = this.annotations.setMany(ids, req.edit, this.state().author, nowIso())
    await this.mirror(written)
    return { count: written.length }
  }

  async listAnnotations(req: { offset?: number; limit?: number; status?: Annotation['status']; scope?: Scope }): Promise<{ total: number; rows: Annotation[]; counts: ReviewCounts }> {
    let all = this.annotations.all().reverse()
    const ds = this.host.dataset()
    if (ds && req.scope && !isEmptyScope(req.scope)) {
      // the annotations of the interactions in the filters (a cluster's members, a lasso, a model...)
      const { where, params } = compileScope(ScopeSchema.parse(req.scope))
      const rows = await ds.engine.columns(`SELECT DISTINCT CAST(interaction_id AS VARCHAR) FROM interactions WHERE interaction_id IS NOT NULL AND ${where}`, params)
      const inScope = new Set((rows.data[0] ?? []).map(String))
      all = all.filter((a) => inScope.has(a.interaction_id))
    }
    const counts = reviewCounts(all.map((a) => a.status))
    const rows = req.status ? all.filter((a) => a.status === req.status) : all
    const offset = req.offset ?? 0
    return { total: rows.length, rows: rows.slice(offset, offset + (req.limit ?? 200)), counts }
  }

  async exportAnnotations(): Promise<{ name: string; content: string }> {
    const stem = this.path ? path.basename(this.path).replace(/(\.twb)?\.json$|\.twbundle$/, '') : 'workspace'
    return { name: `${stem}-annotations.jsonl`, content: this.annotations.toJsonl() }
  }

  async importAnnotations(req: { content: string }): Promise<AnnotationImportResult> {
    const { result, changed } = this.annotations.importJsonl(req.content)
    if (changed.length) await this.mirror(changed)
    return result
  }

  async getTriageReview(): Promise<TriageReview> {
    const t = this.host.lastTriage()
    if (!t || t.status !== 'ok') throw new ApiError('not_found', 'no triage run yet: run the triage analysis first')
    const review = t.queue.filter((r) => r.action_review)
    const m = t.selected_policy_metrics
    return {
      review: reviewCounts(review.map((r) => (r.interaction_id ? this.annotations.statusOf(r.interaction_id) : undefined))),
      expected_precision: m.tp + m.fp > 0 ? m.tp / (m.tp + m.fp) : null,
      threshold: t.threshold
    }
  }

  // ---- policy history ------------------------------------------------------------------------

  /** Stores the routing and triage policies of an artifact export as versions (a repeat export adds none). */
  recordExport(route: RoutingResult, triage: TriageResult, scope: Scope): void {
    const ctx = this.host.context(scope)
    const c = { knobs: ctx.knobs, report: ctx.report, scope: ctx.scope, now: nowIso() }
    let added = appendVersion(this.versions, routingVersion(route, c)).added
    if (triage.status === 'ok') added = appendVersion(this.versions, triageVersion(triage, { ...c, blockedBy: blockingGates(ctx.report, ctx.overrideGates), operatorThreshold: this.ui.triage_threshold })).added || added
    if (added) this.touch()
  }

  /** Stores a sampling policy export as a version. */
  recordSampling(result: SamplingResult, files: readonly { name: string; content: string }[], scope: Scope): void {
    const ctx = this.host.context(scope)
    if (appendVersion(this.versions, samplingVersion(result, files, { knobs: ctx.knobs, report: ctx.report, scope: ctx.scope, now: nowIso() })).added) this.touch()
  }

  async listPolicyVersions(): Promise<PolicyVersionSummary[]> {
    return [...this.versions].reverse().map(summariseVersion)
  }

  private version(id: string): PolicyVersion {
    const v = this.versions.find((x) => x.id === id)
    if (!v) throw new ApiError('not_found', `no policy version ${id}`)
    return v
  }

  async getPolicyVersion(req: { id: string }): Promise<PolicyVersion> {
    const v = this.version(req.id)
    const { versionFiles } = await import('./policyVersions')
    return { ...v, files: versionFiles(v) }
  }

  async recordPolicyVersion(req: { kind: 'routing' | 'triage_threshold'; scope?: Scope; operatorThreshold?: number | null }): Promise<PolicyVersionSummary> {
    const ctx = this.host.context(req.scope)
    const c = { knobs: ctx.knobs, report: ctx.report, scope: ctx.scope, now: nowIso() }
    let v: PolicyVersion
    if (req.kind === 'routing') {
      v = routingVersion(await routing(ctx), c)
    } else {
      const t = this.host.lastTriage()
      if (!t || t.status !== 'ok') throw new ApiError('not_found', 'no triage threshold to record: run the triage analysis first')
      v = triageVersion(t, { ...c, blockedBy: blockingGates(ctx.report, ctx.overrideGates), operatorThreshold: req.operatorThreshold ?? this.ui.triage_threshold })
    }
    const { version, added } = appendVersion(this.versions, v)
    if (added) this.touch()
    return summariseVersion(version)
  }

  async diffPolicyVersions(req: { before: string; after: string }): Promise<PolicyDiff> {
    const a = this.version(req.before)
    const b = this.version(req.after)
    if (a.kind !== b.kind) throw new ApiError('invalid_request', `compare versions of one kind: ${a.kind} vs ${b.kind}`)
    return diffPolicyVersions(a, b)
  }

  async rollbackPolicyVersion(req: { id: string }): Promise<{ knobs: Record<string, unknown> }> {
    const v = this.version(req.id)
    // Knobs a newer version knew are left out; the rest is validated like any knob edit.
    const known = Object.fromEntries(Object.entries(v.knobs).filter(([k]) => (KNOB_NAMES as string[]).includes(k)))
    const r = await this.host.setKnobs(known)
    if (!r.ok) throw new ApiError('invalid_request', `the version's knobs are not valid here: ${r.errors.join('; ')}`, r.errors)
    return { knobs: { ...r.knobs } }
  }

  // ---- misc ----------------------------------------------------------------------------------

  private requireDataset(): NonNullable<ReturnType<WorkspaceHost['dataset']>> {
    const ds = this.host.dataset()
    if (!ds) throw new ApiError('no_dataset', 'no dataset is loaded: open a folder of telemetry CSVs, a workspace or a bundle first')
    return ds
  }

  /** Flushes the autosave (a dirty session survives the process) and stops the timer. */
  async dispose(): Promise<void> {
    if (this.dirty) await this.autosaveNow()
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer)
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new ApiError('load_failed', `${path.basename(file)}: cannot be read (${(err as Error).message})`)
  }
}

