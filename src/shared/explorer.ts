/** Request and result types of the Explorer: paged interactions, one interaction with its session, distinct values, SQL console. */
import { z } from 'zod'
import { ScopeSchema, SCOPE_DIMENSIONS } from './scope'

export type CellValue = string | number | boolean | null

export const SortSchema = z.object({ column: z.string().min(1).max(200), desc: z.boolean().default(false) }).strict()

export const QueryInteractionsRequestSchema = z
  .object({
    scope: ScopeSchema.default({}),
    sort: z.array(SortSchema).max(5).default([]),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(200),
    /** columns to return; default: the standard Explorer set */
    columns: z.array(z.string().min(1).max(200)).max(200).optional(),
    /** also return the total row count in scope (skip it when paging within a known total) */
    withTotal: z.boolean().default(true)
  })
  .strict()

export type QueryInteractionsRequest = z.input<typeof QueryInteractionsRequestSchema>

export interface InteractionPage {
  columns: string[]
  rows: CellValue[][]
  /** rows in scope, or -1 when not requested */
  total: number
  offset: number
}

export const InteractionRequestSchema = z.object({ interaction_id: z.string().min(1).max(500) }).strict()

export interface InteractionDetail {
  /** every column of the row, in table order */
  fields: { name: string; value: CellValue }[]
  /** the other requests of its session, in time order (at most 500) */
  session: { interaction_id: string | null; timestamp_utc: string | null; model_name: string | null; is_failure: boolean; failure_type: string | null; latency_ms: number | null; request_text: string | null }[]
}

export const DistinctValuesRequestSchema = z
  .object({ dimension: z.enum(SCOPE_DIMENSIONS), scope: ScopeSchema.default({}), limit: z.number().int().min(1).max(1000).default(200) })
  .strict()

export interface DistinctValue {
  value: string | null
  count: number
  /** how the value reads, when it is not the value itself (a cluster's label) */
  label?: string
}

export const RunSqlRequestSchema = z.object({ sql: z.string().min(1).max(100_000), limit: z.number().int().min(1).max(10_000).default(1000) }).strict()

export interface SqlResult {
  columns: string[]
  rows: CellValue[][]
  /** true when more rows exist than `limit` */
  truncated: boolean
  elapsedMs: number
}

/** The Explorer's default column set. */
export const DEFAULT_EXPLORER_COLUMNS = [
  'interaction_id',
  'timestamp_utc',
  'use_case',
  'model_provider',
  'model_name',
  'account_tier',
  'channel',
  'region',
  'latency_ms',
  'total_tokens',
  'cost_usd',
  'is_failure',
  'failure_type',
  'tool_calls_count',
  'user_feedback_score',
  'request_text'
]
