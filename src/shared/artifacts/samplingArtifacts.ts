/** The sampling policy's plain-text files both the backend and the page write: sampling_policy.json, the projection and the backtest as CSV. */
import type { SamplingBacktest, SamplingPolicy, SamplingProjection } from '../sampling'
import { toCsv, type CsvCell } from './csv'

/** File names of the sampling exports (PIPELINE.md section 12 fixes the first three). */
export const SAMPLING_FILES = {
  policy: 'sampling_policy.json',
  otel: 'sampling_policy.otel.yaml',
  projection: 'sampling_projection.csv',
  refinery: 'sampling_refinery_rules.yaml',
  backtest: 'sampling_backtest.csv',
  sample: 'llm_system_interactions.csv'
} as const

/** sampling_policy.json: the policy object, with when and by what it was written. */
export function samplingPolicyJson(policy: SamplingPolicy, meta: { generatedAt: Date; appVersion: string }): string {
  return JSON.stringify({ ...policy, generated_at: meta.generatedAt.toISOString(), app_version: meta.appVersion }, null, 2) + '\n'
}

const PROJECTION_COLUMNS = [
  'model_name',
  'use_case',
  'rows',
  'must_keep_rows',
  'expected_kept_rows',
  'sampled_rows',
  'keep_share',
  'bytes',
  'expected_kept_bytes',
  'storage_usd_month',
  'kept_storage_usd_month',
  'saving_usd_month',
  'rate_min',
  'rate_mean',
  'rate_max'
] as const

/** sampling_projection.csv: one row per model x use case, then the TOTAL row (model_name and use_case `TOTAL`). */
export function samplingProjectionCsv(p: SamplingProjection): string {
  const rows = [...p.rows, p.total].map((r) => ({ ...r, model_name: r.total ? 'TOTAL' : r.model_name, use_case: r.total ? 'TOTAL' : r.use_case }) as unknown as Record<string, CsvCell>)
  return toCsv(PROJECTION_COLUMNS, rows)
}

const BACKTEST_COLUMNS = ['model_name', 'use_case', 'metric', 'true_value', 'estimate', 'error', 'rel_error', 'std_error', 'z'] as const

/** sampling_backtest.csv: every KPI of every model x use case and of all rows (`TOTAL`), true and re-weighted. */
export function samplingBacktestCsv(b: SamplingBacktest): string {
  const rows = b.rows.map((r) => ({ ...r, model_name: r.total ? 'TOTAL' : r.model_name, use_case: r.total ? 'TOTAL' : r.use_case }) as unknown as Record<string, CsvCell>)
  return toCsv(BACKTEST_COLUMNS, rows)
}

