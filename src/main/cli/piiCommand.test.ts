import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { createPiiPlanter, type PlantTruth } from '../../../scripts/piiPlant'
import { csvRecords } from '../artifacts/compareArtifacts'
import { createEngine } from '../engine/engine'
import { loadBundle } from '../workspace/bundleReader'
import { cli, scratchDirs } from '../testing/testHarness'

const tmpDir = scratchDirs('wb-pii-cli-')
describe('npm run cli -- pii', () => {
  let data: string
  let truths: PlantTruth[]
  beforeAll(() => {
    data = tmpDir()
    const planter = createPiiPlanter(31, { requestRate: 0.05, responseRate: 0.02, lookalikeRate: 0.06 })
    generateDataset({ rows: 2500, seed: 31, days: 15, textHook: planter.hook }, createFileSinks(data).sinks)
    truths = planter.truths
  })

  it('writes pii_findings.csv with exactly the planted findings, a summary, and a masked copy; exit 2 as responses leak', async () => {
    const out = tmpDir()
    const masked = path.join(tmpDir(), 'masked', 'llm_system_interactions.csv')
    const r = await cli(['pii', '--data', data, '--out', out, '--mask-export', masked])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/STOP-SHIP: failed gate\(s\) pii_in_responses/)
    const rows = csvRecords(fs.readFileSync(path.join(out, 'pii_findings.csv'), 'utf8'))
    expect(Object.keys(rows[0])).toEqual(['interaction_id', 'field', 'entity_type', 'start', 'end', 'rule', 'score', 'preview'])
    const got = new Set(rows.map((x) => `${x.interaction_id}|${x.field}|${x.entity_type}|${x.start}|${x.end}`))
    expect(got).toEqual(new Set(truths.map((t) => `${t.interaction_id}|${t.field}|${t.entity_type}|${t.start}|${t.end}`)))
    const text = fs.readFileSync(path.join(out, 'pii_findings.csv'), 'utf8')
    for (const t of truths) expect(text.includes(t.value), t.value).toBe(false)
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'pii_summary.json'), 'utf8'))
    expect(summary.findings).toBe(truths.length)
    expect(summary.gate.status).toBe('fail')
    const maskedText = fs.readFileSync(masked, 'utf8')
    for (const t of truths) expect(maskedText.includes(t.value), t.value).toBe(false)
    // the masked copy is a dump like any other: its scan finds nothing and the gate passes
    const again = await cli(['pii', '--data', path.dirname(masked), '--out', tmpDir()])
    expect(again.code).toBe(0)
    expect(again.out).toMatch(/: 0 finding\(s\)/)
  }, 120_000)

  it('analyze blocks the decision on leaking responses; an override lifts it and is recorded', async () => {
    const out = tmpDir()
    const r = await cli(['analyze', '--data', data, '--out', out])
    expect(r.code).toBe(2)
    const decision = JSON.parse(fs.readFileSync(path.join(out, 'decision_artifact.json'), 'utf8'))
    expect(decision.status).toBe('blocked')
    expect(decision.issues).toContain('gate_failed_pii_in_responses')
    const integrity = JSON.parse(fs.readFileSync(path.join(out, 'integrity_report.json'), 'utf8'))
    expect(integrity.gates.find((g: { gate: string }) => g.gate === 'pii_in_responses')).toMatchObject({ status: 'fail' })
    const o = tmpDir()
    const ok = await cli(['analyze', '--data', data, '--out', o, '--override', 'pii_in_responses'])
    expect(ok.code).toBe(0)
    const d2 = JSON.parse(fs.readFileSync(path.join(o, 'decision_artifact.json'), 'utf8'))
    expect(d2.status).not.toBe('blocked')
    expect(d2.issues).toContain('gate_overridden_pii_in_responses')
    expect(d2.gate_overrides[0].gate).toBe('pii_in_responses')
  }, 120_000)

  it('a bundle with --mask-text carries every planted value masked, the rest of the text unchanged', async () => {
    const bundle = path.join(tmpDir(), 'masked.twbundle')
    const b = await cli(['bundle', '--data', data, '--out', bundle, '--mask-text'])
    expect(b.code).toBe(0)
    const out = tmpDir()
    const r = await cli(['pii', '--data', bundle, '--out', out])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/: 0 finding\(s\)/)
    const { engine } = await createEngine('native')
    try {
      await loadBundle(engine, bundle)
      const rows = await engine.all<{ id: string; q: string; a: string }>('SELECT interaction_id AS id, request_text AS q, response_text_snippet AS a FROM interactions')
      const all = rows.map((x) => `${x.q}\n${x.a}`).join('\n')
      for (const t of truths) expect(all.includes(t.value), t.value).toBe(false)
      expect(all).toContain('<EMAIL_ADDRESS>')
      // a row with nothing planted keeps its text as it was
      const planted = new Set(truths.map((t) => t.interaction_id))
      const src = csvRecords(fs.readFileSync(path.join(data, 'llm_system_interactions.csv'), 'utf8'))
      const clean = src.filter((x) => !planted.has(x.interaction_id)).slice(0, 200)
      const byId = new Map(rows.map((x) => [x.id, x]))
      for (const x of clean) expect(byId.get(x.interaction_id)?.q).toBe(x.request_text)
    } finally {
      await engine.close()
    }
  }, 120_000)

  it('a knob allowing a share of leaking responses passes the gate', async () => {
    const knobs = path.join(tmpDir(), 'knobs.json')
    fs.writeFileSync(knobs, JSON.stringify({ PII_MAX_RESPONSE_SHARE: 0.5 }))
    const r = await cli(['ingest', '--data', data, '--knobs', knobs])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/PASS {2}pii_in_responses/)
  }, 120_000)
})
