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
