/**
 * The telemetry sampling policy over the rows in scope: which rule each row falls under (in SQL), the
 * rates that meet the budget (ml/samplingPolicy), the rows the hash keeps, the projection of kept rows,
 * bytes and storage cost, and the backtest of the re-weighted KPIs (ml/samplingBacktest).
 */
import { stableStringify } from '../../shared/stableStringify'
import {
  BOOST_RULE_ID,
  BUILTIN_RULE_IDS,
  type SamplingBoostInfo,
  type SamplingBoostTarget,
  type OperatorRule,
  type RuleCondition,
  type SamplingFeasibility,
  type SamplingInputs,
  type SamplingPolicy,
  type SamplingProjection,
  type SamplingProjectionRow,
  type SamplingResult,
  type SamplingRuleRow
} from '../../shared/sampling'
import { ApiError } from '../backend/errors'
import type { Engine, SqlValue } from '../engine/engine'
import { ident } from '../ingest/sql'
import { applyRates, backtest, type AppliedRates, type SampleFrame } from '../ml/samplingBacktest'
import { buildFrame, countCells, type Strata } from '../ml/sampleFrame'
import { solveRates, withDefaultRates, type ClassSpec, type SolverResult } from '../ml/samplingPolicy'
import { criticalIndex, largestFittingBaseRate, type CriticalIndex } from '../ml/realizedBudget'
import { runWorker } from '../workers/runWorker'
import type { SampleHashInput, SampleHashOutput } from '../workers/sampleHashWorker'
import type { AnalysisContext } from './context'
import { boostedStrata, boostPlan } from './samplingBoost'
import { compileScope } from './scopeSql'
import { isWeighted, WEIGHT_SQL } from './weights'

/** Days in an average month (365.25 / 12): the projection's monthly volume is bytes per day times this. */
export const MONTH_DAYS = 30.4375
/** The OTel span attribute the collector's transform processor writes the hash into. */
export const HASH_ATTRIBUTE = 'llm.sample_hash'

/** One rule class of the policy, in evaluation order: five built-in, the operator's, then the default. */
export interface RuleClass {
  id: string
  name: string
  kind: SamplingRuleRow['kind']
  spec: ClassSpec
  /** the operator rule behind it, or the built-in's name */
  condition: RuleCondition | { builtin: (typeof BUILTIN_RULE_IDS)[number] | typeof BOOST_RULE_ID | 'default' }
  conditionText: string
  configuredRate: number
}

/** The classes for these inputs; the built-in keep rules come first, in this order, failures first. */
export function ruleClasses(inputs: SamplingInputs, slaMs: number): RuleClass[] {
  const builtin = (id: (typeof BUILTIN_RULE_IDS)[number], name: string, text: string, always: boolean): RuleClass => ({
    id,
    name,
    kind: 'keep',
    spec: always ? { kind: 'always' } : { kind: 'keep' },
    condition: { builtin: id },
    conditionText: text,
    configuredRate: 1
  })
  return [
    builtin('failures', 'Failures', 'is_failure', true),
    builtin('no_interaction_id', 'No interaction_id', 'interaction_id is empty (cannot be hashed)', true),
    builtin('safety_blocks', 'Safety blocks', 'safety_block_flag', false),
    builtin('timeouts', 'Timeouts', 'latency_timeout_flag', false),
    builtin('sla_breaches', 'SLA breaches', `latency_ms > ${slaMs} (SLA_MS)`, false),
    ...inputs.rules.map(
      (r): RuleClass => ({
        id: r.id,
        name: r.name ?? r.id,
        kind: 'operator',
        spec: r.rate >= 1 ? { kind: 'keep' } : { kind: 'fixed', rate: r.rate },
        condition: r.condition,
        conditionText: conditionText(r.condition),
        configuredRate: r.rate
      })
    ),
    { id: 'default', name: 'Everything else', kind: 'default', spec: { kind: 'default' }, condition: { builtin: 'default' }, conditionText: 'every other row', configuredRate: Number.NaN }
  ]
}

/**
 * The boost rule's row class: the rows the default rule would take, in the boosted strata (the
 * solver treats them as default rows with a per-stratum factor; the table and exports show them apart).
 */
function boostClass(inputs: SamplingInputs): RuleClass {
  const what = inputs.boost.from_anomalies ? `days${inputs.boost.days.length ? ' (and slices) the anomaly detector flags, and the days named' : ' (and slices) the anomaly detector flags'}` : 'the days named'
  return {
    id: BOOST_RULE_ID,
    name: 'Anomaly days',
    kind: 'boost',
    spec: { kind: 'default' },
    condition: { builtin: BOOST_RULE_ID },
    conditionText: `${what}: x${inputs.boost.factor} the default rate${inputs.boost.enabled ? '' : ' (off)'}`,
    configuredRate: Number.NaN
  }
}

/** A rule condition in words. */
export function conditionText(c: RuleCondition): string {
  if (c.op === 'in') return `${c.field} in (${c.values.join(', ')})`
  if (c.op === 'is_true') return c.field
  return `${c.field} > ${c.value}`
}

/** SQL for a rule condition; the field comes from a fixed allow-list (validated at the contract), values are bound. */
export function conditionSql(c: RuleCondition): { sql: string; params: SqlValue[] } {
  if (c.op === 'in') return { sql: `${ident(c.field)} IN (${c.values.map(() => '?').join(', ')})`, params: [...c.values] }
  if (c.op === 'is_true') return { sql: `coalesce(${ident(c.field)}, false)`, params: [] }
  return { sql: `${ident(c.field)} > CAST(? AS DOUBLE)`, params: [c.value] }
}

/** The CASE that gives each row the index of the first class it matches. */
function classSql(rules: readonly OperatorRule[], slaMs: number): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [slaMs]
  const whens = [
    'WHEN is_failure THEN 0',
    "WHEN interaction_id IS NULL OR interaction_id = '' THEN 1",
    'WHEN safety_block_flag THEN 2',
    'WHEN latency_timeout_flag THEN 3',
    'WHEN latency_ms > CAST(? AS DOUBLE) THEN 4'
  ]
  rules.forEach((r, j) => {
    const c = conditionSql(r.condition)
    whens.push(`WHEN ${c.sql} THEN ${5 + j}`)
    params.push(...c.params)
  })
  return { sql: `(CASE ${whens.join(' ')} ELSE ${5 + rules.length} END)`, params }
}

/** The byte model per loaded dataset (it reads the whole table, whatever the scope): one scan of the text per load. */
const bytesModels = new WeakMap<AnalysisContext['report'], Promise<{ expr: string; factor: number }>>()
function bytesModel(ctx: AnalysisContext): Promise<{ expr: string; factor: number }> {
  let model = bytesModels.get(ctx.report)
  if (!model) {
    model = computeBytesModel(ctx)
    bytesModels.set(ctx.report, model)
    model.catch(() => bytesModels.get(ctx.report) === model && bytesModels.delete(ctx.report))
  }
  return model
}

/** A rough size of each row in the file: its text bytes plus a fixed width per other column, scaled so the rows add up to the file. */
async function computeBytesModel(ctx: AnalysisContext): Promise<{ expr: string; factor: number }> {
  const cols = await ctx.engine.all<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE interactions)')
  const own = cols.filter((c) => c.column_name !== 'in_history' && c.column_name !== 'win_role')
  const text = own.filter((c) => c.column_type === 'VARCHAR')
  const expr = `(${own.length} + ${(own.length - text.length) * 8}${text.map((c) => ` + strlen(coalesce(${ident(c.column_name)}, ''))`).join('')})`
  const [{ total }] = await ctx.engine.all<{ total: number | null }>(`SELECT exact_sum(${expr}) AS total FROM interactions`)
  const info = ctx.report.tables.interactions
  const header = info ? info.source_columns.join(',').length + 1 : 0
  const fileBytes = info ? Math.max(0, info.bytes - header) : 0
  return { expr, factor: total && total > 0 && fileBytes > 0 ? fileBytes / total : 1 }
}

/** A small per-engine cache: the frames are large (tens of MB on a million rows), so only the last few are kept. */
class SmallCache<T> {
  private readonly entries = new Map<string, Promise<T>>()
  constructor(private readonly capacity: number) {}
  get(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const p = compute()
    this.entries.set(key, p)
    p.catch(() => this.entries.get(key) === p && this.entries.delete(key))
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string)
    return p
  }
}

interface Hashes {
  uHi: Uint32Array
  uLo: Uint32Array
}

export interface LoadedFrame {
  frame: SampleFrame
  strata: Strata
  /** the table rowid of each frame row (frame rows are in (group, latency) order, not rowid order) */
  rowids: Float64Array
}

const hashCaches = new WeakMap<Engine, SmallCache<Hashes>>()
const frameCaches = new WeakMap<Engine, SmallCache<LoadedFrame>>()

function cacheOf<T>(map: WeakMap<Engine, SmallCache<T>>, engine: Engine, capacity: number): SmallCache<T> {
  let c = map.get(engine)
  if (!c) {
    c = new SmallCache<T>(capacity)
    map.set(engine, c)
  }
  return c
}

/**
 * The hash of every row of the table, by rowid (computed once per dataset and salt, in a worker
 * thread): `idsRead` settles once DuckDB has handed the ids over, so the caller can run its own SQL
 * while the worker hashes.
 */
function tableHashes(engine: Engine, salt: string): { idsRead: Promise<unknown>; hashes: Promise<Hashes> } {
  let idsRead: Promise<unknown> = Promise.resolve()
  const hashes = cacheOf(hashCaches, engine, 2).get(salt, () => {
    const input = (async (): Promise<SampleHashInput> => {
      const [{ n, dense }] = await engine.all<{ n: number; dense: boolean }>('SELECT count(*)::BIGINT AS n, coalesce(max(rowid) + 1 = count(*), true) AS dense FROM interactions')
      // row ids index the hash arrays: the table is created in one pass and only updated in place since
      if (!dense) throw new Error('the interactions table has gaps in its row ids; reload the data')
      // NUL can appear in no CSV field DuckDB reads as text for an id; a missing id becomes ''.
      const [{ ids }] = await engine.all<{ ids: string | null }>("SELECT string_agg(coalesce(replace(interaction_id, chr(0), ''), ''), chr(0) ORDER BY rowid) AS ids FROM interactions")
      return { ids: n > 0 ? (ids ?? '') : '', salt }
    })()
    idsRead = input.catch(() => undefined)
    return input.then((i) => runWorker<SampleHashInput, SampleHashOutput>('sampleHashWorker', i))
  })
  return { idsRead, hashes }
}

/** Records when each stage of a computation ends (for the benchmark's breakdown); optional everywhere. */
export interface StageClock {
  mark(stage: string): void
}

/** The frame of the rows in scope for these rule conditions (rates do not change it). */
export function loadFrame(ctx: AnalysisContext, inputs: SamplingInputs, clock?: StageClock): Promise<LoadedFrame> {
  const key = stableStringify([ctx.scope, ctx.knobs.SLA_MS, inputs.rules.map((r) => r.condition), inputs.hash_salt, ctx.report.sample_rate !== undefined])
  return cacheOf(frameCaches, ctx.engine, 2).get(key, async () => {
    const { where, params } = compileScope(ctx.scope)
    const cls = classSql(inputs.rules, ctx.knobs.SLA_MS)
    // The ids are hashed in a worker while DuckDB works out the byte model and the frame.
    const hashing = tableHashes(ctx.engine, inputs.hash_salt)
    hashing.hashes.catch(() => undefined)
    await hashing.idsRead
    clock?.mark('interaction ids read (SQL)')
    const bytes = await bytesModel(ctx)
    clock?.mark('bytes model (SQL)')
    const w0 = isWeighted(ctx) ? WEIGHT_SQL : '1.0'
    const group = 'model_name NULLS LAST, use_case NULLS LAST'
    // DuckDB numbers the groups and strata (small joins, no window over all rows) and sorts the rows by
    // (group, latency, rowid) in parallel; the order by latency over all rows is merged from the groups'
    // runs in JS. Every column comes back as DOUBLE (the copy fast path).
    const { data } = await ctx.engine.numericColumns(
      `WITH base AS (
         SELECT rowid AS rid, ${cls.sql} AS cls, model_name, use_case,
                CAST(CAST(timestamp_utc AS DATE) - DATE '1970-01-01' AS DOUBLE) AS dayn,
                CAST(is_failure AS DOUBLE) AS f, latency_ms, cost_usd, CAST(${bytes.expr} AS DOUBLE) AS bytes, ${w0} AS w0
         FROM interactions WHERE ${where}
       ), grp AS (
         SELECT model_name, use_case, row_number() OVER (ORDER BY ${group}) - 1 AS g FROM (SELECT DISTINCT model_name, use_case FROM base)
       ), based AS (
         SELECT base.*, grp.g FROM base JOIN grp ON base.model_name IS NOT DISTINCT FROM grp.model_name AND base.use_case IS NOT DISTINCT FROM grp.use_case
       ), strata AS (
         SELECT g, dayn, row_number() OVER (ORDER BY g, dayn NULLS LAST) - 1 AS s FROM (SELECT DISTINCT g, dayn FROM based)
       )
       SELECT CAST(rid AS DOUBLE), CAST(cls AS DOUBLE), CAST(based.g AS DOUBLE), CAST(strata.s AS DOUBLE),
              based.dayn, f, latency_ms, cost_usd, bytes, CAST(w0 AS DOUBLE)
       FROM based JOIN strata ON based.g = strata.g AND based.dayn IS NOT DISTINCT FROM strata.dayn
       ORDER BY based.g, latency_ms NULLS LAST, rid`,
      [...cls.params, ...params]
    )
    clock?.mark('frame query (SQL)')
    const groups = await ctx.engine.all<{ model_name: string | null; use_case: string | null }>(
      `SELECT model_name, use_case FROM interactions WHERE ${where} GROUP BY ALL ORDER BY ${group}`,
      params
    )
    const [rid, clsCol, g, stratum, dayn, f, lat, cost, b, w] = data
    const hashes = await hashing.hashes
    clock?.mark('hashes of interaction_id (worker, beside the SQL)')
    const n = rid.length
    const uHi = new Uint32Array(n)
    const uLo = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      uHi[i] = hashes.uHi[rid[i]]
      uLo[i] = hashes.uLo[rid[i]]
    }
    for (let i = 0; i < n; i++) b[i] *= bytes.factor
    const built = buildFrame({ cls: clsCol, group: g, groups, dayNumber: dayn, w0: w, uHi, uLo, isFailure: f, latency: lat, cost, bytes: b, presorted: { stratum, rowid: rid } })
    clock?.mark('frame build (JS)')
    return { ...built, rowids: rid }
  })
}

/** The critical-rate index of a frame's default rows: the same for every budget, built once per frame and unit. */
const criticalIndexes = new WeakMap<SampleFrame, Map<string, CriticalIndex>>()
function criticalIndexOf(frame: SampleFrame, def: number, strata: number, unit: 'rows' | 'bytes'): CriticalIndex {
  let byUnit = criticalIndexes.get(frame)
  if (!byUnit) criticalIndexes.set(frame, (byUnit = new Map()))
  let index = byUnit.get(unit)
  if (!index) byUnit.set(unit, (index = criticalIndex(frame, def, strata, unit)))
  return index
}

/** Everything computed for one set of inputs; `result` is what crosses the contract. */
export interface SamplingComputation {
  result: SamplingResult
  classes: RuleClass[]
  loaded: LoadedFrame
  applied: AppliedRates
  solved: SolverResult
}

const pct = (x: number): string => `${(100 * x).toFixed(x < 0.001 ? 3 : x < 0.1 ? 2 : 1)}%`

/** The policy, projection and backtest for the rows in scope. */
export async function computeSampling(ctx: AnalysisContext, inputs: SamplingInputs, clock?: StageClock): Promise<SamplingComputation> {
  // the anomaly detector's SQL and JS interleave with the frame's (its result is memoised per scope)
  const planning = boostPlan(ctx, inputs)
  planning.catch(() => undefined)
  const loaded = await loadFrame(ctx, inputs, clock)
  const { frame, strata } = loaded
  const classes = ruleClasses(inputs, ctx.knobs.SLA_MS)
  const C = classes.length
  const S = strata.day.length
  const cells = countCells(frame, C, S)
  clock?.mark('cells')

  let totalBytes = 0
  for (let i = 0; i < frame.n; i++) totalBytes += frame.bytes[i]
  const days = new Set(strata.day.filter((d): d is string => d !== null)).size
  const bytesPerMonth = days > 0 ? (totalBytes / days) * MONTH_DAYS : null
  const usdPerByteMonth = inputs.storage_usd_per_gb_month / 1e9
  let budget: { unit: 'rows' | 'bytes'; share: number }
  if (inputs.budget.kind === 'keep_share') budget = { unit: 'rows', share: inputs.budget.keep_share }
  else {
    if (bytesPerMonth === null || bytesPerMonth === 0)
      throw new ApiError('invalid_request', 'a budget in dollars per month needs timestamps to know the monthly volume; no row in scope has one, so give the budget as a keep share')
    budget = { unit: 'bytes', share: Math.min(1, inputs.budget.usd_per_month / (bytesPerMonth * usdPerByteMonth)) }
  }
  const plan = await planning
  const boosted = boostedStrata(plan.targets, strata, frame.groups)
  clock?.mark('boost targets (anomaly detector, beside the frame)')
  let solved = solveRates({
    classes: classes.map((c) => c.spec),
    stratumDays: strata.day,
    rows: cells.rows,
    bytes: cells.bytes,
    budget,
    minKeptPerStratum: inputs.min_kept_per_stratum_day,
    minRate: inputs.min_rate,
    boostDays: new Set(),
    boostedStrata: inputs.boost.enabled ? boosted : undefined,
    boostFactor: inputs.boost.factor
  })
  clock?.mark('solve')
  let applied = applyRates(frame, solved.rates, S)
  clock?.mark('apply rates')
  const unitOf = (i: number): number => (budget.unit === 'rows' ? 1 : frame.bytes[i])
  const keptUnits = (a: AppliedRates, cls: (c: number) => boolean): number => {
    let u = 0
    for (let i = 0; i < frame.n; i++) if (a.kept[i] && cls(frame.cls[i])) u += unitOf(i)
    return u
  }
  // The expected load meets the budget; the hash may keep a few rows more. Lower the base rate until
  // the rows it keeps fit too (kept sets grow with the rate, so the largest fitting rate is a bisection).
  const def = C - 1
  if (solved.defaultRatesAt && solved.baseRate > 0 && keptUnits(applied, () => true) > solved.budgetUnits) {
    const index = criticalIndexOf(frame, def, S, budget.unit)
    const r = largestFittingBaseRate(index, solved.defaultRatesAt, keptUnits(applied, (c) => c !== def), solved.budgetUnits, solved.baseRate)
    solved = withDefaultRates(solved, def, S, solved.defaultRatesAt(r), r, budget.unit === 'rows' ? cells.rows : cells.bytes)
    applied = applyRates(frame, solved.rates, S)
  }
  clock?.mark('fit the sample to the budget')
  const sampledUnits = keptUnits(applied, () => true)
  const bt = backtest(frame, applied)
  clock?.mark('backtest')
  let boostedRows = 0
  for (let s = 0; s < S; s++) if (boosted[s]) boostedRows += cells.rows[def * S + s]
  const boostInfo: SamplingBoostInfo = {
    enabled: inputs.boost.enabled,
    from_anomalies: inputs.boost.from_anomalies,
    factor: inputs.boost.factor,
    targets: plan.targets,
    days: new Set(plan.targets.map((t) => t.date)).size,
    strata: boosted.reduce((n, b, s) => n + (b && cells.rows[def * S + s] > 0 ? 1 : 0), 0),
    detector_error: plan.detectorError,
    honoured: !inputs.boost.enabled || boostedRows === 0 || (solved.stage === 'feasible' && solved.minFeasibleWithBoostUnits <= solved.budgetUnits * (1 + 1e-12)),
    min_share_with_boost: solved.totalUnits > 0 ? solved.minFeasibleWithBoostUnits / solved.totalUnits : 0
  }
  const tableClasses = [...classes.slice(0, def), boostClass(inputs), classes[def]]
  const rules = ruleRows(tableClasses, frame, applied, solved, boosted, inputs.boost.enabled ? inputs.boost.factor : 1, boostInfo)
  const projection = projectionOf(frame, applied, classes, bytesPerMonth, totalBytes, days, inputs.storage_usd_per_gb_month)
  clock?.mark('rules and projection')
  const feasibility = feasibilityOf(solved, budget, inputs, rules, frame.n, sampledUnits, boostInfo, boostedRows)
  const stratum_rates: SamplingPolicy['stratum_rates'] = []
  const groupRows = new Float64Array(frame.groups.length)
  const groupKept = new Float64Array(frame.groups.length)
  for (let s = 0; s < S; s++) {
    const rate = solved.rates[def * S + s]
    const rows = cells.rows[def * S + s]
    // a collector applies the boost through its own policies: the group's rate is that of its other days
    if (!(boostInfo.enabled && boosted[s])) {
      groupRows[strata.group[s]] += rows
      groupKept[strata.group[s]] += rows * rate
    }
    if (rows > 0 && rate !== solved.baseRate) {
      const g = frame.groups[strata.group[s]]
      stratum_rates.push({ model_name: g.model_name, use_case: g.use_case, date_utc: strata.day[s], rate })
    }
  }
  const group_rates: SamplingPolicy['group_rates'] = []
  frame.groups.forEach((g, k) => {
    const rate = groupRows[k] > 0 ? groupKept[k] / groupRows[k] : solved.baseRate
    if (Math.abs(rate - solved.baseRate) > 1e-12) group_rates.push({ model_name: g.model_name, use_case: g.use_case, rate })
  })
  const policy: SamplingPolicy = {
    kind: 'telemetry_sampling_policy',
    format_version: 1,
    budget: inputs.budget,
    knobs: {
      min_kept_per_stratum_day: inputs.min_kept_per_stratum_day,
      min_rate: inputs.min_rate,
      storage_usd_per_gb_month: inputs.storage_usd_per_gb_month,
      sla_ms: ctx.knobs.SLA_MS,
      boost: { enabled: inputs.boost.enabled, from_anomalies: inputs.boost.from_anomalies, days: [...inputs.boost.days].sort(), factor: inputs.boost.factor }
    },
    boost_targets: inputs.boost.enabled ? boostTargetRates(plan.targets, strata, frame.groups, cells.rows, solved.rates, def) : [],
    hash: {
      algorithm: 'fnv1a_64',
      salt: inputs.hash_salt,
      input: 'lowercase hex SHA-256 of (salt + interaction_id) as UTF-8; the hash is FNV-1a 64-bit of that text, read as a signed int64 s (OTTL: FNV(SHA256(Concat([salt, id], ""))))',
      keep_rule: 'a row with rate p is kept when s + 2^63 < ceil(p * 2^64), i.e. s <= ceil(p * 2^64) - 2^63 - 1; rows without an interaction_id are always kept',
      otel_attribute: HASH_ATTRIBUTE
    },
    rules: rules.map((r, i) => ({ id: r.id, kind: r.kind, condition: tableClasses[i].condition, condition_text: r.condition, configured_rate: r.configured_rate, rate: r.rate })),
    base_rate: solved.baseRate,
    group_rates,
    stratum_rates,
    feasibility,
    projection_total: projection.total,
    backtest_summary: bt.summary,
    data: {
      inputs: Object.values(ctx.report.tables).map((t) => ({ table: t!.table, file: t!.file, sha256: t!.sha256, rows: t!.rows })),
      scope: ctx.scope,
      rows_in_scope: frame.n,
      input_weighted: isWeighted(ctx)
    }
  }
  return { result: { policy, rules, projection, backtest: bt }, classes, loaded, applied, solved }
}

/** Each boost target with the default rule's mean rate over the strata it covers (what a collector applies on that day and slice). */
function boostTargetRates(targets: SamplingBoostTarget[], strata: Strata, groups: SampleFrame['groups'], rows: Float64Array, rates: Float64Array, def: number): SamplingBoostTarget[] {
  const S = strata.day.length
  return targets.map((t) => {
    const covered = boostedStrata([t], strata, groups)
    let n = 0
    let kept = 0
    for (let s = 0; s < S; s++) {
      if (!covered[s]) continue
      n += rows[def * S + s]
      kept += rows[def * S + s] * rates[def * S + s]
    }
    return { ...t, rate: n > 0 ? kept / n : null }
  })
}

/**
 * The rule table: one row per class of `classes` (the solver's, with the boost rule before the
 * default); the default rule's rows in boosted strata are the boost rule's.
 */
function ruleRows(classes: RuleClass[], frame: SampleFrame, applied: AppliedRates, solved: SolverResult, boosted: Uint8Array, factor: number, boost: SamplingBoostInfo): SamplingRuleRow[] {
  const C = classes.length
  const def = C - 1
  const boostRow = C - 2
  const rows = new Float64Array(C)
  const expected = new Float64Array(C)
  const sampled = new Float64Array(C)
  const lo = new Float64Array(C).fill(Infinity)
  const hi = new Float64Array(C).fill(-Infinity)
  for (let i = 0; i < frame.n; i++) {
    // the solver's default class is one below the table's
    const c = frame.cls[i] === def - 1 ? (boosted[frame.stratum[i]] ? boostRow : def) : frame.cls[i]
    const p = applied.p[i]
    rows[c]++
    expected[c] += p
    sampled[c] += applied.kept[i]
    if (p < lo[c]) lo[c] = p
    if (p > hi[c]) hi[c] = p
  }
  return classes.map((c, k) => {
    const boostedBase = Math.min(1, factor * solved.baseRate)
    const configured = c.kind === 'default' ? solved.baseRate : c.kind === 'boost' ? boostedBase : c.configuredRate
    // one rate for all its rows (every rule but the default): exactly that rate, not a sum divided back
    const mean =
      rows[k] > 0
        ? lo[k] === hi[k]
          ? lo[k]
          : expected[k] / rows[k]
        : c.kind === 'default'
          ? solved.baseRate
          : c.kind === 'boost'
            ? boostedBase
            : c.spec.kind === 'keep'
              ? solved.keepRate
              : c.spec.kind === 'fixed'
                ? c.spec.rate
                : 1
    return {
      id: c.id,
      name: c.name,
      kind: c.kind,
      condition: c.conditionText,
      configured_rate: configured,
      rate: mean,
      rate_min: rows[k] > 0 ? lo[k] : mean,
      rate_max: rows[k] > 0 ? hi[k] : mean,
      rows: rows[k],
      expected_kept_rows: expected[k],
      sampled_rows: sampled[k],
      locked: c.spec.kind === 'always',
      ...(c.kind === 'boost' ? { boost } : {})
    }
  })
}

function projectionOf(frame: SampleFrame, applied: AppliedRates, classes: RuleClass[], bytesPerMonth: number | null, totalBytes: number, days: number, price: number): SamplingProjection {
  const G = frame.groups.length
  const acc = Array.from({ length: G + 1 }, () => ({ rows: 0, must: 0, exp: 0, sampled: 0, bytes: 0, expBytes: 0, lo: Infinity, hi: -Infinity }))
  const must = classes.map((c) => c.spec.kind === 'always' || c.spec.kind === 'keep')
  for (let i = 0; i < frame.n; i++) {
    const p = applied.p[i]
    for (const a of [acc[frame.group[i]], acc[G]]) {
      a.rows++
      if (must[frame.cls[i]]) a.must++
      a.exp += p
      a.sampled += applied.kept[i]
      a.bytes += frame.bytes[i]
      a.expBytes += p * frame.bytes[i]
      if (p < a.lo) a.lo = p
      if (p > a.hi) a.hi = p
    }
  }
  // bytes of a stratum per month: its share of the data's bytes times the monthly volume
  const monthly = (b: number): number | null => (bytesPerMonth === null || totalBytes === 0 ? null : ((b / totalBytes) * bytesPerMonth * price) / 1e9)
  const shape = (a: (typeof acc)[number], g: number | null): SamplingProjectionRow => {
    const full = monthly(a.bytes)
    const kept = monthly(a.expBytes)
    return {
      model_name: g === null ? null : frame.groups[g].model_name,
      use_case: g === null ? null : frame.groups[g].use_case,
      total: g === null,
      rows: a.rows,
      must_keep_rows: a.must,
      expected_kept_rows: a.exp,
      sampled_rows: a.sampled,
      keep_share: a.rows > 0 ? a.exp / a.rows : null,
      bytes: a.bytes,
      expected_kept_bytes: a.expBytes,
      storage_usd_month: full,
      kept_storage_usd_month: kept,
      saving_usd_month: full !== null && kept !== null ? full - kept : null,
      rate_min: a.rows > 0 ? a.lo : 0,
      rate_mean: a.rows > 0 ? a.exp / a.rows : 0,
      rate_max: a.rows > 0 ? a.hi : 0
    }
  }
  const rows = acc.slice(0, G).map((a, g) => shape(a, g)).filter((r) => r.rows > 0)
  rows.sort((x, y) => y.rows - x.rows)
  return { rows, total: shape(acc[G], null), days, bytes_per_month: bytesPerMonth, storage_usd_per_gb_month: price }
}

function feasibilityOf(
  s: SolverResult,
  budget: { unit: 'rows' | 'bytes'; share: number },
  inputs: SamplingInputs,
  rules: SamplingRuleRow[],
  n: number,
  sampledUnits: number,
  boost: SamplingBoostInfo,
  boostedRows: number
): SamplingFeasibility {
  const share = (u: number): number => (s.totalUnits > 0 ? u / s.totalUnits : 0)
  const kfs = share(s.keepForSureUnits)
  const minShare = share(s.minFeasibleUnits)
  const expected = share(s.expectedUnits)
  const failures = rules.find((r) => r.id === 'failures')
  const unit = budget.unit === 'rows' ? 'rows' : 'bytes'
  let message: string
  if (n === 0) message = 'No rows in scope: nothing to sample.'
  else if (s.stage === 'feasible') {
    message =
      s.baseRate >= 1
        ? `The budget (${pct(budget.share)} of ${unit}) holds every row in scope: nothing is dropped.`
        : `Every failure, safety block, timeout and SLA breach is kept (${pct(kfs)} of ${unit}); ${inputs.min_kept_per_stratum_day > 0 ? `each model x use case keeps at least ${inputs.min_kept_per_stratum_day} rows a day; ` : ''}everything else is sampled at ${pct(s.baseRate)} (higher in rare slices${boost.enabled && boostedRows > 0 ? ` and x${boost.factor} on ${boost.days} flagged day(s)` : ''}) to keep ${pct(expected)} of ${unit}, within the budget of ${pct(budget.share)}.`
  } else if (s.stage === 'rare_slices_scaled') {
    message = `The budget (${pct(budget.share)} of ${unit}) holds the keep-for-sure rows (${pct(kfs)}) but not every rare-slice minimum, operator rate and the ${pct(inputs.min_rate)} floor: those are scaled down together to fit. The smallest share with every guarantee is ${pct(minShare)}.`
  } else {
    const failShare = failures && n > 0 ? failures.rows / n : 0
    message =
      `The keep-for-sure rules alone need ${pct(kfs)} of ${unit}, more than the budget of ${pct(budget.share)}; the smallest feasible share is ${pct(minShare)}. ` +
      (s.budgetMet
        ? `Every failure is kept; the other must-keep rows (safety blocks, timeouts, SLA breaches, rate-1 rules) are sampled at ${pct(s.keepRate)}; everything else at the ${pct(inputs.min_rate)} floor.`
        : `Every failure is kept anyway (failures are ${pct(failShare)} of rows): the budget is not met. The other must-keep rows are sampled at ${pct(s.keepRate)}, everything else at ${pct(inputs.min_rate)}.`)
  }
  if (n > 0 && boost.enabled && boostedRows > 0 && !boost.honoured) {
    message += ` The boost is not honoured in full: the must-keep rows, rare-slice minimums and the ${boost.days} flagged day(s) at x${boost.factor} the ${pct(inputs.min_rate)} floor need ${pct(boost.min_share_with_boost)} of ${unit}, more than the budget of ${pct(budget.share)}; ${s.stage === 'feasible' ? 'the flagged days get less than the factor asks' : 'the flagged days are not boosted'}.`
  }
  return {
    stage: s.stage,
    budget_share: budget.share,
    budget_unit: budget.unit,
    keep_for_sure_share: kfs,
    min_feasible_share: minShare,
    expected_share: expected,
    sampled_share: share(sampledUnits),
    budget_met: s.budgetMet,
    sample_within_budget: sampledUnits <= s.budgetUnits * (1 + 1e-12),
    keep_rule_rate: s.keepRate,
    message
  }
}
