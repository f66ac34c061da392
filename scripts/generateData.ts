/** Deterministic, streaming generator of synthetic LLM telemetry in the five canonical tables of SCHEMA.md. */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { failureFactors, validatePlan, type PlantedChanges } from './plantedChanges'
import type { FamilyPlanter } from './plantedFamilies'

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface GenerateOptions {
  /** number of interaction rows to write */
  rows: number
  /** PRNG seed; the same seed (and options) gives the same bytes */
  seed: number
  /** first UTC day of the period, `YYYY-MM-DD` (default 2025-02-01) */
  start?: string
  /** length of the period in days (default 60) */
  days?: number
  /** share of interactions copied into the instruction tuning table (default 0.1) */
  sampleRate?: number
  /**
   * Rewrites a row's request and response text before it is written (e.g. scripts/piiPlant.ts plants
   * PII). It must not draw from the generator's stream; without it the output is unchanged.
   */
  textHook?: (row: { row: number; interactionId: string; request: string; response: string }) => { request: string; response: string }
  /** planted truths (scripts/plantedChanges.ts); absent: the default output, byte for byte */
  plant?: PlantedChanges
  /** plants request families (scripts/plantedFamilies.ts); absent: the default output, byte for byte */
  planted?: FamilyPlanter
}

export type TableName = 'interactions' | 'sessions' | 'users' | 'prompts' | 'samples'

/** Where one table's CSV text goes; chunks arrive in order and end with `end()`. */
export interface TableSink {
  write(chunk: string): void
  end(): void
}

export type TableSinks = Record<TableName, TableSink>

export interface GenerateSummary {
  rows: number
  sessions: number
  users: number
  prompts: number
  samples: number
  failures: number
  failureRate: number
  seed: number
  start: string
  days: number
}

export type ProgressCallback = (rowsDone: number, rowsTotal: number) => void

/** Canonical file name of each table. */
export const TABLE_FILES: Record<TableName, string> = {
  interactions: 'llm_system_interactions.csv',
  sessions: 'llm_system_sessions_summary.csv',
  users: 'llm_system_users_summary.csv',
  prompts: 'llm_system_prompts_lookup.csv',
  samples: 'llm_system_instruction_tuning_samples.csv'
}

export const INTERACTION_HEADER: readonly string[] = [
  'interaction_id', 'session_id', 'user_id', 'prompt_id', 'timestamp_utc', 'split', 'channel', 'use_case',
  'country_code', 'region', 'account_tier', 'segment', 'instruction_template', 'model_provider', 'model_name',
  'temperature', 'top_p', 'max_tokens', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'latency_ms',
  'cost_usd', 'response_quality_score', 'is_failure', 'failure_type', 'safety_block_flag', 'hallucination_flag',
  'toxicity_flag', 'formatting_error_flag', 'tool_error_flag', 'latency_timeout_flag', 'tool_calls_count',
  'tools_used', 'user_feedback_score', 'user_feedback_label', 'user_reported_issue', 'retry_index',
  'repair_strategy', 'final_resolution_state', 'business_impact_tag', 'request_text', 'response_text_snippet',
  'tokens_per_second', 'prompt_to_completion_ratio', 'date_utc', 'hour_of_day_utc', 'day_of_week', 'is_weekend',
  'is_peak_hour'
]

/** Same columns as the public dataset's sessions summary. */
export const SESSION_HEADER: readonly string[] = [
  'session_id', 'user_id', 'use_case', 'channel', 'country_code', 'region', 'account_tier', 'segment',
  'total_requests', 'failed_requests', 'failure_rate', 'avg_latency_ms', 'median_latency_ms',
  'avg_response_quality_score', 'avg_tokens_per_request', 'requests_with_tools', 'share_requests_with_tools',
  'n_retry_requests', 'escalations_to_human', 'csat_mean', 'csat_response_rate', 'risk_session_flag',
  'total_cost_usd', 'total_tokens', 'avg_cost_per_request', 'cost_per_1k_tokens', 'avg_tokens_per_second',
  'start_timestamp_utc', 'end_timestamp_utc', 'session_duration_seconds', 'session_duration_minutes',
  'requests_per_minute', 'total_latency_ms', 'zero_duration_session_flag', 'total_latency_seconds',
  'effective_session_duration_seconds', 'requests_per_minute_effective'
]

/** Same columns as the public dataset's users summary. */
export const USER_HEADER: readonly string[] = [
  'user_id', 'total_sessions', 'total_requests', 'total_failed_requests', 'overall_failure_rate', 'avg_csat',
  'risk_sessions_share', 'escalations_per_100_sessions', 'total_cost_usd', 'total_tokens', 'avg_tokens_per_request',
  'avg_requests_per_session', 'primary_use_case', 'primary_channel', 'dominant_segment', 'dominant_account_tier',
  'dominant_country_code', 'dominant_region', 'high_risk_user_flag', 'high_risk_sessions_count', 'total_escalations'
]

/** Same columns as the public dataset's prompts lookup. */
export const PROMPT_HEADER: readonly string[] = [
  'prompt_id', 'prompt_sha1', 'prompt_len', 'instruction_template', 'use_case', 'n_interactions',
  'share_within_template', 'n_sessions', 'n_users', 'use_case_mismatch_count', 'instruction_text', 'instruction_id',
  'instruction_sha1', 'instruction_len'
]

export const SAMPLE_HEADER: readonly string[] = [
  'sample_id', 'interaction_id', 'session_id', 'raw_request_text', 'raw_response_text', 'sft_user_prompt',
  'sft_assistant_response'
]

export const SLA_MS = 2200
/** Peak hours (UTC, inclusive start, exclusive end) used for `is_peak_hour`. */
export const PEAK_HOURS_UTC: readonly [number, number] = [12, 18]
/** Share of the period (at its end) in which the drift scenario plays out. */
export const DRIFT_PERIOD_FRAC = 0.25
/** The model that degrades (more failures, slower) during the drift period. */
export const DRIFT_MODEL = 'gemini-1.5-flash'

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast, deterministic 32-bit generator. */
export class Rng {
  private s: number
  private spare = 0
  private hasSpare = false

  constructor(seed: number) {
    this.s = seed >>> 0
  }

  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    let u = this.next()
    while (u <= 1e-12) u = this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    this.hasSpare = true
    return r * Math.cos(2 * Math.PI * v)
  }

  /** lognormal with the given median and log-sigma */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.next() * arr.length)]
  }
}

/** splitmix32-style integer hash, used for seed-independent per-key draws. */
export function hash32(x: number): number {
  x = (x + 0x9e3779b9) | 0
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

/** FNV-1a over a string; assigns each session its split. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** train / val / test (~70 / 15 / 15) from the hash of the session id. */
export function splitForSession(sessionId: string): 'train' | 'val' | 'test' {
  const b = fnv1a(sessionId) % 100
  return b < 70 ? 'train' : b < 85 ? 'val' : 'test'
}

/** Cumulative weights for `pickIdx`. */
function cum(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let s = 0
  for (let i = 0; i < weights.length; i++) out[i] = s += weights[i]
  return out
}

function pickIdx(rng: Rng, c: Float64Array): number {
  const x = rng.next() * c[c.length - 1]
  for (let i = 0; i < c.length - 1; i++) if (x < c[i]) return i
  return c.length - 1
}

// ---------------------------------------------------------------------------------------------
// Domain tables
// ---------------------------------------------------------------------------------------------

export const USE_CASES = ['brainstorming', 'coding_assistant', 'content_writing', 'customer_support', 'data_analysis', 'internal_qa'] as const
const UC_BRAIN = 0
const UC_CODE = 1
const UC_CONTENT = 2
const UC_SUPPORT = 3
const UC_DATA = 4
const UC_QA = 5

export const CHANNELS = ['api', 'internal_tool', 'mobile_app', 'slack', 'web_app'] as const
export const TIERS = ['free', 'pro', 'enterprise'] as const
export const SEGMENTS = ['individual', 'team', 'enterprise_team'] as const
export const REGIONS = ['AMER', 'EMEA', 'APAC'] as const
export const FAILURE_TYPES = ['safety_block', 'hallucination', 'toxicity', 'formatting_error', 'tool_error', 'latency_timeout'] as const
const FT_SAFETY = 0
const FT_HALLU = 1
const FT_TOX = 2
const FT_FORMAT = 3
const FT_TOOL = 4
const FT_TIMEOUT = 5

export const INSTRUCTION_TEMPLATES = [
  'analytics_helper',
  'code_assistant_secure',
  'creative_writer',
  'general_assistant',
  'internal_policy_qa',
  'support_strict'
] as const
/** The template most sessions of each use case run with. */
const UC_HOME_TEMPLATE = [2, 1, 2, 5, 0, 4]

export const INSTRUCTION_TEXTS: readonly string[] = [
  'You are an ideation partner. Offer several distinct options, group them clearly, and keep every suggestion actionable.',
  'You are an experienced software engineer. Explain fixes step by step, prefer safe and idiomatic code, and include short examples when they help.',
  'You are a writing assistant. Produce clear, well-structured text in the tone the user asks for and keep it easy to read.',
  'You are a customer support assistant for a SaaS product. Be empathetic, concise and precise, and give numbered steps when an action is needed.',
  'You are a data analysis assistant. Reason carefully about metrics and queries, state assumptions, and explain results in plain language.',
  'You are an internal knowledge assistant. Answer from company documentation and policies, cite the relevant page, and say when something is unknown.'
]

const COUNTRIES: readonly (readonly string[])[] = [
  ['US', 'CA', 'BR', 'MX'],
  ['GB', 'DE', 'FR', 'NL', 'AE', 'EG', 'ES'],
  ['IN', 'AU', 'JP', 'SG']
]
const COUNTRY_W = [cum([0.55, 0.15, 0.2, 0.1]), cum([0.25, 0.17, 0.2, 0.06, 0.1, 0.14, 0.08]), cum([0.55, 0.17, 0.13, 0.15])]
const REGION_W = cum([0.33, 0.45, 0.22])
/** hours to add to local business time to get UTC */
const REGION_UTC_SHIFT = [5, -1, -6]
const TIER_W = cum([0.55, 0.3, 0.15])
const SEGMENT_BY_TIER = [cum([0.85, 0.15, 0]), cum([0.45, 0.5, 0.05]), cum([0, 0.2, 0.8])]
const PRIMARY_UC_W = cum([0.1, 0.2, 0.15, 0.28, 0.16, 0.11])
const UC_MIX_BASE = cum([0.11, 0.18, 0.15, 0.3, 0.15, 0.11])
const UC_MIX_DRIFT = cum([0.07, 0.31, 0.12, 0.14, 0.28, 0.08])
const CHANNEL_BY_UC = [
  cum([1, 0.5, 2, 1, 5]),
  cum([4, 1, 0.5, 1, 3]),
  cum([1.5, 0.5, 1.5, 0.5, 5]),
  cum([1.5, 0.3, 3, 0.5, 5]),
  cum([3, 2, 0.3, 1, 3]),
  cum([0.5, 4, 0.3, 4, 1])
]
/** local hour-of-day traffic profile (business hours heavy) */
const LOCAL_HOUR_W = cum([0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.8, 1.4, 1.9, 2.0, 2.0, 1.7, 1.9, 2.0, 1.9, 1.7, 1.3, 0.9, 0.7, 0.6, 0.5, 0.4, 0.25])
const SESSION_LEN_W = cum([3, 6, 10, 15, 16, 15, 12, 9, 6, 4, 2, 1.5])

const UC_TEMPERATURE = [0.9, 0.2, 0.7, 0.3, 0.2, 0.1]
const TOP_P = [1, 1, 1, 1, 1, 0.95, 0.95, 0.9, 0.9, 0.8]
const TOP_P_STR = TOP_P.map(String)
const MAX_TOKENS_BY_UC: readonly (readonly number[])[] = [
  [512, 1024, 2048],
  [1024, 2048, 4096],
  [1024, 2048, 4096],
  [512, 1024],
  [1024, 2048],
  [512, 1024]
]
const PROMPT_MEDIAN = [180, 900, 350, 420, 1100, 1600]
const COMPLETION_MEDIAN = [380, 520, 650, 220, 420, 260]
const TOOL_PROB = [0.08, 0.45, 0.1, 0.35, 0.6, 0.5]
const TOOL_COUNT_W = cum([0.55, 0.3, 0.15])
const TOOLS_BY_UC: readonly (readonly string[])[] = [
  ['web_search', 'whiteboard_export'],
  ['code_run', 'repo_search', 'linter'],
  ['web_search', 'grammar_check', 'image_gen'],
  ['kb_search', 'ticket_lookup', 'crm_lookup'],
  ['sql_query', 'code_run', 'chart_render'],
  ['vector_search', 'doc_lookup', 'directory_lookup']
]
const UC_FAIL_BASE = [0.9, 1.1, 0.9, 1.0, 1.15, 1.0]
const UC_QUALITY_ADJ = [0.02, -0.02, 0.01, 0.0, -0.03, 0.0]
const FT_W_BY_UC: readonly (readonly number[])[] = [
  // safety, hallucination, toxicity, formatting, tool, timeout
  [0.15, 0.35, 0.08, 0.22, 0.02, 0.18],
  [0.04, 0.2, 0.01, 0.3, 0.25, 0.2],
  [0.2, 0.25, 0.08, 0.27, 0.02, 0.18],
  [0.14, 0.38, 0.05, 0.13, 0.12, 0.18],
  [0.02, 0.25, 0.01, 0.2, 0.32, 0.2],
  [0.06, 0.48, 0.01, 0.12, 0.15, 0.18]
]

interface ModelSpec {
  provider: string
  name: string
  /** USD per 1M prompt / completion tokens */
  priceIn: number
  priceOut: number
  /** median time to first token, ms per completion token, log-sigma of the overhead */
  ttft: number
  msPerTok: number
  sigma: number
  fail: number
  quality: number
  /** failure probability multiplier per use case */
  ucMult: readonly number[]
  /** traffic weight per use case */
  traffic: readonly number[]
  /** failure-type multiplier: safety, hallucination, toxicity, formatting, tool, timeout */
  ftTilt: readonly number[]
}

export const MODELS: readonly ModelSpec[] = [
  { provider: 'openai', name: 'gpt-4o-mini', priceIn: 0.15, priceOut: 0.6, ttft: 300, msPerTok: 0.75, sigma: 0.35, fail: 0.07, quality: 0.78, ucMult: [1.0, 1.3, 0.9, 0.6, 1.4, 1.0], traffic: [3, 2, 2, 4, 2, 2], ftTilt: [1, 1, 1, 1, 1, 1] },
  { provider: 'openai', name: 'gpt-4o', priceIn: 2.5, priceOut: 10, ttft: 420, msPerTok: 1.0, sigma: 0.35, fail: 0.05, quality: 0.86, ucMult: [0.9, 0.8, 0.9, 0.9, 0.6, 1.0], traffic: [1, 2, 1.5, 1, 2, 1], ftTilt: [1, 0.8, 1, 1, 1, 1] },
  { provider: 'anthropic', name: 'claude-3.5-sonnet', priceIn: 3, priceOut: 15, ttft: 480, msPerTok: 1.1, sigma: 0.35, fail: 0.045, quality: 0.88, ucMult: [0.9, 0.45, 0.7, 1.0, 0.9, 1.0], traffic: [1, 3, 1.5, 1, 1.5, 1], ftTilt: [1.6, 0.7, 0.5, 1, 1, 1] },
  { provider: 'anthropic', name: 'claude-3-haiku', priceIn: 0.25, priceOut: 1.25, ttft: 260, msPerTok: 0.6, sigma: 0.3, fail: 0.08, quality: 0.76, ucMult: [1.0, 1.5, 0.7, 0.8, 1.6, 1.1], traffic: [2, 1, 2, 3, 1, 1.5], ftTilt: [1.4, 1, 0.6, 1, 1, 0.6] },
  { provider: 'google', name: 'gemini-1.5-pro', priceIn: 1.25, priceOut: 5, ttft: 560, msPerTok: 1.2, sigma: 0.42, fail: 0.06, quality: 0.84, ucMult: [1.0, 1.0, 1.1, 1.1, 0.55, 0.8], traffic: [0.5, 1, 0.8, 0.5, 2, 1], ftTilt: [1, 1, 1, 1, 0.8, 1.8] },
  { provider: 'google', name: 'gemini-1.5-flash', priceIn: 0.075, priceOut: 0.3, ttft: 240, msPerTok: 0.5, sigma: 0.3, fail: 0.075, quality: 0.75, ucMult: [1.0, 1.4, 1.0, 0.9, 1.3, 2.0], traffic: [2, 1, 1.5, 2.5, 1, 2], ftTilt: [1, 1.3, 1, 1, 1, 0.8] },
  { provider: 'meta', name: 'llama-3.1-70b', priceIn: 0.88, priceOut: 0.88, ttft: 450, msPerTok: 1.15, sigma: 0.45, fail: 0.085, quality: 0.8, ucMult: [0.8, 1.0, 0.9, 1.2, 1.1, 1.0], traffic: [1.5, 1, 1, 1, 1, 1], ftTilt: [0.8, 1, 1.2, 1, 1, 1.5] },
  { provider: 'meta', name: 'llama-3.1-8b', priceIn: 0.18, priceOut: 0.18, ttft: 220, msPerTok: 0.55, sigma: 0.4, fail: 0.13, quality: 0.66, ucMult: [1.0, 2.5, 1.1, 1.4, 2.2, 1.5], traffic: [1.5, 0.8, 1, 1.5, 0.7, 1], ftTilt: [1, 1.4, 1.5, 1.3, 1, 1] },
  { provider: 'mistral', name: 'mistral-large', priceIn: 2, priceOut: 6, ttft: 430, msPerTok: 1.05, sigma: 0.4, fail: 0.07, quality: 0.82, ucMult: [0.9, 1.1, 0.75, 1.0, 1.0, 1.2], traffic: [1, 1.2, 1.5, 0.8, 1, 0.5], ftTilt: [0.8, 1, 1, 1, 1, 1.2] },
  { provider: 'local', name: 'custom-local-8b', priceIn: 0.05, priceOut: 0.05, ttft: 380, msPerTok: 1.4, sigma: 0.55, fail: 0.14, quality: 0.62, ucMult: [1.2, 1.8, 1.3, 2.2, 3.0, 0.55], traffic: [0.5, 0.8, 0.5, 1.2, 1, 3], ftTilt: [1, 1, 1.5, 2, 1, 1.5] }
]
const DRIFT_MODEL_IDX = MODELS.findIndex((m) => m.name === DRIFT_MODEL)

const REPAIR_BY_FT: readonly (readonly string[])[] = [
  ['rephrase_request', 'add_policy_context'],
  ['add_retrieval_context', 'regenerate_with_lower_temp', 'switch_model'],
  ['regenerate_with_lower_temp', 'rephrase_request'],
  ['tighten_output_schema', 'regenerate_with_lower_temp'],
  ['retry_tool_call', 'switch_model'],
  ['reduce_max_tokens', 'switch_model', 'retry_same_request']
]
const SAFETY_TEXTS = [
  "I'm sorry, but I can't help with that request because it conflicts with the acceptable use policy.",
  'This request was blocked by the safety filter. Please rephrase it without personal or sensitive data.',
  "I can't assist with that, but I'm happy to help with a related, policy-compliant question."
]
const TOOL_ERRORS = ['timeout after 30s', 'HTTP 502 Bad Gateway', 'permission denied', 'rate limit exceeded (429)', 'invalid arguments: missing "query"', 'connection reset by peer']
const FAKE_SOURCES = ['internal memo HR-2291 (2021)', 'the "Global Data Standards Act" of 2019', 'RFC 99173', 'the v5.2 API changelog', 'policy DOC-4471, section 9', 'the 2023 Gartner report on this exact topic']

// ---------------------------------------------------------------------------------------------
// Request / response templates (intents), compiled to literal parts and slot ids
// ---------------------------------------------------------------------------------------------

const SLOTS: Record<string, readonly string[]> = {
  count: ['3', '5', '7', '10'],
  idea_subject: ['a team offsite', 'a referral program', 'a podcast series', 'a hackathon theme', 'a loyalty program', 'a budgeting app', 'a community event', 'a webinar series', 'an internal newsletter', 'a customer advisory board'],
  tone: ['friendly', 'formal', 'concise', 'persuasive', 'playful', 'neutral', 'confident', 'empathetic'],
  audience: ['engineers', 'executives', 'new customers', 'small business owners', 'data scientists', 'students', 'the sales team', 'HR managers', 'first-time users', 'partners'],
  topic: ['remote onboarding', 'our Q3 product launch', 'data privacy', 'customer retention', 'AI in healthcare', 'sustainable packaging', 'hybrid work', 'cloud cost optimization', 'the new pricing plans', 'developer experience', 'security awareness', 'the mobile app redesign'],
  constraint: ['a budget under $5,000', 'a two-week timeline', 'no engineering work', 'remote-only participants', 'a "zero-waste" goal', 'non-technical users', 'a team of three, including me'],
  metric: ['revenue', 'active users', 'churn rate', 'average order value', 'signups', 'refund count', 'conversion rate', 'session length', 'ticket volume', 'gross margin', 'NPS', 'retention'],
  lang: ['Python', 'TypeScript', 'Go', 'Java', 'Rust', 'Kotlin', 'C#', 'JavaScript'],
  framework: ['React', 'Django', 'FastAPI', 'Spring Boot', 'Express', 'pandas', 'PyTorch', 'Next.js', 'Flask', 'Vue'],
  task: ['parse a CSV file', 'retry failed HTTP requests with backoff', 'debounce a search input', 'paginate an API response', 'validate an email address', 'cache results in memory', 'read a YAML config file', 'rate-limit requests per user', 'merge two sorted lists', 'stream a large file line by line'],
  error_msg: [
    "TypeError: Cannot read properties of undefined (reading 'map')",
    "KeyError: 'user_id'",
    'NullPointerException at OrderService.java:88',
    'connection refused: localhost:5432',
    'ModuleNotFoundError: No module named "requests"',
    'panic: runtime error: index out of range [3] with length 3',
    'ERROR: column "created_at" does not exist',
    'Segmentation fault (core dumped)',
    'CORS policy: No "Access-Control-Allow-Origin" header',
    'OutOfMemoryError: Java heap space'
  ],
  concept_a: ['async/await', 'a list', 'an interface', 'composition', 'a mutex', 'a process'],
  concept_b: ['threads', 'a tuple', 'an abstract class', 'inheritance', 'a channel', 'a thread'],
  code_line: [
    'for i in range(len(items)): print(items[i+1])',
    'const total = items.reduce((a, b) => a + b.price);',
    'if (user = null) { return; }',
    'SELECT * FROM orders WHERE status = "open" GROUP BY customer_id;',
    'let x: Vec<i32> = vec![1, 2, 3]; x.push(4);'
  ],
  word_count: ['150', '300', '500', '800'],
  doc_type: ['blog post', 'LinkedIn post', 'product announcement', 'newsletter intro', 'press release', 'FAQ section', 'landing page', 'case study'],
  sentence: [
    'Our new dashboard, which we launched last week, is faster, simpler and more reliable.',
    'We are sorry for the delay, the shipment will arrive on Monday.',
    'The team worked very hard and the results was great.',
    'Please find attached the report, let me know if you have questions.',
    'This feature lets you "pin" reports, share them and export to PDF.'
  ],
  product: ['the billing dashboard', 'the mobile app', 'the analytics API', 'the Slack integration', 'the admin console', 'the invoice export', 'SSO login', 'the data connector', 'the browser extension'],
  issue: ['keeps logging me out', 'shows the wrong currency', "won't load on Safari", 'charged me twice', "doesn't send email notifications", 'times out when exporting', 'shows "access denied"', 'lost my saved filters'],
  support_error: ['ERR_401: session expired', 'Something went wrong, please try again', 'Payment method declined', 'Quota exceeded', 'Invalid token, please log in again'],
  plan: ['Pro', 'Team', 'Business', 'Starter'],
  amount: ['$49', '$120', '$19.99', '$1,200', '$300'],
  contact: ['my work email', 'my old phone number', 'the authenticator app', 'my recovery codes'],
  format: ['CSV', 'Excel', 'JSON', 'Google Sheets', 'Parquet'],
  dimension: ['region', 'country', 'plan tier', 'acquisition channel', 'product category', 'week', 'device type', 'sales rep', 'cohort month'],
  n: ['7', '14', '30', '60', '90', '180', '365'],
  pct: ['4', '8', '12', '15', '22', '30'],
  segment_value: ['EMEA', 'the enterprise segment', 'mobile users', 'the US', 'new signups', 'the free tier'],
  stat: ['median', 'mean', '95th percentile', 'standard deviation', 'weekly growth'],
  table: ['orders', 'events', 'subscriptions', 'invoices', 'support_tickets', 'page_views', 'payments', 'users'],
  pvalue: ['0.03', '0.049', '0.07', '0.2', '0.001'],
  chart: ['a grouped bar chart', 'a line chart with one line per group', 'a stacked area chart', 'a heatmap'],
  policy: ['expense reimbursement', 'parental leave', 'on-call rotation', 'travel booking', 'security incident reporting', 'laptop replacement', 'open-source contribution', 'data retention', 'remote work'],
  internal_tool: ['Jira', 'the deploy pipeline', 'the VPN', 'Grafana', 'the HR portal', 'Confluence', 'the feature flag service', 'the data warehouse'],
  team: ['platform', 'payments', 'growth', 'security', 'data', 'mobile'],
  days: ['2', '3', '5', '10'],
  wiki: ['go/policies', 'the People wiki', 'the engineering handbook', 'the security space in Confluence', 'go/runbooks']
}

interface IntentSpec {
  uc: number
  w: number
  req: string
  resp: string
}

const INTENTS: readonly IntentSpec[] = [
  // brainstorming
  { uc: UC_BRAIN, w: 3, req: 'Give me {count} ideas for {idea_subject}', resp: 'Here are {count} ideas for {idea_subject}: 1) a themed kickoff, 2) small-group challenges, 3) a shared showcase at the end. Pick the ones that fit your audience.' },
  { uc: UC_BRAIN, w: 2, req: 'Brainstorm names for {idea_subject}, something {tone} and memorable', resp: 'Some {tone} name options: Spark, Northstar, Common Ground, Launchpad and Open Loop. Short, easy to say and easy to search.' },
  { uc: UC_BRAIN, w: 2, req: 'What are some creative ways to improve {metric} for {audience}?', resp: 'To move {metric} for {audience}, try: personalised onboarding, a usage milestone email, in-product tips and a quarterly check-in.' },
  { uc: UC_BRAIN, w: 2, req: 'List pros and cons of {topic} for {audience}', resp: 'Pros of {topic}: flexibility, lower cost, broader reach. Cons: coordination overhead, weaker culture, harder measurement.' },
  { uc: UC_BRAIN, w: 2, req: 'Help me plan {idea_subject} with {constraint}', resp: 'A plan for {idea_subject} with {constraint}: week 1 define goals, week 2 line up owners, then run a short pilot and collect feedback.' },
  { uc: UC_BRAIN, w: 1.5, req: 'Suggest {count} taglines for "{topic}" that sound {tone}', resp: 'Tagline ideas ({tone}): "Built for what is next", "Less friction, more focus", "Your work, simplified".' },
  // coding_assistant
  { uc: UC_CODE, w: 3, req: 'Write a {lang} function to {task}', resp: 'Here is a {lang} function to {task}. It validates its input, handles the empty case and returns early on errors; add a unit test for the edge cases.' },
  { uc: UC_CODE, w: 3, req: 'Why am I getting "{error_msg}" in my {framework} app?', resp: 'The error "{error_msg}" usually means a value is missing at runtime. Check the data you pass in, add a guard, and log the input right before the failing line.' },
  { uc: UC_CODE, w: 1.5, req: 'Refactor this {lang} code to be more readable, it uses nested loops and global state', resp: 'Refactored: extract the inner loop into a helper, pass state explicitly, and replace the flag variables with early returns. Behaviour is unchanged.' },
  { uc: UC_CODE, w: 2, req: 'How do I {task} in {framework}?', resp: 'In {framework}, the idiomatic way to {task} is to wrap it in a small utility, configure it once, and call it from your handlers.' },
  { uc: UC_CODE, w: 1.5, req: 'Write unit tests for a {lang} function that should {task}', resp: 'Tests for a {lang} function that should {task}: the happy path, empty input, invalid input, and a large input to check performance.' },
  { uc: UC_CODE, w: 1, req: 'Explain the difference between {concept_a} and {concept_b} in {lang}', resp: 'In {lang}, {concept_a} and {concept_b} solve related problems, but they differ in ownership, cost and when you should reach for them.' },
  { uc: UC_CODE, w: 0.25, req: 'Fix this {lang} snippet:\n{code_line}', resp: 'The snippet has a bug: {code_line} -> check the bounds and the operator, then run it again with a small input.' },
  // content_writing
  { uc: UC_CONTENT, w: 3, req: 'Write a {word_count}-word {doc_type} about {topic} for {audience}', resp: 'Draft {doc_type} on {topic} for {audience}: open with the problem, show one concrete example, and close with a clear next step.' },
  { uc: UC_CONTENT, w: 2, req: 'Rewrite this paragraph in a {tone} tone: "{sentence}"', resp: 'Rewritten ({tone}): "{sentence}" becomes a shorter, clearer version that keeps your meaning.' },
  { uc: UC_CONTENT, w: 2, req: 'Draft an email to {audience} announcing {topic}', resp: 'Subject: An update on {topic}. Hi all, we are excited to share what is changing, why it matters to {audience}, and what happens next.' },
  { uc: UC_CONTENT, w: 1.5, req: 'Summarize, in {count} bullet points, our notes on {topic}', resp: 'Summary of {topic} in {count} bullets: the goal, the key decision, open risks, owners and the next milestone.' },
  { uc: UC_CONTENT, w: 1.5, req: 'Give me a catchy title for a {doc_type} about {topic}', resp: 'Title options for your {doc_type}: "{topic}, Explained", "What {topic} Means for You", "5 Things to Know About {topic}".' },
  { uc: UC_CONTENT, w: 1, req: 'Proofread this sentence: "{sentence}"', resp: 'Corrected: "{sentence}" - fixed agreement and punctuation; consider splitting it into two sentences.' },
  // customer_support
  { uc: UC_SUPPORT, w: 3, req: 'My account on {product} {issue}, what should I do?', resp: 'Sorry about that. For {product}: 1) sign out and back in, 2) clear the cache, 3) if it still happens, reply here and we will open a ticket.' },
  { uc: UC_SUPPORT, w: 2, req: 'How do I downgrade from the {plan} plan and get a refund?', resp: 'To leave the {plan} plan go to Settings > Billing > Change plan. Refunds for the current period are prorated and take 5-10 business days.' },
  { uc: UC_SUPPORT, w: 2, req: 'I was charged {amount} twice this month, can you help?', resp: 'I can see why that is worrying. A duplicate charge of {amount} is usually a pending authorisation; if it has not dropped in 3 days we will refund it.' },
  { uc: UC_SUPPORT, w: 2, req: '{product} {issue} since yesterday. Error says "{support_error}"', resp: 'Thanks for the details. "{support_error}" on {product} means your session needs refreshing; log out, log back in, and tell us if it persists.' },
  { uc: UC_SUPPORT, w: 1.5, req: 'How can I reset my password if I no longer have access to {contact}?', resp: 'Without {contact}, use "Forgot password" and choose "I cannot access this method"; we will verify your identity by email within 24 hours.' },
  { uc: UC_SUPPORT, w: 1.5, req: 'Can I export my data from {product} to {format}?', resp: 'Yes: in {product} open Export, choose {format}, pick the date range and select Download. Large exports are emailed to you.' },
  // data_analysis
  { uc: UC_DATA, w: 3, req: 'Write a SQL query that returns {metric} by {dimension} for the last {n} days', resp: "SELECT {dimension}, SUM(value) AS total FROM {table} WHERE event_date >= CURRENT_DATE - INTERVAL '{n} days' GROUP BY 1 ORDER BY 2 DESC; returns {metric} per {dimension}." },
  { uc: UC_DATA, w: 2, req: 'Explain why {metric} dropped {pct}% week over week in {segment_value}', resp: 'A {pct}% drop in {metric} for {segment_value} is most often a mix shift, a tracking change or a seasonal effect; compare cohorts and check the release log first.' },
  { uc: UC_DATA, w: 1.5, req: 'Which chart should I use to show {metric} by {dimension}?', resp: 'For {metric} by {dimension}, use {chart}; sort categories by value and keep the axis starting at zero.' },
  { uc: UC_DATA, w: 2, req: 'Calculate the {stat} of {metric} from the {table} table, grouped by {dimension}', resp: 'Group {table} by {dimension} and compute the {stat} of {metric}; watch for nulls and outliers, which can move the {stat} a lot.' },
  { uc: UC_DATA, w: 1.5, req: 'Is the difference in {metric} between variant A and B statistically significant with p = {pvalue}?', resp: 'With p = {pvalue}, compare it to your pre-registered alpha (often 0.05), check the sample size, and report the effect size with a confidence interval.' },
  { uc: UC_DATA, w: 1.5, req: 'Build a pandas pipeline that cleans the {table} export and computes {metric}', resp: 'Pipeline: read_csv, drop duplicates, parse dates, fill or drop nulls, then groupby and aggregate to get {metric} from {table}.' },
  // internal_qa
  { uc: UC_QA, w: 3, req: 'What is our policy on {policy}?', resp: 'Per {wiki}, the {policy} policy applies to all full-time employees; requests go through your manager and are reviewed within {days} business days.' },
  { uc: UC_QA, w: 2.5, req: 'How do I get access to {internal_tool}?', resp: 'Request access to {internal_tool} in the IT portal; the {team} team approves it, usually within {days} days.' },
  { uc: UC_QA, w: 1.5, req: 'Who owns {internal_tool} on the {team} team?', resp: '{internal_tool} is owned by the {team} team; the on-call rotation and escalation contacts are listed in {wiki}.' },
  { uc: UC_QA, w: 1.5, req: 'Where is the runbook for {internal_tool} incidents?', resp: 'The runbook for {internal_tool} incidents is in {wiki}; start with the triage checklist and page the {team} on-call if impact is customer-facing.' },
  { uc: UC_QA, w: 1.5, req: 'Summarize the latest changes to the {policy} policy', resp: 'Latest {policy} changes: updated approval limits, a new request form, and clearer rules for contractors. Details are in {wiki}.' },
  { uc: UC_QA, w: 1, req: "What's the approval process for {policy}, and who signs off?", resp: 'For {policy}, submit the form, your manager approves, and the {team} lead signs off; expect an answer within {days} business days.' }
]

interface Compiled {
  lits: string[]
  slots: number[]
}

const SLOT_NAMES = Object.keys(SLOTS)
const SLOT_VALUES: readonly (readonly string[])[] = SLOT_NAMES.map((k) => SLOTS[k])

function compile(tpl: string): Compiled {
  const lits: string[] = []
  const slots: number[] = []
  const re = /\{([a-z_]+)\}/g
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(tpl)) !== null) {
    const id = SLOT_NAMES.indexOf(m[1])
    if (id < 0) throw new Error(`unknown slot ${m[1]} in template: ${tpl}`)
    lits.push(tpl.slice(last, m.index))
    slots.push(id)
    last = m.index + m[0].length
  }
  lits.push(tpl.slice(last))
  return { lits, slots }
}

const INTENT_REQ = INTENTS.map((i) => compile(i.req))
const INTENT_RESP = INTENTS.map((i) => compile(i.resp))
const INTENTS_BY_UC: number[][] = USE_CASES.map((_, uc) => INTENTS.map((x, i) => (x.uc === uc ? i : -1)).filter((i) => i >= 0))
const INTENT_W_BY_UC = INTENTS_BY_UC.map((ids) => cum(ids.map((i) => INTENTS[i].w)))

/** Number of intent templates (exported for documentation and tests). */
export const INTENT_COUNT = INTENTS.length

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

const NEEDS_QUOTE = /[",\r\n]/

/** RFC 4180 field quoting: only fields holding a comma, quote or line break are quoted. */
export function csvField(s: string): string {
  return NEEDS_QUOTE.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s
}

const P2: string[] = Array.from({ length: 60 }, (_, i) => (i < 10 ? '0' : '') + i)
const DOW = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

function round(x: number, d: number): number {
  const f = d === 1 ? 10 : d === 2 ? 100 : d === 3 ? 1000 : d === 4 ? 1e4 : 10 ** d
  return Math.round(x * f) / f
}

/** Fractional digits without trailing zeros for 0..10^d-1, e.g. FRAC[2][50] = '5', FRAC[2][5] = '05'. */
const FRAC: string[][] = [1, 2, 3, 4].map((d) =>
  Array.from({ length: 10 ** d }, (_, k) => String(k).padStart(d, '0').replace(/0+$/, ''))
)
const POW10 = [1, 10, 100, 1000, 10000, 1e5, 1e6, 1e7]

/**
 * Formats round(x, d) exactly like String(Math.round(x * 10^d) / 10^d) for 0 <= x < 2^53 / 10^d and d <= 7,
 * without the float-to-shortest-string conversion (integer formatting only).
 */
export function fixed(x: number, d: number): string {
  const f = POW10[d]
  const k = Math.round(x * f)
  const ip = Math.floor(k / f)
  const fp = k - ip * f
  if (fp === 0) return '' + ip
  if (d <= 4) return ip + '.' + FRAC[d - 1][fp]
  // d in 5..7: a leading (d-3)-digit block, then a trailing 3-digit block without trailing zeros
  const hi = Math.floor(fp / 1000)
  const lo = fp - hi * 1000
  const hiS = String(hi).padStart(d - 3, '0')
  return lo === 0 ? ip + '.' + hiS.replace(/0+$/, '') : ip + '.' + hiS + FRAC[2][lo]
}

function padId(prefix: string, n: number, width: number): string {
  const s = String(n)
  return s.length >= width ? prefix + s : prefix + '0'.repeat(width - s.length) + s
}

function boolStr(b: boolean): string {
  return b ? 'True' : 'False'
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex')
}

/**
 * Buffers a table's lines and hands them to the sink in ~32 KB chunks: small chunks let the per-line
 * strings die young, which measured ~1.5x faster than 1 MB chunks.
 */
class Buffered {
  private lines: string[] = []
  private chars = 0
  constructor(private readonly sink: TableSink) {}
  line(s: string): void {
    this.lines.push(s)
    this.chars += s.length
    if (this.chars > 1 << 15) this.flush()
  }
  flush(): void {
    if (this.lines.length > 0) {
      this.lines.push('')
      this.sink.write(this.lines.join('\n'))
      this.lines = []
      this.chars = 0
    }
  }
  end(): void {
    this.flush()
    this.sink.end()
  }
}

// ---------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------

function parseStart(start: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start)
  if (!m) throw new Error(`start must be an ISO date YYYY-MM-DD, got "${start}"`)
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const d = new Date(ms)
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new Error(`start is not a valid calendar date: "${start}"`)
  }
  return ms
}

/** Validates generator options; throws an Error with a readable message. */
export function validateOptions(opts: GenerateOptions): void {
  if (!Number.isInteger(opts.rows) || opts.rows < 1) throw new Error(`rows must be a positive integer, got ${opts.rows}`)
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`)
  if (opts.days !== undefined && (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 3660)) {
    throw new Error(`days must be an integer between 1 and 3660, got ${opts.days}`)
  }
  if (opts.start !== undefined) parseStart(opts.start)
  if (opts.sampleRate !== undefined && !(opts.sampleRate >= 0 && opts.sampleRate <= 1)) {
    throw new Error(`sampleRate must be between 0 and 1, got ${opts.sampleRate}`)
  }
  if (opts.plant) validatePlan(opts.plant, MODELS.map((m) => m.name))
}

interface UserAgg {
  sessions: Int32Array
  requests: Int32Array
  failed: Int32Array
  fbSum: Float64Array
  fbN: Int32Array
  riskSessions: Int32Array
  escalations: Int32Array
  cost: Float64Array
  tokens: Float64Array
  ucCounts: Int32Array
  chCounts: Int32Array
}

/**
 * Generates `opts.rows` interactions and the four companion tables, streaming CSV text into the
 * sinks. Memory is bounded by the user and prompt aggregates (about 100 bytes per user), never by
 * the row count.
 */
export function generateDataset(opts: GenerateOptions, sinks: TableSinks, onProgress?: ProgressCallback): GenerateSummary {
  validateOptions(opts)
  const rows = opts.rows
  const start = opts.start ?? '2025-02-01'
  const days = opts.days ?? 60
  const sampleRate = opts.sampleRate ?? 0.1
  const startMs = parseStart(start)
  const periodSec = days * 86400
  const driftStartSec = periodSec * (1 - DRIFT_PERIOD_FRAC)
  const driftRampSec = periodSec * DRIFT_PERIOD_FRAC * 0.3

  const rng = new Rng(hash32(opts.seed ^ 0x5eed1234))

  // per-day calendar strings and weights (weekends quieter, gentle growth over the period)
  const dateStr: string[] = []
  const dowStr: string[] = []
  const weekend: boolean[] = []
  const dayW: number[] = []
  for (let d = 0; d < days; d++) {
    const dt = new Date(startMs + d * 86400000)
    dateStr.push(dt.getUTCFullYear() + '-' + P2[dt.getUTCMonth() + 1] + '-' + P2[dt.getUTCDate()])
    const wd = dt.getUTCDay()
    dowStr.push(DOW[wd])
    weekend.push(wd === 0 || wd === 6)
    dayW.push((wd === 0 || wd === 6 ? 0.6 : 1) * (1 + (0.3 * d) / days))
  }
  const dayCum = cum(dayW)
  // planted failure steps: a multiplier per (model, day), or null (then nothing below changes)
  const planted = failureFactors(
    opts.plant,
    MODELS.map((m) => m.name),
    dateStr
  )

  const width = Math.max(5, String(rows).length)
  const intWidth = Math.max(6, String(rows).length)

  // users: fixed attributes, drawn up front from a seeded stream
  const nUsers = Math.max(1, Math.round(rows / 5.6 / 3.5))
  const uRegion = new Uint8Array(nUsers)
  const uCountry = new Uint8Array(nUsers)
  const uTier = new Uint8Array(nUsers)
  const uSegment = new Uint8Array(nUsers)
  const uPrimaryUc = new Uint8Array(nUsers)
  const uChannel = new Uint8Array(nUsers)
  {
    const ur = new Rng(hash32(opts.seed ^ 0x75e25eed))
    for (let u = 0; u < nUsers; u++) {
      const r = pickIdx(ur, REGION_W)
      uRegion[u] = r
      uCountry[u] = pickIdx(ur, COUNTRY_W[r])
      const t = pickIdx(ur, TIER_W)
      uTier[u] = t
      uSegment[u] = pickIdx(ur, SEGMENT_BY_TIER[t])
      const uc = pickIdx(ur, PRIMARY_UC_W)
      uPrimaryUc[u] = uc
      uChannel[u] = pickIdx(ur, CHANNEL_BY_UC[uc])
    }
  }
  const agg: UserAgg = {
    sessions: new Int32Array(nUsers),
    requests: new Int32Array(nUsers),
    failed: new Int32Array(nUsers),
    fbSum: new Float64Array(nUsers),
    fbN: new Int32Array(nUsers),
    riskSessions: new Int32Array(nUsers),
    escalations: new Int32Array(nUsers),
    cost: new Float64Array(nUsers),
    tokens: new Float64Array(nUsers),
    ucCounts: new Int32Array(nUsers * USE_CASES.length),
    chCounts: new Int32Array(nUsers * CHANNELS.length)
  }

  // prompts: (instruction template x use case)
  const nPrompts = INSTRUCTION_TEMPLATES.length * USE_CASES.length
  const promptIds: string[] = []
  for (let t = 0; t < INSTRUCTION_TEMPLATES.length; t++) {
    for (let uc = 0; uc < USE_CASES.length; uc++) promptIds.push('PR_' + sha1('prompt:' + INSTRUCTION_TEMPLATES[t] + ':' + USE_CASES[uc]).slice(0, 12))
  }
  const pInteractions = new Float64Array(nPrompts)
  const pSessions = new Float64Array(nPrompts)
  const pUsersN = new Float64Array(nPrompts)
  const userWords = (nUsers + 31) >>> 5
  const pUserBits = new Uint32Array(nPrompts * userWords)

  // model traffic per use case, with the drift model gaining traffic in the drift period
  const modelW = USE_CASES.map((_, uc) => cum(MODELS.map((m) => m.traffic[uc])))
  const modelWDrift = USE_CASES.map((_, uc) => cum(MODELS.map((m, i) => m.traffic[uc] * (i === DRIFT_MODEL_IDX ? 1.8 : 1))))

  const out = {
    interactions: new Buffered(sinks.interactions),
    sessions: new Buffered(sinks.sessions),
    users: new Buffered(sinks.users),
    prompts: new Buffered(sinks.prompts),
    samples: new Buffered(sinks.samples)
  }
  out.interactions.line(INTERACTION_HEADER.join(','))
  out.sessions.line(SESSION_HEADER.join(','))
  out.users.line(USER_HEADER.join(','))
  out.prompts.line(PROMPT_HEADER.join(','))
  out.samples.line(SAMPLE_HEADER.join(','))

  // per-row slot values (reused; a stamp marks which are set for the current request)
  const slotVal: string[] = new Array(SLOT_NAMES.length).fill('')
  const slotStamp = new Int32Array(SLOT_NAMES.length)
  let stamp = 0
  const fill = (c: Compiled): string => {
    let s = c.lits[0]
    for (let k = 0; k < c.slots.length; k++) {
      const id = c.slots[k]
      if (slotStamp[id] !== stamp) {
        slotStamp[id] = stamp
        slotVal[id] = rng.pick(SLOT_VALUES[id])
      }
      s += slotVal[id] + c.lits[k + 1]
    }
    return s
  }

  const offsets = new Float64Array(12)
  const rowFields: (string | number)[] = new Array<string | number>(33).fill('')
  const lat = new Float64Array(12)
  const ftW = new Float64Array(FAILURE_TYPES.length)

  let rowsDone = 0
  let sessionNo = 0
  let sampleNo = 0
  let failures = 0
  let nextProgress = Math.max(1, Math.floor(rows / 10))
  const progressStep = nextProgress
  let lastReported = 0

  while (rowsDone < rows) {
    sessionNo++
    const sessionId = padId('S', sessionNo, width)
    const split = splitForSession(sessionId)
    const u = Math.min(nUsers - 1, Math.floor(nUsers * Math.pow(rng.next(), 1.3)))
    const userId = padId('U', u + 1, width)
    const region = uRegion[u]
    const tier = uTier[u]
    const nReq = Math.min(rows - rowsDone, pickIdx(rng, SESSION_LEN_W) + 1)

    // timing: request offsets within the session, then a start that keeps it inside the period
    offsets[0] = 0
    for (let j = 1; j < nReq; j++) {
      const gap = rng.next() < 0.1 ? 300 + rng.next() * 1500 : 12 + Math.min(900, rng.logn(40, 0.9))
      offsets[j] = offsets[j - 1] + Math.round(gap)
    }
    const span = offsets[nReq - 1]
    const day = pickIdx(rng, dayCum)
    const utcHour = (pickIdx(rng, LOCAL_HOUR_W) + REGION_UTC_SHIFT[region] + 24) % 24
    let t0 = day * 86400 + utcHour * 3600 + rng.int(3600)
    if (t0 + span >= periodSec) t0 = Math.max(0, periodSec - 1 - span)
    const inDrift = t0 >= driftStartSec
    const ramp = inDrift ? Math.min(1, (t0 - driftStartSec) / driftRampSec) : 0

    // session-level context
    const uc = rng.next() < 0.5 ? uPrimaryUc[u] : pickIdx(rng, inDrift ? UC_MIX_DRIFT : UC_MIX_BASE)
    const channel = rng.next() < 0.6 ? uChannel[u] : pickIdx(rng, CHANNEL_BY_UC[uc])
    const tpl = rng.next() < 0.6 ? UC_HOME_TEMPLATE[uc] : rng.int(INSTRUCTION_TEMPLATES.length)
    const promptIdx = tpl * USE_CASES.length + uc
    const promptId = promptIds[promptIdx]
    const maxTokBase = rng.pick(MAX_TOKENS_BY_UC[uc])
    const hot = rng.next() < 0.05
    const tempBase = hot ? 1.1 + rng.next() * 0.3 : Math.max(0, Math.min(1.5, UC_TEMPERATURE[uc] + (rng.next() - 0.5) * 0.3))
    const topP = TOP_P_STR[rng.int(TOP_P.length)]
    const mW = inDrift ? modelWDrift[uc] : modelW[uc]
    const sessionModel = pickIdx(rng, mW)

    const sessPrefix = sessionId + ',' + userId + ',' + promptId
    const sessMid =
      split + ',' + CHANNELS[channel] + ',' + USE_CASES[uc] + ',' + COUNTRIES[region][uCountry[u]] + ',' + REGIONS[region] + ',' +
      TIERS[tier] + ',' + SEGMENTS[uSegment[u]] + ',' + INSTRUCTION_TEMPLATES[tpl]
    const tierScore = tier
    const ucScore = uc === UC_SUPPORT || uc === UC_DATA || uc === UC_CODE ? 1 : 0

    // session aggregates
    let sFailed = 0
    let sLatSum = 0
    let sLatN = 0
    let sQual = 0
    let sTokens = 0
    let sTools = 0
    let sRetries = 0
    let sEsc = 0
    let sFbSum = 0
    let sFbN = 0
    let sCost = 0
    let sCostN = 0
    let sCostTokens = 0
    let sTpsSum = 0
    let sTpsN = 0
    let firstTs = ''
    let lastTs = ''

    // request state carried into retries
    let prevFailed = false
    let prevFt = -1
    let prevRetry = 0
    let prevModel = sessionModel
    let willRetry = false
    let intent = -1
    let reqText = ''
    let family = -1

    pSessions[promptIdx]++
    const bitIdx = promptIdx * userWords + (u >>> 5)
    const bit = 1 << (u & 31)
    if ((pUserBits[bitIdx] & bit) === 0) {
      pUserBits[bitIdx] |= bit
      pUsersN[promptIdx]++
    }

    for (let j = 0; j < nReq; j++) {
      // time fields
      const t = t0 + offsets[j]
      const d = Math.floor(t / 86400)
      let rem = t - d * 86400
      const hh = Math.floor(rem / 3600)
      rem -= hh * 3600
      const mm = Math.floor(rem / 60)
      const ss = rem - mm * 60
      const ts = dateStr[d] + 'T' + P2[hh] + ':' + P2[mm] + ':' + P2[ss] + 'Z'
      if (j === 0) firstTs = ts
      lastTs = ts
      const peak = hh >= PEAK_HOURS_UTC[0] && hh < PEAK_HOURS_UTC[1]

      const isRetry = j > 0 && prevFailed && willRetry
      let retryIndex = 0
      let repair = 'none'
      if (isRetry) {
        retryIndex = prevRetry + 1
        repair = rng.pick(REPAIR_BY_FT[prevFt])
      } else {
        stamp++
        intent = INTENTS_BY_UC[uc][pickIdx(rng, INTENT_W_BY_UC[uc])]
        reqText = fill(INTENT_REQ[intent])
        if (opts.planted) {
          family = opts.planted.pick()
          if (family >= 0) reqText = opts.planted.text(family)
        }
      }

      // model
      let m: number
      if (repair === 'switch_model') {
        m = pickIdx(rng, mW)
        if (m === prevModel) m = (m + 1 + rng.int(MODELS.length - 1)) % MODELS.length
      } else if (isRetry) m = prevModel
      else m = rng.next() < 0.85 ? sessionModel : pickIdx(rng, mW)
      const model = MODELS[m]
      const driftHit = m === DRIFT_MODEL_IDX ? ramp : 0

      let temperature = tempBase
      if (repair === 'regenerate_with_lower_temp') temperature = Math.max(0, tempBase - 0.3)
      temperature = round(temperature, 2)
      const maxTokens = repair === 'reduce_max_tokens' ? Math.max(256, maxTokBase >>> 1) : maxTokBase

      // tokens and tools
      let promptTokens = Math.round(40 + rng.logn(PROMPT_MEDIAN[uc], 0.55) * (1 + 0.15 * ramp))
      if (repair === 'add_retrieval_context') promptTokens += 300 + rng.int(400)
      let toolCalls = rng.next() < TOOL_PROB[uc] ? pickIdx(rng, TOOL_COUNT_W) + 1 : 0

      // failure
      let p = model.fail * UC_FAIL_BASE[uc] * model.ucMult[uc] * (tier === 0 ? 1.1 : tier === 2 ? 0.85 : 1)
      if (isRetry) p *= 0.8
      if (promptTokens > 2500) p *= 1.3
      if (toolCalls > 0) p *= 1.15
      if (temperature > 1) p *= 1.3
      p *= 1 + 2.2 * driftHit
      if (planted) p *= planted[m * days + d]
      if (opts.planted && family >= 0) p = opts.planted.failureProbability(family, p, dateStr[d])
      const isFailure = rng.next() < Math.min(0.9, p)
      let ft = -1
      if (isFailure) {
        const base = FT_W_BY_UC[uc]
        for (let k = 0; k < ftW.length; k++) ftW[k] = base[k] * model.ftTilt[k]
        if (driftHit > 0) ftW[FT_TIMEOUT] *= 1 + 1.5 * driftHit
        let tot = 0
        for (let k = 0; k < ftW.length; k++) tot += ftW[k]
        let x = rng.next() * tot
        ft = ftW.length - 1
        for (let k = 0; k < ftW.length; k++) {
          x -= ftW[k]
          if (x < 0) {
            ft = k
            break
          }
        }
        if (ft === FT_TOOL && toolCalls === 0) toolCalls = 1
        failures++
      }

      let completion: number
      if (ft === FT_SAFETY) completion = 15 + rng.int(45)
      else {
        completion = Math.round(rng.logn(COMPLETION_MEDIAN[uc], 0.5))
        if (ft === FT_FORMAT && rng.next() < 0.4) completion = maxTokens
        if (ft === FT_TIMEOUT) completion = Math.round(completion * (0.2 + 0.5 * rng.next()))
        completion = Math.max(12, Math.min(maxTokens, completion))
      }
      const totalTokens = promptTokens + completion

      // latency
      const peakHourFactor = peak ? 1.12 : 1
      let latency: number
      if (ft === FT_TIMEOUT) {
        latency = Math.round(SLA_MS * (1.1 + Math.min(3.5, 0.6 * rng.logn(1, 0.6))))
      } else {
        const overhead = rng.logn(model.ttft, model.sigma)
        const gen = completion * model.msPerTok * Math.exp(0.15 * rng.normal())
        const tools = toolCalls > 0 ? toolCalls * rng.logn(280, 0.4) : 0
        latency = (overhead + gen + tools + promptTokens * 0.08) * Math.exp(0.2 * rng.normal()) * peakHourFactor * (1 + 0.7 * driftHit)
        if (ft === FT_SAFETY) latency *= 0.5
        latency = Math.max(80, Math.min(11000, Math.round(latency)))
      }
      lat[j] = latency
      const latencyMissing = ft !== FT_TIMEOUT && rng.next() < 0.004
      const costVal = Math.max(1e-6, round((promptTokens * model.priceIn + completion * model.priceOut) / 1e6, 7))
      const costMissing = rng.next() < 0.003

      // quality and feedback
      let quality = model.quality + UC_QUALITY_ADJ[uc] + 0.08 * rng.normal()
      if (isFailure) quality -= ft === FT_HALLU ? 0.15 + 0.15 * rng.next() : 0.25 + 0.2 * rng.next()
      quality = round(Math.max(0.02, Math.min(0.99, quality)), 3)
      const fbMissing = rng.next() < 0.05
      let fb = 0
      if (!fbMissing) {
        fb = Math.round(4 * (quality - 0.55) + 0.8 * rng.normal() - (isFailure ? 1 : 0))
        fb = fb < -2 ? -2 : fb > 2 ? 2 : fb
      }
      const reported = rng.next() < (isFailure ? 0.3 : 0.015) + (!fbMissing && fb <= -2 ? 0.2 : 0)

      // resolution
      willRetry = isFailure && j < nReq - 1 && retryIndex < 3 && rng.next() < 0.55
      let resolution: string
      if (!isFailure) resolution = retryIndex > 0 ? 'resolved_after_retry' : 'auto_resolved'
      else if (willRetry) resolution = 'retried'
      else {
        const pe = (tier === 2 ? 0.5 : tier === 1 ? 0.35 : 0.2) * (uc === UC_SUPPORT ? 1.3 : 1)
        resolution = rng.next() < pe ? 'escalated_to_human' : 'abandoned'
      }
      const impactScore = tierScore + ucScore + (isFailure ? 2 : 0) + (reported ? 1 : 0)
      const impact = impactScore >= 5 ? 'critical' : impactScore === 4 ? 'high' : impactScore >= 2 ? 'medium' : 'low'

      // tools used
      let toolsUsed = 'none'
      let firstTool = ''
      if (toolCalls > 0) {
        const list = TOOLS_BY_UC[uc]
        const a = rng.int(list.length)
        firstTool = list[a]
        toolsUsed = firstTool
        if (toolCalls > 1 && rng.next() < 0.6) {
          const b = (a + 1 + rng.int(list.length - 1)) % list.length
          toolsUsed = a < b ? list[a] + '|' + list[b] : list[b] + '|' + list[a]
        }
      }

      // response text
      let resp = fill(INTENT_RESP[intent])
      if (ft === FT_SAFETY) resp = rng.pick(SAFETY_TEXTS)
      else if (ft === FT_TIMEOUT) resp = '[timeout] The model did not finish within the deadline; partial output: ' + resp.slice(0, 60)
      else if (ft === FT_TOX) resp = '[flagged] Response withheld by the toxicity filter.'
      else if (ft === FT_FORMAT) resp = '{"answer": "' + resp.slice(0, 70) + '", "items": ['
      else if (ft === FT_HALLU) resp = 'According to ' + rng.pick(FAKE_SOURCES) + ', ' + resp
      else if (ft === FT_TOOL) resp = 'Tool ' + firstTool + ' failed with "' + rng.pick(TOOL_ERRORS) + '"; partial answer: ' + resp
      const snippet = resp.length > 160 ? resp.slice(0, 157) + '...' : resp

      const tps = latencyMissing ? '' : fixed(totalTokens / (latency / 1000), 2)
      const interactionId = padId('INT', rowsDone + j + 1, intWidth)

      // failure columns
      let failCols: string
      switch (ft) {
        case FT_SAFETY: failCols = 'True,safety_block,True,False,False,False,False,False'; break
        case FT_HALLU: failCols = 'True,hallucination,False,True,False,False,False,False'; break
        case FT_TOX: failCols = 'True,toxicity,False,False,True,False,False,False'; break
        case FT_FORMAT: failCols = 'True,formatting_error,False,False,False,True,False,False'; break
        case FT_TOOL: failCols = 'True,tool_error,False,False,False,False,True,False'; break
        case FT_TIMEOUT: failCols = 'True,latency_timeout,False,False,False,False,False,True'; break
        default: failCols = 'False,none,False,False,False,False,False,False'
      }

      const F = rowFields
      F[0] = interactionId
      F[1] = sessPrefix
      F[2] = ts
      F[3] = sessMid
      F[4] = model.provider
      F[5] = model.name
      F[6] = fixed(temperature, 2)
      F[7] = topP
      F[8] = maxTokens
      F[9] = promptTokens
      F[10] = completion
      F[11] = totalTokens
      F[12] = latencyMissing ? '' : latency
      F[13] = costMissing ? '' : fixed(costVal, 7)
      F[14] = fixed(quality, 3)
      F[15] = failCols
      F[16] = toolCalls
      F[17] = toolsUsed
      F[18] = fbMissing ? ',not_given' : fb > 0 ? fb + ',positive' : fb < 0 ? fb + ',negative' : '0,neutral'
      F[19] = reported ? 'True' : 'False'
      F[20] = retryIndex
      F[21] = repair
      F[22] = resolution
      F[23] = impact
      if (opts.textHook) {
        const hooked = opts.textHook({ row: rowsDone + j, interactionId, request: reqText, response: snippet })
        F[24] = csvField(hooked.request)
        F[25] = csvField(hooked.response)
      } else {
        F[24] = csvField(reqText)
        F[25] = csvField(snippet)
      }
      F[26] = tps
      F[27] = fixed(promptTokens / completion, 4)
      F[28] = dateStr[d]
      F[29] = hh
      F[30] = dowStr[d]
      F[31] = weekend[d] ? 'True' : 'False'
      F[32] = peak ? 'True' : 'False'
      out.interactions.line(F.join(','))
      opts.planted?.record(interactionId, family)

      if (!isFailure && rng.next() < sampleRate * 1.1) {
        sampleNo++
        const cleanReq = reqText.replace(/\s+/g, ' ').trim()
        out.samples.line(
          padId('SFT', sampleNo, intWidth) + ',' + interactionId + ',' + sessionId + ',' + csvField(reqText) + ',' + csvField(resp) + ',' +
            csvField(cleanReq) + ',' + csvField(resp.trim())
        )
      }

      // aggregates
      if (isFailure) sFailed++
      if (!latencyMissing) {
        sLatSum += latency
        sLatN++
        sTpsSum += totalTokens / (latency / 1000)
        sTpsN++
      } else lat[j] = NaN
      sQual += quality
      sTokens += totalTokens
      if (toolCalls > 0) sTools++
      if (retryIndex > 0) sRetries++
      if (resolution === 'escalated_to_human') sEsc++
      if (!fbMissing) {
        sFbSum += fb
        sFbN++
        agg.fbSum[u] += fb
        agg.fbN[u]++
      }
      if (!costMissing) {
        sCost += costVal
        sCostN++
        sCostTokens += totalTokens
        agg.cost[u] += costVal
      }
      agg.tokens[u] += totalTokens

      prevFailed = isFailure
      prevFt = ft
      prevRetry = retryIndex
      prevModel = m
    }

    // session summary row
    const nLat = sortFinite(lat, nReq)
    const median = nLat === 0 ? NaN : nLat % 2 === 1 ? lat[(nLat - 1) >> 1] : (lat[nLat / 2 - 1] + lat[nLat / 2]) / 2
    const dur = span
    const totalLatSec = sLatSum / 1000
    const eff = Math.max(dur, totalLatSec)
    const csat = sFbN > 0 ? sFbSum / sFbN : NaN
    const failureRate = sFailed / nReq
    const risk = (sFailed >= 2 && failureRate >= 0.4) || sEsc > 0 || (sFbN > 0 && csat <= -1)
    out.sessions.line(
      sessionId + ',' + userId + ',' + USE_CASES[uc] + ',' + CHANNELS[channel] + ',' + COUNTRIES[region][uCountry[u]] + ',' +
        REGIONS[region] + ',' + TIERS[tier] + ',' + SEGMENTS[uSegment[u]] + ',' + nReq + ',' + sFailed + ',' + round(failureRate, 4) + ',' +
        num(sLatN > 0 ? round(sLatSum / sLatN, 2) : NaN) + ',' + num(median) + ',' + round(sQual / nReq, 3) + ',' +
        round(sTokens / nReq, 1) + ',' + sTools + ',' + sTools / nReq + ',' + sRetries + ',' + sEsc + ',' + num(csat) + ',' +
        sFbN / nReq + ',' + boolStr(risk) + ',' + sCost + ',' + sTokens + ',' + num(sCostN > 0 ? sCost / sCostN : NaN) + ',' +
        num(sCostTokens > 0 ? (sCost / sCostTokens) * 1000 : NaN) + ',' + num(sTpsN > 0 ? sTpsSum / sTpsN : NaN) + ',' + firstTs + ',' +
        lastTs + ',' + dur + ',' + dur / 60 + ',' + num(dur > 0 ? nReq / (dur / 60) : NaN) + ',' + sLatSum + ',' + boolStr(dur === 0) + ',' +
        totalLatSec + ',' + eff + ',' + num(eff > 0 ? nReq / (eff / 60) : NaN)
    )

    agg.sessions[u]++
    agg.requests[u] += nReq
    agg.failed[u] += sFailed
    agg.escalations[u] += sEsc
    if (risk) agg.riskSessions[u]++
    agg.ucCounts[u * USE_CASES.length + uc] += nReq
    agg.chCounts[u * CHANNELS.length + channel] += nReq
    pInteractions[promptIdx] += nReq

    rowsDone += nReq
    if (onProgress && rowsDone >= nextProgress) {
      onProgress(rowsDone, rows)
      lastReported = rowsDone
      while (nextProgress <= rowsDone) nextProgress += progressStep
    }
  }

  // users summary
  let nUsersOut = 0
  for (let u = 0; u < nUsers; u++) {
    const ns = agg.sessions[u]
    if (ns === 0) continue
    nUsersOut++
    const nr = agg.requests[u]
    const nf = agg.failed[u]
    const ofr = nf / nr
    const riskShare = agg.riskSessions[u] / ns
    const high = (agg.riskSessions[u] >= 2 && riskShare >= 0.5) || (nr >= 5 && ofr >= 0.35)
    out.users.line(
      padId('U', u + 1, width) + ',' + ns + ',' + nr + ',' + nf + ',' + ofr + ',' + num(agg.fbN[u] > 0 ? agg.fbSum[u] / agg.fbN[u] : NaN) + ',' +
        riskShare + ',' + (agg.escalations[u] / ns) * 100 + ',' + agg.cost[u] + ',' + agg.tokens[u] + ',' + round(agg.tokens[u] / nr, 1) + ',' +
        nr / ns + ',' + USE_CASES[argmax(agg.ucCounts, u * USE_CASES.length, USE_CASES.length)] + ',' +
        CHANNELS[argmax(agg.chCounts, u * CHANNELS.length, CHANNELS.length)] + ',' + SEGMENTS[uSegment[u]] + ',' + TIERS[uTier[u]] + ',' +
        COUNTRIES[uRegion[u]][uCountry[u]] + ',' + REGIONS[uRegion[u]] + ',' + boolStr(high) + ',' + agg.riskSessions[u] + ',' + agg.escalations[u]
    )
  }

  // prompts lookup
  const perTemplate = new Float64Array(INSTRUCTION_TEMPLATES.length)
  for (let i = 0; i < nPrompts; i++) perTemplate[Math.floor(i / USE_CASES.length)] += pInteractions[i]
  for (let t = 0; t < INSTRUCTION_TEMPLATES.length; t++) {
    for (let uc = 0; uc < USE_CASES.length; uc++) {
      const i = t * USE_CASES.length + uc
      const instr = INSTRUCTION_TEXTS[uc]
      const prompt = INSTRUCTION_TEMPLATES[t] + ': ' + instr
      const instrSha = sha1(instr)
      out.prompts.line(
        promptIds[i] + ',' + sha1(prompt) + ',' + prompt.length + ',' + INSTRUCTION_TEMPLATES[t] + ',' + USE_CASES[uc] + ',' + pInteractions[i] + ',' +
          num(perTemplate[t] > 0 ? pInteractions[i] / perTemplate[t] : NaN) + ',' + pSessions[i] + ',' + pUsersN[i] + ',0,' + csvField(instr) + ',' +
          'SP_' + instrSha.slice(0, 12) + ',' + instrSha + ',' + instr.length
      )
    }
  }

  out.interactions.end()
  out.sessions.end()
  out.users.end()
  out.prompts.end()
  out.samples.end()
  if (onProgress && lastReported !== rowsDone) onProgress(rowsDone, rows)

  return {
    rows: rowsDone,
    sessions: sessionNo,
    users: nUsersOut,
    prompts: nPrompts,
    samples: sampleNo,
    failures,
    failureRate: failures / rowsDone,
    seed: opts.seed,
    start,
    days
  }
}

/** Empty for NaN, else the shortest round-trip decimal. */
function num(x: number): string {
  return Number.isFinite(x) ? '' + x : ''
}

/** Moves the finite values of a[0..n) to the front, sorted; returns how many there are. */
function sortFinite(a: Float64Array, n: number): number {
  let k = 0
  for (let i = 0; i < n; i++) if (!Number.isNaN(a[i])) a[k++] = a[i]
  // insertion sort: n <= 12
  for (let i = 1; i < k; i++) {
    const v = a[i]
    let j = i - 1
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j]
      j--
    }
    a[j + 1] = v
  }
  return k
}

/** Index (relative to `off`) of the largest count; ties go to the lower index (alphabetical order). */
function argmax(a: Int32Array, off: number, n: number): number {
  let best = 0
  for (let i = 1; i < n; i++) if (a[off + i] > a[off + best]) best = i
  return best
}

// ---------------------------------------------------------------------------------------------
// File sinks
// ---------------------------------------------------------------------------------------------

/** A sink that writes synchronously to a file descriptor (no unbounded buffering, no backpressure issue). */
export function createFileSink(file: string): TableSink & { bytes(): number } {
  const fd = fs.openSync(file, 'w')
  let written = 0
  return {
    write(chunk: string): void {
      const n = fs.writeSync(fd, chunk, null, 'utf8')
      const len = Buffer.byteLength(chunk, 'utf8')
      if (n !== len) {
        // a short write (rare for regular files): finish it byte-wise
        const b = Buffer.from(chunk, 'utf8')
        let off = n
        while (off < b.length) off += fs.writeSync(fd, b, off, b.length - off)
      }
      written += len
    },
    end(): void {
      fs.closeSync(fd)
    },
    bytes(): number {
      return written
    }
  }
}

/** File sinks for the five canonical tables inside `dir` (created if missing). */
export function createFileSinks(dir: string): { sinks: TableSinks; files: Record<TableName, string>; bytes(): number } {
  fs.mkdirSync(dir, { recursive: true })
  const files = {} as Record<TableName, string>
  const raw = {} as Record<TableName, TableSink & { bytes(): number }>
  for (const k of Object.keys(TABLE_FILES) as TableName[]) {
    files[k] = path.join(dir, TABLE_FILES[k])
    raw[k] = createFileSink(files[k])
  }
  return {
    sinks: raw,
    files,
    bytes: (): number => (Object.keys(raw) as TableName[]).reduce((s, k) => s + raw[k].bytes(), 0)
  }
}
