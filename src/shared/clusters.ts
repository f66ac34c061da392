/** Request and result types of the failure-mode clusters: settings, the ranked cluster list, a cluster's detail, the map, similar requests and the evidence-based diagnosis. */
import { z } from 'zod'
import { ScopeSchema, type ScopeDimension } from './scope'

/** What the text vectors are built from. */
export const CLUSTER_TEXT_SOURCES = ['request', 'request_and_response'] as const
/** Which vectors: the dump's own embeddings when it has them (auto), or always the lexical ones. */
export const CLUSTER_VECTOR_SOURCES = ['auto', 'lexical', 'embeddings'] as const

/** The largest K an operator may ask for. */
export const MAX_CLUSTER_K = 200

export const ClusterSettingsSchema = z
  .object({
    /** number of clusters; null chooses it automatically (k-means cells joined by shared vocabulary) */
    k: z.number().int().min(2).max(MAX_CLUSTER_K).nullable().default(null),
    /** seed of every random step; null uses the RANDOM_SEED knob */
    seed: z.number().int().min(0).max(4294967295).nullable().default(null),
    text: z.enum(CLUSTER_TEXT_SOURCES).default('request'),
    vectors: z.enum(CLUSTER_VECTOR_SOURCES).default('auto')
  })
  .strict()

export type ClusterSettings = z.output<typeof ClusterSettingsSchema>
export type ClusterSettingsInput = z.input<typeof ClusterSettingsSchema>

/** How the cluster list is ordered: rank 1 is the cluster to look at first. */
export const RANKING_STRATEGIES = ['excess_failures', 'failures', 'failure_rate', 'cost', 'latency'] as const
export type RankingStrategy = (typeof RANKING_STRATEGIES)[number]

export const RANKING_LABELS: Record<RankingStrategy, string> = {
  excess_failures: 'Excess failures (lift over the overall rate, smoothed, × size)',
  failures: 'Failures (size × failure rate)',
  failure_rate: 'Failure rate first (smoothed)',
  cost: 'Cost',
  latency: 'p95 latency'
}

/** Clusters smaller than this (rows in scope) are ranked after all others by default. */
export const DEFAULT_MIN_CLUSTER_SIZE = 20

export const ClusterRankingSchema = z
  .object({
    strategy: z.enum(RANKING_STRATEGIES).default('excess_failures'),
    minSize: z.number().int().min(1).max(1_000_000_000).default(DEFAULT_MIN_CLUSTER_SIZE)
  })
  .strict()
export type ClusterRanking = z.output<typeof ClusterRankingSchema>

/** The dump's own embeddings column, when one was found at load. */
export interface EmbeddingColumnInfo {
  column: string
  dims: number
  /** rows whose value parses as a vector of that length */
  rows_with_vector: number
}

export interface ClusterRunInfo {
  /** identifies the settings (and the dataset) of this run */
  key: string
  settings: { k: number | null; seed: number; text: ClusterSettings['text']; vectors: ClusterSettings['vectors'] }
  vector_source: 'lexical' | 'embeddings'
  /** how the vectors are described to the operator */
  vector_description: string
  embedding_column: string | null
  dims: number
  /** clusters (including the special one for rows without a vector) */
  k: number
  /** k-means cells before merging */
  cells: number
  /** silhouette per merge level tried: empty since K is chosen by shared vocabulary (docs/clusters.md); kept so readers of older summaries still parse */
  k_scores: { k: number; silhouette: number | null }[]
  /** per cluster id: its short label */
  labels: string[]
  rows: number
  distinct_texts: number
  /** the cluster of rows without a vector (no text, or no known word), or null */
  special_cluster: number | null
  map_method: 'pca' | 'umap'
  /** true while the UMAP map is still being computed (the PCA map is shown meanwhile) */
  map_pending: boolean
  timings_ms: Record<string, number>
  computed_at: string
}

export interface ClusterStatus {
  /** the run whose clusters the filters and pages use, or null before the first run */
  active: ClusterRunInfo | null
  /** a run in progress: its job and settings key */
  running: { jobId: number; key: string } | null
  embeddings: EmbeddingColumnInfo | null
}

export interface ClusterValueShare {
  value: string | null
  /** share of the cluster's rows (of its failures for the failure type) */
  share: number
  count: number
}

export type ClusterTrend = 'new' | 'growing' | 'shrinking' | 'stable' | 'insufficient_data'

export interface ClusterDriftStats {
  reference_rows: number
  current_rows: number
  reference_share: number | null
  current_share: number | null
  /** current share / reference share, both smoothed by half a row */
  ratio: number | null
  /** two-proportion z statistic of current vs reference share */
  z: number | null
  status: ClusterTrend
}

export interface ClusterRow {
  cluster_id: number
  label: string
  terms: { term: string; weight: number; share: number }[]
  /** rows of the cluster in scope */
  size: number
  /** rows of the cluster in the whole dataset */
  size_total: number
  failures: number
  failure_rate: number | null
  /** Wilson 95% lower bound of the failure rate */
  failure_rate_lower: number | null
  /** failure rate / the scope's failure rate */
  lift: number | null
  /** size x (Wilson lower bound - overall rate): failures beyond the baseline, conservatively */
  excess_failures: number | null
  /** the ranking strategy's score */
  score: number | null
  rank: number
  /** smaller than the minimum size: ranked after the others */
  below_min_size: boolean
  share_of_scope: number
  cost_usd: number | null
  p95_latency_ms: number | null
  dominant_failure_type: ClusterValueShare | null
  dominant_model: ClusterValueShare | null
  dominant_use_case: ClusterValueShare | null
  exemplars: { interaction_id: string | null; request_text: string | null }[]
  /** requests and failures per day, aligned with ClusterList.days */
  daily_requests: number[]
  daily_failures: number[]
  drift: ClusterDriftStats
  /** true for the cluster of rows without a vector */
  special: boolean
}

export interface ClusterList {
  run: ClusterRunInfo
  scope_rows: number
  scope_failures: number
  overall_failure_rate: number | null
  ranking: ClusterRanking
  /** UTC days of the daily series, YYYY-MM-DD */
  days: string[]
  drift_windows: { reference: { from: string | null; to: string | null; rows: number }; current: { from: string | null; to: string | null; rows: number } }
  clusters: ClusterRow[]
}

export interface ClusterBreakdownRow {
  value: string | null
  requests: number
  failures: number
  failure_rate: number | null
  /** share of this value among the rows outside the cluster (in scope) */
  share_elsewhere: number | null
}

export const CLUSTER_BREAKDOWN_DIMENSIONS = ['model_name', 'use_case', 'failure_type', 'account_tier', 'channel', 'region', 'instruction_template'] as const
export type ClusterBreakdownDimension = (typeof CLUSTER_BREAKDOWN_DIMENSIONS)[number]

export interface ClusterDetail {
  cluster_id: number
  label: string
  terms: ClusterRow['terms']
  size: number
  failures: number
  breakdowns: { dimension: ClusterBreakdownDimension; rows: ClusterBreakdownRow[] }[]
  /** the requests nearest the cluster's centre (distinct texts) */
  exemplars: { interaction_id: string | null; request_text: string | null; is_failure: boolean | null; similarity: number }[]
  days: { date: string; requests: number; failures: number }[]
}

// ---------------------------------------------------------------------------------------------
// Map
// ---------------------------------------------------------------------------------------------

export const MAP_COLOR_BY = ['cluster', 'failure', 'failure_type', 'model_name'] as const
export type MapColorBy = (typeof MAP_COLOR_BY)[number]

/** Points per map chunk (a page of rows in row order). */
export const MAP_CHUNK_ROWS = 250_000

export interface MapInfo {
  key: string
  method: 'pca' | 'umap'
  rows: number
  /** x and y range of every point */
  bounds: { minX: number; maxX: number; minY: number; maxY: number }
}

export interface MapChunk {
  key: string
  offset: number
  count: number
  /** base64 of count x 2 little-endian float32 (x, y interleaved) */
  xy: string
}

export interface MapColors {
  key: string
  by: MapColorBy
  /** the category of each code */
  categories: (string | null)[]
  offset: number
  count: number
  /** base64 of count uint8 codes (255: other) */
  codes: string
}

/** Rows of the map inside the scope, as a bitmap (bit i of byte i >> 3, least significant first). */
export interface MapMask {
  key: string
  rows: number
  in_scope: number
  bits: string
}

export const MapPolygonSchema = z.array(z.tuple([z.number().finite(), z.number().finite()])).min(3).max(5000)

export interface MapSelection {
  selection_id: number
  /** rows inside the polygons */
  rows: number
  /** of those, rows inside the scope (what the Explorer will show) */
  in_scope: number
}

export interface MapPoint {
  index: number
  interaction_id: string | null
  cluster_id: number
  label: string
  is_failure: boolean | null
  failure_type: string | null
  model_name: string | null
  use_case: string | null
  request_text: string | null
}

// ---------------------------------------------------------------------------------------------
// Similar requests
// ---------------------------------------------------------------------------------------------

export const SIMILAR_LIMIT = 20

export const SimilarRequestSchema = z
  .object({
    interaction_id: z.string().min(1).max(500).optional(),
    text: z.string().min(1).max(5000).optional(),
    limit: z.number().int().min(1).max(100).default(SIMILAR_LIMIT)
  })
  .strict()
  .refine((r) => (r.interaction_id === undefined) !== (r.text === undefined), { message: 'give interaction_id or text, not both' })

export interface SimilarRequest {
  interaction_id: string | null
  similarity: number
  is_failure: boolean | null
  failure_type: string | null
  model_name: string | null
  use_case: string | null
  cluster_id: number
  timestamp_utc: string | null
  request_text: string | null
  /** requests with exactly this text (this one included), and how many of them failed */
  same_text_requests: number
  same_text_failures: number
}

export interface SimilarResult {
  /** what was searched for */
  query: { interaction_id: string | null; text: string | null; cluster_id: number | null }
  results: SimilarRequest[]
  /** why there is no result (no vector for the text, ...) */
  note: string | null
  elapsed_ms: number
}

// ---------------------------------------------------------------------------------------------
// Diagnosis
// ---------------------------------------------------------------------------------------------

/** One sentence of a diagnosis and the rows behind it (filters on top of the page scope). */
export interface DiagnosisSentence {
  text: string
  /** `count`: how many rows the Explorer will show for them, when known */
  rows?: { filters: Partial<Record<ScopeDimension, (string | null)[]>>; is_failure?: boolean; count?: number }
}

export const DiagnosisRequestSchema = z
  .object({
    scope: ScopeSchema.default({}),
    cluster_id: z.number().int().min(0).optional(),
    selection_id: z.number().int().min(1).optional(),
    /** also ask the configured local model to write the card from the same evidence */
    use_model: z.boolean().default(false)
  })
  .strict()
  .refine((r) => (r.cluster_id === undefined) !== (r.selection_id === undefined), { message: 'give cluster_id or selection_id' })

export interface Diagnosis {
  title: string
  rows: number
  failures: number
  summary: DiagnosisSentence[]
  causes: DiagnosisSentence[]
  fix: DiagnosisSentence[]
  verification: DiagnosisSentence[]
  /** the local model's version of the four headings, when asked and configured */
  model: { name: string; endpoint: string; text: { summary: string; causes: string; fix: string; verification: string } | null; error: string | null } | null
}

export const DiagnosisModelSchema = z
  .object({
    /** base URL of an OpenAI-compatible server on this machine, e.g. http://127.0.0.1:8080/v1; null switches it off */
    endpoint: z.string().max(500).nullable(),
    model: z.string().max(200).default('local-model'),
    /**
     * a key the server asks for (sent as `Authorization: Bearer`): absent keeps the current key while
     * the endpoint stays the same, null removes it. Held by the running backend only: never returned,
     * never saved in a workspace or a bundle.
     */
    api_key: z.string().trim().min(1).max(1000).nullable().optional()
  })
  .strict()

export interface DiagnosisModelSettings {
  endpoint: string | null
  model: string
  /** an API key is set for the endpoint (the key itself never leaves the backend) */
  api_key_set: boolean
}

export const ClusterDriftRequestSchema = z
  .object({
    scope: ScopeSchema.default({}),
    dateRanges: z
      .object({
        reference: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict(),
        current: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict()
      })
      .strict()
      .optional()
  })
  .strict()

export interface ClusterDriftReport {
  windows: ClusterList['drift_windows']
  /** total variation distance between the two windows' cluster mixes */
  tv_distance: number | null
  rows: { cluster_id: number; label: string; drift: ClusterDriftStats }[]
}
