/**
 * The whole renderer-backend contract: one interface of async methods, its request schemas, the
 * event types and the channel map derived from them. No channel string appears anywhere else.
 */
import { z } from 'zod'
import { KnobsSchema, type Knobs } from './knobs'
import { ScopeSchema } from './scope'
import {
  DistinctValuesRequestSchema,
  InteractionRequestSchema,
  QueryInteractionsRequestSchema,
  RunSqlRequestSchema,
  type DistinctValue,
  type InteractionDetail,
  type InteractionPage,
  type QueryInteractionsRequest,
  type SqlResult
} from './explorer'
import { SLICE_DIMENSIONS, type BurnDay, type HealthDelta, type ModelHotspots, type RiskSliceTable, type RoutingResult } from './analysis'
import { COST_DIMENSIONS, type CostAnalytics, type CostByDimension, type Incident } from './costs'
import type { DriftBlock } from './drift'
import { ANOMALY_DIMENSIONS, ANOMALY_METRICS, type AnomalyReport, type AnomalySeries } from './anomalies'
import { PriceTableSchema, RoutingChangeSchema, MAX_VOLUME, MIN_VOLUME, type Economics, type PriceTable, type PriceTableView, type SavingsReport } from './economics'
import type { CompareResult } from './compare'
import type { TriageQueueRow, TriageResult } from './triage'
import type { DatasetSummary, HealthSnapshot, ProgressEvent, RejectedRow } from './types'
import {
  ClusterDriftRequestSchema,
  ClusterRankingSchema,
  ClusterSettingsSchema,
  DiagnosisModelSchema,
  DiagnosisRequestSchema,
  MAP_COLOR_BY,
  MapPolygonSchema,
  SimilarRequestSchema,
  type ClusterDetail,
  type ClusterDriftReport,
  type ClusterList,
  type ClusterRunInfo,
  type ClusterStatus,
  type Diagnosis,
  type DiagnosisModelSettings,
  type MapChunk,
  type MapColors,
  type MapInfo,
  type MapMask,
  type MapPoint,
  type MapSelection,
  type SimilarResult
} from './clusters'
import {
  ExportPiiFindingsRequestSchema,
  PiiFindingsRequestSchema,
  PiiSummaryRequestSchema,
  RunPiiScanRequestSchema,
  SetPiiSettingsRequestSchema,
  type PiiFindingsPage,
  type PiiScanStatus,
  type PiiSettingsView,
  type PiiSummary,
  type SetPiiSettingsRequest
} from './pii'
import { WORKSPACE_REQUEST_SCHEMAS, type WorkspaceApi, type WorkspaceEvent } from './workspaceApi'
import { SamplingInputsSchema, type SamplingResult } from './sampling'

export interface AppInfo {
  version: string
  /** 'desktop' in Electron, 'web' behind the local web server */
  mode: 'desktop' | 'web'
  engine: 'native' | 'wasm'
  /** set when the native engine could not load and wasm is used instead */
  engineNote?: string
  /** true when a native file dialog is available (desktop) */
  canPickFiles: boolean
  demoDataPath: string
  /** true while a dataset load is running (the renderer then waits instead of opening the demo) */
  loading: boolean
}

/** Errors cross the boundary as values with a message that names what and where. */
export interface ApiErrorShape {
  message: string
  code: 'invalid_request' | 'not_found' | 'no_dataset' | 'cancelled' | 'load_failed' | 'internal' | 'engine_crashed'
  details?: string[]
}

export const JobIdSchema = z.number().int().nonnegative()

export const LoadDatasetRequestSchema = z
  .object({
    jobId: JobIdSchema,
    /** files or folders on the machine running the backend; omit with demo: true */
    paths: z.array(z.string().min(1).max(4096)).max(50).optional(),
    demo: z.boolean().optional()
  })
  .strict()
  .refine((r) => r.demo === true || (r.paths !== undefined && r.paths.length > 0), { message: 'give paths, or demo: true' })

export const ScopeRequestSchema = z.object({ scope: ScopeSchema.default({}) }).strict()

export const RejectedRowsRequestSchema = z
  .object({ table: z.enum(['interactions', 'sessions', 'users', 'prompts', 'samples']), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) })
  .strict()

export const SetKnobsRequestSchema = z.object({ knobs: z.record(z.string(), z.unknown()) }).strict()

export const RiskSlicesRequestSchema = z
  .object({
    scope: ScopeSchema.default({}),
    dimensions: z.tuple([z.enum(SLICE_DIMENSIONS as unknown as [string, ...string[]]), z.enum(SLICE_DIMENSIONS as unknown as [string, ...string[]])]).default(['use_case', 'account_tier']),
    minRequests: z.number().int().min(1).max(1_000_000_000).optional()
  })
  .strict()
  .refine((r) => r.dimensions[0] !== r.dimensions[1], { message: 'pick two different dimensions', path: ['dimensions'] })

export const CostByDimensionRequestSchema = z
  .object({ scope: ScopeSchema.default({}), dimension: z.enum(COST_DIMENSIONS), topN: z.number().int().min(1).max(500).default(10) })
  .strict()

const DayRangeSchema = z
  .object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to' })

export const DriftRequestSchema = z
  .object({ scope: ScopeSchema.default({}), dateRanges: z.object({ reference: DayRangeSchema, current: DayRangeSchema }).strict().optional() })
  .strict()

export const TriageRequestSchema = z.object({ jobId: JobIdSchema, scope: ScopeSchema.default({}), knobs: z.record(z.string(), z.unknown()).optional() }).strict()

export const TriageQueueRequestSchema = z
  .object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(200), onlyReview: z.boolean().default(false) })
  .strict()

export const ExportArtifactsRequestSchema = z
  .object({
    jobId: JobIdSchema,
    scope: ScopeSchema.default({}),
    dateRanges: z.object({ reference: DayRangeSchema, current: DayRangeSchema }).strict().optional(),
    /** rows of triage_actions_preview.csv; the app exports the whole queue by default */
    actionsLimit: z.number().int().min(1).optional()
  })
  .strict()

export const SaveFilesRequestSchema = z
  .object({
    files: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200).regex(/^[^/\\:*?"<>|]+$/, { message: 'a file name, not a path' }),
            content: z.string().max(512 * 1024 * 1024),
            encoding: z.enum(['utf8', 'base64']).default('utf8')
          })
          .strict()
      )
      .min(1)
      .max(50)
  })
  .strict()

export const GateOverridesRequestSchema = z.object({ gates: z.array(z.string().min(1).max(200)).max(50) }).strict()

/** A what-if: knobs that apply to this one computation only (validated like the stored knobs). */
export const WhatIfRequestSchema = z.object({ scope: ScopeSchema.default({}), knobs: z.record(z.string(), z.unknown()).optional() }).strict()

// Failure-mode clusters (src/shared/clusters.ts)
const MapKeySchema = z.string().min(1).max(500)
export const RunClustersRequestSchema = z.object({ jobId: JobIdSchema, settings: ClusterSettingsSchema.default({ k: null, seed: null, text: 'request', vectors: 'auto' }) }).strict()
export const ClusterListRequestSchema = z.object({ scope: ScopeSchema.default({}), ranking: ClusterRankingSchema.default({ strategy: 'excess_failures', minSize: 20 }) }).strict()
export const ClusterDetailRequestSchema = z.object({ scope: ScopeSchema.default({}), cluster_id: z.number().int().min(0) }).strict()
export const MapChunkRequestSchema = z.object({ key: MapKeySchema, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1_000_000).optional() }).strict()
export const MapColorsRequestSchema = z.object({ key: MapKeySchema, by: z.enum(MAP_COLOR_BY), offset: z.number().int().min(0), limit: z.number().int().min(1).max(1_000_000).optional() }).strict()
export const MapMaskRequestSchema = z.object({ key: MapKeySchema, scope: ScopeSchema.default({}) }).strict()
export const MapPointRequestSchema = z.object({ key: MapKeySchema, index: z.number().int().min(0) }).strict()
export const MapSelectionRequestSchema = z.object({ key: MapKeySchema, polygons: z.array(MapPolygonSchema).min(1).max(50), scope: ScopeSchema.default({}) }).strict()
export const ClusterExportRequestSchema = z.object({ jobId: JobIdSchema, ranking: ClusterRankingSchema.default({ strategy: 'excess_failures', minSize: 20 }) }).strict()
/** The sampling policy of the rows in scope for a budget, rules and knobs (defaults fill the rest). */
export const SamplingRequestSchema = z.object({ scope: ScopeSchema.default({}), inputs: SamplingInputsSchema.default(SamplingInputsSchema.parse({})) }).strict()

/** The sampling exports; `withSample` adds the sampled interactions (llm_system_interactions.csv with sample_rate). */
export const SamplingExportRequestSchema = z
  .object({ jobId: JobIdSchema, scope: ScopeSchema.default({}), inputs: SamplingInputsSchema.default(SamplingInputsSchema.parse({})), withSample: z.boolean().default(false) })
  .strict()

export const AnomalySeriesRequestSchema = z
  .object({
    scope: ScopeSchema.default({}),
    metric: z.enum(ANOMALY_METRICS),
    dimension: z.enum(['all', ...ANOMALY_DIMENSIONS]),
    /** the dimension's value ('all' for the whole scope) */
    value: z.string().max(500)
  })
  .strict()

export const SetPriceTableRequestSchema = z.object({ table: PriceTableSchema }).strict()

export const EconomicsRequestSchema = z
  .object({
    scope: ScopeSchema.default({}),
    /** the use case whose re-pricing is shown; null or absent: the whole scope */
    use_case: z.string().min(1).max(500).nullable().optional(),
    /** a routing change to evaluate (cost, failure trade-off, scenarios) */
    change: RoutingChangeSchema.nullable().optional(),
    /** the volume multiplier of the operator's own scenario (the ladder 0.5-5 is always included) */
    volume: z.number().min(MIN_VOLUME).max(MAX_VOLUME).default(1)
  })
  .strict()

/** Two scopes to compare: B against A (A is usually the baseline, B the candidate or the later period). */
export const CompareRequestSchema = z.object({ a: ScopeSchema, b: ScopeSchema }).strict()

export type LoadDatasetRequest = z.infer<typeof LoadDatasetRequestSchema>
export type ScopeRequest = z.input<typeof ScopeRequestSchema>
export type RejectedRowsRequest = z.input<typeof RejectedRowsRequestSchema>
export type SetKnobsRequest = z.infer<typeof SetKnobsRequestSchema>
export type RiskSlicesRequest = z.input<typeof RiskSlicesRequestSchema>
export type WhatIfRequest = z.input<typeof WhatIfRequestSchema>

export type SetKnobsResult = { ok: true; knobs: Knobs } | { ok: false; errors: string[] }

/** The backend surface, identical over Electron IPC, the web transport and in-process use (workspace methods: workspaceApi.ts). */
export interface WorkbenchApi extends WorkspaceApi {
  /** Version, mode and engine in use. */
  getAppInfo(req: Record<string, never>): Promise<AppInfo>
  /** Opens the native file dialog (desktop only); null when cancelled or unavailable. */
  pickDataFiles(req: Record<string, never>): Promise<string[] | null>
  /** Loads a dataset (files/folders or the bundled demo), reporting progress under `jobId`. */
  loadDataset(req: LoadDatasetRequest): Promise<DatasetSummary>
  /** The dataset currently loaded, or null. */
  getDataset(req: Record<string, never>): Promise<DatasetSummary | null>
  /** Cancels a running job; resolves true when a job was found. */
  cancelJob(req: { jobId: number }): Promise<boolean>
  /** Rows the CSV reader rejected for one table, with line numbers and reasons. */
  listRejectedRows(req: RejectedRowsRequest): Promise<{ total: number; rows: RejectedRow[] }>
  /** Health KPIs (PIPELINE.md section 4) over the rows in scope. */
  getHealth(req: ScopeRequest): Promise<HealthSnapshot>
  /** Health now and over the previous period of equal length, with the change of each KPI. */
  getHealthDelta(req: ScopeRequest): Promise<HealthDelta>
  /** Daily budget burn (fail / SLA / cost) over the timed rows in scope. */
  getBudgetBurn(req: ScopeRequest): Promise<BurnDay[]>
  /** Risk slices over any two dimensions, history window, with minimum support. */
  getRiskSlices(req: RiskSlicesRequest): Promise<RiskSliceTable>
  /** Provider/model hotspots with risk buckets (history window). */
  getHotspots(req: ScopeRequest): Promise<ModelHotspots>
  /** Routing policy and its observational backtest; `knobs` overrides apply to this call only (what-if). */
  getRouting(req: WhatIfRequest): Promise<RoutingResult>
  /** Budgets burning on the last day in scope, since when, and the slice driving each. */
  getIncidents(req: ScopeRequest): Promise<Incident[]>
  /** Cost by day, per model (cost per 1k tokens, quality, Pareto frontier) and the month-end forecast. */
  getCosts(req: ScopeRequest): Promise<CostAnalytics>
  /** Cost by one dimension, top N with the rest folded into '(other)'. */
  getCostBy(req: z.input<typeof CostByDimensionRequestSchema>): Promise<CostByDimension>
  /** Drift report: history vs evaluation, early vs recent, and optionally two operator-picked date ranges. */
  getDrift(req: z.input<typeof DriftRequestSchema>): Promise<DriftBlock[]>
  /** Fits the calibrated triage model in a worker (progress under jobId, cancellable); the queue is paged with getTriageQueue. */
  runTriage(req: z.input<typeof TriageRequestSchema>): Promise<TriageResult & { queue_total: number }>
  /** A page of the last triage run's review queue (action_review first, then risk). */
  getTriageQueue(req: z.input<typeof TriageQueueRequestSchema>): Promise<{ total: number; rows: TriageQueueRow[] }>
  /** Every artifact of PIPELINE.md section 10 for the scope, rendered in memory (progress under jobId). */
  exportArtifacts(req: z.input<typeof ExportArtifactsRequestSchema>): Promise<{ files: { name: string; content: string }[]; status: string; issues: string[] }>
  /** Saves files where the operator chooses (desktop dialog); in web mode resolves { saved: false } and the page downloads them. */
  saveFiles(req: z.input<typeof SaveFilesRequestSchema>): Promise<{ saved: boolean; location?: string }>
  /** Records which failed gates the operator overrides (recorded in the decision artifact). */
  setGateOverrides(req: { gates: string[] }): Promise<{ overridden: string[]; blocking: string[] }>
  /** Current knobs. */
  getKnobs(req: Record<string, never>): Promise<Knobs>
  /** Validates and applies knobs; errors name each knob and rule. */
  setKnobs(req: SetKnobsRequest): Promise<SetKnobsResult>
  /** One page of interactions in scope, sorted server-side, with the total count. */
  queryInteractions(req: QueryInteractionsRequest): Promise<InteractionPage>
  /** Every field of one interaction and its session's requests in order. */
  getInteraction(req: { interaction_id: string }): Promise<InteractionDetail>
  /** Values of one dimension in scope with their counts (for filter pickers). */
  distinctValues(req: z.input<typeof DistinctValuesRequestSchema>): Promise<DistinctValue[]>
  /** Runs one read-only SELECT over the loaded tables (SQL console). */
  runSql(req: z.input<typeof RunSqlRequestSchema>): Promise<SqlResult>
  /** Whether clusters are computed (the active run), a run in progress, and the dump's embeddings column if any. */
  getClusterStatus(req: Record<string, never>): Promise<ClusterStatus>
  /** Computes (or reuses) the clusters for the settings in a worker (progress under jobId, cancellable) and makes them the active ones; resolves with the PCA map, the UMAP map follows (event clustersChanged). */
  runClusters(req: z.input<typeof RunClustersRequestSchema>): Promise<ClusterRunInfo>
  /** The active clusters within the scope, ranked (rank 1 = look first), with labels, failure stats, trends and exemplars. */
  getClusters(req: z.input<typeof ClusterListRequestSchema>): Promise<ClusterList>
  /** One cluster within the scope: breakdowns against the rest, daily series, the requests nearest its centre. */
  getClusterDetail(req: z.input<typeof ClusterDetailRequestSchema>): Promise<ClusterDetail>
  /** How the cluster mix moved between early and recent rows (or two date ranges): new and growing clusters. */
  getClusterDrift(req: z.input<typeof ClusterDriftRequestSchema>): Promise<ClusterDriftReport>
  /** The evidence-based diagnosis of a cluster or a map selection (optionally rewritten by the configured local model). */
  getClusterDiagnosis(req: z.input<typeof DiagnosisRequestSchema>): Promise<Diagnosis>
  /** The map of the active clusters: its key, method (PCA or UMAP), row count and bounds. */
  getClusterMapInfo(req: Record<string, never>): Promise<MapInfo>
  /** Positions of a page of rows of the map (base64 float32). */
  getClusterMapChunk(req: z.input<typeof MapChunkRequestSchema>): Promise<MapChunk>
  /** Colour codes of a page of rows of the map for one colouring. */
  getClusterMapColors(req: z.input<typeof MapColorsRequestSchema>): Promise<MapColors>
  /** Which rows of the map are in the scope (a bitmap). */
  getClusterMapMask(req: z.input<typeof MapMaskRequestSchema>): Promise<MapMask>
  /** The request behind one point of the map. */
  getClusterMapPoint(req: z.input<typeof MapPointRequestSchema>): Promise<MapPoint>
  /** Records the rows inside lasso polygons as a selection (a map_selection filter value) and counts them. */
  createMapSelection(req: z.input<typeof MapSelectionRequestSchema>): Promise<MapSelection>
  /** The requests nearest by cosine to one interaction or to a phrase, with their failure status. */
  findSimilar(req: z.input<typeof SimilarRequestSchema>): Promise<SimilarResult>
  /** clusters.csv, cluster_summary.json and cluster_report.md of the active clusters (whole dataset, as the CLI writes them). */
  exportClusterReport(req: z.input<typeof ClusterExportRequestSchema>): Promise<{ files: { name: string; content: string }[] }>
  /** The local model endpoint of the diagnosis (off: endpoint null). */
  getDiagnosisModel(req: Record<string, never>): Promise<DiagnosisModelSettings>
  /** Sets (or switches off with null) the local OpenAI-compatible endpoint; only loopback addresses are accepted. */
  setDiagnosisModel(req: z.input<typeof DiagnosisModelSchema>): Promise<DiagnosisModelSettings>
  /** The privacy settings (mask switch, mode, allow-listed and extra columns) and the text columns they apply to. */
  getPiiSettings(req: Record<string, never>): Promise<PiiSettingsView>
  /** Changes the privacy settings; masking applies to every later answer (emits piiSettingsChanged). */
  setPiiSettings(req: SetPiiSettingsRequest): Promise<PiiSettingsView>
  /** Scans the text columns not scanned yet for PII and secrets (progress under jobId, cancellable). */
  runPiiScan(req: z.input<typeof RunPiiScanRequestSchema>): Promise<PiiScanStatus>
  /** Findings in scope by type, field, model, use case and day, with the scan's status. */
  getPiiSummary(req: z.input<typeof PiiSummaryRequestSchema>): Promise<PiiSummary>
  /** A page of findings in scope (responses first), masked previews only. */
  getPiiFindings(req: z.input<typeof PiiFindingsRequestSchema>): Promise<PiiFindingsPage>
  /** pii_findings.csv of the findings in scope, rendered in memory. */
  exportPiiFindings(req: z.input<typeof ExportPiiFindingsRequestSchema>): Promise<{ name: string; content: string }>
  /** The telemetry sampling policy of the rows in scope for a budget: rule rates, projection and backtest (docs/sampling.md). */
  getSampling(req: z.input<typeof SamplingRequestSchema>): Promise<SamplingResult>
  /** The sampling policy's files (policy JSON, OTel Collector and Refinery configs, projection, backtest, optionally the sample), rendered in memory under jobId. */
  exportSampling(req: z.input<typeof SamplingExportRequestSchema>): Promise<{ files: { name: string; content: string }[] }>
  /** Anomaly and change-point alarms over the scope's daily UTC series (overall, per model, use case and tier), ranked by impact. */
  getAnomalies(req: ScopeRequest): Promise<AnomalyReport>
  /** One slice's daily series of one metric with its fitted levels and findings (the chart of an alarm). */
  getAnomalySeries(req: z.input<typeof AnomalySeriesRequestSchema>): Promise<AnomalySeries>
  /** The price table: the operator's entries and, per model, the price used (operator's, else estimated from the data, with its fit). */
  getPriceTable(req: Record<string, never>): Promise<PriceTableView>
  /** Replaces the operator's price entries (edited or imported); emits pricesChanged. */
  setPriceTable(req: z.input<typeof SetPriceTableRequestSchema>): Promise<PriceTableView>
  /** Re-pricing of the scope (or one use case) onto every priced model, a routing change's impact, volume scenarios and savings ideas. */
  getEconomics(req: z.input<typeof EconomicsRequestSchema>): Promise<Economics>
  /** Ranked savings ideas for the scope (cheaper model meeting the bar, prompt trimming, response cache), each with its impact. */
  getSavingsIdeas(req: ScopeRequest): Promise<SavingsReport>
  /** Compares scope B with scope A: per metric the difference, 95% interval, test, effect size and a verdict. */
  compareScopes(req: z.input<typeof CompareRequestSchema>): Promise<CompareResult>
}

export type ApiMethod = keyof WorkbenchApi
export type ApiRequest<M extends ApiMethod> = Parameters<WorkbenchApi[M]>[0]
export type ApiResponse<M extends ApiMethod> = Awaited<ReturnType<WorkbenchApi[M]>>

const Empty = z.object({}).strict().default({})

/** One request schema per method: the backend validates every payload against it on arrival. */
export const API_REQUEST_SCHEMAS: { [M in ApiMethod]: z.ZodType<unknown> } = {
  getAppInfo: Empty,
  pickDataFiles: Empty,
  loadDataset: LoadDatasetRequestSchema,
  getDataset: Empty,
  cancelJob: z.object({ jobId: JobIdSchema }).strict(),
  listRejectedRows: RejectedRowsRequestSchema,
  getHealth: ScopeRequestSchema,
  getHealthDelta: ScopeRequestSchema,
  getBudgetBurn: ScopeRequestSchema,
  getRiskSlices: RiskSlicesRequestSchema,
  getHotspots: ScopeRequestSchema,
  getRouting: WhatIfRequestSchema,
  getIncidents: ScopeRequestSchema,
  getCosts: ScopeRequestSchema,
  getCostBy: CostByDimensionRequestSchema,
  getDrift: DriftRequestSchema,
  runTriage: TriageRequestSchema,
  getTriageQueue: TriageQueueRequestSchema,
  exportArtifacts: ExportArtifactsRequestSchema,
  saveFiles: SaveFilesRequestSchema,
  setGateOverrides: GateOverridesRequestSchema,
  getKnobs: Empty,
  setKnobs: SetKnobsRequestSchema,
  queryInteractions: QueryInteractionsRequestSchema,
  getInteraction: InteractionRequestSchema,
  distinctValues: DistinctValuesRequestSchema,
  runSql: RunSqlRequestSchema,
  getClusterStatus: Empty,
  runClusters: RunClustersRequestSchema,
  getClusters: ClusterListRequestSchema,
  getClusterDetail: ClusterDetailRequestSchema,
  getClusterDrift: ClusterDriftRequestSchema,
  getClusterDiagnosis: DiagnosisRequestSchema,
  getClusterMapInfo: Empty,
  getClusterMapChunk: MapChunkRequestSchema,
  getClusterMapColors: MapColorsRequestSchema,
  getClusterMapMask: MapMaskRequestSchema,
  getClusterMapPoint: MapPointRequestSchema,
  createMapSelection: MapSelectionRequestSchema,
  findSimilar: SimilarRequestSchema,
  exportClusterReport: ClusterExportRequestSchema,
  getDiagnosisModel: Empty,
  setDiagnosisModel: DiagnosisModelSchema,
  getPiiSettings: Empty,
  setPiiSettings: SetPiiSettingsRequestSchema,
  runPiiScan: RunPiiScanRequestSchema,
  getPiiSummary: PiiSummaryRequestSchema,
  getPiiFindings: PiiFindingsRequestSchema,
  exportPiiFindings: ExportPiiFindingsRequestSchema,
  ...WORKSPACE_REQUEST_SCHEMAS,
  getSampling: SamplingRequestSchema,
  exportSampling: SamplingExportRequestSchema,
  getAnomalies: ScopeRequestSchema,
  getAnomalySeries: AnomalySeriesRequestSchema,
  getPriceTable: Empty,
  setPriceTable: SetPriceTableRequestSchema,
  getEconomics: EconomicsRequestSchema,
  getSavingsIdeas: ScopeRequestSchema,
  compareScopes: CompareRequestSchema
}

export const API_METHODS = Object.keys(API_REQUEST_SCHEMAS) as ApiMethod[]

/** Events pushed from the backend to every window. */
export type WorkbenchEvent =
  | { type: 'progress'; progress: ProgressEvent }
  | { type: 'datasetChanged'; dataset: DatasetSummary | null }
  | { type: 'knobsChanged'; knobs: Knobs }
  /** the operator's price table changed (results priced with it are stale) */
  | { type: 'pricesChanged'; table: PriceTable }
  | { type: 'engineRestarted'; message: string }
  /** the active clusters changed ('assignment': the cluster filter selects other rows) or their map was replaced ('map') */
  | { type: 'clustersChanged'; key: string; what: 'assignment' | 'map' }
  /** masking or the scanned columns changed: answers holding text must be asked again */
  | { type: 'piiSettingsChanged'; settings: PiiSettingsView }
  | WorkspaceEvent
  /** from the web transport, not the backend: the event stream was cut and is back, so events may have been missed */
  | { type: 'eventsResumed' }

/** The channel map: IPC channel per method, and the one event channel. */
export const CHANNELS = {
  invoke: (method: ApiMethod): string => `workbench:${method}`,
  event: 'workbench:event'
} as const

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(API_REQUEST_SCHEMAS, m)
}

/** The result of a call across a transport: a value or an error shape, never a thrown object. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape }

export { KnobsSchema }
