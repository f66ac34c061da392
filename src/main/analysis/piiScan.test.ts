import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { createPiiPlanter, type PlantTruth } from '../../../scripts/piiPlant'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { PII_GATE } from '../../shared/pii'
import type { IntegrityReport } from '../../shared/types'
import { csvRecords } from '../artifacts/compareArtifacts'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { scanColumns, textColumns } from '../pii/columns'
import { judgePiiGate, rejudgePiiGate, runPiiResponseGate, scanResponsesWhileLoading } from '../pii/gate'
import { maskTableCopy, writeMaskedCsv } from '../pii/maskTable'
import { detectText } from '../pii/detect'
import { newPseudonymKey } from '../pii/mask'
import { piiFindingsForExport, piiFindingsPage, piiSummary, scanStatus } from './piiReport'
import { PII_TABLE, scanFields } from './piiScan'
import { ENGINE_KINDS } from './testTable'
import { scratchDirs } from '../testing/testHarness'

const tmpDir = scratchDirs('wb-pii-')
/** A generated dataset with planted PII and the truths. */
function plantedDataset(rows: number, seed: number): { dir: string; truths: PlantTruth[] } {
  const dir = tmpDir()
  const { sinks } = createFileSinks(dir)
  const planter = createPiiPlanter(seed, { requestRate: 0.06, responseRate: 0.03, lookalikeRate: 0.08 })
  generateDataset({ rows, seed, days: 20, textHook: planter.hook }, sinks)
  return { dir, truths: planter.truths }
}

const key = (f: { interaction_id: string | null; field: string; entity_type: string; start: number; end: number }): string =>
  `${f.interaction_id}|${f.field}|${f.entity_type}|${f.start}|${f.end}`

describe.each(ENGINE_KINDS)('PII scan on planted generated data (%s engine)', (kind) => {
  let engine: Engine
  let report: IntegrityReport
  let truths: PlantTruth[]
  let dir: string
  beforeAll(async () => {
    ;({ dir, truths } = plantedDataset(3000, 17))
    engine = (await createEngine(kind)).engine
    report = await runPiiResponseGate(engine, await ingestFiles(engine, [dir], DEFAULT_KNOBS), DEFAULT_KNOBS, { inProcess: true })
  }, 60_000)
  afterAll(async () => {
    await engine.close()
  })

  it('the response pass finds every planted response value and the gate fails with the right share', async () => {
    const gate = report.gates.find((g) => g.gate === PII_GATE)!
    const leaking = new Set(truths.filter((t) => t.field === 'response_text_snippet').map((t) => t.interaction_id))
    expect(leaking.size).toBeGreaterThan(40)
    expect(gate.status).toBe('fail')
    expect(gate.offending_count).toBe(leaking.size)
    expect(gate.share).toBeCloseTo(leaking.size / 3000, 12)
    expect(report.gates_failed).toContain(PII_GATE)
    expect(report.blocked).toBe(true)
    // the gate is last, after the gates of PIPELINE.md section 2
    expect(report.gates[report.gates.length - 1].gate).toBe(PII_GATE)
  })

  it('the full scan finds exactly the planted values: every one, with its span, and nothing else', async () => {
    const fields = scanColumns(await textColumns(engine, report))
    expect(fields).toEqual(['request_text', 'response_text_snippet'])
    const r = await scanFields(engine, fields, { inProcess: true })
    // the response field was read by the gate pass already
    expect(r.scanned).toEqual(['request_text'])
    const found = await piiFindingsForExport(engine, {}, fields)
    expect(new Set(found.map(key))).toEqual(new Set(truths.map(key)))
    expect(found.length).toBe(truths.length)
    // previews are masked: no planted value shows in any
    const previews = found.map((f) => f.preview).join('\n')
    for (const t of truths) expect(previews.includes(t.value), t.value).toBe(false)
    expect(previews).toMatch(/<EMAIL_ADDRESS>|<PHONE_NUMBER>/)
  })

  it('a rescan in worker threads gives the same findings', async () => {
    const before = await piiFindingsForExport(engine, {}, ['request_text', 'response_text_snippet'])
    await scanFields(engine, ['request_text'], { rescan: true, batchRows: 700 })
    const after = await piiFindingsForExport(engine, {}, ['request_text', 'response_text_snippet'])
    expect(after).toEqual(before)
  })

  it('summarises by type, field, model, use case and day, within a scope', async () => {
    const status = await scanStatus(engine, ['request_text', 'response_text_snippet'])
    expect(status.pendingFields).toEqual([])
    const all = await piiSummary(engine, {}, status)
    expect(all.findings).toBe(truths.length)
    expect(all.by_type.reduce((s, c) => s + c.findings, 0)).toBe(truths.length)
    const byField = Object.fromEntries(all.by_field.map((c) => [c.key, c.findings]))
    expect(byField).toEqual({
      request_text: truths.filter((t) => t.field === 'request_text').length,
      response_text_snippet: truths.filter((t) => t.field === 'response_text_snippet').length
    })
    expect(all.responses).toBe(3000)
    expect(all.responses_with_findings).toBe(new Set(truths.filter((t) => t.field === 'response_text_snippet').map((t) => t.interaction_id)).size)
    expect(all.by_day.reduce((s, d) => s + d.findings, 0)).toBe(truths.length)
    expect(all.by_model.reduce((s, d) => s + d.findings, 0)).toBe(truths.length)
    // one use case: its counts equal the truths planted in its rows
    const uc = all.by_use_case[0].key
    const scoped = await piiSummary(engine, { filters: { use_case: [uc] } }, status)
    expect(scoped.findings).toBe(all.by_use_case[0].findings)
    const [{ n }] = await engine.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM interactions WHERE use_case = ?', [uc])
    expect(scoped.interactions).toBe(n)
  })

  it('pages findings with responses first, filtered by type and field', async () => {
    const page = await piiFindingsPage(engine, { scope: {}, types: ['EMAIL_ADDRESS'], offset: 0, limit: 5 })
    expect(page.total).toBe(truths.filter((t) => t.entity_type === 'EMAIL_ADDRESS').length)
    expect(page.rows.every((r) => r.entity_type === 'EMAIL_ADDRESS')).toBe(true)
    if (truths.some((t) => t.entity_type === 'EMAIL_ADDRESS' && t.field === 'response_text_snippet')) expect(page.rows[0].field).toBe('response_text_snippet')
  })

  it('masks a table into a copy: no finding left, other columns and rows unchanged, pseudonyms stable', async () => {
    const k = newPseudonymKey()
    const r = await maskTableCopy(engine, { source: 'interactions', target: 'masked_copy', columns: ['request_text', 'response_text_snippet'], mask: { mode: 'pseudonyms', key: k }, inProcess: true })
    expect(r.rows).toBe(3000)
    expect(r.maskedCells).toBe(new Set(truths.map((t) => `${t.interaction_id}|${t.field}`)).size)
    const rows = await engine.all<{ q: string; a: string; id: string; lat: number | null }>('SELECT request_text AS q, response_text_snippet AS a, interaction_id AS id, latency_ms AS lat FROM masked_copy')
    for (const row of rows) {
      expect(detectText(row.q)).toEqual([])
      expect(detectText(row.a)).toEqual([])
    }
    const [{ same }] = await engine.all<{ same: number }>(
      'SELECT count(*)::BIGINT AS same FROM masked_copy m JOIN interactions i USING (interaction_id) WHERE m.latency_ms IS NOT DISTINCT FROM i.latency_ms AND m.model_name = i.model_name'
    )
    expect(same).toBe(3000)
    await engine.run('DROP TABLE masked_copy')
  })

  it('a knob change re-judges the gate without a scan; the share is kept', () => {
    const gate = report.gates.find((g) => g.gate === PII_GATE)!
    expect(rejudgePiiGate(gate, { PII_MAX_RESPONSE_SHARE: 0.5 }).status).toBe('pass')
    expect(rejudgePiiGate(gate, { PII_MAX_RESPONSE_SHARE: gate.share! }).status).toBe('pass')
    expect(rejudgePiiGate(gate, { PII_MAX_RESPONSE_SHARE: gate.share! - 1e-9 }).status).toBe('fail')
  })
})

describe('masked CSV export', () => {
  it('writes the source columns with text masked; re-reading it finds nothing and the gate passes', async () => {
    const { dir } = plantedDataset(800, 23)
    const { engine } = await createEngine('native')
    try {
      const input = path.join(dir, 'llm_system_interactions.csv')
      const out = path.join(tmpDir(), 'llm_system_interactions.csv')
      const r = await writeMaskedCsv(engine, { input, output: out, columns: ['request_text', 'response_text_snippet'], mask: { mode: 'tags' }, inProcess: true })
      expect(r.rows).toBe(800)
      expect(r.rejected).toBe(0)
      const src = csvRecords(fs.readFileSync(input, 'utf8'))
      const got = csvRecords(fs.readFileSync(out, 'utf8'))
      expect(Object.keys(got[0])).toEqual(Object.keys(src[0]))
      expect(got.map((x) => x.interaction_id)).toEqual(src.map((x) => x.interaction_id))
      expect(got.map((x) => x.latency_ms)).toEqual(src.map((x) => x.latency_ms))
      const changed = got.reduce((n, x, i) => n + Number(x.request_text !== src[i].request_text) + Number(x.response_text_snippet !== src[i].response_text_snippet), 0)
      expect(changed).toBe(r.maskedCells)
      expect(got.some((x) => x.request_text.includes('<'))).toBe(true)
      const { engine: e2 } = await createEngine('native')
      try {
        const rep = await runPiiResponseGate(e2, await ingestFiles(e2, [path.dirname(out)], DEFAULT_KNOBS), DEFAULT_KNOBS, { inProcess: true })
        expect(rep.gates.find((g) => g.gate === PII_GATE)?.status).toBe('pass')
        await scanFields(e2, ['request_text'], { inProcess: true })
        const [{ n }] = await e2.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${PII_TABLE}`)
        expect(n).toBe(0)
      } finally {
        await e2.close()
      }
    } finally {
      await engine.close()
    }
  }, 60_000)
})

describe('pii_in_responses gate', () => {
  it('is judged from the share: pass at or below the maximum, fail above, skipped with no responses', () => {
    const stats = { responses: 200, leaking: 3, byType: { EMAIL_ADDRESS: 2, SECRET: 1 }, examples: ['a', 'b', 'c'] }
    const fail = judgePiiGate(stats, { PII_MAX_RESPONSE_SHARE: 0 })
    expect(fail).toMatchObject({ status: 'fail', offending_count: 3, share: 0.015, scanned: 200, examples: ['a', 'b', 'c'] })
    expect(fail.detail).toContain('3 of 200 responses')
    expect(fail.detail).toContain('EMAIL_ADDRESS 2, SECRET 1')
    expect(judgePiiGate(stats, { PII_MAX_RESPONSE_SHARE: 0.015 }).status).toBe('pass')
    expect(judgePiiGate({ ...stats, leaking: 0, byType: {}, examples: [] }, { PII_MAX_RESPONSE_SHARE: 0 }).status).toBe('pass')
    expect(judgePiiGate({ responses: 0, leaking: 0, byType: {}, examples: [] }, { PII_MAX_RESPONSE_SHARE: 0 })).toMatchObject({ status: 'skipped' })
  })

  it('passes when no response text is even a candidate (an empty candidate query)', async () => {
    const dir = tmpDir()
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), 'interaction_id,request_text,response_text_snippet,latency_ms,cost_usd\na1,hello,Sure thing,10,0.1\na2,thanks,You are welcome,12,0.1\n')
    const { engine } = await createEngine('native')
    try {
      const rep = await runPiiResponseGate(engine, await ingestFiles(engine, [dir], DEFAULT_KNOBS), DEFAULT_KNOBS)
      expect(rep.gates.find((g) => g.gate === PII_GATE)).toMatchObject({ status: 'pass', offending_count: 0, scanned: 2 })
      const r = await scanFields(engine, ['request_text'])
      expect(r).toMatchObject({ candidates: 0, findings: 0 })
    } finally {
      await engine.close()
    }
  })

  it('is skipped, never passed, when the dump has no response column', async () => {
    const dir = tmpDir()
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), 'interaction_id,request_text,latency_ms,cost_usd\na1,mail me at x@example.com,10,0.1\n')
    const { engine } = await createEngine('native')
    try {
      const rep = await runPiiResponseGate(engine, await ingestFiles(engine, [dir], DEFAULT_KNOBS), DEFAULT_KNOBS)
      expect(rep.gates.find((g) => g.gate === PII_GATE)).toMatchObject({ status: 'skipped', reason: 'skipped (column response_text_snippet absent)' })
      expect(rep.gates_failed).not.toContain(PII_GATE)
    } finally {
      await engine.close()
    }
  })
})

describe('the response pass run during the load (native: a connection of its own)', () => {
  it('gives the gate and the findings the pass after the load gives, and is not repeated', async () => {
    const { dir } = plantedDataset(2000, 23)
    const { engine: during } = await createEngine('native')
    const { engine: after } = await createEngine('native')
    try {
      const loaded = await ingestFiles(during, [dir], DEFAULT_KNOBS, { alongside: (conn, present) => scanResponsesWhileLoading(conn, present, { inProcess: true }) })
      // scanned already: the gate only counts
      const r = await scanFields(during, ['response_text_snippet'], { inProcess: true })
      expect(r.scanned).toEqual([])
      const a = await runPiiResponseGate(during, loaded, DEFAULT_KNOBS, { inProcess: true })
      const b = await runPiiResponseGate(after, await ingestFiles(after, [dir], DEFAULT_KNOBS), DEFAULT_KNOBS, { inProcess: true })
      expect(a).toEqual(b)
      expect(a.gates.find((g) => g.gate === PII_GATE)?.offending_count).toBeGreaterThan(20)
      const rows = (e: Engine): Promise<unknown[]> => e.all(`SELECT * FROM ${PII_TABLE} ORDER BY row_id, start, entity_type`)
      expect(await rows(during)).toEqual(await rows(after))
    } finally {
      await during.close()
      await after.close()
    }
  })
})
