import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { z } from 'zod'
import { SamplingInputsSchema, type SamplingInputsInput } from '../../shared/sampling'
import { computeSampling, type SamplingComputation } from '../analysis/sampling'
import { samplingRows } from '../analysis/samplingFixture'
import { fixtureContext, loadInteractions, type FixtureRow } from '../analysis/testTable'
import { createEngine, type Engine } from '../engine/engine'
import { ottlSampleHash } from '../ml/sampleHash'
import { OTEL_ATTRIBUTES, otelTailSamplingYaml, refineryRulesYaml, samplingBacktestCsv, samplingPolicyJson, samplingProjectionCsv } from './samplingArtifacts'

// The tail_sampling processor's config, as its config.go declares it (collector-contrib
// processor/tailsamplingprocessor): every key known, ints int64, each policy carrying the block of its type.
const int64 = z.bigint().min(-(2n ** 63n)).max(2n ** 63n - 1n)
const leaf = {
  latency: z.object({ threshold_ms: int64, upper_threshold_ms: int64.optional() }).strict(),
  numeric_attribute: z.object({ key: z.string().min(1), min_value: int64, max_value: int64, invert_match: z.boolean().optional() }).strict(),
  string_attribute: z
    .object({ key: z.string().min(1), values: z.array(z.string()).min(1), enabled_regex_matching: z.boolean().optional(), cache_max_size: int64.optional(), invert_match: z.boolean().optional() })
    .strict(),
  boolean_attribute: z.object({ key: z.string().min(1), value: z.boolean(), invert_match: z.boolean().optional() }).strict(),
  status_code: z.object({ status_codes: z.array(z.enum(['OK', 'ERROR', 'UNSET'])).min(1) }).strict(),
  probabilistic: z.object({ hash_salt: z.string().optional(), sampling_percentage: z.number() }).strict(),
  ottl_condition: z.object({ error_mode: z.enum(['ignore', 'silent', 'propagate']).optional(), span: z.array(z.string()).optional(), spanevent: z.array(z.string()).optional() }).strict()
} as const
const LEAF_TYPES = ['always_sample', ...Object.keys(leaf)] as const
function policySchema(types: readonly string[], nested: Record<string, z.ZodType>): z.ZodType {
  return z
    .object({ name: z.string().min(1), type: z.enum(types as [string, ...string[]]), ...Object.fromEntries(Object.entries({ ...leaf, ...nested }).map(([k, v]) => [k, v.optional()])) })
    .strict()
    .refine((p: Record<string, unknown>) => Object.keys(p).filter((k) => k !== 'name' && k !== 'type').every((k) => k === p.type), { message: 'a policy carries only the block of its own type' })
    .refine((p: Record<string, unknown>) => p.type === 'always_sample' || p[p.type as string] !== undefined, { message: 'a policy needs the block of its type' })
}
const AndSub = policySchema(LEAF_TYPES, {})
const Policy = policySchema([...LEAF_TYPES, 'and'], { and: z.object({ and_sub_policy: z.array(AndSub).min(1) }).strict() })
const CollectorConfig = z
  .object({
    processors: z
      .object({
        'transform/llm_sample_hash': z
          .object({ error_mode: z.enum(['ignore', 'silent', 'propagate']), trace_statements: z.array(z.object({ context: z.literal('span'), statements: z.array(z.string()).min(1) }).strict()) })
          .strict(),
        tail_sampling: z
          .object({ decision_wait: z.string().regex(/^\d+(ms|s|m)$/), num_traces: int64.refine((n) => n > 0n), expected_new_traces_per_sec: int64.refine((n) => n >= 0n), policies: z.array(Policy).min(1) })
          .strict()
      })
      .strict()
  })
  .strict()

type Decision = 'Sampled' | 'NotSampled' | 'InvertSampled' | 'InvertNotSampled'
/** A policy as parsed back: its name, type and the block of its type. */
interface SimPolicy {
  name: string
  type: string
  [block: string]: unknown
}
interface AttrMatch {
  key: string
  invert_match?: boolean
  values?: string[]
  enabled_regex_matching?: boolean
  value?: boolean
  min_value?: bigint
  max_value?: bigint
}
type Attr = string | boolean | bigint
interface Trace {
  attrs: Map<string, Attr>
  error: boolean
  durationMs: number
  startNs: bigint
}

/** The tail_sampling processor's evaluation, for one-span traces, as its policy evaluators decide. */
function evaluate(p: SimPolicy, t: Trace): Decision {
  const inv = (match: boolean, invert?: boolean): Decision => (invert ? (match ? 'InvertNotSampled' : 'InvertSampled') : match ? 'Sampled' : 'NotSampled')
  switch (p.type) {
    case 'always_sample':
      return 'Sampled'
    case 'status_code':
      return t.error && (p.status_code as { status_codes: string[] }).status_codes.includes('ERROR') ? 'Sampled' : 'NotSampled'
    case 'latency':
      return t.durationMs >= Number((p.latency as { threshold_ms: bigint }).threshold_ms) ? 'Sampled' : 'NotSampled'
    case 'boolean_attribute': {
      const c = p.boolean_attribute as AttrMatch
      return inv(t.attrs.get(c.key) === c.value, c.invert_match)
    }
    case 'string_attribute': {
      const c = p.string_attribute as AttrMatch
      const v = t.attrs.get(c.key)
      const match = typeof v === 'string' && (c.enabled_regex_matching ? c.values!.some((r) => new RegExp(r).test(v)) : c.values!.includes(v))
      return inv(match, c.invert_match)
    }
    case 'numeric_attribute': {
      const c = p.numeric_attribute as AttrMatch
      const v = t.attrs.get(c.key)
      return inv(typeof v === 'bigint' && v >= c.min_value! && v <= c.max_value!, c.invert_match)
    }
    case 'ottl_condition': {
      // the only condition the config writes: a window of the span's start time
      const [cond] = (p.ottl_condition as { span: string[] }).span
      const m = /^start_time_unix_nano >= (\d+) and start_time_unix_nano < (\d+)$/.exec(cond)
      if (!m) throw new Error(`OTTL condition not simulated: ${cond}`)
      return t.startNs >= BigInt(m[1]) && t.startNs < BigInt(m[2]) ? 'Sampled' : 'NotSampled'
    }
    case 'and':
      return (p.and as { and_sub_policy: SimPolicy[] }).and_sub_policy.every((s) => {
        const d = evaluate(s, t)
        return d === 'Sampled' || d === 'InvertSampled'
      })
        ? 'Sampled'
        : 'NotSampled'
  }
  throw new Error(`policy type ${p.type} not simulated`)
}

/** The processor's final decision: an inverted not-sample vetoes; else any sample keeps. */
function collectorKeeps(policies: SimPolicy[], t: Trace): boolean {
  const ds = policies.map((p) => evaluate(p, t))
  if (ds.includes('InvertNotSampled')) return false
  return ds.includes('Sampled') || (ds.includes('InvertSampled') && !ds.includes('NotSampled'))
}

/** The span a row's instrumentation would emit, after the transform processor of the config. */
function traceOf(row: FixtureRow, salt: string): Trace {
  const attrs = new Map<string, Attr>()
  for (const [col, a] of Object.entries(OTEL_ATTRIBUTES)) {
    const v = row[col]
    if (v === null || v === undefined || col === 'cost_usd') continue
    attrs.set(a.key, a.kind === 'int' ? BigInt(Math.floor(v as number)) : a.kind === 'bool' ? Boolean(v) : String(v))
  }
  for (const flag of ['safety_block_flag', 'latency_timeout_flag', 'hallucination_flag', 'is_failure']) attrs.set(OTEL_ATTRIBUTES[flag].key, Boolean(row[flag]))
  if (typeof row.cost_usd === 'number') attrs.set('llm.cost_usd_micros', BigInt(Math.trunc(row.cost_usd * 1000000)))
  if (typeof row.interaction_id === 'string') attrs.set('llm.sample_hash', BigInt(ottlSampleHash(row.interaction_id, salt)))
  const startNs = BigInt(Date.parse(`${String(row.timestamp_utc).replace(' ', 'T')}Z`)) * 1_000_000n
  return { attrs, error: row.is_failure === true, durationMs: typeof row.latency_ms === 'number' ? row.latency_ms : 0, startNs }
}

const ROWS = samplingRows()
const RULES: SamplingInputsInput['rules'] = [
  { id: 'halluc', condition: { op: 'is_true', field: 'hallucination_flag' }, rate: 1 },
  { id: 'code', name: 'Code requests', condition: { op: 'in', field: 'use_case', values: ['code'] }, rate: 0.05 },
  { id: 'expensive', condition: { op: 'gt', field: 'cost_usd', value: 0.0155 }, rate: 0.9 },
  { id: 'long', condition: { op: 'gt', field: 'total_tokens', value: 950 }, rate: 0 }
]

describe('sampling exports', () => {
  let engine: Engine
  const computed = new Map<string, SamplingComputation>()
  beforeAll(async () => {
    engine = (await createEngine('native')).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => engine.close())
  const compute = async (o: SamplingInputsInput): Promise<SamplingComputation> => {
    const key = JSON.stringify(o)
    if (!computed.has(key)) computed.set(key, await computeSampling(fixtureContext(engine), SamplingInputsSchema.parse(o)))
    return computed.get(key)!
  }

  it.each([
    ['default rates only', { budget: { kind: 'keep_share', keep_share: 0.2 }, min_kept_per_stratum_day: 0 }],
    ['operator rules, a salt and a rare slice kept whole', { budget: { kind: 'keep_share', keep_share: 0.3 }, rules: RULES, hash_salt: 'pepper/7', min_kept_per_stratum_day: 5 }],
    ['keep rules sampled (budget below the keep-for-sure rows)', { budget: { kind: 'keep_share', keep_share: 0.05 } }],
    ['a boosted day, with operator rules', { budget: { kind: 'keep_share', keep_share: 0.3 }, rules: RULES, min_kept_per_stratum_day: 0, boost: { days: ['2025-03-02'], factor: 2 } }]
  ] as [string, SamplingInputsInput][])('the OTel config parses back into the collector schema and keeps exactly the rows the app keeps: %s', async (_, o) => {
    const c = await compute(o)
    const text = otelTailSamplingYaml(c.result.policy, { expectedTracesPerSec: 0.03 })
    const parsed = YAML.parse(text, { intAsBigInt: true })
    const config = CollectorConfig.parse(parsed)
    const policies = config.processors.tail_sampling.policies as unknown as SimPolicy[]
    // failure rules first
    expect(policies[0]).toEqual({ name: 'keep-failures-span-status', type: 'status_code', status_code: { status_codes: ['ERROR'] } })
    expect(policies[1]).toMatchObject({ type: 'boolean_attribute', boolean_attribute: { key: 'llm.is_failure', value: true } })
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length)
    expect(config.processors['transform/llm_sample_hash'].trace_statements[0].statements[0]).toBe(
      o.hash_salt
        ? 'set(attributes["llm.sample_hash"], FNV(SHA256(Concat(["pepper/7", attributes["llm.interaction_id"]], "")))) where attributes["llm.interaction_id"] != nil'
        : 'set(attributes["llm.sample_hash"], FNV(SHA256(attributes["llm.interaction_id"]))) where attributes["llm.interaction_id"] != nil'
    )
    // every row of the fixture, as a trace through the collector, gets the app's decision
    if (o.min_kept_per_stratum_day === 5) expect(policies.find((p) => p.name === 'sample-m3-rag')).toMatchObject({ type: 'and' })
    if (o.boost) expect(policies.find((p) => p.name === 'boost-2025-03-02')).toMatchObject({ type: 'and' })
    const byId = new Map(Array.from(c.loaded.rowids, (rid, i) => [rid, i]))
    let kept = 0
    ROWS.forEach((row, rid) => {
      const i = byId.get(rid)!
      const app = c.applied.kept[i] === 1
      expect(collectorKeeps(policies, traceOf(row, o.hash_salt ?? '')), `row ${rid} (${row.interaction_id}, rate ${c.applied.p[i]})`).toBe(app)
      if (app) kept++
    })
    expect(kept).toBe(c.result.projection.total.sampled_rows)
  })

  it('the OTel config writes a rate of 0 as a rule that keeps nothing and that later rules exclude', async () => {
    const c = await compute({ budget: { kind: 'keep_share', keep_share: 0.3 }, rules: RULES, hash_salt: 'pepper/7', min_kept_per_stratum_day: 5 })
    const policies = YAML.parse(otelTailSamplingYaml(c.result.policy, { expectedTracesPerSec: 1 }), { intAsBigInt: true }).processors.tail_sampling.policies as SimPolicy[]
    expect(policies.some((p) => p.name === 'sample-long')).toBe(false)
    const last = policies[policies.length - 1]
    expect(last.name).toBe('sample-everything-else')
    const excluded = (last.and as { and_sub_policy: SimPolicy[] }).and_sub_policy
      .filter((s) => Object.values(s).some((v) => typeof v === 'object' && v !== null && (v as AttrMatch).invert_match === true))
      .map((s) => s.name)
    // the default rate (above 0.05) must not resample the code rule's rows, nor the rate-0 rule's
    expect(excluded).toEqual(['sample-everything-else-not-code', 'sample-everything-else-not-long'])
    expect(c.result.rules.find((r) => r.id === 'long')!.sampled_rows).toBe(0)
  })

  it('writes a Refinery rules file: first match wins, failures first, 1-in-N rates, a default rule without conditions', async () => {
    const c = await compute({ budget: { kind: 'keep_share', keep_share: 0.3 }, rules: RULES, hash_salt: 'pepper/7', min_kept_per_stratum_day: 5 })
    const doc = YAML.parse(refineryRulesYaml(c.result.policy))
    expect(doc.RulesVersion).toBe(2)
    const rules = doc.Samplers.__default__.RulesBasedSampler.Rules as Record<string, unknown>[]
    expect(rules[0]).toEqual({ Name: 'keep failures', SampleRate: 1, Conditions: [{ Field: 'llm.is_failure', Operator: '=', Value: true, Datatype: 'bool' }] })
    const named = (prefix: string) => rules.find((r) => String(r.Name).startsWith(prefix))
    expect(named('sample code')).toMatchObject({ SampleRate: 20, Conditions: [{ Field: 'llm.use_case', Operator: 'in', Value: ['code'], Datatype: 'string' }] })
    expect(named('sample long')).toMatchObject({ Drop: true })
    expect(named('keep sla_breaches')).toMatchObject({ SampleRate: 1, Conditions: [{ Field: 'duration_ms', Operator: '>', Value: 2200, Datatype: 'float' }] })
    const last = rules[rules.length - 1]
    expect(last).toEqual({ Name: 'everything else', SampleRate: Math.round(1 / c.result.policy.base_rate) })
    for (const r of rules) expect(r.SampleRate === undefined || (Number.isInteger(r.SampleRate) && (r.SampleRate as number) >= 1)).toBe(true)
  })

  it('writes the policy as plain JSON and the projection and backtest as CSV with a TOTAL row', async () => {
    const c = await compute({ budget: { kind: 'keep_share', keep_share: 0.2 } })
    const json = JSON.parse(samplingPolicyJson(c.result.policy, { generatedAt: new Date('2025-01-01T00:00:00Z'), appVersion: '1.2.3' }))
    expect(json).toMatchObject({ kind: 'telemetry_sampling_policy', format_version: 1, budget: { kind: 'keep_share', keep_share: 0.2 }, generated_at: '2025-01-01T00:00:00.000Z', app_version: '1.2.3' })
    expect(json.rules[0]).toMatchObject({ id: 'failures', rate: 1 })
    expect(json.hash.algorithm).toBe('fnv1a_64')
    const proj = samplingProjectionCsv(c.result.projection).trim().split('\n')
    expect(proj[0]).toBe('model_name,use_case,rows,must_keep_rows,expected_kept_rows,sampled_rows,keep_share,bytes,expected_kept_bytes,storage_usd_month,kept_storage_usd_month,saving_usd_month,rate_min,rate_mean,rate_max')
    expect(proj[proj.length - 1].startsWith('TOTAL,TOTAL,3000,')).toBe(true)
    expect(proj).toHaveLength(1 + c.result.projection.rows.length + 1)
    const bt = samplingBacktestCsv(c.result.backtest).trim().split('\n')
    expect(bt[0]).toBe('model_name,use_case,metric,true_value,estimate,error,rel_error,std_error,z')
    expect(bt[1].startsWith('TOTAL,TOTAL,requests,3000,')).toBe(true)
  })
})
