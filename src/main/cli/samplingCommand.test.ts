import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { healthSnapshot } from '../analysis/health'
import { costAnalytics } from '../analysis/costs'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { SAMPLE_RATE_GATE } from '../ingest/sampleRate'
import { cli, scratchDirs } from '../testing/testHarness'

const ROOT = path.resolve(__dirname, '../../..')
const SAMPLE = path.join(ROOT, 'test/fixtures/notebook-sample/input')
const tmpDir = scratchDirs('wb-sampling-')
function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n')
  const cols = head.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])))
}

describe('sampling command', () => {
  let generated: string
  beforeAll(() => {
    generated = tmpDir()
    generateDataset({ rows: 6000, seed: 11, days: 30 }, createFileSinks(generated).sinks)
  })

  it('writes the policy, the OTel config and the projection, and a sample with the source columns plus sample_rate', async () => {
    const out = tmpDir()
    const emit = path.join(out, 'sample')
    const r = await cli(['sampling', '--data', SAMPLE, '--out', out, '--keep-share', '0.2', '--emit-sample', emit])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/wrote 5 sampling files/)
    expect(fs.readdirSync(out).sort()).toEqual(['sample', 'sampling_backtest.csv', 'sampling_policy.json', 'sampling_policy.otel.yaml', 'sampling_projection.csv', 'sampling_refinery_rules.yaml'])
    const policy = JSON.parse(fs.readFileSync(path.join(out, 'sampling_policy.json'), 'utf8'))
    expect(policy).toMatchObject({ kind: 'telemetry_sampling_policy', budget: { kind: 'keep_share', keep_share: 0.2 } })
    expect(policy.data.inputs.find((i: { table: string }) => i.table === 'interactions')).toMatchObject({ file: 'llm_system_interactions.csv', rows: 2400 })
    const otel = YAML.parse(fs.readFileSync(path.join(out, 'sampling_policy.otel.yaml'), 'utf8'), { intAsBigInt: true })
    expect(otel.processors.tail_sampling.policies[0].type).toBe('status_code')
    const source = fs.readFileSync(path.join(SAMPLE, 'llm_system_interactions.csv'), 'utf8').split('\n')
    const sample = fs.readFileSync(path.join(emit, 'llm_system_interactions.csv'), 'utf8').split('\n')
    expect(sample[0]).toBe(source[0].trim() + ',sample_rate')
    const rows = parseCsv(sample.join('\n'))
    expect(rows.length).toBe(policy.projection_total.sampled_rows)
    // every failure of the source is in the sample, standing for itself
    const failures = parseCsv(source.join('\n')).filter((x) => x.is_failure === 'True')
    const byId = new Map(rows.map((x) => [x.interaction_id, x]))
    for (const f of failures) expect(byId.get(f.interaction_id)?.sample_rate, f.interaction_id).toBe('1')
    for (const x of rows) expect(Number(x.sample_rate)).toBeGreaterThanOrEqual(1)
    // rows keep their values (the source's spelling of numbers and flags)
    const src = parseCsv(source.join('\n')).find((x) => x.interaction_id === rows[0].interaction_id)!
    for (const k of ['latency_ms', 'cost_usd', 'model_name', 'is_failure', 'safety_block_flag']) expect(rows[0][k], k).toBe(src[k])
  }, 120_000)

  it('gives the same sample for the same input', async () => {
    const a = tmpDir()
    const b = tmpDir()
    for (const d of [a, b]) expect((await cli(['sampling', '--data', generated, '--out', d, '--keep-share', '0.3', '--emit-sample', d])).code).toBe(0)
    for (const f of ['llm_system_interactions.csv', 'sampling_policy.otel.yaml', 'sampling_projection.csv', 'sampling_backtest.csv']) {
      expect(fs.readFileSync(path.join(a, f), 'utf8'), f).toBe(fs.readFileSync(path.join(b, f), 'utf8'))
    }
  }, 120_000)

  describe('the emitted sample read back by the app', () => {
    let engine: Engine
    let out: string
    beforeAll(async () => {
      out = tmpDir()
      const r = await cli(['sampling', '--data', generated, '--out', out, '--keep-share', '0.3', '--emit-sample', path.join(out, 'sample')])
      expect(r.code).toBe(0)
      engine = (await createEngine('native')).engine
    }, 120_000)
    afterAll(async () => engine.close())

    it('is weighted by sample_rate, and its KPIs are the backtest estimates, within their standard errors of the full dump', async () => {
      const full = await ingestFiles(engine, [generated], { ...DEFAULT_KNOBS })
      const fullCtx = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report: full, overrideGates: [] }
      const truth = await healthSnapshot(fullCtx)
      const truthCost = await costAnalytics(fullCtx)

      const report = await ingestFiles(engine, [path.join(out, 'sample')], { ...DEFAULT_KNOBS })
      expect(report.sample_rate).toMatchObject({ source_column: 'sample_rate', invalid_rows: 0 })
      expect(report.gates.find((g) => g.gate === SAMPLE_RATE_GATE)?.status).toBe('pass')
      const ctx = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }
      const h = await healthSnapshot(ctx)
      const c = await costAnalytics(ctx)

      const backtest = parseCsv(fs.readFileSync(path.join(out, 'sampling_backtest.csv'), 'utf8')).filter((x) => x.model_name === 'TOTAL')
      const est = (m: string) => backtest.find((x) => x.metric === m)!
      // the app's weighted numbers are the backtest's re-weighted estimates
      expect(h.interactions).toBeCloseTo(Number(est('requests').estimate), 6)
      expect(h.failure_rate!).toBeCloseTo(Number(est('failure_rate').estimate), 12)
      expect(h.total_cost_usd!).toBeCloseTo(Number(est('cost_usd').estimate), 9)
      expect(h.p95_latency_ms!).toBeCloseTo(Number(est('p95_latency_ms').estimate), 6)
      expect(Number(est('requests').true_value)).toBe(6000)
      // ... and they lie within 3 standard errors of the full dump's
      const near = (got: number, want: number, se: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(3 * se + 1e-9)
      near(h.interactions, truth.interactions, Number(est('requests').std_error))
      near(h.failure_rate!, truth.failure_rate!, Number(est('failure_rate').std_error))
      near(h.total_cost_usd!, truth.total_cost_usd!, Number(est('cost_usd').std_error))
      near(c.total_cost, truthCost.total_cost, Number(est('cost_usd').std_error))
      // failures are all kept with weight 1: the weighted failure count is exact
      expect(h.failure_rate! * h.interactions).toBeCloseTo(truth.failure_rate! * truth.interactions, 6)
      // the p95 of a 30% sample stays within a few percent
      expect(Math.abs(h.p95_latency_ms! / truth.p95_latency_ms! - 1)).toBeLessThan(0.05)
    }, 120_000)
  })

  it('refuses a missing or bad keep share and bad inputs, naming them', async () => {
    const out = tmpDir()
    expect((await cli(['sampling', '--data', SAMPLE, '--out', out])).err).toMatch(/sampling needs --keep-share/)
    const bad = await cli(['sampling', '--data', SAMPLE, '--out', out, '--keep-share', '1.5'])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/--keep-share must be a number above 0 and at most 1/)
    const file = path.join(out, 'inputs.json')
    fs.writeFileSync(file, JSON.stringify({ rules: [{ id: 'x', condition: { op: 'in', field: 'prompt', values: ['a'] }, rate: 2 }] }))
    const inputs = await cli(['sampling', '--data', SAMPLE, '--out', out, '--keep-share', '0.2', '--sampling-inputs', file])
    expect(inputs.code).toBe(1)
    expect(inputs.err).toMatch(/--sampling-inputs .*inputs\.json: rules\.0\.condition\.field/)
  }, 120_000)

  it('reads rules and boosted days from --sampling-inputs (the hook for anomaly days)', async () => {
    const out = tmpDir()
    const file = path.join(out, 'inputs.json')
    fs.writeFileSync(file, JSON.stringify({ rules: [{ id: 'coding', condition: { op: 'in', field: 'use_case', values: ['coding'] }, rate: 0.5 }], boost: { from_anomalies: false, days: ['2025-01-20'], factor: 2 }, min_kept_per_stratum_day: 0 }))
    const r = await cli(['sampling', '--data', SAMPLE, '--out', out, '--keep-share', '0.6', '--sampling-inputs', file])
    expect(r.code).toBe(0)
    const policy = JSON.parse(fs.readFileSync(path.join(out, 'sampling_policy.json'), 'utf8'))
    expect(policy.rules.find((x: { id: string }) => x.id === 'coding')).toMatchObject({ rate: 0.5, condition_text: 'use_case in (coding)' })
    expect(policy.knobs.boost).toEqual({ enabled: true, from_anomalies: false, days: ['2025-01-20'], factor: 2 })
    expect(policy.boost_targets).toMatchObject([{ date: '2025-01-20', dimension: 'all', source: 'operator' }])
    expect(policy.stratum_rates.every((s: { date_utc: string }) => s.date_utc === '2025-01-20')).toBe(true)
    expect(policy.stratum_rates.length).toBeGreaterThan(0)
  }, 120_000)

  it('boosts the anomaly days by default; --boost sets the factor or turns the rule off', async () => {
    const on = tmpDir()
    const r = await cli(['sampling', '--data', SAMPLE, '--out', on, '--keep-share', '0.6', '--boost', '4'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^boost: x4 on \d+ day\(s\)/m)
    const policy = JSON.parse(fs.readFileSync(path.join(on, 'sampling_policy.json'), 'utf8'))
    expect(policy.knobs.boost).toEqual({ enabled: true, from_anomalies: true, days: [], factor: 4 })
    expect(policy.rules.map((x: { id: string }) => x.id).slice(-2)).toEqual(['anomaly_boost', 'default'])
    const off = tmpDir()
    expect((await cli(['sampling', '--data', SAMPLE, '--out', off, '--keep-share', '0.6', '--boost', 'off'])).code).toBe(0)
    const offPolicy = JSON.parse(fs.readFileSync(path.join(off, 'sampling_policy.json'), 'utf8'))
    expect(offPolicy.knobs.boost.enabled).toBe(false)
    expect(offPolicy.boost_targets).toEqual([])
    const bad = await cli(['sampling', '--data', SAMPLE, '--out', off, '--keep-share', '0.6', '--boost', '0.5'])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/--boost must be a factor from 1 to 1000/)
  }, 120_000)
})
