/** Triage threshold analysis of PIPELINE.md section 9: pulls the window rows, fits and calibrates the failure model in a worker, sweeps the review thresholds and builds the review queue. */
import {
  TRIAGE_CURVE_MAX_POINTS,
  TRIAGE_LABEL_DEFINITION,
  type TriagePrPoint,
  type TriageProgress,
  type TriageQueueRow,
  type TriageResult,
  type TriageRocPoint,
  type TriageRowCounts,
  type TriageTimeSplit,
  type TriageUnavailableReason
} from '../../shared/triage'
import type { Engine, SqlValue } from '../engine/engine'
import { formatTs, ident } from '../ingest/sql'
import { averagePrecision, rocAuc } from '../ml/metrics'
import { runWorker, WorkerCancelled } from '../workers/runWorker'
import { trainAndScore, type TriageRowsIn, type TriageWorkerInput, type TriageWorkerOutput } from '../workers/triageWorker'
import type { AnalysisContext } from './context'
import { presentInteractionColumns } from './drift'
import { compileScope } from './scopeSql'
import { sweepTriageThresholds } from './triageSweep'

/** Numeric model features in design order (those the file provides are used). */
export const TRIAGE_NUMERIC_FEATURES = [
  'latency_ms',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cost_usd',
  'tool_calls_count',
  'tokens_per_second',
  'prompt_to_completion_ratio'
] as const

/** Categorical model features in design order. */
export const TRIAGE_CATEGORICAL_FEATURES = ['model_provider', 'model_name', 'use_case', 'channel', 'account_tier', 'region', 'segment'] as const

export interface TriageOptions {
  onProgress?: (p: TriageProgress) => void
  /** aborting interrupts the running query or terminates the worker; the promise rejects with TriageCancelled */
  signal?: AbortSignal
  /** fit on the calling thread instead of a worker (for small data and tests) */
  inProcess?: boolean
}

export class TriageCancelled extends Error {
  constructor() {
    super('triage cancelled')
    this.name = 'TriageCancelled'
  }
}

const ROLES = ['fit', 'calibration', 'evaluation'] as const
type Role = (typeof ROLES)[number]

/** Packed integer columns stay below 2^52, so every packed value is an exact double. */
const PACK_LIMIT = 2 ** 52

interface RoleStats {
  n: number
  pos: number
  lo: string | null
  hi: string | null
}

/**
 * Runs the triage analysis over the scope's fit, calibration and evaluation rows. Returns a typed
 * `unavailable` result (never NaN, never a throw) when there is no feature, no fit row, a single
 * class in the fit rows, or no evaluation row. The preprocessing, fit, calibration and scoring run
 * in the `triageWorker` thread.
 */
export async function runTriage(ctx: AnalysisContext, opts: TriageOptions = {}): Promise<TriageResult> {
  const { engine, knobs } = ctx
  const progress = (phase: string, fraction: number | null): void => opts.onProgress?.({ phase, fraction })
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new TriageCancelled()
  }
  const onAbort = (): void => engine.interrupt()
  opts.signal?.addEventListener('abort', onAbort)
  try {
    checkCancel()
    progress('reading rows', 0)
    const present = presentInteractionColumns(ctx.report)
    const featuresNum: string[] = TRIAGE_NUMERIC_FEATURES.filter((f) => present.has(f))
    const featuresCat: string[] = TRIAGE_CATEGORICAL_FEATURES.filter((f) => present.has(f))
    const blockedBy = ctx.report.gates_failed.filter((g) => !ctx.overrideGates.includes(g))
    const scope = compileScope(ctx.scope, 'i')

    const stats = await roleStats(engine, scope.where, scope.params)
    const rows: TriageRowCounts = { fit: stats.fit.n, calibration: stats.calibration.n, evaluation: stats.evaluation.n }
    const w = ctx.report.windows
    const timeSplit = (fallback: boolean): TriageTimeSplit => ({
      windowing_method: w.windowing_method,
      history_start_timestamp_utc: stats.history.lo,
      history_end_timestamp_utc: stats.history.hi,
      calibration_source: fallback ? 'fit_rows_fallback' : w.calibration_source,
      calibration_start_timestamp_utc: stats.calibration.lo,
      calibration_end_timestamp_utc: stats.calibration.hi,
      evaluation_start_timestamp_utc: stats.evaluation.lo,
      evaluation_end_timestamp_utc: stats.evaluation.hi,
      cut_ts: w.cut_ts,
      fit_start_timestamp_utc: stats.fit.lo,
      fit_end_timestamp_utc: stats.fit.hi
    })
    const unavailable = (reason: TriageUnavailableReason, detail: string): TriageResult => ({
      status: 'unavailable',
      reason,
      detail,
      label_definition: TRIAGE_LABEL_DEFINITION,
      features_num: featuresNum,
      features_cat: featuresCat,
      rows,
      time_split: timeSplit(false),
      blocked_by: blockedBy
    })
    if (featuresNum.length + featuresCat.length === 0) return unavailable('no_features', 'the interactions file has none of the triage features')
    if (rows.fit === 0) return unavailable('no_fit_rows', 'no fit rows in the history window (within the current filters)')
    if (stats.fit.pos === 0 || stats.fit.pos === rows.fit) {
      const cls = stats.fit.pos === 0 ? 'no failure' : 'only failures'
      return unavailable('fit_single_class', `the ${rows.fit} fit rows hold ${cls}; a failure model needs both classes`)
    }
    if (rows.evaluation === 0) return unavailable('no_evaluation_rows', 'no evaluation rows (within the current filters)')

    const pulled = await pullRows(engine, featuresNum, featuresCat, scope.where, scope.params)
    checkCancel()
    progress('reading rows', 0.3)

    const input: TriageWorkerInput = { featuresNum, featuresCat, dictionaries: pulled.dictionaries, ...pulled.roles }
    const evaluation = pulled.roles.evaluation
    // Kept for the queue before the worker takes the buffers.
    const yEval = evaluation.y.slice()
    const display = queueColumns(featuresNum, featuresCat, evaluation, pulled.dictionaries)
    const mapProgress = (phase: string, fraction: number | null): void => progress(phase, fraction === null ? null : 0.3 + 0.6 * fraction)
    let out: TriageWorkerOutput
    if (opts.inProcess) {
      out = trainAndScore(input, mapProgress)
    } else {
      try {
        out = await runWorker<TriageWorkerInput, TriageWorkerOutput>('triageWorker', input, {
          onProgress: (p) => mapProgress(p.phase, p.fraction),
          signal: opts.signal,
          transfer: transferList(input)
        })
      } catch (err) {
        if (err instanceof WorkerCancelled) throw new TriageCancelled()
        throw err
      }
    }
    checkCancel()

    progress('sweeping thresholds', 0.9)
    const proba = out.proba
    const n = proba.length
    let pos = 0
    for (let i = 0; i < n; i++) pos += yEval[i]
    const day = pulled.evalTimestamps.map((ts) => ts.slice(0, 10))
    const ids = pulled.evalIds.map((id) => id ?? '')
    const sweep = sweepTriageThresholds({ proba, y: yEval, day, id: ids }, knobs)
    if (!sweep) return unavailable('no_evaluation_rows', 'no evaluation rows (within the current filters)')

    const queue = buildQueue(proba, sweep.threshold, pulled.evalIds, pulled.evalTimestamps, display)
    progress('done', 1)
    return {
      status: 'ok',
      label_definition: TRIAGE_LABEL_DEFINITION,
      features_num: featuresNum,
      features_cat: featuresCat,
      rows,
      time_split: timeSplit(out.calibrationFallback),
      model: {
        lr_n_iter: out.lrNIter,
        lr_converged: out.lrConverged,
        lr_grad_norm: out.lrGradNorm,
        n_inputs: out.nInputs,
        platt_A: out.plattA,
        platt_B: out.plattB,
        platt_converged: out.plattConverged,
        calibration_fallback: out.calibrationFallback ? 'fit_rows_fallback' : null,
        calibration_rows_used: out.calibrationRowsUsed
      },
      metrics: { roc_auc: rocAuc(proba, yEval), avg_precision: averagePrecision(proba, yEval), test_base_rate: pos / n, test_size: n },
      threshold: sweep.threshold,
      operating_mode: sweep.operating_mode,
      capacity_infeasible_flag: sweep.capacity_infeasible_flag,
      selected_policy_metrics: sweep.comparison[0],
      cost_optimal_threshold: sweep.cost_optimal_threshold,
      cost_optimal_feasible: sweep.cost_optimal_feasible,
      days_in_evaluation: sweep.days_in_evaluation,
      curve: sweep.curve,
      comparison: sweep.comparison,
      unseen_categories: out.unseen,
      roc_curve: rocCurve(proba, yEval),
      pr_curve: prCurve(proba, yEval),
      queue,
      blocked_by: blockedBy
    }
  } catch (err) {
    if (opts.signal?.aborted && !(err instanceof TriageCancelled)) throw new TriageCancelled()
    throw err
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
  }
}

/** Row count, failures and first / last timestamp of the history window and of each role, within the scope. */
async function roleStats(engine: Engine, where: string, params: SqlValue[]): Promise<Record<'history' | Role, RoleStats>> {
  const cols = `count(*)::BIGINT AS n, count(*) FILTER (WHERE i.is_failure)::BIGINT AS pos, ${formatTs('min(i.timestamp_utc)')} AS lo, ${formatTs('max(i.timestamp_utc)')} AS hi`
  const found = await engine.all<{ role: string; n: number; pos: number; lo: string | null; hi: string | null }>(
    `SELECT 'history' AS role, ${cols} FROM interactions i WHERE (${where}) AND i.in_history
     UNION ALL
     SELECT i.win_role AS role, ${cols} FROM interactions i WHERE (${where}) AND i.win_role IN ('fit', 'calibration', 'evaluation') GROUP BY i.win_role`,
    [...params, ...params]
  )
  const get = (role: string): RoleStats => {
    const r = found.find((x) => x.role === role)
    return r ? { n: r.n, pos: r.pos, lo: r.lo, hi: r.hi } : { n: 0, pos: 0, lo: null, hi: null }
  }
  return { history: get('history'), fit: get('fit'), calibration: get('calibration'), evaluation: get('evaluation') }
}

/**
 * Dictionary of every categorical feature over the whole table (distinct non-null values, codes
 * 0.. in value order); the same text is used for the dictionary pull and the row pull, so both
 * number the values alike.
 */
function dictionaryCtes(featuresCat: string[]): string {
  return featuresCat
    .map((f, k) => `d${k} AS (SELECT v, (row_number() OVER (ORDER BY v) - 1)::INTEGER AS c FROM (SELECT DISTINCT ${ident(f)} AS v FROM interactions WHERE ${ident(f)} IS NOT NULL))`)
    .join(',\n')
}

interface PackFactor {
  expr: string
  radix: number
}

/** Groups small integer factors into as few exact-double columns as fit: x0 + r0 * (x1 + r1 * (...)). */
function packColumns(factors: PackFactor[]): PackFactor[][] {
  const packs: PackFactor[][] = []
  let current: PackFactor[] = []
  let product = 1
  for (const f of factors) {
    if (current.length > 0 && product * f.radix > PACK_LIMIT) {
      packs.push(current)
      current = []
      product = 1
    }
    current.push(f)
    product *= f.radix
  }
  if (current.length > 0) packs.push(current)
  return packs
}

function packExpr(pack: PackFactor[]): string {
  let expr = ''
  for (let k = pack.length - 1; k >= 0; k--) {
    const x = `CAST(${pack[k].expr} AS BIGINT)`
    expr = expr === '' ? x : `(${x} + ${pack[k].radix} * ${expr})`
  }
  return `CAST(${expr} AS DOUBLE)`
}

interface PulledRows {
  dictionaries: string[][]
  roles: Record<Role, TriageRowsIn>
  evalIds: (string | null)[]
  evalTimestamps: string[]
}

/**
 * Pulls the fit, calibration and evaluation rows in one ordered query: numeric features as
 * doubles, and role, label and categorical codes packed into as few double columns as possible
 * (every pulled value costs the same, whatever its type), then the evaluation rows' ids and
 * timestamps. Each role keeps the table's row order.
 */
async function pullRows(engine: Engine, featuresNum: string[], featuresCat: string[], where: string, params: SqlValue[]): Promise<PulledRows> {
  const ctes = featuresCat.length > 0 ? `WITH ${dictionaryCtes(featuresCat)}\n` : ''
  const dictionaries: string[][] = featuresCat.map(() => [])
  if (featuresCat.length > 0) {
    const dict = await engine.columns(`${ctes}${featuresCat.map((_, k) => `SELECT ${k} AS k, v, c FROM d${k}`).join(' UNION ALL ')}`)
    const [ks, vs, cs] = [columnOf(dict, 0), columnOf(dict, 1), columnOf(dict, 2)]
    for (let r = 0; r < ks.length; r++) dictionaries[ks[r] as number][cs[r] as number] = vs[r] as string
  }

  const roleCode = `(CASE i.win_role WHEN 'fit' THEN 0 WHEN 'calibration' THEN 1 ELSE 2 END)`
  const factors: PackFactor[] = [
    { expr: `(${roleCode} * 2 + coalesce(i.is_failure, false)::INTEGER)`, radix: 6 },
    ...featuresCat.map((_, k) => ({ expr: `(coalesce(d${k}.c, -1) + 1)`, radix: dictionaries[k].length + 1 }))
  ]
  const packs = packColumns(factors)
  const select = [...featuresNum.map((f) => `i.${ident(f)}`), ...packs.map((p, k) => `${packExpr(p)} AS p${k}`)]
  const joins = featuresCat.map((f, k) => `LEFT JOIN d${k} ON i.${ident(f)} = d${k}.v`).join(' ')
  const res = await engine.columns(
    `${ctes}SELECT ${select.join(', ')} FROM interactions i ${joins}
     WHERE (${where}) AND i.win_role IN ('fit', 'calibration', 'evaluation')
     ORDER BY ${roleCode}, i.rowid`,
    params
  )
  const nNum = featuresNum.length
  const total = columnOf(res, 0).length

  // Unpack every factor into one code per row: role * 2 + label, then category index + 1.
  const codes = factors.map(() => new Int32Array(total))
  let f0 = 0
  packs.forEach((pack, k) => {
    const col = columnOf(res, nNum + k)
    for (let i = 0; i < total; i++) {
      let x = col[i] as number
      for (let j = 0; j < pack.length; j++) {
        const r = pack[j].radix
        const digit = x % r
        codes[f0 + j][i] = digit
        x = (x - digit) / r
      }
    }
    f0 += pack.length
  })

  const bounds: Record<Role, [number, number]> = { fit: [0, 0], calibration: [0, 0], evaluation: [0, 0] }
  let start = 0
  ROLES.forEach((role, r) => {
    let end = start
    while (end < total && codes[0][end] >> 1 === r) end++
    bounds[role] = [start, end]
    start = end
  })
  if (start !== total) throw new Error('triage: rows did not arrive ordered by window')

  const slice = (role: Role): TriageRowsIn => {
    const [a, b] = bounds[role]
    const n = b - a
    const num = featuresNum.map((_, f) => {
      const src = columnOf(res, f)
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const v = src[a + i]
        out[i] = typeof v === 'number' ? v : NaN
      }
      return out
    })
    const cat = featuresCat.map((_, f) => {
      const src = codes[f + 1]
      const out = new Int32Array(n)
      for (let i = 0; i < n; i++) out[i] = src[a + i] - 1
      return out
    })
    const y = new Uint8Array(n)
    for (let i = 0; i < n; i++) y[i] = codes[0][a + i] & 1
    return { n, num, cat, y }
  }
  const roles = { fit: slice('fit'), calibration: slice('calibration'), evaluation: slice('evaluation') }

  const ev = await engine.columns(
    `SELECT i.interaction_id AS id, ${formatTs('i.timestamp_utc')} AS ts FROM interactions i
     WHERE (${where}) AND i.win_role = 'evaluation' ORDER BY i.rowid`,
    params
  )
  const ids = columnOf(ev, 0)
  if (ids.length !== roles.evaluation.n) throw new Error('triage: evaluation rows changed between reads')
  return {
    dictionaries,
    roles,
    evalIds: ids.map((v) => (v === null ? null : String(v))),
    evalTimestamps: columnOf(ev, 1).map((v) => String(v))
  }
}

/** Column i of an engine.columns result; the native engine returns no columns at all for an empty result. */
function columnOf(res: { data: SqlValue[][] }, i: number): SqlValue[] {
  return res.data[i] ?? []
}

/** Every ArrayBuffer of the worker input (each typed array owns its buffer). */
function transferList(input: TriageWorkerInput): ArrayBuffer[] {
  const out: ArrayBuffer[] = []
  for (const rows of [input.fit, input.calibration, input.evaluation]) {
    for (const a of rows.num) out.push(a.buffer as ArrayBuffer)
    for (const a of rows.cat) out.push(a.buffer as ArrayBuffer)
    out.push(rows.y.buffer as ArrayBuffer)
  }
  return out
}

interface QueueDisplay {
  use_case: (string | null)[] | null
  model_provider: (string | null)[] | null
  model_name: (string | null)[] | null
  cost_usd: Float64Array | null
  latency_ms: Float64Array | null
}

/** The queue's descriptive columns, taken from the evaluation features (null where the file lacks them). */
function queueColumns(featuresNum: string[], featuresCat: string[], ev: TriageRowsIn, dictionaries: string[][]): QueueDisplay {
  const cat = (name: string): (string | null)[] | null => {
    const f = featuresCat.indexOf(name)
    if (f < 0) return null
    return Array.from(ev.cat[f], (c) => (c < 0 ? null : dictionaries[f][c]))
  }
  const num = (name: string): Float64Array | null => {
    const f = featuresNum.indexOf(name)
    return f < 0 ? null : ev.num[f].slice()
  }
  return { use_case: cat('use_case'), model_provider: cat('model_provider'), model_name: cat('model_name'), cost_usd: num('cost_usd'), latency_ms: num('latency_ms') }
}

/** Review queue: action_review (proba >= threshold) first, then proba descending, ties by interaction_id (null last). */
function buildQueue(proba: Float64Array, threshold: number, ids: (string | null)[], ts: string[], d: QueueDisplay): TriageQueueRow[] {
  const n = proba.length
  const order = Array.from({ length: n }, (_, i) => i)
  const review = (i: number): boolean => proba[i] >= threshold
  order.sort((a, b) => {
    const ra = review(a)
    const rb = review(b)
    if (ra !== rb) return ra ? -1 : 1
    if (proba[a] !== proba[b]) return proba[b] - proba[a]
    const ia = ids[a]
    const ib = ids[b]
    if (ia === ib) return a - b
    if (ia === null) return 1
    if (ib === null) return -1
    return ia < ib ? -1 : 1
  })
  const num = (col: Float64Array | null, i: number): number | null => (col === null || Number.isNaN(col[i]) ? null : col[i])
  return order.map((i) => ({
    interaction_id: ids[i],
    timestamp_utc: ts[i],
    use_case: d.use_case ? d.use_case[i] : null,
    model_provider: d.model_provider ? d.model_provider[i] : null,
    model_name: d.model_name ? d.model_name[i] : null,
    cost_usd: num(d.cost_usd, i),
    latency_ms: num(d.latency_ms, i),
    proba_failure: proba[i],
    action_review: review(i)
  }))
}

/** Cumulative true and false positives when every row scoring at or above each distinct score is flagged, highest score first. */
function countsByThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { tp: number[]; fp: number[]; pos: number; neg: number } {
  const n = scores.length
  if (labels.length !== n) throw new Error('triage curves: scores and labels lengths differ')
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => scores[b] - scores[a])
  const tp: number[] = []
  const fp: number[] = []
  let t = 0
  let f = 0
  for (let k = 0; k < n; k++) {
    const i = order[k]
    if (labels[i] === 1) t++
    else f++
    // rows tied at a score enter together: one point after the last of them
    if (k === n - 1 || scores[order[k + 1]] !== scores[i]) {
      tp.push(t)
      fp.push(f)
    }
  }
  return { tp, fp, pos: t, neg: f }
}

/** At most `max` points spread evenly over the list by index, the first and the last always kept. */
function downsample<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points
  const out: T[] = []
  let last = -1
  for (let k = 0; k < max; k++) {
    const i = Math.round((k * (points.length - 1)) / (max - 1))
    if (i !== last) out.push(points[i])
    last = i
  }
  return out
}

/**
 * ROC curve of a scorer: (0, 0), then one point per distinct score from the highest down, ending at
 * (1, 1). Interior points on a straight segment are dropped (decided on the integer counts, so the
 * curve's shape and area are unchanged), then at most `maxPoints` are kept, the ends exactly. Empty
 * when either class is absent. Labels are 1 for positive, anything else negative.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = TRIAGE_CURVE_MAX_POINTS): TriageRocPoint[] {
  const { tp, fp, pos, neg } = countsByThreshold(scores, labels)
  if (pos === 0 || neg === 0) return []
  const xs = [0, ...fp]
  const ys = [0, ...tp]
  const kept: number[] = [0]
  for (let i = 1; i < xs.length - 1; i++) {
    const a = kept[kept.length - 1]
    const cross = (xs[i] - xs[a]) * (ys[i + 1] - ys[i]) - (ys[i] - ys[a]) * (xs[i + 1] - xs[i])
    if (cross !== 0) kept.push(i)
  }
  kept.push(xs.length - 1)
  return downsample(
    kept.map((i) => ({ fpr: xs[i] / neg, tpr: ys[i] / pos })),
    maxPoints
  )
}

/**
 * Precision-recall curve of a scorer: one point per distinct score from the highest down (recall =
 * tp / positives, precision = tp / flagged), ending at recall 1 with every row flagged; at most
 * `maxPoints`, the ends exactly. No made-up (recall 0, precision 1) point. Empty without positives.
 */
export function prCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = TRIAGE_CURVE_MAX_POINTS): TriagePrPoint[] {
  const { tp, fp, pos } = countsByThreshold(scores, labels)
  if (pos === 0) return []
  return downsample(
    tp.map((t, i) => ({ recall: t / pos, precision: t / (t + fp[i]) })),
    maxPoints
  )
}
