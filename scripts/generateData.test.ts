/** Tests for the synthetic telemetry generator: determinism, CSV shape, and consistency between the five tables. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from './generate'
import {
  createFileSinks,
  csvField,
  fixed,
  generateDataset,
  INTENT_COUNT,
  MODELS,
  SLA_MS,
  TABLE_FILES,
  type GenerateOptions,
  type GenerateSummary,
  type TableName
} from './generateData'

/** RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  const n = text.length
  while (i < n) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      field += c
      i++
      continue
    }
    if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at offset ${i}`)
      quoted = true
      i++
    } else if (c === ',') {
      row.push(field)
      field = ''
      i++
    } else if (c === '\n' || c === '\r') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      field += c
      i++
    }
  }
  if (quoted) throw new Error('unterminated quoted field')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

interface Table {
  header: string[]
  rows: Record<string, string>[]
}

function readTable(dir: string, name: TableName): Table {
  const recs = parseCsv(fs.readFileSync(path.join(dir, TABLE_FILES[name]), 'utf8'))
  const header = recs[0]
  const rows = recs.slice(1).map((r, k) => {
    if (r.length !== header.length) throw new Error(`${name} record ${k + 1} has ${r.length} fields, expected ${header.length}`)
    const o: Record<string, string> = {}
    header.forEach((h, j) => (o[h] = r[j]))
    return o
  })
  return { header, rows }
}

function generateInto(dir: string, opts: GenerateOptions): GenerateSummary {
  const { sinks } = createFileSinks(dir)
  return generateDataset(opts, sinks)
}

const EXPECTED_INTERACTION_COLUMNS = [
  'interaction_id', 'session_id', 'user_id', 'prompt_id', 'timestamp_utc', 'split', 'channel', 'use_case', 'country_code',
  'region', 'account_tier', 'segment', 'instruction_template', 'model_provider', 'model_name', 'temperature', 'top_p',
  'max_tokens', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'latency_ms', 'cost_usd', 'response_quality_score',
  'is_failure', 'failure_type', 'safety_block_flag', 'hallucination_flag', 'toxicity_flag', 'formatting_error_flag',
  'tool_error_flag', 'latency_timeout_flag', 'tool_calls_count', 'tools_used', 'user_feedback_score', 'user_feedback_label',
  'user_reported_issue', 'retry_index', 'repair_strategy', 'final_resolution_state', 'business_impact_tag', 'request_text',
  'response_text_snippet', 'tokens_per_second', 'prompt_to_completion_ratio', 'date_utc', 'hour_of_day_utc', 'day_of_week',
  'is_weekend', 'is_peak_hour'
]
// the public dataset's companion tables (shared/data/kaggle-companions) use exactly these headers
const EXPECTED_SESSION_COLUMNS =
  'session_id,user_id,use_case,channel,country_code,region,account_tier,segment,total_requests,failed_requests,failure_rate,avg_latency_ms,median_latency_ms,avg_response_quality_score,avg_tokens_per_request,requests_with_tools,share_requests_with_tools,n_retry_requests,escalations_to_human,csat_mean,csat_response_rate,risk_session_flag,total_cost_usd,total_tokens,avg_cost_per_request,cost_per_1k_tokens,avg_tokens_per_second,start_timestamp_utc,end_timestamp_utc,session_duration_seconds,session_duration_minutes,requests_per_minute,total_latency_ms,zero_duration_session_flag,total_latency_seconds,effective_session_duration_seconds,requests_per_minute_effective'.split(',')
const EXPECTED_USER_COLUMNS =
  'user_id,total_sessions,total_requests,total_failed_requests,overall_failure_rate,avg_csat,risk_sessions_share,escalations_per_100_sessions,total_cost_usd,total_tokens,avg_tokens_per_request,avg_requests_per_session,primary_use_case,primary_channel,dominant_segment,dominant_account_tier,dominant_country_code,dominant_region,high_risk_user_flag,high_risk_sessions_count,total_escalations'.split(',')
const EXPECTED_PROMPT_COLUMNS =
  'prompt_id,prompt_sha1,prompt_len,instruction_template,use_case,n_interactions,share_within_template,n_sessions,n_users,use_case_mismatch_count,instruction_text,instruction_id,instruction_sha1,instruction_len'.split(',')
const EXPECTED_SAMPLE_COLUMNS = ['sample_id', 'interaction_id', 'session_id', 'raw_request_text', 'raw_response_text', 'sft_user_prompt', 'sft_assistant_response']

const FLAG_BY_TYPE: Record<string, string> = {
  safety_block: 'safety_block_flag',
  hallucination: 'hallucination_flag',
  toxicity: 'toxicity_flag',
  formatting_error: 'formatting_error_flag',
  tool_error: 'tool_error_flag',
  latency_timeout: 'latency_timeout_flag'
}

const ROWS = 2000
const OPTS: GenerateOptions = { rows: ROWS, seed: 7 }
let root = ''
let dirA = ''
let summary: GenerateSummary
let I: Table
let S: Table
let U: Table
let P: Table
let X: Table

const numOrNull = (s: string): number | null => (s === '' ? null : Number(s))
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-test-'))
  dirA = path.join(root, 'a')
  summary = generateInto(dirA, OPTS)
  I = readTable(dirA, 'interactions')
  S = readTable(dirA, 'sessions')
  U = readTable(dirA, 'users')
  P = readTable(dirA, 'prompts')
  X = readTable(dirA, 'samples')
})

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

describe('generateDataset', () => {
  it('is deterministic: the same seed gives identical bytes, another seed different data', () => {
    const dirB = path.join(root, 'b')
    generateInto(dirB, OPTS)
    for (const f of Object.values(TABLE_FILES)) {
      expect(fs.readFileSync(path.join(dirB, f)).equals(fs.readFileSync(path.join(dirA, f))), f).toBe(true)
    }
    const dirC = path.join(root, 'c')
    generateInto(dirC, { ...OPTS, seed: 8 })
    expect(fs.readFileSync(path.join(dirC, TABLE_FILES.interactions)).equals(fs.readFileSync(path.join(dirA, TABLE_FILES.interactions)))).toBe(false)
  })

  it('writes the expected headers', () => {
    expect(I.header).toEqual(EXPECTED_INTERACTION_COLUMNS)
    expect(S.header).toEqual(EXPECTED_SESSION_COLUMNS)
    expect(U.header).toEqual(EXPECTED_USER_COLUMNS)
    expect(P.header).toEqual(EXPECTED_PROMPT_COLUMNS)
    expect(X.header).toEqual(EXPECTED_SAMPLE_COLUMNS)
  })

  it('writes exactly the requested rows, every record with the header field count, with real quoting', () => {
    expect(I.rows.length).toBe(ROWS)
    expect(summary.rows).toBe(ROWS)
    expect(summary.sessions).toBe(S.rows.length)
    expect(summary.users).toBe(U.rows.length)
    expect(summary.samples).toBe(X.rows.length)
    expect(new Set(I.rows.map((r) => r.interaction_id)).size).toBe(ROWS)
    // quoting is exercised: commas, doubled quotes and line breaks inside fields
    expect(I.rows.some((r) => r.request_text.includes(','))).toBe(true)
    expect(I.rows.some((r) => r.request_text.includes('"'))).toBe(true)
    expect(I.rows.some((r) => r.request_text.includes('\n'))).toBe(true)
    // the raw file has more physical lines than records because of embedded line breaks
    const physical = fs.readFileSync(path.join(dirA, TABLE_FILES.interactions), 'utf8').split('\n').length - 1
    expect(physical).toBeGreaterThan(ROWS + 1)
  })

  it('keeps token, cost and time fields consistent', () => {
    const start = Date.parse('2025-02-01T00:00:00Z')
    const end = start + 60 * 86400000
    let latMissing = 0
    let costMissing = 0
    let fbMissing = 0
    for (const r of I.rows) {
      expect(Number(r.total_tokens)).toBe(Number(r.prompt_tokens) + Number(r.completion_tokens))
      expect(Number(r.completion_tokens)).toBeLessThanOrEqual(Number(r.max_tokens))
      expect(r.timestamp_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      const t = Date.parse(r.timestamp_utc)
      expect(t).toBeGreaterThanOrEqual(start)
      expect(t).toBeLessThan(end)
      expect(r.date_utc).toBe(r.timestamp_utc.slice(0, 10))
      expect(Number(r.hour_of_day_utc)).toBe(new Date(t).getUTCHours())
      expect(r.is_weekend).toBe([0, 6].includes(new Date(t).getUTCDay()) ? 'True' : 'False')
      if (r.latency_ms === '') {
        latMissing++
        expect(r.tokens_per_second).toBe('')
      } else {
        expect(Math.abs(Number(r.tokens_per_second) - Number(r.total_tokens) / (Number(r.latency_ms) / 1000))).toBeLessThanOrEqual(0.005 + 1e-9)
      }
      if (r.cost_usd === '') costMissing++
      else {
        const m = MODELS.find((x) => x.name === r.model_name)!
        const expected = (Number(r.prompt_tokens) * m.priceIn + Number(r.completion_tokens) * m.priceOut) / 1e6
        expect(Math.abs(Number(r.cost_usd) - Math.max(1e-6, expected))).toBeLessThan(1e-7)
      }
      if (r.user_feedback_score === '') {
        fbMissing++
        expect(r.user_feedback_label).toBe('not_given')
      } else {
        const fb = Number(r.user_feedback_score)
        expect(fb).toBeGreaterThanOrEqual(-2)
        expect(fb).toBeLessThanOrEqual(2)
      }
      const q = Number(r.response_quality_score)
      expect(q >= 0 && q <= 1).toBe(true)
      expect(Math.abs(Number(r.prompt_to_completion_ratio) - Number(r.prompt_tokens) / Number(r.completion_tokens))).toBeLessThanOrEqual(0.00005 + 1e-12)
    }
    // a small missing share, below the 5% gates
    expect(latMissing / ROWS).toBeLessThan(0.02)
    expect(costMissing / ROWS).toBeLessThan(0.02)
    expect(fbMissing).toBeGreaterThan(0)
    expect(fbMissing / ROWS).toBeLessThan(0.12)
  })

  it('keeps failure flags consistent with is_failure and failure_type', () => {
    let failures = 0
    for (const r of I.rows) {
      const flags = Object.values(FLAG_BY_TYPE).filter((f) => r[f] === 'True')
      if (r.failure_type === 'none') {
        expect(r.is_failure).toBe('False')
        expect(flags).toEqual([])
      } else {
        failures++
        expect(r.is_failure).toBe('True')
        expect(flags).toEqual([FLAG_BY_TYPE[r.failure_type]])
      }
      if (r.failure_type === 'latency_timeout') expect(Number(r.latency_ms)).toBeGreaterThan(SLA_MS)
      if (r.failure_type === 'tool_error') expect(Number(r.tool_calls_count)).toBeGreaterThan(0)
      const tools = Number(r.tool_calls_count)
      expect(tools >= 0 && tools <= 3).toBe(true)
      expect(r.tools_used === 'none').toBe(tools === 0)
    }
    expect(failures).toBe(summary.failures)
    expect(failures / ROWS).toBeGreaterThan(0.03)
    expect(failures / ROWS).toBeLessThan(0.3)
  })

  it('assigns the split per session and keeps session context constant', () => {
    const bySession = new Map<string, Record<string, string>[]>()
    for (const r of I.rows) {
      const list = bySession.get(r.session_id) ?? []
      list.push(r)
      bySession.set(r.session_id, list)
    }
    const splits = new Map<string, number>()
    for (const [, list] of bySession) {
      expect(list.length).toBeGreaterThanOrEqual(1)
      expect(list.length).toBeLessThanOrEqual(12)
      for (const k of ['split', 'user_id', 'use_case', 'channel', 'account_tier', 'segment', 'region', 'country_code']) {
        expect(new Set(list.map((r) => r[k])).size, k).toBe(1)
      }
      splits.set(list[0].split, (splits.get(list[0].split) ?? 0) + 1)
    }
    expect([...splits.keys()].sort()).toEqual(['test', 'train', 'val'])
    const train = (splits.get('train') ?? 0) / bySession.size
    expect(train).toBeGreaterThan(0.6)
    expect(train).toBeLessThan(0.8)
  })

  it('writes a sessions summary that matches the interactions', () => {
    const agg = new Map<string, { n: number; failed: number; tokens: number; cost: number; lat: number; first: string; last: string; user: string; uc: string }>()
    for (const r of I.rows) {
      let a = agg.get(r.session_id)
      if (!a) {
        a = { n: 0, failed: 0, tokens: 0, cost: 0, lat: 0, first: r.timestamp_utc, last: r.timestamp_utc, user: r.user_id, uc: r.use_case }
        agg.set(r.session_id, a)
      }
      a.n++
      if (r.is_failure === 'True') a.failed++
      a.tokens += Number(r.total_tokens)
      a.cost += numOrNull(r.cost_usd) ?? 0
      a.lat += numOrNull(r.latency_ms) ?? 0
      if (r.timestamp_utc < a.first) a.first = r.timestamp_utc
      if (r.timestamp_utc > a.last) a.last = r.timestamp_utc
    }
    expect(new Set(S.rows.map((s) => s.session_id)).size).toBe(S.rows.length)
    expect(S.rows.length).toBe(agg.size)
    for (const s of S.rows) {
      const a = agg.get(s.session_id)
      expect(a, s.session_id).toBeDefined()
      expect(s.user_id).toBe(a!.user)
      expect(s.use_case).toBe(a!.uc)
      expect(Number(s.total_requests)).toBe(a!.n)
      expect(Number(s.failed_requests)).toBe(a!.failed)
      expect(Number(s.total_tokens)).toBe(a!.tokens)
      expect(close(Number(s.total_cost_usd), a!.cost)).toBe(true)
      expect(Number(s.total_latency_ms)).toBe(a!.lat)
      expect(s.start_timestamp_utc).toBe(a!.first)
      expect(s.end_timestamp_utc).toBe(a!.last)
      expect(Number(s.session_duration_seconds)).toBe((Date.parse(a!.last) - Date.parse(a!.first)) / 1000)
      expect(Number(s.session_duration_seconds)).toBeLessThan(12 * 3600)
    }
  })

  it('writes a users summary that matches the interactions', () => {
    const agg = new Map<string, { sessions: Set<string>; n: number; failed: number; tokens: number; cost: number }>()
    for (const r of I.rows) {
      let a = agg.get(r.user_id)
      if (!a) {
        a = { sessions: new Set(), n: 0, failed: 0, tokens: 0, cost: 0 }
        agg.set(r.user_id, a)
      }
      a.sessions.add(r.session_id)
      a.n++
      if (r.is_failure === 'True') a.failed++
      a.tokens += Number(r.total_tokens)
      a.cost += numOrNull(r.cost_usd) ?? 0
    }
    expect(new Set(U.rows.map((u) => u.user_id)).size).toBe(U.rows.length)
    expect(U.rows.length).toBe(agg.size)
    for (const u of U.rows) {
      const a = agg.get(u.user_id)!
      expect(a, u.user_id).toBeDefined()
      expect(Number(u.total_sessions)).toBe(a.sessions.size)
      expect(Number(u.total_requests)).toBe(a.n)
      expect(Number(u.total_failed_requests)).toBe(a.failed)
      expect(Number(u.total_tokens)).toBe(a.tokens)
      expect(close(Number(u.total_cost_usd), a.cost)).toBe(true)
    }
  })

  it('writes prompts and instruction samples consistent with the interactions', () => {
    const counts = new Map<string, number>()
    for (const r of I.rows) counts.set(r.prompt_id, (counts.get(r.prompt_id) ?? 0) + 1)
    expect(new Set(P.rows.map((p) => p.prompt_id)).size).toBe(P.rows.length)
    for (const p of P.rows) expect(Number(p.n_interactions)).toBe(counts.get(p.prompt_id) ?? 0)
    for (const id of counts.keys()) expect(P.rows.some((p) => p.prompt_id === id)).toBe(true)

    const byId = new Map(I.rows.map((r) => [r.interaction_id, r]))
    expect(new Set(X.rows.map((x) => x.interaction_id)).size).toBe(X.rows.length)
    expect(new Set(X.rows.map((x) => x.sample_id)).size).toBe(X.rows.length)
    for (const x of X.rows) {
      const r = byId.get(x.interaction_id)
      expect(r).toBeDefined()
      expect(x.session_id).toBe(r!.session_id)
      expect(x.raw_request_text).toBe(r!.request_text)
      expect(r!.response_text_snippet.replace(/\.\.\.$/, '').length).toBeGreaterThan(0)
      expect(x.raw_response_text.startsWith(r!.response_text_snippet.replace(/\.\.\.$/, ''))).toBe(true)
    }
    expect(X.rows.length / ROWS).toBeGreaterThan(0.05)
    expect(X.rows.length / ROWS).toBeLessThan(0.15)
  })

  it('produces varied, template-based request texts', () => {
    expect(INTENT_COUNT).toBeGreaterThanOrEqual(30)
    const distinct = new Set(I.rows.map((r) => r.request_text))
    expect(distinct.size).toBeGreaterThan(ROWS / 4)
    expect(new Set(I.rows.map((r) => r.model_name)).size).toBe(MODELS.length)
    expect(new Set(I.rows.map((r) => r.use_case)).size).toBe(6)
  })

  it('rejects bad options', () => {
    const noop = { write: (): void => {}, end: (): void => {} }
    const sinks = { interactions: noop, sessions: noop, users: noop, prompts: noop, samples: noop }
    expect(() => generateDataset({ rows: 0, seed: 1 }, sinks)).toThrow(/rows/)
    expect(() => generateDataset({ rows: 10, seed: 1.5 }, sinks)).toThrow(/seed/)
    expect(() => generateDataset({ rows: 10, seed: 1, start: '2025-13-01' }, sinks)).toThrow(/start/)
    expect(() => generateDataset({ rows: 10, seed: 1, days: 0 }, sinks)).toThrow(/days/)
  })
})

describe('helpers', () => {
  it('csvField quotes only when needed and doubles quotes', () => {
    expect(csvField('plain text')).toBe('plain text')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
  })

  it('fixed() formats exactly like String(rounded value)', () => {
    let seed = 12345
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296)
    for (let i = 0; i < 20000; i++) {
      const d = 1 + (i % 7)
      const x = rand() * [1, 1000, 100000][i % 3]
      const f = 10 ** d
      const expected = String(Math.round(x * f) / f)
      if (expected.includes('e')) continue
      expect(fixed(x, d)).toBe(expected)
    }
  })
})

describe('generate CLI arguments', () => {
  it('parses valid arguments with defaults', () => {
    expect(parseArgs(['--rows', '100', '--out', 'x'])).toEqual({ opts: { rows: 100, seed: 42, days: 60 }, out: 'x' })
    expect(parseArgs(['--rows=5', '--out=y', '--seed', '3', '--days', '10', '--start', '2025-01-01'])).toEqual({
      opts: { rows: 5, seed: 3, days: 10, start: '2025-01-01' },
      out: 'y'
    })
    expect(parseArgs(['--help'])).toBe('help')
  })

  it('rejects invalid arguments with clear messages', () => {
    expect(() => parseArgs(['--out', 'x'])).toThrow('--rows is required')
    expect(() => parseArgs(['--rows', '10'])).toThrow('--out is required')
    expect(() => parseArgs(['--rows', 'ten', '--out', 'x'])).toThrow('--rows must be an integer')
    expect(() => parseArgs(['--rows', '0', '--out', 'x'])).toThrow('--rows must be an integer >= 1')
    expect(() => parseArgs(['--rows', '5', '--out', 'x', '--what', '1'])).toThrow('unknown option --what')
    expect(() => parseArgs(['--rows', '5', '--out'])).toThrow('--out needs a value')
    expect(() => parseArgs(['--rows', '5', '--out', 'x', '--start', '2025-02-30'])).toThrow(/start/)
  })
})
