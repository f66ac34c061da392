import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WORKSPACE_VERSION } from '../../shared/workspace'
import { DEFAULT_SAMPLING_INPUTS } from '../../shared/sampling'
import { Workbench } from '../backend/workbench'
import { openBundle } from './bundleReader'
import { parseWorkspace } from './workspaceFormat'
import { scratchDirs } from '../testing/testHarness'

const SAMPLE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')
const tmpDir = scratchDirs('twb-ws-test-')
const open: Workbench[] = []
function workbench(stateDir: string | null = tmpDir()): Workbench {
  const wb = new Workbench({ mode: 'web', stateDir, downloadsDir: tmpDir() })
  open.push(wb)
  return wb
}
afterEach(async () => {
  for (const wb of open.splice(0)) await wb.dispose()
})
/** The sample's CSVs in `<dir>/data`, the interactions file with one row duplicated (the primary-key gate fails, so it can be overridden). */
function copySample(dir: string): string {
  const data = path.join(dir, 'data')
  fs.mkdirSync(data, { recursive: true })
  for (const f of fs.readdirSync(SAMPLE)) fs.copyFileSync(path.join(SAMPLE, f), path.join(data, f))
  const file = path.join(data, 'llm_system_interactions.csv')
  const lines = fs.readFileSync(file, 'utf8').split('\n')
  fs.writeFileSync(file, [...lines.slice(0, 2), lines[1], ...lines.slice(2)].join('\n'))
  return data
}

/** The first n distinct interaction ids (the copied sample has one id twice). */
async function ids(wb: Workbench, n: number): Promise<string[]> {
  const page = await wb.queryInteractions({ scope: {}, limit: n + 5, columns: ['interaction_id'], sort: [{ column: 'interaction_id', desc: false }] })
  return [...new Set(page.rows.map((r) => String(r[0])))].slice(0, n)
}

describe('workspace save and open', () => {
  it('round-trips every field: sources, knobs, overrides, price table, privacy settings and pseudonym key, filters, views, drift ranges, cluster settings, threshold, annotations, policy versions, notes', async () => {
    const dir = tmpDir()
    const data = copySample(dir)
    const wb = workbench()
    const ds = await wb.loadDataset({ jobId: 1, paths: [data] })
    expect(ds.report.gates_failed).toContain('pk_interactions_interaction_id_unique')
    await wb.setKnobs({ knobs: { SLA_MS: 2500, CAPACITY_PER_DAY: 30 } })
    await wb.setGateOverrides({ gates: ['pk_interactions_interaction_id_unique'] })
    const prices = { format: 'telemetry-workbench.prices' as const, version: 1 as const, entries: [{ model_provider: 'openai', model_name: 'gpt', usd_per_1m_prompt: 0.15, usd_per_1m_completion: 0.6 }] }
    await wb.setPriceTable({ table: prices })
    await wb.setPiiSettings({ mode: 'pseudonyms' })
    const privacy = wb.privacy.workspaceState()
    const ui = {
      page: 'drift',
      filters: { filters: { use_case: ['coding'] }, annotation: ['unreviewed'] },
      page_params: { drift: { window: 'date_ranges' } },
      saved_views: [{ id: 'v1', name: 'Coding', page: 'explorer', filters: { filters: { use_case: ['coding'] } }, params: { sort: 'latency_ms:desc' }, created: '2025-02-01T00:00:00Z' }],
      drift_date_ranges: { reference: { from: '2025-01-01', to: '2025-01-20' }, current: { from: '2025-01-21', to: '2025-02-28' } },
      cluster_settings: { k: 9 },
      triage_threshold: 0.3,
      notes: 'coding slice fails more since the 20th'
    }
    await wb.updateWorkspaceUi({ ui })
    const [a, b] = await ids(wb, 2)
    await wb.setAnnotation({ interaction_id: a, edit: { status: 'confirmed_failure', labels: ['hallucination'], note: 'made up' } })
    await wb.setAnnotation({ interaction_id: b, edit: { status: 'false_alarm' } })
    await wb.exportArtifacts({ jobId: 2, scope: {} })
    const before = await wb.getWorkspace()
    expect(before.dirty).toBe(true)
    expect(before.policyVersionCount).toBe(2)
    const file = path.join(dir, 'investigation.twb.json')
    const saved = await wb.saveWorkspace({ path: file })
    expect(saved.dirty).toBe(false)
    expect(saved.name).toBe('investigation.twb.json')
    const doc = parseWorkspace(fs.readFileSync(file, 'utf8'), 'f').doc
    expect(doc.version).toBe(WORKSPACE_VERSION)
    expect(doc.sources.map((s) => [s.table, s.relative_path])).toEqual([
      ['interactions', 'data/llm_system_interactions.csv'],
      ['sessions', 'data/llm_system_sessions_summary.csv'],
      ['users', 'data/llm_system_users_summary.csv']
    ])
    const annotationsBefore = await wb.listAnnotations({})
    const versionsBefore = await wb.listPolicyVersions()

    const other = workbench()
    const r = await other.openWorkspace({ jobId: 1, path: file })
    expect(r.status).toBe('opened')
    if (r.status !== 'opened') return
    expect(r.state.dirty).toBe(false)
    expect(r.state.warnings).toEqual([])
    expect(r.state.ui).toEqual(ui)
    expect(await other.getKnobs()).toMatchObject({ SLA_MS: 2500, CAPACITY_PER_DAY: 30 })
    expect(r.dataset.report.gates_overridden).toEqual(['pk_interactions_interaction_id_unique'])
    expect((await other.getPriceTable()).table).toEqual(prices)
    // the same key: a value gets the same pseudonym in both sessions
    expect(other.privacy.workspaceState()).toEqual(privacy)
    expect((await other.getPiiSettings()).mode).toBe('pseudonyms')
    expect((await other.listAnnotations({})).rows).toEqual(annotationsBefore.rows)
    expect(await other.listPolicyVersions()).toEqual(versionsBefore)
    // the annotation filter works on the reopened data (the first id is the duplicated one: both its rows)
    expect((await other.getHealth({ scope: { annotation: ['confirmed_failure'] } })).interactions).toBe(2)
    expect((await other.getHealth({ scope: { annotation: ['false_alarm'] } })).interactions).toBe(1)
    // recent files list it
    expect((await other.listRecentFiles()).map((f) => f.path)).toContain(file)
  })

  it('keeps the previous file as .bak', async () => {
    const dir = tmpDir()
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    const file = path.join(dir, 'w.twb.json')
    await wb.saveWorkspace({ path: file })
    await wb.updateWorkspaceUi({ ui: { notes: 'second save' } })
    await wb.saveWorkspace({})
    expect(parseWorkspace(fs.readFileSync(file + '.bak', 'utf8'), 'bak').doc.ui.notes).toBe('')
    expect(parseWorkspace(fs.readFileSync(file, 'utf8'), 'w').doc.ui.notes).toBe('second save')
  })

  it('relinks a moved and renamed source by SHA-256 in a folder the operator picks', async () => {
    const dir = tmpDir()
    const data = copySample(dir)
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [data] })
    const file = path.join(dir, 'w.twb.json')
    await wb.saveWorkspace({ path: file })
    const elsewhere = tmpDir()
    fs.mkdirSync(path.join(elsewhere, 'nested'))
    for (const f of fs.readdirSync(data)) fs.renameSync(path.join(data, f), path.join(elsewhere, 'nested', `renamed-${f}`))
    const other = workbench()
    const first = await other.openWorkspace({ jobId: 1, path: file })
    expect(first.status).toBe('needs_relink')
    if (first.status === 'needs_relink') {
      expect(first.missing.map((m) => m.file).sort()).toEqual(['llm_system_interactions.csv', 'llm_system_sessions_summary.csv', 'llm_system_users_summary.csv'])
      expect(first.missing[0].looked.some((l) => l.endsWith(path.join('data', first.missing[0].file)))).toBe(true)
    }
    expect(await other.getDataset()).toBeNull()
    const second = await other.openWorkspace({ jobId: 2, path: file, searchFolder: elsewhere })
    expect(second.status).toBe('opened')
    if (second.status !== 'opened') return
    expect(second.dataset.report.tables.interactions?.rows).toBe(2401)
    expect(second.state.warnings.map((w) => w.kind)).toEqual(['relinked', 'relinked', 'relinked'])
    expect(second.state.warnings[0].message).toContain('same SHA-256')
  })

  it('opens a source whose content changed, with a visible warning and its old vs new row counts', async () => {
    const dir = tmpDir()
    const data = copySample(dir)
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [data] })
    const file = path.join(dir, 'w.twb.json')
    await wb.saveWorkspace({ path: file })
    const csv = path.join(data, 'llm_system_interactions.csv')
    const lines = fs.readFileSync(csv, 'utf8').trimEnd().split('\n')
    fs.writeFileSync(csv, lines.slice(0, -100).join('\n') + '\n')
    const r = await workbench().openWorkspace({ jobId: 1, path: file })
    expect(r.status).toBe('opened')
    if (r.status !== 'opened') return
    expect(r.state.warnings).toHaveLength(1)
    expect(r.state.warnings[0]).toMatchObject({ kind: 'changed', file: 'llm_system_interactions.csv', old_rows: 2401, new_rows: 2301 })
    expect(r.state.warnings[0].message).toMatch(/changed since the workspace was saved .*2401 rows then, 2301 now/)
  })

  it('opens a workspace of a newer version read-only: Save refused with the reason, Save As allowed', async () => {
    const dir = tmpDir()
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    const file = path.join(dir, 'w.twb.json')
    await wb.saveWorkspace({ path: file })
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'))
    fs.writeFileSync(file, JSON.stringify({ ...doc, version: WORKSPACE_VERSION + 1, from_the_future: true }))
    const other = workbench()
    const r = await other.openWorkspace({ jobId: 1, path: file })
    expect(r.status === 'opened' && r.state.readOnly).toMatch(/newer Telemetry Workbench/)
    await expect(other.saveWorkspace({})).rejects.toThrow(/read-only/)
    const copy = path.join(dir, 'copy.twb.json')
    const s = await other.saveWorkspace({ path: copy })
    expect(s.readOnly).toBeNull()
    expect(JSON.parse(fs.readFileSync(copy, 'utf8')).from_the_future).toBe(true)
  })
})

describe('bundles in the app', () => {
  it('exports a bundle a colleague opens without the CSVs: same numbers, filters, annotations, policy history; Save writes into it', async () => {
    const dir = tmpDir()
    const data = copySample(dir)
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [data] })
    await wb.setKnobs({ knobs: { SLA_MS: 2400 } })
    await wb.setGateOverrides({ gates: ['pk_interactions_interaction_id_unique'] })
    await wb.updateWorkspaceUi({ ui: { page: 'hotspots', filters: { window: 'history' }, notes: 'for Bob' } })
    const [a] = await ids(wb, 1)
    await wb.setAnnotation({ interaction_id: a, edit: { status: 'fixed', labels: ['timeout'] } })
    await wb.recordPolicyVersion({ kind: 'routing', scope: {} })
    const plan = await wb.getBundlePlan()
    const interactions = plan.tables.find((t) => t.table === 'interactions')!
    expect(interactions.rows).toBe(2401)
    expect(interactions.columns.find((c) => c.name === 'request_text')?.text).toBe(true)
    expect(interactions.columns.find((c) => c.name === 'interaction_id')?.text).toBe(false)
    expect(plan.annotations).toBe(1)
    const file = path.join(dir, 'for-bob.twbundle')
    await wb.setPiiSettings({ mode: 'pseudonyms' })
    const written = await wb.exportBundle({ jobId: 2, path: file, drop: [{ table: 'interactions', column: 'response_text_snippet' }] })
    expect(written.tables.interactions).toBe(2401)
    // the privacy settings travel, the pseudonym key does not (a recipient could test guesses with it)
    const inside = await openBundle(file)
    inside.archive.close()
    expect(inside.contents.workspace.doc.privacy).toEqual({ settings: wb.privacy.workspaceState().settings })
    const healthHere = await wb.getHealth({ scope: {} })
    const routingHere = await wb.getRouting({ scope: {} })
    // Bob has no CSVs
    fs.rmSync(data, { recursive: true })
    const bob = workbench()
    const r = await bob.openWorkspace({ jobId: 1, path: file })
    expect(r.status).toBe('opened')
    if (r.status !== 'opened') return
    expect(r.state.fileKind).toBe('bundle')
    expect(r.state.ui).toMatchObject({ page: 'hotspots', filters: { window: 'history' }, notes: 'for Bob' })
    expect(r.dataset.report.gates_overridden).toEqual(['pk_interactions_interaction_id_unique'])
    expect((await bob.getKnobs()).SLA_MS).toBe(2400)
    expect(await bob.getHealth({ scope: {} })).toEqual(healthHere)
    expect(await bob.getRouting({ scope: {} })).toEqual(routingHere)
    expect((await bob.listAnnotations({})).rows.map((x) => [x.interaction_id, x.status])).toEqual([[a, 'fixed']])
    expect((await bob.listPolicyVersions()).map((v) => v.kind)).toEqual(['routing'])
    // Bob reviews one more and saves: into the bundle
    const [, b2] = await ids(bob, 2)
    await bob.setAnnotation({ interaction_id: b2, edit: { status: 'confirmed_failure' } })
    const saved = await bob.saveWorkspace({})
    expect(saved.path).toBe(file)
    expect(fs.existsSync(file + '.bak')).toBe(true)
    const again = await workbench().openWorkspace({ jobId: 1, path: file })
    expect(again.status === 'opened' && again.state.annotationCount).toBe(2)
    expect(again.status === 'opened' && (await open[open.length - 1].getHealth({ scope: {} }))).toEqual(healthHere)
  })

  it('carries the rows the CSV reader rejected: listed the same from the bundle', async () => {
    const bad = path.resolve(__dirname, '../../../e2e/fixtures/bad-dump')
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [bad] })
    const here = await wb.listRejectedRows({ table: 'interactions', offset: 0, limit: 10 })
    expect(here.total).toBeGreaterThan(0)
    const file = path.join(tmpDir(), 'bad.twbundle')
    const w = await wb.exportBundle({ jobId: 2, path: file })
    expect(Object.keys(w.tables)).toContain('rejects_interactions_errors')
    const other = workbench()
    await other.openWorkspace({ jobId: 1, path: file })
    expect(await other.listRejectedRows({ table: 'interactions', offset: 0, limit: 10 })).toEqual(here)
  })

  it('writes a web-mode download into the downloads folder', async () => {
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    const r = await wb.exportBundle({ jobId: 2 })
    expect(r.download).toMatch(/^\/download\/workspace-[a-z0-9]+\.twbundle$/)
    expect(fs.existsSync(r.path)).toBe(true)
  })
})

describe('annotations in the app', () => {
  it('annotates every interaction of a scope, filters by status (unreviewed too) and forgets stale results', async () => {
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    const before = await wb.getHealth({ scope: { annotation: ['unreviewed'] } })
    expect(before.interactions).toBe(2400)
    const coding = await wb.getHealth({ scope: { filters: { use_case: ['coding'] } } })
    const r = await wb.annotateMany({ target: { scope: { filters: { use_case: ['coding'] } } }, edit: { status: 'open', addLabels: ['cluster-7'] } })
    expect(r.count).toBe(coding.interactions)
    expect((await wb.getHealth({ scope: { annotation: ['open'] } })).interactions).toBe(coding.interactions)
    // the memoised 'unreviewed' result was forgotten
    expect((await wb.getHealth({ scope: { annotation: ['unreviewed'] } })).interactions).toBe(2400 - coding.interactions)
    expect((await wb.getHealth({ scope: { annotation: ['unreviewed', 'open'] } })).interactions).toBe(2400)
    await expect(wb.annotateMany({ target: { scope: {} }, edit: { status: 'open', addLabels: [] }, maxRows: 10 })).rejects.toThrow(/more than 10 interactions/)
    const [x] = await ids(wb, 1)
    await wb.annotateMany({ target: { interaction_ids: [x] }, edit: { status: 'false_alarm', addLabels: [] } })
    expect((await wb.getAnnotations({ interaction_ids: [x] }))[0].status).toBe('false_alarm')
    expect(await wb.deleteAnnotation({ interaction_id: x })).toBe(true)
    expect(await wb.getAnnotations({ interaction_ids: [x] })).toEqual([])
  })

  it('shows the reviewed precision of the triage queue next to the model’s', async () => {
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    await expect(wb.getTriageReview()).rejects.toThrow(/no triage run yet/)
    const t = await wb.runTriage({ jobId: 2, scope: {} })
    expect(t.status).toBe('ok')
    const queue = await wb.getTriageQueue({ onlyReview: true, limit: 5 })
    const ids5 = queue.rows.map((r) => r.interaction_id!)
    await wb.setAnnotation({ interaction_id: ids5[0], edit: { status: 'confirmed_failure' } })
    await wb.setAnnotation({ interaction_id: ids5[1], edit: { status: 'fixed' } })
    await wb.setAnnotation({ interaction_id: ids5[2], edit: { status: 'false_alarm' } })
    await wb.setAnnotation({ interaction_id: ids5[3], edit: { status: 'open' } })
    const review = await wb.getTriageReview()
    expect(review.review.total).toBe(queue.total)
    expect(review.review.reviewed).toBe(4)
    expect(review.review.verdicts).toBe(3)
    expect(review.review.precision).toBeCloseTo(2 / 3, 12)
    if (t.status === 'ok') {
      const m = t.selected_policy_metrics
      expect(review.expected_precision).toBeCloseTo(m.tp / (m.tp + m.fp), 12)
    }
  })

  it('exports JSONL and imports it into another workspace, listing conflicts', async () => {
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    const [a, b] = await ids(wb, 2)
    await wb.setAnnotation({ interaction_id: a, edit: { status: 'confirmed_failure' } })
    await wb.setAnnotation({ interaction_id: b, edit: { status: 'open' } })
    const exported = await wb.exportAnnotations()
    expect(exported.content.trim().split('\n')).toHaveLength(2)
    const other = workbench()
    await other.loadDataset({ jobId: 1, paths: [SAMPLE] })
    await other.setAnnotation({ interaction_id: a, edit: { status: 'false_alarm' } })
    const r = await other.importAnnotations({ content: exported.content })
    expect(r.added).toBe(1)
    expect(r.conflicts).toHaveLength(1)
    expect(r.conflicts[0]).toMatchObject({ interaction_id: a, kept: 'ours' })
    expect((await other.getHealth({ scope: { annotation: ['open'] } })).interactions).toBe(1)
  })
})

describe('policy history', () => {
  it('records an export once, diffs two versions and rolls back to a version’s knobs', async () => {
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    const v1 = await wb.recordPolicyVersion({ kind: 'routing', scope: {} })
    expect((await wb.recordPolicyVersion({ kind: 'routing', scope: {} })).id).toBe(v1.id)
    await wb.setKnobs({ knobs: { SLA_MS: 1500, MIN_REQUESTS_POLICY: 20 } })
    const v2 = await wb.recordPolicyVersion({ kind: 'routing', scope: {} })
    expect(v2.id).not.toBe(v1.id)
    const d = await wb.diffPolicyVersions({ before: v1.id, after: v2.id })
    expect(d.knobs.map((k) => k.name)).toEqual(['MIN_REQUESTS_POLICY', 'SLA_MS'])
    expect(d.data_changed).toBe(false)
    const full = await wb.getPolicyVersion({ id: v1.id })
    expect(full.files.map((f) => f.name)).toEqual(['routing_policy_use_case.csv', 'routing_backtest_summary.csv'])
    const r = await wb.rollbackPolicyVersion({ id: v1.id })
    expect(r.knobs).toMatchObject({ SLA_MS: 2200, MIN_REQUESTS_POLICY: 60 })
    expect((await wb.getKnobs()).SLA_MS).toBe(2200)
  })
})

describe('policy history: sampling', () => {
  it('stores an exported sampling policy as a version, once, with its policy files but not the sample', async () => {
    const wb = workbench()
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    await wb.exportSampling({ jobId: 2, scope: {}, inputs: DEFAULT_SAMPLING_INPUTS, withSample: true })
    await wb.exportSampling({ jobId: 3, scope: {}, inputs: DEFAULT_SAMPLING_INPUTS })
    const list = await wb.listPolicyVersions()
    expect(list.map((v) => v.kind)).toEqual(['sampling'])
    expect(list[0].label).toMatch(/^keep .* of 2400 rows · backtest /)
    expect(list[0].files).toContain('sampling_policy.json')
    expect(list[0].files.some((f) => f.includes('llm_system_interactions'))).toBe(false)
  })
})

describe('an unsaved session survives a crash', () => {
  it('is autosaved, listed after the process is gone, and restored as unsaved changes', async () => {
    const state = tmpDir()
    const dir = tmpDir()
    const wb = workbench(state)
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
    const file = path.join(dir, 'w.twb.json')
    await wb.saveWorkspace({ path: file })
    const [a] = await ids(wb, 1)
    await wb.setAnnotation({ interaction_id: a, edit: { status: 'confirmed_failure', note: 'not saved yet' } })
    await wb.workspace.autosaveNow()
    // The process "crashes": its recovery file stays, with the pid of a process that no longer runs.
    const recoveryDir = path.join(state, 'recovery')
    const [rec] = fs.readdirSync(recoveryDir)
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!
    const body = JSON.parse(fs.readFileSync(path.join(recoveryDir, rec), 'utf8'))
    fs.writeFileSync(path.join(recoveryDir, rec), JSON.stringify({ ...body, pid: dead }))
    const next = workbench(state)
    const list = await next.listRecoveries()
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ path: file, name: 'w.twb.json', annotationCount: 1 })
    const r = await next.restoreRecovery({ jobId: 1, id: list[0].id })
    expect(r.status).toBe('opened')
    if (r.status !== 'opened') return
    expect(r.state.dirty).toBe(true)
    expect(r.state.path).toBe(file)
    expect((await next.getAnnotations({ interaction_ids: [a] }))[0].note).toBe('not saved yet')
    expect(await next.listRecoveries()).toEqual([])
  })
})
