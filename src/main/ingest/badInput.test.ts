import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import { createEngine, type Engine, type EngineKind } from '../engine/engine'
import { IngestError, ingestFiles } from './ingest'

const HEADER = 'interaction_id,session_id,user_id,timestamp_utc,split,use_case,model_provider,model_name,latency_ms,prompt_tokens,completion_tokens,total_tokens,cost_usd,is_failure,failure_type,request_text'
const row = (i: number, text = 'plain request'): string =>
  `i${i},s${i % 3},u${i % 2},2025-01-0${1 + (i % 5)}T10:00:0${i % 10}Z,${['train', 'val', 'test'][i % 3]},coding,openai,gpt,${1000 + i},10,20,30,0.01,${i % 4 === 0},${i % 4 === 0 ? 'tool_error' : 'none'},${text}`

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bad-'))
}

function write(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name)
  fs.writeFileSync(p, content)
  return p
}

const INTERACTIONS = 'llm_system_interactions.csv'
const goodCsv = (n = 6, eol = '\n'): string => [HEADER, ...Array.from({ length: n }, (_, i) => row(i + 1))].join(eol) + eol

describe.each<EngineKind>(['native', 'wasm'])('bad input on %s', (kind) => {
  let engine: Engine
  const dirs: string[] = []
  const fresh = (): string => {
    const d = tmpDir()
    dirs.push(d)
    return d
  }
  const load = (paths: string[]): Promise<IntegrityReport> => ingestFiles(engine, paths, { ...DEFAULT_KNOBS })
  const count = async (sql: string): Promise<unknown> => (await engine.all(sql))[0]

  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => engine.close())
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  it('an empty file: names the file and says it is empty', async () => {
    const d = fresh()
    write(d, INTERACTIONS, '')
    await expect(load([d])).rejects.toThrow(/llm_system_interactions\.csv: empty file \(0 bytes\)/)
  })

  it('a header-only interactions file: an error naming the file (nothing to analyze), not a pass', async () => {
    const d = fresh()
    write(d, INTERACTIONS, HEADER + '\n')
    await expect(load([d])).rejects.toThrow(/^llm_system_interactions\.csv: header only, no data rows; there is nothing to analyze$/)
    await expect(load([d])).rejects.toBeInstanceOf(IngestError)
    // The same without a final line break, and with the file recognised by its columns only.
    const e = fresh()
    write(e, 'export.csv', HEADER)
    await expect(load([e])).rejects.toThrow(/export\.csv: header only, no data rows/)
  })

  it('a header-only companion table: loaded with zero rows and a warning', async () => {
    const d = fresh()
    write(d, INTERACTIONS, goodCsv(6))
    write(d, 'llm_system_users_summary.csv', 'user_id,account_tier\n')
    const r = await load([d])
    expect(r.tables.users?.rows).toBe(0)
    expect(r.problems.map((p) => p.message)).toContain('llm_system_users_summary.csv: header only, no data rows')
  })

  it('a binary file: refused with a clear message', async () => {
    const d = fresh()
    write(d, INTERACTIONS, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01]))
    await expect(load([d])).rejects.toThrow(/llm_system_interactions\.csv: binary file, not CSV text/)
  })

  it.each([
    [';', 'semicolon'],
    ['\t', 'tab']
  ])('a %s-delimited file (%s) loads with the right columns', async (delim) => {
    const d = fresh()
    write(d, INTERACTIONS, goodCsv(6).replace(/,/g, delim))
    const r = await load([d])
    expect(r.tables.interactions?.rows).toBe(6)
    expect(r.tables.interactions?.delimiter).toBe(delim)
    expect(await count('SELECT sum(latency_ms) AS s FROM interactions')).toEqual({ s: 6021 })
  })

  it('a UTF-8 byte order mark does not end up in the first column name', async () => {
    const d = fresh()
    write(d, INTERACTIONS, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodCsv(3))]))
    const r = await load([d])
    expect(r.tables.interactions?.source_columns[0]).toBe('interaction_id')
    expect(await count("SELECT count(*)::INT AS n FROM interactions WHERE interaction_id = 'i1'")).toEqual({ n: 1 })
  })

  it('CRLF line ends leave no carriage return in values', async () => {
    const d = fresh()
    write(d, INTERACTIONS, goodCsv(4, '\r\n'))
    await load([d])
    expect(await count("SELECT count(*)::INT AS n FROM interactions WHERE request_text LIKE '%\r%'")).toEqual({ n: 0 })
    expect(await count("SELECT max(request_text) AS t FROM interactions")).toEqual({ t: 'plain request' })
  })

  it('quoted commas, quotes and newlines in text survive exactly', async () => {
    const d = fresh()
    const tricky = 'Compare "A", "B"\nand summarise, briefly'
    write(d, INTERACTIONS, [HEADER, row(1, '"' + tricky.replace(/"/g, '""') + '"'), row(2)].join('\n') + '\n')
    const r = await load([d])
    expect(r.tables.interactions?.rows).toBe(2)
    expect(await count("SELECT request_text AS t FROM interactions WHERE interaction_id = 'i1'")).toEqual({ t: tricky })
  })

  it('latin-1 bytes: read as latin-1, with a warning naming the file', async () => {
    const d = fresh()
    const latin = Buffer.from(goodCsv(3).replace('plain request', 'caf\u00e9 cr\u00e8me'), 'latin1')
    write(d, INTERACTIONS, latin)
    const r = await load([d])
    expect(r.tables.interactions?.encoding).toBe('latin-1')
    expect(r.problems.some((p) => p.message === 'llm_system_interactions.csv: not valid UTF-8; read as latin-1')).toBe(true)
    expect(await count("SELECT request_text AS t FROM interactions WHERE interaction_id = 'i1'")).toEqual({ t: 'caf\u00e9 cr\u00e8me' })
  })

  it('duplicate and unknown columns: first copy used, both reported', async () => {
    const d = fresh()
    const header = HEADER + ',latency_ms,mystery_col'
    write(d, INTERACTIONS, [header, row(1) + ',99999,x', row(2) + ',99999,y'].join('\n') + '\n')
    const r = await load([d])
    expect(r.tables.interactions?.duplicate_columns).toEqual(['latency_ms'])
    expect(r.tables.interactions?.unknown_columns).toEqual(['mystery_col'])
    expect(await count('SELECT sum(latency_ms) AS s FROM interactions')).toEqual({ s: 2003 })
    expect(await count('SELECT string_agg(mystery_col, \'\' ORDER BY interaction_id) AS m FROM interactions')).toEqual({ m: 'xy' })
  })

  it('a missing interaction_id column: loads, and the key gate fails with a message', async () => {
    const d = fresh()
    write(d, INTERACTIONS, goodCsv(3).replace('interaction_id,', 'request_number,'))
    const r = await load([d])
    const pk = r.gates.find((g) => g.gate === 'pk_interactions_interaction_id_unique')
    expect(pk?.status).toBe('fail')
    expect(pk?.offending_count).toBe(3)
    expect(r.blocked).toBe(true)
    expect(r.problems.some((p) => /no interaction_id column/.test(p.message))).toBe(true)
  })

  it('all-null latency: the missing-rate gate fails at 100%', async () => {
    const d = fresh()
    const lines = goodCsv(4).split('\n')
    const csv = lines.map((l, i) => (i === 0 || !l ? l : l.replace(/,gpt,\d+,/, ',gpt,,'))).join('\n')
    write(d, INTERACTIONS, csv)
    const r = await load([d])
    const g = r.gates.find((x) => x.gate === 'latency_missing_rate')
    expect(g?.status).toBe('fail')
    expect(g?.missing_share).toBe(1)
    expect(g?.offending_count).toBe(4)
  })

  it('rows with too many or too few fields are rejected, counted and listed with line numbers', async () => {
    const d = fresh()
    write(d, INTERACTIONS, [HEADER, row(1), 'i2,s2,u2', row(3) + ',extra,fields', row(4)].join('\n') + '\n')
    const r = await load([d])
    expect(r.tables.interactions?.rows).toBe(2)
    expect(r.tables.interactions?.rejected_rows).toBe(2)
    expect(r.tables.interactions?.rejected_examples.map((e) => e.line)).toEqual([3, 4])
    expect(r.problems.some((p) => p.line === 3 && /2 row\(s\) rejected/.test(p.message))).toBe(true)
  })

  it('a 100 MB single line: refused, naming line 1', async () => {
    const d = fresh()
    const p = path.join(d, INTERACTIONS)
    const fd = fs.openSync(p, 'w')
    const chunk = Buffer.alloc(1 << 20, 0x61)
    for (let i = 0; i < 100; i++) fs.writeSync(fd, chunk)
    fs.closeSync(fd)
    await expect(load([d])).rejects.toThrow(/llm_system_interactions\.csv: line 1 is longer than 8 MB/)
  })

  it('a file deleted mid-load: that table fails with its name, the others stay usable', async () => {
    const d = fresh()
    write(d, INTERACTIONS, goodCsv(6))
    const sessions = write(d, 'llm_system_sessions_summary.csv', 'session_id,user_id\ns1,u1\ns2,u0\ns0,u0\n')
    const r = await ingestFiles(engine, [d], { ...DEFAULT_KNOBS }, {
      onProgress: (p) => {
        // after every file is sniffed, as its own load starts (the interactions load may start before the sniffs end)
        if (p.phase.startsWith('reading llm_system_sessions') && fs.existsSync(sessions)) fs.rmSync(sessions)
      }
    })
    expect(r.tables.interactions?.rows).toBe(6)
    expect(r.tables.sessions).toBeUndefined()
    expect(r.problems.some((p) => p.severity === 'error' && p.message.startsWith('llm_system_sessions_summary.csv: cannot be loaded'))).toBe(true)
    expect(r.gates.find((g) => g.gate === 'fk_interactions_session_id_in_sessions')?.status).toBe('skipped')
  })

  it('a path that does not exist, and a folder without CSVs, are named', async () => {
    await expect(load(['/nonexistent/folder'])).rejects.toThrow(/\/nonexistent\/folder: not found/)
    const d = fresh()
    await expect(load([d])).rejects.toBeInstanceOf(IngestError)
    await expect(load([d])).rejects.toThrow(/folder holds no \.csv files/)
  })

  it('an unrecognised file next to the data is ignored with a warning', async () => {
    const d = fresh()
    write(d, INTERACTIONS, goodCsv(3))
    write(d, 'notes.csv', 'a,b\n1,2\n')
    const r = await load([d])
    expect(r.problems.some((p) => /^notes\.csv: not recognised/.test(p.message))).toBe(true)
  })

  it('aliases from another dialect are mapped and reported', async () => {
    const d = fresh()
    write(d, 'dump.csv', 'request_id,created_at,model,provider,duration_ms,cost,prompt\nr1,2025-01-01 10:00:00+00:00,m1,p1,1200,0.5,hello\n')
    const r = await load([d])
    expect(r.tables.interactions?.column_mapping).toEqual({ interaction_id: 'request_id', timestamp_utc: 'created_at', model_name: 'model', model_provider: 'provider', latency_ms: 'duration_ms', cost_usd: 'cost', request_text: 'prompt' })
    expect(await count("SELECT model_name, latency_ms, strftime(timestamp_utc, '%H:%M') AS t FROM interactions")).toEqual({ model_name: 'm1', latency_ms: 1200, t: '10:00' })
  })
})
