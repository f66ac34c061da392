import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { WORKSPACE_VERSION } from '../../shared/workspace'
import { MIGRATIONS, migrate, v1ToV2, v2ToV3 } from './migrations'
import { parseWorkspace, serialiseWorkspace } from './workspaceFormat'

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/workspaces')
const fixture = (v: number): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(FIXTURES, `v${v}.json`), 'utf8')) as Record<string, unknown>

describe('migration steps', () => {
  it('has one step per past version, ending at the current version', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual([1, 2])
    expect(MIGRATIONS.length + 1).toBe(WORKSPACE_VERSION)
  })

  it('v1 -> v2: sources get both paths, annotations become records, views get ids', () => {
    const out = v1ToV2.migrate(fixture(1))
    expect(out.version).toBe(2)
    const sources = out.sources as Record<string, unknown>[]
    expect(sources[0]).toMatchObject({ kind: 'csv', table: null, file: 'llm_system_interactions.csv', relative_path: 'data/llm_system_interactions.csv', bytes: null, rows: 2400 })
    expect(sources[0].path).toBeUndefined()
    const annotations = out.annotations as Record<string, unknown>[]
    expect(annotations).toEqual([
      { id: 'v1-int-0001', interaction_id: 'int-0001', status: 'confirmed_failure', labels: ['hallucination'], note: 'made up an API', author: '', created: '2025-05-02T10:00:00Z', updated: '2025-05-02T10:00:00Z' },
      { id: 'v1-int-0002', interaction_id: 'int-0002', status: 'false_alarm', labels: [], note: '', author: '', created: '2025-05-02T10:00:00Z', updated: '2025-05-02T10:00:00Z' },
      // a field v1 did not define survives
      { reviewer_team: 'sre', id: 'v1-int-0003', interaction_id: 'int-0003', status: 'fixed', labels: ['timeout'], note: 'raised the limit', author: '', created: '2025-05-02T10:00:00Z', updated: '2025-05-02T10:00:00Z' }
    ])
    expect(out.saved_views).toEqual([{ params: {}, name: 'Coding failures', page: 'explorer', filters: { filters: { use_case: ['coding_assistant'] } }, id: 'v1-view-1', created: '2025-05-02T10:00:00Z' }])
    expect(out.views).toBeUndefined()
    // untouched fields stay
    expect(out.policies).toEqual(fixture(1).policies)
    expect(out.from_a_plugin).toEqual({ kept: true })
  })

  it('v2 -> v3: the UI state moves into ui, routing policies become generic versions', () => {
    const out = v2ToV3.migrate(fixture(2))
    expect(out.version).toBe(3)
    expect(out.ui).toEqual({
      page: 'triage',
      filters: { window: 'evaluation' },
      page_params: {},
      saved_views: [{ id: 'view-a', name: 'Evaluation', page: 'overview', filters: { window: 'evaluation' }, params: {}, created: '2025-06-01T00:00:00Z' }],
      drift_date_ranges: null,
      cluster_settings: null,
      triage_threshold: null,
      notes: ''
    })
    const versions = out.policy_versions as Record<string, unknown>[]
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({
      id: 'v2-policy-1',
      kind: 'routing',
      created: '2025-06-05T12:00:00Z',
      label: '2 use cases · candidate_mixed',
      knobs: { SLA_MS: 2500 },
      data_hashes: [{ table: 'interactions', file: 'llm_system_interactions.csv', sha256: '1'.repeat(64), rows: 2400 }],
      summary: { routing_status: 'candidate_mixed', policy_expected_unit_cost: 1.9 },
      files: []
    })
    expect((versions[0].content as { rows: unknown[] }).rows).toHaveLength(2)
    expect(out.policies).toBeUndefined()
    expect(out.filters).toBeUndefined()
    expect(out.gate_overrides).toEqual([])
  })

  it('keeps only plain values of a v1 backtest in the summary (a list is dropped)', () => {
    const out = migrate(fixture(1), 3).doc
    const v = (out.policy_versions as { summary: Record<string, unknown> }[])[0]
    expect(v.summary).toEqual({ routing_status: 'candidate_improves', policy_expected_unit_cost: 2.1, baseline_expected_unit_cost: 2.4, requests: 300 })
  })
})

describe('parseWorkspace over fixture files of every past version', () => {
  it.each([1, 2])('opens a version %i file as the current version, steps named', (v) => {
    const text = fs.readFileSync(path.join(FIXTURES, `v${v}.json`), 'utf8')
    const p = parseWorkspace(text, `v${v}.json`)
    expect(p.fileVersion).toBe(v)
    expect(p.readOnly).toBeNull()
    expect(p.migrated).toEqual(MIGRATIONS.filter((m) => m.from >= v).map((m) => m.name))
    expect(p.doc.version).toBe(WORKSPACE_VERSION)
    expect(p.doc.annotations.length).toBeGreaterThan(0)
    expect(p.doc.policy_versions[0].kind).toBe('routing')
    // and it saves as the current version
    const again = parseWorkspace(serialiseWorkspace(p.doc, { savedAt: '2025-07-01T00:00:00Z', appVersion: 'test' }), 'saved')
    expect(again.fileVersion).toBe(WORKSPACE_VERSION)
    expect(again.migrated).toEqual([])
    expect(again.doc.annotations).toEqual(p.doc.annotations)
    expect(again.doc.policy_versions).toEqual(p.doc.policy_versions)
  })

  it('keeps a v1 field it does not know through migration and save', () => {
    const p = parseWorkspace(fs.readFileSync(path.join(FIXTURES, 'v1.json'), 'utf8'), 'v1.json')
    const saved = JSON.parse(serialiseWorkspace(p.doc, { savedAt: 'x', appVersion: 'y' })) as Record<string, unknown>
    expect(saved.from_a_plugin).toEqual({ kept: true })
  })
})
