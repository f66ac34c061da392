import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { buildReport, describeScope, esc } from './buildReport'
import { setClusterReportProvider } from './reportHooks'

const SAMPLE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')

describe('the HTML report', () => {
  let engine: Engine
  let report: IntegrityReport
  beforeAll(async () => {
    ;({ engine } = await createEngine('native'))
    report = await ingestFiles(engine, [SAMPLE], { ...DEFAULT_KNOBS })
  })
  afterAll(async () => {
    setClusterReportProvider(async () => null)
    await engine.close()
  })

  const build = (workspace: Parameters<typeof buildReport>[0]['workspace'] = null): Promise<string> =>
    buildReport({ ctx: { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }, datasetLabel: 'input <sample>', isDemo: false, workspace, now: new Date('2025-03-01T12:00:00Z') })

  it('is one self-contained file: inline SVG charts, no script, a CSP that forbids every fetch, no external URL', async () => {
    const html = await build()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`)
    expect(html).not.toMatch(/<script|<link |<img |<iframe|@import|url\((?!#)/i)
    // the only URLs are XML namespaces of the inline SVG
    const urls = [...html.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0])
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']))
    expect((html.match(/<svg /g) ?? []).length).toBe(4)
    expect(html).toContain('@media print')
    expect(html).toContain('Telemetry report: input &lt;sample&gt;')
    expect(html).toContain('Generated 2025-03-01T12:00:00Z')
  })

  it('holds every section: KPIs and incidents, hotspots, routing with the caveat, drift, triage, gates, knobs and input hashes', async () => {
    const html = await build()
    for (const id of ['summary', 'kpis', 'hotspots', 'routing', 'drift', 'triage', 'gates', 'inputs']) expect(html).toContain(`<section id="${id}">`)
    expect(html).toContain('Selection bias:')
    expect(html).toContain(report.tables.interactions!.sha256)
    expect(html).toContain('2,400')
    expect(html).toContain('CAPACITY_PER_DAY')
    // no clusters computed: no clusters section
    expect(html).not.toContain('<section id="clusters">')
  })

  it('adds the top failure clusters when the clusters feature provides them, ranked', async () => {
    setClusterReportProvider(async () => [
      { cluster_id: 2, label: 'timeouts in tool calls', size: 120, failures: 60, failure_rate: 0.5, rank: 2 },
      { cluster_id: 7, label: 'made-up APIs', size: 80, failures: 56, failure_rate: 0.7, rank: 1 }
    ])
    const html = await build()
    const section = html.slice(html.indexOf('<section id="clusters">'))
    expect(section.indexOf('made-up APIs')).toBeLessThan(section.indexOf('timeouts in tool calls'))
    setClusterReportProvider(async () => null)
  })

  it('lists the workspace: annotations by status, policy history, notes', async () => {
    const html = await build({
      name: 'incident.twb.json',
      annotations: [{ id: 'a', interaction_id: 'i0000001', status: 'confirmed_failure', labels: [], note: '', author: 'x', created: 't', updated: 't' }],
      policyVersions: [{ id: 'p', kind: 'routing', created: '2025-02-01T10:00:00.000Z', label: '5 use cases · candidate_mixed', knobs: {}, data_hashes: [], scope: {}, summary: {}, files: [] }],
      notes: 'see <b>ticket</b>'
    })
    expect(html).toContain('Workspace: incident.twb.json')
    expect(html).toContain('5 use cases · candidate_mixed')
    expect(html).toContain('see &lt;b&gt;ticket&lt;/b&gt;')
  })
})

describe('report helpers', () => {
  it('escapes HTML and describes a scope in words', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    expect(describeScope({})).toBe('all interactions (no filter)')
    expect(describeScope({ from: '2025-01-01', filters: { use_case: ['a', null] }, is_failure: true, annotation: ['unreviewed'] })).toBe(
      'days 2025-01-01 to …; use_case in (a, null); failed requests only; annotation status in (unreviewed)'
    )
  })
})
