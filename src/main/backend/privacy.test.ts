import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../shared/api'
import { PII_GATE } from '../../shared/pii'
import { Workbench } from './workbench'

// Four interactions, hand-written: two with PII in the request, one with a leaking response.
const CSV = [
  'interaction_id,session_id,timestamp_utc,model_name,use_case,latency_ms,cost_usd,request_text,response_text_snippet,order_ref',
  'a1,s1,2025-01-01T10:00:00Z,m1,support,100,0.1,"Mail me at jane.doe@example.com please",Sure.,ORD-1',
  'a2,s1,2025-01-01T10:05:00Z,m1,support,120,0.1,Second question,"Your card 4111 1111 1111 1111 is on file",ORD-2',
  'a3,s2,2025-01-02T09:00:00Z,m2,coding,90,0.2,"Again jane.doe@example.com, and JANE.DOE@EXAMPLE.COM",Done.,ORD-3',
  'a4,s3,2025-01-02T11:00:00Z,m2,coding,80,0.2,No PII here,Nothing to see.,jane@example.com'
].join('\n')

describe('Workbench privacy: masking, scan, gate', () => {
  const wb = new Workbench({ mode: 'web' })
  const events: WorkbenchEvent[] = []
  let dir: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-privacy-'))
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), CSV + '\n')
    wb.onDidEmit((e) => events.push(e))
    await wb.loadDataset({ jobId: 1, paths: [dir] })
  })
  afterAll(async () => {
    await wb.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('the load judged the response gate: one response of four leaks', async () => {
    const gate = (await wb.getDataset())!.report.gates.find((g) => g.gate === PII_GATE)!
    expect(gate).toMatchObject({ status: 'fail', offending_count: 1, share: 0.25, examples: ['a2'] })
  })

  it('masks text in the Explorer grid by default; raw text only with the switch off', async () => {
    const page = await wb.queryInteractions({ columns: ['interaction_id', 'request_text', 'response_text_snippet', 'order_ref'] })
    const byId = Object.fromEntries(page.rows.map((r) => [r[0], r]))
    expect(byId.a1[1]).toBe('Mail me at <EMAIL_ADDRESS> please')
    expect(byId.a2[2]).toBe('Your card <CREDIT_CARD> is on file')
    // a column the dump adds is scanned and masked too
    expect(byId.a4[3]).toBe('<EMAIL_ADDRESS>')
    await wb.setPiiSettings({ mask: false })
    expect(events.some((e) => e.type === 'piiSettingsChanged')).toBe(true)
    const raw = await wb.queryInteractions({ columns: ['interaction_id', 'request_text'] })
    expect(raw.rows.find((r) => r[0] === 'a1')![1]).toBe('Mail me at jane.doe@example.com please')
    await wb.setPiiSettings({ mask: true })
  })

  it('pseudonyms are equal for equal values (any case), differ between values, and last-4 shows only the card end', async () => {
    await wb.setPiiSettings({ mode: 'pseudonyms' })
    const page = await wb.queryInteractions({ columns: ['interaction_id', 'request_text', 'response_text_snippet'] })
    const a1 = page.rows.find((r) => r[0] === 'a1')![1] as string
    const a3 = page.rows.find((r) => r[0] === 'a3')![1] as string
    const p = /<EMAIL_ADDRESS_[0-9a-f]{10}>/.exec(a1)![0]
    expect(a3).toBe(`Again ${p}, and ${p}`)
    // the key is kept for the workspace: restoring it gives the same pseudonyms
    const saved = wb.privacy.workspaceState()
    wb.privacy.restoreWorkspaceState({ ...saved, pseudonym_key_hex: 'ab'.repeat(32) })
    const other = (await wb.queryInteractions({ columns: ['interaction_id', 'request_text'] })).rows.find((r) => r[0] === 'a1')![1]
    expect(other).not.toBe(a1)
    wb.privacy.restoreWorkspaceState(saved)
    expect((await wb.queryInteractions({ columns: ['interaction_id', 'request_text'] })).rows.find((r) => r[0] === 'a1')![1]).toBe(a1)
    expect(() => wb.privacy.restoreWorkspaceState({ settings: saved.settings, pseudonym_key_hex: 'nothex' })).toThrow(/pseudonym_key_hex/)
    await wb.setPiiSettings({ mode: 'last4' })
    const card = (await wb.queryInteractions({ columns: ['interaction_id', 'response_text_snippet'] })).rows.find((r) => r[0] === 'a2')![1]
    expect(card).toBe('Your card <CREDIT_CARD_…1111> is on file')
    await wb.setPiiSettings({ mode: 'tags' })
  })

  it('masks the drawer (fields and session requests) and the SQL console', async () => {
    const d = await wb.getInteraction({ interaction_id: 'a1' })
    expect(d.fields.find((f) => f.name === 'request_text')?.value).toBe('Mail me at <EMAIL_ADDRESS> please')
    expect(d.session.map((s) => s.request_text)).toEqual(['Mail me at <EMAIL_ADDRESS> please', 'Second question'])
    const sql = await wb.runSql({ sql: "SELECT upper(request_text) AS shout, 'x' || response_text_snippet AS r FROM interactions ORDER BY interaction_id" })
    expect(sql.rows[0][0]).toBe('MAIL ME AT <EMAIL_ADDRESS> PLEASE')
    expect(sql.rows[1][1]).toBe('xYour card <CREDIT_CARD> is on file')
  })

  it('the full scan adds the request findings; summary, findings and the scope filter agree', async () => {
    const status = await wb.runPiiScan({ jobId: 7 })
    expect(status.scannedFields.sort()).toEqual(['order_ref', 'request_text', 'response_text_snippet'])
    const s = await wb.getPiiSummary({})
    expect(s.findings).toBe(5)
    expect(s.rows_with_findings).toBe(4)
    expect(s.responses_with_findings).toBe(1)
    expect(Object.fromEntries(s.by_field.map((c) => [c.key, c.findings]))).toEqual({ request_text: 3, order_ref: 1, response_text_snippet: 1 })
    expect(s.by_day).toEqual([
      { day: '2025-01-01', entity_type: 'CREDIT_CARD', findings: 1, rows: 1 },
      { day: '2025-01-01', entity_type: 'EMAIL_ADDRESS', findings: 1, rows: 1 },
      { day: '2025-01-02', entity_type: 'EMAIL_ADDRESS', findings: 3, rows: 2 }
    ])
    // drill: rows with an e-mail in the request are a1 and a3
    const drill = await wb.queryInteractions({ scope: { pii: { types: ['EMAIL_ADDRESS'], fields: ['request_text'] } }, columns: ['interaction_id'] })
    expect(drill.total).toBe(2)
    expect(drill.rows.map((r) => r[0])).toEqual(['a1', 'a3'])
    const scoped = await wb.getPiiSummary({ scope: { filters: { use_case: ['coding'] } } })
    expect(scoped.findings).toBe(3)
    const page = await wb.getPiiFindings({ limit: 10 })
    expect(page.rows[0]).toMatchObject({ interaction_id: 'a2', field: 'response_text_snippet', entity_type: 'CREDIT_CARD', start: 10, end: 29 })
    const csv = (await wb.exportPiiFindings({})).content
    expect(csv.split('\n')[0]).toBe('interaction_id,field,entity_type,start,end,rule,score,preview')
    expect(csv).not.toContain('jane.doe@example.com')
  })

  it('allow-listing a column drops its findings and stops masking it; unknown columns are refused', async () => {
    const v = await wb.setPiiSettings({ allowColumns: ['order_ref'] })
    expect(v.scanColumns).toEqual(['request_text', 'response_text_snippet'])
    expect((await wb.getPiiSummary({})).findings).toBe(4)
    const page = await wb.queryInteractions({ columns: ['interaction_id', 'order_ref'] })
    expect(page.rows.find((r) => r[0] === 'a4')![1]).toBe('jane@example.com')
    await expect(wb.setPiiSettings({ extraColumns: ['no_such_column'] })).rejects.toThrow(/not text columns/)
  })

  it('the gate follows its knob and can be overridden like the others', async () => {
    await wb.setKnobs({ knobs: { PII_MAX_RESPONSE_SHARE: 0.25 } })
    expect((await wb.getDataset())!.report.gates.find((g) => g.gate === PII_GATE)?.status).toBe('pass')
    await wb.setKnobs({ knobs: { PII_MAX_RESPONSE_SHARE: 0 } })
    const ds = (await wb.getDataset())!
    expect(ds.report.gates_failed).toContain(PII_GATE)
    expect(await wb.setGateOverrides({ gates: [PII_GATE] })).toMatchObject({ overridden: [PII_GATE] })
    expect((await wb.getDataset())!.report.blocked).toBe(false)
  })
})
