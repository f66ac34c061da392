import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from './ingest'
import { SAMPLE_RATE_GATE } from './sampleRate'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sample-rate-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function write(name: string, header: string, rows: string[]): string {
  const d = path.join(dir, name)
  fs.mkdirSync(d)
  fs.writeFileSync(path.join(d, 'llm_system_interactions.csv'), [header, ...rows].join('\n') + '\n')
  return d
}

describe('sample_rate at ingest', () => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine('native')).engine
  })
  afterAll(async () => engine.close())

  it('a dump without it keeps its table and report exactly: no column, no gate, no sample_rate info', async () => {
    const d = write('none', 'interaction_id,model_name,latency_ms', ['a,m,10', 'b,m,20'])
    const report = await ingestFiles(engine, [d], { ...DEFAULT_KNOBS })
    expect(report.sample_rate).toBeUndefined()
    expect(report.gates.some((g) => g.gate === SAMPLE_RATE_GATE)).toBe(false)
    const cols = await engine.all<{ column_name: string }>('SELECT column_name FROM (DESCRIBE interactions)')
    expect(cols.map((c) => c.column_name)).not.toContain('sample_rate')
  })

  it('reads a numeric sample_rate, passes the gate and sums the weights', async () => {
    const d = write('typed', 'interaction_id,model_name,latency_ms,sample_rate', ['a,m,10,1', 'b,m,20,4', 'c,m,30,2.5'])
    const report = await ingestFiles(engine, [d], { ...DEFAULT_KNOBS })
    expect(report.sample_rate).toEqual({ source_column: 'sample_rate', valid_rows: 3, invalid_rows: 0, weighted_rows: 7.5, min: 1, max: 4 })
    const gate = report.gates.find((g) => g.gate === SAMPLE_RATE_GATE)!
    expect(gate.status).toBe('pass')
    expect(report.gates_failed).not.toContain(SAMPLE_RATE_GATE)
    const [t] = await engine.all<{ t: string }>(`SELECT typeof(sample_rate) AS t FROM interactions LIMIT 1`)
    expect(t.t).toBe('DOUBLE')
  })

  it("maps other samplers' names (Honeycomb's SampleRate) and says which column it was", async () => {
    const d = write('alias', 'interaction_id,model_name,SampleRate', ['a,m,10', 'b,m,10'])
    const report = await ingestFiles(engine, [d], { ...DEFAULT_KNOBS })
    expect(report.tables.interactions!.column_mapping.sample_rate).toBe('SampleRate')
    expect(report.sample_rate?.source_column).toBe('SampleRate')
    expect(report.sample_rate?.weighted_rows).toBe(20)
  })

  it('fails its gate, naming the rows, when a value is missing, not a number, infinite or below 1 (those rows count once)', async () => {
    const d = write('bad', 'interaction_id,model_name,sample_rate', ['a,m,3', 'b,m,', 'c,m,abc', 'd,m,0.25', 'e,m,-2', 'f,m,inf', 'g,m,0'])
    const report = await ingestFiles(engine, [d], { ...DEFAULT_KNOBS })
    const gate = report.gates.find((g) => g.gate === SAMPLE_RATE_GATE)!
    expect(gate.status).toBe('fail')
    expect(gate.offending_count).toBe(6)
    expect(gate.examples).toEqual(['b', 'c', 'd', 'e', 'f'])
    expect(gate.detail).toMatch(/6 row\(s\) have a sample_rate .* missing, not a number or below 1; they count with weight 1/)
    expect(gate.detail).toMatch(/1 value\(s\) lie between 0 and 1: sample_rate is how many rows one row stands for/)
    expect(report.gates_failed).toContain(SAMPLE_RATE_GATE)
    expect(report.blocked).toBe(true)
    expect(report.sample_rate).toMatchObject({ valid_rows: 1, invalid_rows: 6, weighted_rows: 9, min: 3, max: 3 })
  })
})
