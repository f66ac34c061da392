/** Canonical telemetry tables and columns (SCHEMA.md), the alias table for other dialects, and table recognition. */

export type TableKind = 'interactions' | 'sessions' | 'users' | 'prompts' | 'samples'

export const TABLE_KINDS: readonly TableKind[] = ['interactions', 'sessions', 'users', 'prompts', 'samples']

/** Canonical file names; a file is recognised by name first, else by its columns. */
export const TABLE_FILE_STEMS: Record<TableKind, string> = {
  interactions: 'llm_system_interactions',
  sessions: 'llm_system_sessions_summary',
  users: 'llm_system_users_summary',
  prompts: 'llm_system_prompts_lookup',
  samples: 'llm_system_instruction_tuning_samples'
}

export type ColumnType = 'text' | 'double' | 'flag' | 'timestamp'

/** Canonical interaction columns with the type the normalised view gives them. */
export const INTERACTION_COLUMNS: Record<string, ColumnType> = {
  interaction_id: 'text',
  session_id: 'text',
  user_id: 'text',
  prompt_id: 'text',
  timestamp_utc: 'timestamp',
  split: 'text',
  channel: 'text',
  use_case: 'text',
  country_code: 'text',
  region: 'text',
  account_tier: 'text',
  segment: 'text',
  instruction_template: 'text',
  model_provider: 'text',
  model_name: 'text',
  temperature: 'double',
  top_p: 'double',
  max_tokens: 'double',
  prompt_tokens: 'double',
  completion_tokens: 'double',
  total_tokens: 'double',
  latency_ms: 'double',
  cost_usd: 'double',
  response_quality_score: 'double',
  user_feedback_score: 'double',
  tokens_per_second: 'double',
  prompt_to_completion_ratio: 'double',
  tool_calls_count: 'double',
  retry_index: 'double',
  is_failure: 'flag',
  failure_type: 'text',
  safety_block_flag: 'flag',
  hallucination_flag: 'flag',
  toxicity_flag: 'flag',
  formatting_error_flag: 'flag',
  tool_error_flag: 'flag',
  latency_timeout_flag: 'flag',
  user_reported_issue: 'flag',
  tools_used: 'text',
  user_feedback_label: 'text',
  repair_strategy: 'text',
  final_resolution_state: 'text',
  business_impact_tag: 'text',
  request_text: 'text',
  request_text_template: 'text',
  response_text_snippet: 'text',
  date_utc: 'text',
  hour_of_day_utc: 'double',
  day_of_week: 'text',
  is_weekend: 'flag',
  is_peak_hour: 'flag',
  instruction_text: 'text',
  user_feedback_observed: 'flag'
}

/**
 * Canonical columns that exist in the normalised table only when the source provides them (no
 * all-null stand-in), so a dump without them keeps exactly the table, and the numbers, it had.
 */
export const OPTIONAL_INTERACTION_COLUMNS: Record<string, ColumnType> = {
  /**
   * How many source rows one row stands for (1 = kept for sure, 5 = one of five kept), as a sampler
   * such as `npm run cli -- sampling --emit-sample` writes it; the Overview, Hotspots and Costs weight
   * their counts, rates, costs and percentiles by it (see docs/sampling.md).
   */
  sample_rate: 'double'
}

/** The canonical name of the sampling weight column. */
export const SAMPLE_RATE_COLUMN = 'sample_rate'

export const FAILURE_FLAGS = [
  'safety_block_flag',
  'hallucination_flag',
  'toxicity_flag',
  'formatting_error_flag',
  'tool_error_flag',
  'latency_timeout_flag'
] as const

/** Numeric columns normalised to DOUBLE (unparseable and +/-inf become null). */
export const NUMERIC_COLUMNS = Object.entries(INTERACTION_COLUMNS)
  .filter(([, t]) => t === 'double')
  .map(([c]) => c)

/** Categorical dimensions used by filters, slices, drift and triage. */
export const CATEGORICAL_DIMENSIONS = ['model_provider', 'model_name', 'use_case', 'channel', 'account_tier', 'region', 'segment'] as const
export type CategoricalDimension = (typeof CATEGORICAL_DIMENSIONS)[number]

/** Key columns per table, and the columns that identify a table when its file name does not. */
export const TABLE_KEYS: Record<TableKind, string> = {
  interactions: 'interaction_id',
  sessions: 'session_id',
  users: 'user_id',
  prompts: 'prompt_id',
  samples: 'sample_id'
}

/**
 * Alias table: source column name (lower-cased, trimmed) -> canonical name. Applied only when the
 * canonical column is not itself present, so a dump with both keeps its own canonical column.
 */
export const COLUMN_ALIASES: Record<string, string> = {
  id: 'interaction_id',
  request_id: 'interaction_id',
  interaction: 'interaction_id',
  session: 'session_id',
  conversation_id: 'session_id',
  user: 'user_id',
  prompt_text: 'request_text',
  prompt: 'request_text',
  input: 'request_text',
  input_text: 'request_text',
  request: 'request_text',
  response: 'response_text_snippet',
  response_text: 'response_text_snippet',
  output: 'response_text_snippet',
  output_text: 'response_text_snippet',
  model: 'model_name',
  model_id: 'model_name',
  provider: 'model_provider',
  vendor: 'model_provider',
  latency: 'latency_ms',
  duration_ms: 'latency_ms',
  latency_msec: 'latency_ms',
  cost: 'cost_usd',
  cost_dollars: 'cost_usd',
  price_usd: 'cost_usd',
  timestamp: 'timestamp_utc',
  created_at: 'timestamp_utc',
  ts: 'timestamp_utc',
  time: 'timestamp_utc',
  datetime: 'timestamp_utc',
  input_tokens: 'prompt_tokens',
  output_tokens: 'completion_tokens',
  tokens: 'total_tokens',
  tier: 'account_tier',
  plan: 'account_tier',
  usecase: 'use_case',
  task: 'use_case',
  failed: 'is_failure',
  failure: 'is_failure',
  error_type: 'failure_type',
  tool_calls: 'tool_calls_count',
  num_tool_calls: 'tool_calls_count',
  feedback: 'user_feedback_score',
  quality_score: 'response_quality_score',
  // Weight columns of other samplers that mean the same thing: how many rows one row stands for
  // (Honeycomb's SampleRate, OpenTelemetry's adjusted count). A sampling *probability* is its inverse
  // and is not aliased.
  samplerate: 'sample_rate',
  sampling_rate: 'sample_rate',
  sample_weight: 'sample_rate',
  sampling_weight: 'sample_rate',
  adjusted_count: 'sample_rate'
}

/** Columns whose presence (after aliasing) recognises each table when the file name does not. */
export const TABLE_SIGNATURES: Record<TableKind, string[][]> = {
  samples: [['sample_id', 'interaction_id']],
  interactions: [['interaction_id', 'model_name'], ['interaction_id', 'latency_ms'], ['interaction_id', 'timestamp_utc'], ['model_name', 'latency_ms']],
  prompts: [['prompt_id', 'instruction_template'], ['prompt_id', 'prompt_sha1']],
  sessions: [['session_id', 'start_timestamp_utc'], ['session_id', 'total_requests'], ['session_id', 'session_total_requests']],
  users: [['user_id', 'total_sessions'], ['user_id', 'overall_failure_rate'], ['user_id', 'user_total_requests']]
}

export interface ColumnMapping {
  /** canonical name -> source column name, only for renamed columns */
  mapping: Record<string, string>
  /** source columns that are neither canonical nor aliased */
  unknown: string[]
  /** source columns that appear more than once (case-insensitively); later copies are ignored */
  duplicates: string[]
}

/** Maps the source header of an interactions file onto canonical names. */
export function mapColumns(sourceColumns: readonly string[], canonical: Record<string, unknown> = INTERACTION_COLUMNS): ColumnMapping {
  const seen = new Set<string>()
  const duplicates: string[] = []
  const norm = sourceColumns.map((c) => c.trim().toLowerCase())
  for (const c of norm) {
    if (seen.has(c)) duplicates.push(c)
    seen.add(c)
  }
  const mapping: Record<string, string> = {}
  const unknown: string[] = []
  for (let i = 0; i < sourceColumns.length; i++) {
    const c = norm[i]
    if (c in canonical || c in OPTIONAL_INTERACTION_COLUMNS || c === 'is_failure_was_missing') continue
    const target = COLUMN_ALIASES[c]
    if (target && !seen.has(target) && !(target in mapping)) mapping[target] = sourceColumns[i]
    else if (!target) unknown.push(sourceColumns[i])
  }
  return { mapping, unknown, duplicates }
}

/** Recognises a table by file name first, else by its (aliased) columns; null when neither fits. */
export function recogniseTable(fileName: string, columns: readonly string[]): TableKind | null {
  const base = fileName.toLowerCase().replace(/\.(csv|tsv|txt)(\.gz)?$/, '')
  for (const kind of TABLE_KINDS) {
    if (base === TABLE_FILE_STEMS[kind] || base.endsWith(TABLE_FILE_STEMS[kind].replace('llm_system', ''))) return kind
  }
  const cols = new Set(columns.map((c) => c.trim().toLowerCase()))
  for (const c of [...cols]) if (COLUMN_ALIASES[c]) cols.add(COLUMN_ALIASES[c])
  for (const kind of TABLE_KINDS) {
    if (TABLE_SIGNATURES[kind].some((sig) => sig.every((s) => cols.has(s)))) return kind
  }
  return null
}
