import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RejectedRow } from '../../shared/types'
import { createEngine, type Engine, type EngineKind } from '../engine/engine'
import { checkFile } from './fileCheck'
import { loadInteractions } from './ingest'
import { readRejects, sniffDialect } from './loadTable'

const HEADER = 'interaction_id,session_id,user_id,timestamp_utc,split,latency_ms,prompt_tokens,completion_tokens,total_tokens,cost_usd,temperature,is_failure,failure_type,safety_block_flag,user_reported_issue,request_text'
/** Past the sniffer's 20,480-row sample, so the rows after it cannot steer the column types. */
const CLEAN_ROWS = 20_600

const cleanRow = (i: number): string =>
  `i${i},s${i % 997},u${i % 13},2025-01-${String(1 + (i % 28)).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00Z,${['train', 'val', 'test'][i % 3]},${1000 + (i % 500)},${i % 40},${i % 70},${(i % 40) + (i % 70)},0.0${i % 10}5,0.${i % 10},${i % 4 === 0 ? 'True' : 'False'},${i % 4 === 0 ? 'tool_error' : 'none'},${i % 9 === 0 ? 'True' : 'False'},False,request ${i}`

/** One row with the given cells replacing the clean row's latency, cost, is_failure and safety flag. */
const oddRow = (i: number, latency: string, cost: string, failure: string, flag: string): string => {
  const cells = cleanRow(i).split(',')
  cells[5] = latency
  cells[9] = cost
  cells[11] = failure
  cells[13] = flag
  return cells.join(',')
}

let written = 0
/** A new file each time: DuckDB caches file contents by path, so a rewritten path could be read stale. */
function newCsvPath(dir: string): string {
  const sub = path.join(dir, String(++written))
  fs.mkdirSync(sub)
  return path.join(sub, 'llm_system_interactions.csv')
}

function writeCsv(dir: string, rows: string[], eol = '\n'): string {
  const file = newCsvPath(dir)
  fs.writeFileSync(file, [HEADER, ...rows].join(eol) + eol)
  return file
}

const cleanRows = (): string[] => Array.from({ length: CLEAN_ROWS }, (_, i) => cleanRow(i + 1))

describe.each<EngineKind>(['native', 'wasm'])('typed read vs text read on %s', (kind) => {
  let engine: Engine
  let dir: string
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-typed-'))
  })
  afterAll(async () => {
    await engine.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  /** Loads the file both ways and returns what each did, its rejects, and how many rows differ (every column, row order included). */
  async function bothWays(file: string): Promise<{ typed: boolean; rows: number; differing: number; sameSchema: boolean; rejects: [RejectedRow[], RejectedRow[]] }> {
    const check = checkFile(file)
    const dialect = await sniffDialect(engine, file, check)
    const rejects: RejectedRow[][] = []
    let typed = false
    for (const mode of ['text', 'typed'] as const) {
      await engine.run('DROP TABLE IF EXISTS rejects_t_errors')
      await engine.run('DROP TABLE IF EXISTS rejects_t_scans')
      const r = await loadInteractions(engine, file, dialect, check, 'rejects_t', { typed: mode === 'typed' })
      if (mode === 'typed') typed = r.readerTyped
      else expect(r.readerTyped).toBe(false)
      rejects.push(r.usedRejects ? (await readRejects(engine, 'rejects_t', file)).examples : [])
      await engine.run(`CREATE OR REPLACE TABLE ${mode}_load AS SELECT rowid AS row_number, * FROM interactions`)
    }
    const [{ rows, only_text, only_typed }] = await engine.all<{ rows: number; only_text: number; only_typed: number }>(
      `SELECT (SELECT count(*) FROM typed_load)::BIGINT AS rows,
              (SELECT count(*) FROM (SELECT * FROM text_load EXCEPT ALL SELECT * FROM typed_load))::BIGINT AS only_text,
              (SELECT count(*) FROM (SELECT * FROM typed_load EXCEPT ALL SELECT * FROM text_load))::BIGINT AS only_typed`
    )
    const schema = async (t: string): Promise<string> => JSON.stringify(await engine.all(`SELECT column_name, column_type FROM (DESCRIBE ${t})`))
    return { typed, rows, differing: only_text + only_typed, sameSchema: (await schema('text_load')) === (await schema('typed_load')), rejects: [rejects[0], rejects[1]] }
  }

  it('a clean file takes the typed read and gives the text read table, in file order', async () => {
    const file = writeCsv(dir, cleanRows())
    const r = await bothWays(file)
    expect(r).toMatchObject({ typed: true, rows: CLEAN_ROWS, differing: 0, sameSchema: true })
    // Row order is the file's on both reads (rowid paging and the golden artifacts rely on it).
    const [{ off }] = await engine.all<{ off: number }>(`SELECT count(*) FILTER (WHERE interaction_id <> 'i' || (row_number + 1))::BIGINT AS off FROM text_load`)
    expect(off).toBe(0)
  })

  it('spellings both reads accept give the same values past the sample (spaces, exponents, inf, NaN, yes/no, empty, quoted)', async () => {
    const odd = [
      oddRow(90001, ' 12 ', '1e3', 'yes', 'Y'),
      oddRow(90002, '+7', '.5', 'no', 'n'),
      oddRow(90003, 'inf', '-Infinity', '', ''),
      oddRow(90004, 'NaN', '1_000', 'T', 't'),
      oddRow(90005, '"42"', '""', 'FALSE', '1'),
      oddRow(90006, '', '5.', 'f', '0'),
      oddRow(90007, '-0', '1e400', 'TRUE', 'yes')
    ]
    const r = await bothWays(writeCsv(dir, [...cleanRows(), ...odd]))
    expect(r).toMatchObject({ typed: true, rows: CLEAN_ROWS + odd.length, differing: 0, sameSchema: true })
    const got = await engine.all(`SELECT latency_ms, cost_usd, is_failure, is_failure_was_missing AS missing, safety_block_flag AS flag FROM typed_load WHERE row_number >= ${CLEAN_ROWS} ORDER BY row_number`)
    expect(got).toEqual([
      { latency_ms: 12, cost_usd: 1000, is_failure: true, missing: false, flag: true },
      { latency_ms: 7, cost_usd: 0.5, is_failure: false, missing: false, flag: false },
      { latency_ms: null, cost_usd: null, is_failure: false, missing: true, flag: false },
      { latency_ms: null, cost_usd: 1000, is_failure: true, missing: false, flag: true },
      { latency_ms: 42, cost_usd: null, is_failure: false, missing: false, flag: true },
      { latency_ms: null, cost_usd: 5, is_failure: false, missing: false, flag: false },
      { latency_ms: -0, cost_usd: null, is_failure: true, missing: false, flag: true }
    ])
  })

  it.each([
    ['NA in a number', oddRow(90001, 'NA', '0.1', 'False', 'False')],
    ['a thousands separator', oddRow(90001, '"1,000"', '0.1', 'False', 'False')],
    ['a flag written as 2', oddRow(90001, '10', '0.1', 'False', '2')],
    ['a flag with spaces', oddRow(90001, '10', '0.1', 'False', ' true ')],
    ['an unrecognised is_failure', oddRow(90001, '10', '0.1', 'maybe', 'False')],
    ['a numeric is_failure', oddRow(90001, '10', '0.1', '1.0', 'False')]
  ])('%s past the sample: the typed read gives up and the text read loads the same table', async (_label, row) => {
    const r = await bothWays(writeCsv(dir, [...cleanRows(), row]))
    expect(r).toMatchObject({ typed: false, rows: CLEAN_ROWS + 1, differing: 0, sameSchema: true })
  })

  it('a ragged row past the sample: the typed read gives up, and the rejects list its line as before', async () => {
    const rows = cleanRows()
    rows.splice(20_550, 0, 'i999999,s1,u1')
    const r = await bothWays(writeCsv(dir, rows))
    expect(r).toMatchObject({ typed: false, rows: CLEAN_ROWS, differing: 0, sameSchema: true })
    expect(r.rejects[1].map((e) => e.line)).toEqual([20_552])
    expect(r.rejects[1]).toEqual(r.rejects[0])
  })

  it.each([
    ['CRLF line ends', '\r\n', (s: string) => s],
    ['a semicolon delimiter', '\n', (s: string) => s.replace(/,/g, ';')],
    ['a tab delimiter', '\n', (s: string) => s.replace(/,/g, '\t')],
    ['a byte order mark', '\n', (s: string) => '\uFEFF' + s]
  ])('%s: the same table both ways', async (_label, eol, change) => {
    const file = newCsvPath(dir)
    fs.writeFileSync(file, change([HEADER, ...cleanRows().slice(0, 500)].join(eol) + eol))
    const r = await bothWays(file)
    expect(r).toMatchObject({ typed: true, rows: 500, differing: 0, sameSchema: true })
  })

  it('latin-1 text, duplicate and unknown columns: the same table both ways', async () => {
    const header = HEADER + ',latency_ms,mystery_col'
    const rows = cleanRows()
      .slice(0, 300)
      .map((l, i) => l.replace('request', i === 5 ? 'caf\u00e9' : 'request') + `,${i},m${i}`)
    const file = newCsvPath(dir)
    fs.writeFileSync(file, Buffer.from([header, ...rows].join('\n') + '\n', 'latin1'))
    const r = await bothWays(file)
    expect(r).toMatchObject({ typed: true, rows: 300, differing: 0, sameSchema: true })
  })
})
