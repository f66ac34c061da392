import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_SAMPLING_INPUTS } from '../../shared/sampling'
import { dispatch } from './dispatch'
import { Workbench } from './workbench'

const SAMPLE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')

describe('Workbench', () => {
  const wb = new Workbench({ mode: 'web' })
  afterAll(() => wb.dispose())

  it('re-judges the load-time gates and windows when their knobs change', async () => {
    // A time-split dataset whose latency is 1/4 missing.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-knobs-'))
    const rows = ['interaction_id,session_id,timestamp_utc,latency_ms,cost_usd,is_failure']
    for (let i = 0; i < 40; i++) rows.push(`i${i},s${i},2025-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:${String(i % 60).padStart(2, '0')}Z,${i % 4 === 0 ? '' : 100 + i},0.1,${i % 5 === 0}`)
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), rows.join('\n') + '\n')
    const ds = await wb.loadDataset({ jobId: 1, paths: [dir] })
    expect(ds.report.gates.find((g) => g.gate === 'latency_missing_rate')?.status).toBe('fail')
    const before = ds.report.windows.history_rows
    const r = await wb.setKnobs({ knobs: { MAX_LATENCY_MISSING_RATE: 0.3, TIME_SPLIT_FRAC: 0.5 } })
    expect(r.ok).toBe(true)
    const after = (await wb.getDataset())!
    expect(after.report.gates.find((g) => g.gate === 'latency_missing_rate')).toMatchObject({ status: 'pass', detail: 'missing share 0.250000 vs max 0.3' })
    expect(after.report.blocked).toBe(false)
    expect(after.report.windows.history_rows).toBeLessThan(before)
    expect(after.report.windows.history_rows + after.report.windows.evaluation_rows).toBe(40)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('refuses invalid knobs with messages naming them and keeps the old ones', async () => {
    const r = await wb.setKnobs({ knobs: { CAPACITY_PER_DAY: 0, DAILY_COST_BUDGET_USD: -1 } })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.errors.join(' ')).toMatch(/CAPACITY_PER_DAY.*at least 1/)
    expect((await wb.getKnobs()).CAPACITY_PER_DAY).toBe(200)
  })

  it('runs triage as a job and pages its queue; overrides only failed gates', async () => {
    await wb.loadDataset({ jobId: 2, paths: [SAMPLE] })
    const t = await wb.runTriage({ jobId: 3 })
    expect(t.status).toBe('ok')
    expect(t.queue_total).toBe(359)
    const page = await wb.getTriageQueue({ offset: 350, limit: 20 })
    expect(page.rows).toHaveLength(9)
    await expect(wb.setGateOverrides({ gates: ['no_such_gate'] })).rejects.toThrow(/unknown gate/)
    expect(await wb.setGateOverrides({ gates: ['token_accounting'] })).toEqual({ overridden: [], blocking: [] })
  })

  it('answers the sampling policy through the contract, validating the inputs, and exports its files', async () => {
    await wb.loadDataset({ jobId: 4, paths: [SAMPLE] })
    const r = await dispatch(wb, 'getSampling', { scope: {}, inputs: { budget: { kind: 'keep_share', keep_share: 0.5 } } })
    expect(r.ok).toBe(true)
    const value = (r as { ok: true; value: { rules: { id: string; rate: number }[]; policy: { feasibility: { budget_share: number } } } }).value
    expect(value.rules[0]).toMatchObject({ id: 'failures', rate: 1 })
    expect(value.policy.feasibility.budget_share).toBe(0.5)
    const bad = await dispatch(wb, 'getSampling', { inputs: { budget: { kind: 'keep_share', keep_share: 2 }, rules: [{ id: 'x y', condition: { op: 'gt', field: 'request_text', value: 1 }, rate: -1 }] } })
    expect(bad.ok).toBe(false)
    const details = (bad as { ok: false; error: { details: string[] } }).error.details.join('\n')
    expect(details).toMatch(/inputs\.budget\.keep_share: the keep share is at most 1/)
    expect(details).toMatch(/inputs\.rules\.0\.id/)
    expect(details).toMatch(/inputs\.rules\.0\.rate: a rate is at least 0/)
    const files = await wb.exportSampling({ jobId: 5, scope: {}, inputs: DEFAULT_SAMPLING_INPUTS, withSample: true })
    expect(files.files.map((f) => f.name)).toEqual(['sampling_policy.json', 'sampling_policy.otel.yaml', 'sampling_projection.csv', 'sampling_refinery_rules.yaml', 'sampling_backtest.csv', 'llm_system_interactions.csv'])
  })
})
