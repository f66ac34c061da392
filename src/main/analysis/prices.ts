/**
 * The price table's default: per model, dollars per million prompt and completion tokens estimated
 * from the data's own cost per token (least squares of cost_usd on prompt and completion tokens,
 * no intercept, robust to outliers by one trimmed refit), merged with the operator's entries.
 */
import { MAX_PRICE_PER_1M, priceKey, type ModelKey, type PriceFit, type PriceFitQuality, type PriceRow, type PriceTable } from '../../shared/economics'
import type { SqlValue } from '../engine/engine'
import type { AnalysisContext } from './context'

/** The sums a no-intercept least squares of y on (p, c) needs. */
export type FitSums = {
  n: number
  spp: number
  spc: number
  scc: number
  spy: number
  scy: number
  sy: number
  syy: number
}

/** Relative size of the determinant below which prompt and completion tokens are taken as collinear. */
const COLLINEAR = 1e-9
/** Rows whose residual is beyond this many robust standard deviations (1.4826 MAD) are left out of the refit. */
const TRIM_DEVIATIONS = 5
/** The refit is used only when it leaves out at most this share of the rows (otherwise there is no single price regime to protect). */
const MAX_TRIM_SHARE = 0.2
/** Fewer rows than this: an estimate, but labelled insufficient. */
const MIN_FIT_ROWS = 10

export interface Coefficients {
  /** dollars per token */
  a: number
  b: number
  method: PriceFit['method']
  note: string | null
}

function sse(s: FitSums, a: number, b: number): number {
  return s.syy - 2 * a * s.spy - 2 * b * s.scy + a * a * s.spp + 2 * a * b * s.spc + b * b * s.scc
}

/**
 * Solves the 2 x 2 normal equations. Degenerate cases: no token at all -> null; prompt and
 * completion collinear (or one of them always 0) -> one blended rate on total tokens for both;
 * a negative coefficient -> the better of the two one-rate fits (the other price 0).
 */
export function solvePrices(s: FitSums): Coefficients | null {
  if (s.n === 0) return null
  const det = s.spp * s.scc - s.spc * s.spc
  if (s.spp > 0 && s.scc > 0 && det > COLLINEAR * s.spp * s.scc) {
    const a = (s.scc * s.spy - s.spc * s.scy) / det
    const b = (s.spp * s.scy - s.spc * s.spy) / det
    if (a >= 0 && b >= 0) return { a, b, method: 'two_rates', note: null }
    const aOnly = Math.max(0, s.spy / s.spp)
    const bOnly = Math.max(0, s.scy / s.scc)
    return sse(s, aOnly, 0) <= sse(s, 0, bOnly)
      ? { a: aOnly, b: 0, method: 'prompt_only', note: 'a negative completion price fitted best: constrained to 0 (cost follows prompt tokens only)' }
      : { a: 0, b: bOnly, method: 'completion_only', note: 'a negative prompt price fitted best: constrained to 0 (cost follows completion tokens only)' }
  }
  // total tokens t = p + c: sum t^2 and sum t y
  const stt = s.spp + 2 * s.spc + s.scc
  if (!(stt > 0)) return null
  const r = Math.max(0, (s.spy + s.scy) / stt)
  const why = s.spp === 0 ? 'no prompt tokens' : s.scc === 0 ? 'no completion tokens' : 'prompt and completion tokens in a fixed ratio'
  return { a: r, b: r, method: 'blended', note: `${why}: the two prices cannot be told apart, one blended rate is used for both` }
}

/** R^2, relative RMSE and a quality label for coefficients over the sums they were fitted on. */
export function fitQuality(s: FitSums, a: number, b: number): { r2: number | null; rel_rmse: number | null; quality: PriceFitQuality } {
  const e = Math.max(0, sse(s, a, b))
  const sst = s.syy - (s.sy * s.sy) / s.n
  const r2 = sst > 1e-12 * s.syy && sst > 0 ? 1 - e / sst : null
  const meanY = s.sy / s.n
  const relRmse = meanY > 0 ? Math.sqrt(e / s.n) / meanY : null
  let quality: PriceFitQuality
  if (s.n < MIN_FIT_ROWS) quality = 'insufficient'
  else if (relRmse !== null && relRmse <= 0.01) quality = 'exact'
  else if (r2 === null) quality = relRmse === null ? 'exact' : 'poor'
  else quality = r2 >= 0.95 ? 'good' : r2 >= 0.8 ? 'fair' : 'poor'
  return { r2, rel_rmse: relRmse, quality }
}

/** A price estimate from its sums (the refit's when rows were trimmed). */
export function estimateFromSums(s: FitSums, trimmed: number): PriceFit | null {
  const c = solvePrices(s)
  if (!c) return null
  const q = fitQuality(s, c.a, c.b)
  const toMillion = (v: number): number => Math.min(MAX_PRICE_PER_1M, v * 1e6)
  const notes = [c.note, trimmed > 0 ? `${trimmed} row${trimmed === 1 ? '' : 's'} far from the first fit left out` : null, s.n < MIN_FIT_ROWS ? `only ${s.n} row${s.n === 1 ? '' : 's'} with cost and tokens` : null]
  return {
    rows: s.n + trimmed,
    rows_trimmed: trimmed,
    method: c.method,
    usd_per_1m_prompt: toMillion(c.a),
    usd_per_1m_completion: toMillion(c.b),
    ...q,
    note: notes.filter(Boolean).join('; ') || null
  }
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

/** Rows a price can be fitted on: cost and both token counts present and non-negative. */
const FIT_ROWS = 'cost_usd IS NOT NULL AND prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL AND cost_usd >= 0 AND prompt_tokens >= 0 AND completion_tokens >= 0'

const SUMS = `count(*)::BIGINT AS n, exact_sum(prompt_tokens * prompt_tokens) AS spp, exact_sum(prompt_tokens * completion_tokens) AS spc,
  exact_sum(completion_tokens * completion_tokens) AS scc, exact_sum(prompt_tokens * cost_usd) AS spy, exact_sum(completion_tokens * cost_usd) AS scy,
  exact_sum(cost_usd) AS sy, exact_sum(cost_usd * cost_usd) AS syy`

type SumsRow = ModelKey & FitSums

/** The fitted coefficients as a VALUES list joined on (provider, model); values bound as parameters. */
function coefficientJoin(models: readonly (ModelKey & { a: number; b: number; limit?: number })[]): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = []
  const rows = models.map((m) => {
    params.push(m.model_provider, m.model_name, m.a, m.b, m.limit ?? 0)
    return '(CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS DOUBLE), CAST(? AS DOUBLE), CAST(? AS DOUBLE))'
  })
  return {
    sql: `JOIN (VALUES ${rows.join(', ')}) AS f(fp, fm, fa, fb, flimit) ON i.model_provider IS NOT DISTINCT FROM f.fp AND i.model_name IS NOT DISTINCT FROM f.fm`,
    params
  }
}

/**
 * Estimates every model's prices over the whole dataset (the scope does not change a model's
 * price). Pass 1 fits every model; pass 2 measures each model's median absolute residual; pass 3
 * refits without rows beyond 5 robust deviations, kept when it leaves out at most a fifth.
 */
export async function estimatePrices(ctx: AnalysisContext): Promise<Map<string, PriceFit | null>> {
  const first = await ctx.engine.all<SumsRow>(`SELECT model_provider, model_name, ${SUMS} FROM interactions WHERE ${FIT_ROWS} GROUP BY model_provider, model_name`)
  const out = new Map<string, PriceFit | null>()
  const fitted: (ModelKey & { a: number; b: number; n: number })[] = []
  for (const r of first) {
    const c = solvePrices(r)
    out.set(priceKey(r), c ? estimateFromSums(r, 0) : null)
    if (c && r.n >= MIN_FIT_ROWS) fitted.push({ model_provider: r.model_provider, model_name: r.model_name, a: c.a, b: c.b, n: r.n })
  }
  if (fitted.length === 0) return out
  const j1 = coefficientJoin(fitted)
  const mads = await ctx.engine.all<ModelKey & { mad: number | null; mean_y: number | null }>(
    `SELECT i.model_provider, i.model_name, median(abs(i.cost_usd - f.fa * i.prompt_tokens - f.fb * i.completion_tokens)) AS mad, exact_avg(i.cost_usd) AS mean_y
     FROM interactions i ${j1.sql} WHERE ${FIT_ROWS.replace(/\b(cost_usd|prompt_tokens|completion_tokens)\b/g, 'i.$1')} GROUP BY i.model_provider, i.model_name`,
    j1.params
  )
  const limits = new Map(mads.map((m) => [priceKey(m), TRIM_DEVIATIONS * 1.4826 * (m.mad ?? 0) + 1e-9 * Math.abs(m.mean_y ?? 0)]))
  const trim = fitted.map((f) => ({ ...f, limit: limits.get(priceKey(f)) ?? Infinity }))
  const j2 = coefficientJoin(trim)
  const second = await ctx.engine.all<SumsRow>(
    `SELECT model_provider, model_name, ${SUMS} FROM (
       SELECT i.model_provider, i.model_name, i.prompt_tokens, i.completion_tokens, i.cost_usd FROM interactions i ${j2.sql}
       WHERE ${FIT_ROWS.replace(/\b(cost_usd|prompt_tokens|completion_tokens)\b/g, 'i.$1')}
         AND abs(i.cost_usd - f.fa * i.prompt_tokens - f.fb * i.completion_tokens) <= f.flimit
     ) GROUP BY model_provider, model_name`,
    j2.params
  )
  for (const r of second) {
    const total = fitted.find((f) => priceKey(f) === priceKey(r))!.n
    const trimmed = total - r.n
    if (trimmed > 0 && trimmed <= MAX_TRIM_SHARE * total && r.n >= MIN_FIT_ROWS) {
      const refit = estimateFromSums(r, trimmed)
      if (refit) out.set(priceKey(r), refit)
    }
  }
  return out
}

/** Rows per model in the whole dataset. */
async function modelCounts(ctx: AnalysisContext): Promise<(ModelKey & { requests: number })[]> {
  return ctx.engine.all<ModelKey & { requests: number }>(
    `SELECT model_provider, model_name, count(*)::BIGINT AS requests FROM interactions GROUP BY model_provider, model_name
     ORDER BY requests DESC, model_provider NULLS LAST, model_name NULLS LAST`
  )
}

/** The estimates and model counts of the loaded dataset, computed once per dataset. */
export function priceEstimates(ctx: AnalysisContext): Promise<{ models: (ModelKey & { requests: number })[]; estimates: Map<string, PriceFit | null> }> {
  const compute = async (): Promise<{ models: (ModelKey & { requests: number })[]; estimates: Map<string, PriceFit | null> }> => ({ models: await modelCounts(ctx), estimates: await estimatePrices(ctx) })
  return ctx.memo ? ctx.memo.get(['priceEstimates'], compute) : compute()
}

/**
 * The effective price table: every model of the data (most requests first), then models only
 * the operator listed; the operator's price wins over the estimate.
 */
export function effectivePrices(models: readonly (ModelKey & { requests: number })[], estimates: ReadonlyMap<string, PriceFit | null>, table: PriceTable): PriceRow[] {
  const operator = new Map(table.entries.map((e) => [priceKey(e), e]))
  const rows: PriceRow[] = models.map((m) => {
    const k = priceKey(m)
    const est = estimates.get(k) ?? null
    const op = operator.get(k)
    operator.delete(k)
    if (op) return { ...m, usd_per_1m_prompt: op.usd_per_1m_prompt, usd_per_1m_completion: op.usd_per_1m_completion, source: 'operator', estimate: est }
    if (est) return { ...m, usd_per_1m_prompt: est.usd_per_1m_prompt, usd_per_1m_completion: est.usd_per_1m_completion, source: 'estimated', estimate: est }
    return { ...m, usd_per_1m_prompt: null, usd_per_1m_completion: null, source: 'none', estimate: null }
  })
  for (const e of operator.values()) {
    rows.push({ model_provider: e.model_provider, model_name: e.model_name, requests: 0, usd_per_1m_prompt: e.usd_per_1m_prompt, usd_per_1m_completion: e.usd_per_1m_completion, source: 'operator', estimate: null })
  }
  return rows
}
