import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyWorkspaceDoc } from '../workspace/workspaceDoc'
import { serialiseWorkspace } from '../workspace/workspaceFormat'
import { sha256File } from '../ingest/ingest'
import { cli, scratchDirs } from '../testing/testHarness'

const SAMPLE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')
const tmpDir = scratchDirs('twb-cli-ws-')
/** A workspace beside a copy of the sample (in ./data), with knobs of its own. */
async function workspaceWithSample(knobs: Record<string, unknown>): Promise<{ dir: string; file: string }> {
  const dir = tmpDir()
  fs.cpSync(SAMPLE, path.join(dir, 'data'), { recursive: true })
  const f = 'llm_system_interactions.csv'
  const abs = path.join(dir, 'data', f)
  const doc = emptyWorkspaceDoc()
  doc.demo = false
  doc.knobs = knobs
  doc.sources = [{ kind: 'csv', table: 'interactions', file: f, relative_path: `data/${f}`, absolute_path: abs, sha256: await sha256File(abs), bytes: fs.statSync(abs).size, rows: 2400, columns: [] }]
  const file = path.join(dir, 'w.twb.json')
  fs.writeFileSync(file, serialiseWorkspace(doc, { savedAt: 'x', appVersion: 'y' }))
  return { dir, file }
}

describe('--workspace FILE', () => {
  it("gives every command the workspace's sources and knobs: analyze equals --data with the same knobs", async () => {
    const { file, dir } = await workspaceWithSample({ SLA_MS: 3000 })
    const knobs = path.join(tmpDir(), 'k.json')
    fs.writeFileSync(knobs, JSON.stringify({ SLA_MS: 3000 }))
    const a = tmpDir()
    const b = tmpDir()
    expect((await cli(['analyze', '--workspace', file, '--out', a])).code).toBe(0)
    expect((await cli(['analyze', '--data', path.join(dir, 'data', 'llm_system_interactions.csv'), '--knobs', knobs, '--out', b])).code).toBe(0)
    const strip = (t: string): string => t.replace(/"generated_at": "[^"]*"/, '')
    for (const f of fs.readdirSync(a)) expect(strip(fs.readFileSync(path.join(a, f), 'utf8')), f).toBe(strip(fs.readFileSync(path.join(b, f), 'utf8')))
    expect(JSON.parse(fs.readFileSync(path.join(a, 'decision_artifact.json'), 'utf8')).operator_knobs.SLA_MS).toBe(3000)
    // a workspace named by --data is read as one
    expect((await cli(['ingest', '--data', file])).code).toBe(0)
  })

  it('names the missing sources and where they were looked for', async () => {
    const { file, dir } = await workspaceWithSample({})
    fs.rmSync(path.join(dir, 'data'), { recursive: true })
    const r = await cli(['ingest', '--workspace', file])
    expect(r.code).toBe(1)
    expect(r.err).toContain('w.twb.json: 1 source(s) not found: llm_system_interactions.csv')
    expect(r.err).toContain(path.join(dir, 'data', 'llm_system_interactions.csv'))
  })
})

describe('report', () => {
  it('writes one self-contained HTML file from CSVs or a bundle', async () => {
    const out = path.join(tmpDir(), 'r.html')
    const r = await cli(['report', '--data', SAMPLE, '--out', out])
    expect(r.code).toBe(0)
    const html = fs.readFileSync(out, 'utf8')
    expect(html).toContain("default-src 'none'")
    expect(html).toContain('<section id="triage">')
    const bundle = path.join(tmpDir(), 'b')
    expect((await cli(['bundle', '--data', SAMPLE, '--out', bundle])).code).toBe(0)
    const out2 = path.join(tmpDir(), 'r2.html')
    expect((await cli(['report', '--data', bundle, '--out', out2])).code).toBe(0)
    // only the label and the time differ
    const strip = (t: string): string => t.replace(/Generated [^ ]+/, '').replace(/Telemetry report: [^<]+/g, '')
    expect(strip(fs.readFileSync(out2, 'utf8'))).toBe(strip(html))
  })
})
