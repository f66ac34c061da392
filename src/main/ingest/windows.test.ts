import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { createEngine, type Engine, type EngineKind } from '../engine/engine'
import { ingestFiles } from './ingest'

// Session-safe time split by hand, TIME_SPLIT_FRAC 0.5:
//   timed rows (second of 2025-01-01 00:00:ss): s1 1,2 | s2 3,4 | s3 5,6 | s4 7,20 | s5 12,13 | s6 14,15 | (null session) 16
//   n = 13, sorted [1,2,3,4,5,6,7,12,13,14,15,16,20]; cut position floor(0.5 * 13) = 6 -> cut_ts = :07
//   first timestamps <= :07 -> s1..s4 are history (8 rows, incl. s4's :20); s5, s6 and the null-session row -> evaluation (5)
//   history timestamps [1,2,3,4,5,6,7,20]: p85 = 6 + (5.95 - 5) * (7 - 6) = 6.95 -> calibration = :07 and :20 (2 rows), fit = 6
//   one more row has no timestamp: in no window
const ROWS: [string, string | null, number | null][] = [
  ['a1', 's1', 1], ['a2', 's1', 2], ['a3', 's2', 3], ['a4', 's2', 4], ['a5', 's3', 5], ['a6', 's3', 6], ['a7', 's4', 7], ['a8', 's4', 20],
  ['a9', 's5', 12], ['a10', 's5', 13], ['a11', 's6', 14], ['a12', 's6', 15], ['a13', null, 16], ['a14', 's7', null]
]

describe.each<EngineKind>(['native', 'wasm'])('session-safe time split on %s', (kind) => {
  let engine: Engine
  let dir: string
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-win-'))
    const lines = ['interaction_id,session_id,timestamp_utc,model_name,latency_ms,cost_usd,is_failure']
    for (const [id, s, t] of ROWS) lines.push(`${id},${s ?? ''},${t === null ? '' : `2025-01-01T00:00:${String(t).padStart(2, '0')}Z`},m,100,0.1,false`)
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), lines.join('\n') + '\n')
  })
  afterAll(async () => {
    await engine.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('cuts by session at floor(frac * n), calibrates on the tail of history', async () => {
    const r = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS, TIME_SPLIT_FRAC: 0.5 })
    const w = r.windows
    expect(w.windowing_method).toBe('session_safe_time_split')
    expect(w.cut_ts).toBe('2025-01-01 00:00:07+00:00')
    expect([w.history_rows, w.calibration_rows, w.fit_rows, w.evaluation_rows, w.rows_without_timestamp]).toEqual([8, 2, 6, 5, 1])
    expect(w.calibration_start_timestamp_utc).toBe('2025-01-01 00:00:07+00:00')
    expect(w.calibration_end_timestamp_utc).toBe('2025-01-01 00:00:20+00:00')
    expect(w.evaluation_start_timestamp_utc).toBe('2025-01-01 00:00:12+00:00')
    const roles = await engine.all<{ id: string; role: string | null; h: boolean }>('SELECT interaction_id AS id, win_role AS role, in_history AS h FROM interactions ORDER BY rowid')
    expect(roles.map((x) => x.role)).toEqual(['fit', 'fit', 'fit', 'fit', 'fit', 'fit', 'calibration', 'calibration', 'evaluation', 'evaluation', 'evaluation', 'evaluation', 'evaluation', null])
    expect(roles.filter((x) => x.h).length).toBe(8)
    expect(r.gates.find((g) => g.gate === 'session_leakage_history_vs_evaluation')?.status).toBe('pass')
  })

  it('flags a session split across train and test as leakage (stop-ship)', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-leak-'))
    fs.writeFileSync(
      path.join(d, 'llm_system_interactions.csv'),
      'interaction_id,session_id,timestamp_utc,split,latency_ms,cost_usd\nx1,s1,2025-01-01T00:00:00Z,train,1,1\nx2,s1,2025-01-02T00:00:00Z,test,1,1\nx3,s2,2025-01-02T00:00:00Z,test,1,1\n'
    )
    const r = await ingestFiles(engine, [d], { ...DEFAULT_KNOBS })
    const g = r.gates.find((x) => x.gate === 'session_leakage_history_vs_evaluation')!
    expect(g).toMatchObject({ status: 'fail', offending_count: 1, examples: ['s1'] })
    expect(r.blocked).toBe(true)
    fs.rmSync(d, { recursive: true, force: true })
  })

  it('uses date_utc + hour_of_day_utc when no timestamp parses, and then windows by split', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-date-'))
    fs.writeFileSync(
      path.join(d, 'llm_system_interactions.csv'),
      'interaction_id,timestamp_utc,date_utc,hour_of_day_utc,split\nx1,garbage,2025-03-01,5,train\nx2,,2025-03-02,23,test\n'
    )
    const r = await ingestFiles(engine, [d], { ...DEFAULT_KNOBS })
    expect(r.normalisation_notes.timestamp_source).toMatch(/date_utc \+ hour_of_day_utc/)
    expect(r.windows.history_start_timestamp_utc).toBe('2025-03-01 05:00:00+00:00')
    expect(r.windows.evaluation_end_timestamp_utc).toBe('2025-03-02 23:00:00+00:00')
    expect([r.windows.history_rows, r.windows.evaluation_rows]).toEqual([1, 1])
    fs.rmSync(d, { recursive: true, force: true })
  })
})
