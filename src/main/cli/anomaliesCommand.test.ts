import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { csvRecords } from '../artifacts/compareArtifacts'
import { cli } from '../testing/testHarness'

const DAY_MS = 86_400_000
const daysApart = (a: string, b: string): number => Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS

// The generator's own drift (gemini-1.5-flash fails more and slows down over the last quarter: from
// 2025-03-18 with 60 days from 2025-02-01) and a planted failure step for claude-3-haiku on 2025-02-24.
describe('anomalies command on generated data with planted changes', () => {
  let dir: string
  let out: string
  let rows: Record<string, string>[]
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-anomalies-'))
    const data = path.join(dir, 'data')
    generateDataset({ rows: 40_000, seed: 21, plant: { failureSteps: [{ model: 'claude-3-haiku', from: '2025-02-24', factor: 2.5 }] } }, createFileSinks(data).sinks)
    out = path.join(dir, 'out')
    const r = await cli(['anomalies', '--data', data, '--out', out])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^wrote \d+ finding\(s\) in \d+ alarm\(s\) to .*anomalies\.csv \(100 series over 60 day\(s\), 2025-02-01 to 2025-04-01; ANOMALY_Z 4, ANOMALY_MIN_REQUESTS 10\)/)
    rows = csvRecords(fs.readFileSync(path.join(out, 'anomalies.csv'), 'utf8'))
  }, 120_000)
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('writes the fixed columns first, one row per finding in rank order', () => {
    const header = fs.readFileSync(path.join(out, 'anomalies.csv'), 'utf8').split('\n')[0]
    expect(header.startsWith('metric,dimension,value,date,kind,')).toBe(true)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.map((r) => Number(r.rank))).toEqual(rows.map((_, i) => i + 1))
    for (const r of rows) {
      expect(['requests', 'failure_rate', 'sla_breach_rate', 'p95_latency_ms', 'cost_usd']).toContain(r.metric)
      expect(['change_point', 'spike']).toContain(r.kind)
      expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      if (r.dimension === 'all') expect(r.value).toBe('all')
    }
  })

  it('finds the planted failure step of claude-3-haiku on its day, with the model as the responsible slice', () => {
    const step = rows.find((r) => r.metric === 'failure_rate' && r.kind === 'change_point' && r.dimension === 'model_name' && r.value === 'claude-3-haiku')
    expect(step).toBeDefined()
    expect(daysApart(step!.date, '2025-02-24')).toBeLessThanOrEqual(2)
    expect(step!.responsible_value).toBe('claude-3-haiku')
    expect(Number(step!.after)).toBeGreaterThan(Number(step!.before) * 1.8)
    expect(Number(step!.extra_failures)).toBeGreaterThan(0)
  })

  it('finds the latency regression of gemini-1.5-flash from the start of the drift, traced to that model', () => {
    const p95 = rows.find((r) => r.metric === 'p95_latency_ms' && r.kind === 'change_point' && r.dimension === 'model_name' && r.value === 'gemini-1.5-flash')
    expect(p95).toBeDefined()
    expect(daysApart(p95!.date, '2025-03-18')).toBeLessThanOrEqual(2)
    expect(p95!.tone).toBe('worse')
    const overall = rows.find((r) => r.metric === 'p95_latency_ms' && r.dimension === 'all')
    expect(overall?.responsible_value).toBe('gemini-1.5-flash')
    // among the first alarms (the file lists alarms in rank order, each alarm's findings together)
    const alarms = [...new Set(rows.map((r) => r.alarm_id))]
    expect(alarms.indexOf(p95!.alarm_id)).toBeLessThan(5)
  })

  it('raises nothing before either change', () => {
    expect(rows.filter((r) => r.date < '2025-02-22')).toEqual([])
  })

  it('names the knob that is invalid', async () => {
    const knobs = path.join(dir, 'bad-knobs.json')
    fs.writeFileSync(knobs, JSON.stringify({ ANOMALY_Z: 0, ANOMALY_MIN_REQUESTS: 2.5 }))
    const r = await cli(['anomalies', '--data', path.join(dir, 'data'), '--out', path.join(dir, 'x'), '--knobs', knobs])
    expect(r.code).toBe(1)
    expect(r.err).toContain('ANOMALY_Z: ANOMALY_Z must be between 1 and 20 (lower raises more alarms)')
    expect(r.err).toContain('ANOMALY_MIN_REQUESTS: ANOMALY_MIN_REQUESTS must be a whole number')
    expect(fs.existsSync(path.join(dir, 'x', 'anomalies.csv'))).toBe(false)
  })
})
