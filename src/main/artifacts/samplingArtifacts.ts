/**
 * The sampling policy's files: sampling_policy.json, the OpenTelemetry Collector tail_sampling config
 * (sampling_policy.otel.yaml), a Honeycomb Refinery rules file, the projection and backtest CSVs, and
 * the sampled interactions with their sample_rate. Every writer but the last is a pure function of the
 * policy object.
 */
import YAML from 'yaml'
import { SAMPLING_FILES, samplingBacktestCsv, samplingPolicyJson, samplingProjectionCsv } from '../../shared/artifacts/samplingArtifacts'
import type { RuleCondition, SamplingPolicy } from '../../shared/sampling'
import { OPTIONAL_INTERACTION_COLUMNS, SAMPLE_RATE_COLUMN } from '../../shared/schema'
import type { AnalysisContext } from '../analysis/context'
import { HASH_ATTRIBUTE, type SamplingComputation } from '../analysis/sampling'
import { ident } from '../ingest/sql'
import { maxSignedKept, MIN_INT64 } from '../ml/sampleHash'
import { columnCellSql, jsCsvCell, textCellSql } from './csvCellSql'

export { SAMPLING_FILES, samplingBacktestCsv, samplingPolicyJson, samplingProjectionCsv }
/**
 * The span attributes the collector configs read, per column of the dump. The model and provider use
 * the OpenTelemetry GenAI semantic conventions; the rest are this app's `llm.*` names. The operator's
 * instrumentation (or a transform processor) must set them on the span of the LLM call.
 */
export const OTEL_ATTRIBUTES: Record<string, { key: string; kind: 'string' | 'bool' | 'int'; scale?: number }> = {
  interaction_id: { key: 'llm.interaction_id', kind: 'string' },
  is_failure: { key: 'llm.is_failure', kind: 'bool' },
  model_name: { key: 'gen_ai.request.model', kind: 'string' },
  model_provider: { key: 'gen_ai.provider.name', kind: 'string' },
  use_case: { key: 'llm.use_case', kind: 'string' },
  account_tier: { key: 'llm.account_tier', kind: 'string' },
  channel: { key: 'llm.channel', kind: 'string' },
  region: { key: 'llm.region', kind: 'string' },
  segment: { key: 'llm.segment', kind: 'string' },
  failure_type: { key: 'llm.failure_type', kind: 'string' },
  safety_block_flag: { key: 'llm.safety_block_flag', kind: 'bool' },
  latency_timeout_flag: { key: 'llm.latency_timeout_flag', kind: 'bool' },
  hallucination_flag: { key: 'llm.hallucination_flag', kind: 'bool' },
  toxicity_flag: { key: 'llm.toxicity_flag', kind: 'bool' },
  formatting_error_flag: { key: 'llm.formatting_error_flag', kind: 'bool' },
  tool_error_flag: { key: 'llm.tool_error_flag', kind: 'bool' },
  user_reported_issue: { key: 'llm.user_reported_issue', kind: 'bool' },
  latency_ms: { key: 'llm.latency_ms', kind: 'int' },
  total_tokens: { key: 'llm.total_tokens', kind: 'int' },
  prompt_tokens: { key: 'gen_ai.usage.input_tokens', kind: 'int' },
  completion_tokens: { key: 'gen_ai.usage.output_tokens', kind: 'int' },
  tool_calls_count: { key: 'llm.tool_calls_count', kind: 'int' },
  // numeric_attribute compares integers: cost is matched in micro-dollars
  cost_usd: { key: 'llm.cost_usd_micros', kind: 'int', scale: 1e6 }
}

const MAX_INT64 = 9223372036854775807n
/** The span attribute holding the UTC day (YYYY-MM-DD) the Refinery boost rules match: Refinery has no time condition. */
export const BOOST_DAY_ATTRIBUTE = 'llm.date_utc'

type OtelSub = Record<string, unknown>

/** The sub-policy matching a rule condition (`negate`: matching its complement, through invert_match). */
function conditionPolicy(c: RuleCondition, name: string, negate: boolean): OtelSub {
  const attr = OTEL_ATTRIBUTES[c.field]
  const invert = negate ? { invert_match: true } : {}
  if (c.op === 'in') return { name, type: 'string_attribute', string_attribute: { key: attr.key, values: [...c.values], ...invert } }
  if (c.op === 'is_true') return { name, type: 'boolean_attribute', boolean_attribute: { key: attr.key, value: true, ...invert } }
  // value > v  <=>  the integer attribute >= floor(v * scale) + 1
  const min = BigInt(Math.floor(c.value * (attr.scale ?? 1))) + 1n
  return { name, type: 'numeric_attribute', numeric_attribute: { key: attr.key, min_value: min, max_value: MAX_INT64, ...invert } }
}

/** A value of a group key: the attribute equal to it, or (null) the attribute absent from every span. */
function groupValuePolicy(field: 'model_name' | 'use_case', value: string | null, name: string): OtelSub {
  const key = OTEL_ATTRIBUTES[field].key
  if (value !== null) return { name, type: 'string_attribute', string_attribute: { key, values: [value] } }
  return { name, type: 'string_attribute', string_attribute: { key, values: ['.*'], enabled_regex_matching: true, invert_match: true } }
}

/** The sub-policy matching spans that start on a UTC day (an OTTL condition on the span's start time). */
function dayPolicy(date: string, name: string): OtelSub {
  const start = BigInt(Date.parse(`${date}T00:00:00Z`)) * 1_000_000n
  const end = start + 86_400_000_000_000n
  return { name, type: 'ottl_condition', ottl_condition: { error_mode: 'ignore', span: [`start_time_unix_nano >= ${start} and start_time_unix_nano < ${end}`] } }
}

/** The sub-policy that keeps a row at rate p by its hash; null at rate 1 (no condition needed) and at 0 (no policy at all). */
function hashPolicy(rate: number, name: string): OtelSub | null {
  if (rate >= 1 || !(rate > 0)) return null
  return { name, type: 'numeric_attribute', numeric_attribute: { key: HASH_ATTRIBUTE, min_value: BigInt(MIN_INT64), max_value: BigInt(maxSignedKept(rate)!) } }
}

/** Turns a rule id into a policy-name fragment. */
const slug = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'x'

/** One policy of the list: a single sub-policy stands alone, several make an `and`. */
function policyOf(name: string, subs: OtelSub[]): OtelSub {
  if (subs.length === 1) return { ...subs[0], name }
  return { name, type: 'and', and: { and_sub_policy: subs } }
}

/**
 * The OpenTelemetry Collector config: a transform processor that writes the row hash into
 * `llm.sample_hash` (OTTL FNV over SHA256, as the app computes it) and the tail_sampling processor
 * whose policies reproduce the policy's first-match rules under the collector's any-policy-samples
 * logic: the failure rules first, then each rule with the earlier lower-rate rules excluded through
 * invert_match inside an `and`, each rate a range of the hash. Rates that vary by day (rare-slice
 * minimums, boosted days) are written as each model x use case's mean rate: a collector cannot know
 * tomorrow's volume per slice.
 */
export function otelTailSamplingYaml(policy: SamplingPolicy, o: { expectedTracesPerSec: number }): string {
  const rules = policy.rules
  const policies: OtelSub[] = [
    { name: 'keep-failures-span-status', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
    { name: 'keep-failures-flag', type: 'boolean_attribute', boolean_attribute: { key: OTEL_ATTRIBUTES.is_failure.key, value: true } }
  ]
  // earlier single-condition rules a later policy may have to exclude
  const earlier: { id: string; cond: RuleCondition; rate: number }[] = []
  const exclusions = (rate: number, prefix: string): OtelSub[] => earlier.filter((e) => e.rate < rate).map((e) => conditionPolicy(e.cond, `${prefix}-not-${slug(e.id)}`, true))
  for (const r of rules) {
    if (r.id === 'failures' || r.kind === 'default' || r.kind === 'boost') continue
    const name = `${r.rate >= 1 ? 'keep' : 'sample'}-${slug(r.id)}`
    const hash = hashPolicy(r.rate, `${name}-hash`)
    const builtin = 'builtin' in r.condition ? r.condition.builtin : null
    if (builtin === 'no_interaction_id') {
      // a trace whose spans carry no interaction id cannot be hashed: kept, as the app keeps such rows
      policies.push({ name: 'keep-no-interaction-id', type: 'and', and: { and_sub_policy: [{ name: 'no-interaction-id', type: 'string_attribute', string_attribute: { key: OTEL_ATTRIBUTES.interaction_id.key, values: ['.*'], enabled_regex_matching: true, invert_match: true } }, { name: 'always', type: 'always_sample' }] } })
      continue
    }
    let cond: OtelSub
    let single: RuleCondition | null = null
    if (builtin === 'safety_blocks') cond = { name: `${name}-cond`, type: 'boolean_attribute', boolean_attribute: { key: OTEL_ATTRIBUTES.safety_block_flag.key, value: true } }
    else if (builtin === 'timeouts') cond = { name: `${name}-cond`, type: 'boolean_attribute', boolean_attribute: { key: OTEL_ATTRIBUTES.latency_timeout_flag.key, value: true } }
    else if (builtin === 'sla_breaches') {
      // trace duration in whole ms: > SLA_MS  <=>  >= floor(SLA_MS) + 1
      cond = { name: `${name}-cond`, type: 'latency', latency: { threshold_ms: Math.floor(policy.knobs.sla_ms) + 1 } }
    } else {
      single = r.condition as RuleCondition
      cond = conditionPolicy(single, `${name}-cond`, false)
    }
    // the built-in rules come before every operator rule, so only operator rules ever need exclusions
    if (r.rate > 0) policies.push(policyOf(name, [cond, ...exclusions(r.rate, name), ...(hash ? [hash] : [])]))
    if (single) earlier.push({ id: r.id, cond: single, rate: r.rate })
  }
  // the boost rule: the flagged days (and slices) at their boosted rate, as a time window of the span
  for (const t of policy.boost_targets) {
    if (!(t.rate !== null && t.rate !== undefined && t.rate > 0)) continue
    const name = `boost-${t.date}${t.dimension === 'all' ? '' : `-${slug(t.value)}`}`
    const hash = hashPolicy(t.rate, `${name}-hash`)
    const slice = t.dimension === 'all' ? [] : [groupValuePolicy(t.dimension, t.value, `${name}-${t.dimension === 'model_name' ? 'model' : 'use-case'}`)]
    policies.push(policyOf(name, [dayPolicy(t.date, `${name}-day`), ...slice, ...exclusions(t.rate, name), ...(hash ? [hash] : [])]))
  }
  for (const g of policy.group_rates) {
    if (!(g.rate > 0)) continue
    const name = `sample-${slug(g.model_name ?? 'no-model')}-${slug(g.use_case ?? 'no-use-case')}`
    const hash = hashPolicy(g.rate, `${name}-hash`)
    policies.push(
      policyOf(name, [groupValuePolicy('model_name', g.model_name, `${name}-model`), groupValuePolicy('use_case', g.use_case, `${name}-use-case`), ...exclusions(g.rate, name), ...(hash ? [hash] : [])])
    )
  }
  if (policy.base_rate > 0) {
    const hash = hashPolicy(policy.base_rate, 'sample-everything-else-hash')
    const subs = [...exclusions(policy.base_rate, 'sample-everything-else'), ...(hash ? [hash] : [])]
    policies.push(subs.length ? policyOf('sample-everything-else', subs) : { name: 'sample-everything-else', type: 'always_sample' })
  }

  const salt = policy.hash.salt
  const idPath = `attributes["${OTEL_ATTRIBUTES.interaction_id.key}"]`
  const hashInput = salt ? `Concat([${JSON.stringify(salt)}, ${idPath}], "")` : idPath
  const config = {
    processors: {
      'transform/llm_sample_hash': {
        error_mode: 'ignore',
        trace_statements: [
          {
            context: 'span',
            statements: [
              `set(attributes["${HASH_ATTRIBUTE}"], FNV(SHA256(${hashInput}))) where ${idPath} != nil`,
              `set(attributes["${OTEL_ATTRIBUTES.cost_usd.key}"], Int(attributes["llm.cost_usd"] * 1000000.0)) where attributes["llm.cost_usd"] != nil`
            ]
          }
        ]
      },
      tail_sampling: {
        decision_wait: '30s',
        num_traces: 50000,
        expected_new_traces_per_sec: Math.max(1, Math.ceil(o.expectedTracesPerSec)),
        policies
      }
    }
  }
  const doc = new YAML.Document(config)
  doc.commentBefore = [
    ' OpenTelemetry Collector config written by Telemetry Workbench from sampling_policy.json.',
    ` Budget ${JSON.stringify(policy.budget)}; stage ${policy.feasibility.stage}; expected kept share ${policy.feasibility.expected_share.toFixed(4)}.`,
    ' Use it in a traces pipeline, transform first:',
    '   service: { pipelines: { traces: { processors: [transform/llm_sample_hash, tail_sampling] } } }',
    ' One trace per LLM interaction; span attributes (see docs/sampling.md): llm.interaction_id,',
    ' llm.is_failure, gen_ai.request.model, gen_ai.provider.name, llm.use_case, llm.<flag> (bool),',
    ' llm.latency_ms / llm.total_tokens (int), llm.cost_usd (double; the transform writes micro-dollars).',
    ` The transform writes the row hash ${HASH_ATTRIBUTE} = FNV(SHA256(salt + interaction_id)); a rate p keeps`,
    ' hash <= ceil(p * 2^64) - 2^63 - 1, exactly the rows the app keeps. The collector samples a trace when',
    ' any policy says so: each rule excludes the earlier rules with lower rates, so the first matching rule',
    ' decides, as in the app. Failures come first. The boost rule keeps the days (and slices) the anomaly',
    ' detector flagged at their boosted rate (boost-<day> policies on the span start time: for replaying',
    ' those days; regenerate the config as the detector flags new ones). Other rates that vary by day',
    ' (rare-slice minimums) are each model x use case mean rate here.'
  ].join('\n')
  return doc.toString({ lineWidth: 0 })
}

/**
 * A Honeycomb Refinery rules file (RulesVersion 2, a RulesBasedSampler; first matching rule wins):
 * SampleRate is Refinery's "1 in N" (1 / rate, rounded to a whole number), rate 0 drops. Refinery
 * decides by the trace id, so its sample is not row for row the app's; the rates are the policy's.
 */
export function refineryRulesYaml(policy: SamplingPolicy): string {
  const sampleRate = (rate: number): Record<string, unknown> => (rate > 0 ? { SampleRate: Math.max(1, Math.round(1 / rate)) } : { Drop: true })
  const field = (f: string): string => OTEL_ATTRIBUTES[f]?.key ?? f
  const conditionOf = (c: RuleCondition): Record<string, unknown> => {
    if (c.op === 'in') return { Field: field(c.field), Operator: 'in', Value: [...c.values], Datatype: 'string' }
    if (c.op === 'is_true') return { Field: field(c.field), Operator: '=', Value: true, Datatype: 'bool' }
    return { Field: c.field === 'latency_ms' ? 'duration_ms' : c.field === 'cost_usd' ? 'llm.cost_usd' : field(c.field), Operator: '>', Value: c.value, Datatype: 'float' }
  }
  const rules: Record<string, unknown>[] = [
    { Name: 'keep failures', SampleRate: 1, Conditions: [{ Field: 'llm.is_failure', Operator: '=', Value: true, Datatype: 'bool' }] },
    { Name: 'keep errors (span status)', SampleRate: 1, Conditions: [{ Field: 'error', Operator: 'exists' }] }
  ]
  for (const r of policy.rules) {
    if (r.id === 'failures' || r.kind === 'default' || r.kind === 'boost') continue
    const builtin = 'builtin' in r.condition ? r.condition.builtin : null
    let conditions: Record<string, unknown>[]
    if (builtin === 'no_interaction_id') conditions = [{ Field: 'llm.interaction_id', Operator: 'not-exists' }]
    else if (builtin === 'safety_blocks') conditions = [{ Field: 'llm.safety_block_flag', Operator: '=', Value: true, Datatype: 'bool' }]
    else if (builtin === 'timeouts') conditions = [{ Field: 'llm.latency_timeout_flag', Operator: '=', Value: true, Datatype: 'bool' }]
    else if (builtin === 'sla_breaches') conditions = [{ Field: 'duration_ms', Operator: '>', Value: policy.knobs.sla_ms, Datatype: 'float' }]
    else conditions = [conditionOf(r.condition as RuleCondition)]
    rules.push({ Name: `${r.rate >= 1 ? 'keep' : 'sample'} ${r.id}: ${r.condition_text}`, ...sampleRate(r.rate), Conditions: conditions })
  }
  const cond = (f: 'model_name' | 'use_case', v: string | null): Record<string, unknown> =>
    v === null ? { Field: field(f), Operator: 'not-exists' } : { Field: field(f), Operator: '=', Value: v, Datatype: 'string' }
  // the boost rule: Refinery has no time condition, so the day is the span's llm.date_utc attribute
  for (const t of policy.boost_targets) {
    if (t.rate === null || t.rate === undefined) continue
    const slice = t.dimension === 'all' ? [] : [cond(t.dimension, t.value)]
    rules.push({ Name: `boost ${t.date}${t.dimension === 'all' ? '' : ` ${t.dimension}=${t.value}`} (anomaly days)`, ...sampleRate(t.rate), Conditions: [{ Field: BOOST_DAY_ATTRIBUTE, Operator: '=', Value: t.date, Datatype: 'string' }, ...slice] })
  }
  for (const g of policy.group_rates) {
    rules.push({ Name: `rare slice ${g.model_name ?? '(no model)'} / ${g.use_case ?? '(no use case)'}`, ...sampleRate(g.rate), Conditions: [cond('model_name', g.model_name), cond('use_case', g.use_case)] })
  }
  rules.push({ Name: 'everything else', ...sampleRate(policy.base_rate) })
  const doc = new YAML.Document({ RulesVersion: 2, Samplers: { __default__: { RulesBasedSampler: { Rules: rules } } } })
  doc.commentBefore = [
    ' Honeycomb Refinery rules written by Telemetry Workbench from sampling_policy.json.',
    ' First matching rule wins; SampleRate N keeps 1 trace in N (the rate 1 / N), Drop: true keeps none.',
    ' Refinery samples by trace id: the rates are the policy\'s, the exact rows kept are not the app\'s.',
    ` The boost rules (the days the anomaly detector flagged) match the span attribute ${BOOST_DAY_ATTRIBUTE} (YYYY-MM-DD, UTC).`
  ].join('\n')
  return doc.toString({ lineWidth: 0 })
}

/**
 * The kept rows as llm_system_interactions.csv: the source file's columns under their own names (as
 * loaded and normalised: timestamps ISO 8601 UTC, flags True/False), in file order, plus `sample_rate`
 * = how many source rows the row stands for (its old sample_rate, if any, divided by its rate).
 * DuckDB writes each line (csvCellSql: the cells JS would write) and joins them; only the kept rowids
 * and their sample_rate text cross into SQL, one bound string.
 */
export async function sampledInteractionsCsv(ctx: AnalysisContext, c: SamplingComputation): Promise<string> {
  const { loaded, applied } = c
  const info = ctx.report.tables.interactions
  const cols = await ctx.engine.all<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE interactions)')
  const tableCols = new Map(cols.map((x) => [x.column_name.toLowerCase(), x]))
  const mappedFrom = new Map(Object.entries(info?.column_mapping ?? {}).map(([canonical, source]) => [source, canonical]))
  const header: string[] = []
  const select: string[] = []
  const seen = new Set<string>()
  for (const source of info?.source_columns ?? []) {
    const key = source.trim().toLowerCase()
    if (seen.has(key)) continue // a duplicate column: the first was used
    seen.add(key)
    const canonical = mappedFrom.get(source) ?? key
    if (canonical === SAMPLE_RATE_COLUMN || OPTIONAL_INTERACTION_COLUMNS[canonical] !== undefined) continue
    const col = tableCols.get(canonical) ?? tableCols.get(source.trim().toLowerCase()) ?? tableCols.get(`${source.trim().toLowerCase()}_source`)
    if (!col) continue
    header.push(source)
    const name = ident(col.column_name)
    select.push(
      col.column_type.startsWith('TIMESTAMP')
        ? textCellSql(`CASE WHEN microsecond(${name}) % 1000000 = 0 THEN strftime(${name}, '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(${name}, '%Y-%m-%dT%H:%M:%S.%fZ') END`)
        : columnCellSql(col.column_name, col.column_type)
    )
  }
  header.push(SAMPLE_RATE_COLUMN)
  const head = header.map(jsCsvCell).join(',') + '\n'
  // the kept rows, each with its weight as JS writes it: "rowid:sample_rate" pairs
  const pairs: string[] = []
  for (let i = 0; i < loaded.frame.n; i++) if (applied.kept[i]) pairs.push(`${loaded.rowids[i]}:${jsCsvCell(loaded.frame.w0[i] / applied.p[i])}`)
  if (pairs.length === 0) return head
  const [{ body }] = await ctx.engine.all<{ body: string | null }>(
    `WITH kept AS (
       SELECT CAST(split_part(pair, ':', 1) AS BIGINT) AS rid, split_part(pair, ':', 2) AS rate FROM (SELECT unnest(string_split(?, ',')) AS pair)
     )
     SELECT string_agg(concat_ws(',', ${select.join(', ')}, kept.rate), chr(10) ORDER BY interactions.rowid) AS body
     FROM interactions JOIN kept ON interactions.rowid = kept.rid`,
    [pairs.join(',')]
  )
  return head + (body ?? '') + '\n'
}

/** Every sampling file for one computation: the policy, the collector configs, the projection and backtest, and (when asked) the sampled interactions. */
export async function samplingFiles(
  ctx: AnalysisContext,
  c: SamplingComputation,
  o: { generatedAt: Date; appVersion: string; withSample: boolean }
): Promise<{ name: string; content: string }[]> {
  const p = c.result.projection
  const tracesPerSec = p.days > 0 ? p.total.rows / (p.days * 86400) : 0
  const files: { name: string; content: string }[] = [
    { name: SAMPLING_FILES.policy, content: samplingPolicyJson(c.result.policy, o) },
    { name: SAMPLING_FILES.otel, content: otelTailSamplingYaml(c.result.policy, { expectedTracesPerSec: tracesPerSec }) },
    { name: SAMPLING_FILES.projection, content: samplingProjectionCsv(p) },
    { name: SAMPLING_FILES.refinery, content: refineryRulesYaml(c.result.policy) },
    { name: SAMPLING_FILES.backtest, content: samplingBacktestCsv(c.result.backtest) }
  ]
  if (o.withSample) files.push({ name: SAMPLING_FILES.sample, content: await sampledInteractionsCsv(ctx, c) })
  return files
}
