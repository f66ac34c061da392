/**
 * Clusters wired into the other features, through the Workbench: bulk annotations of a cluster's
 * members and the annotation filter, every analysis under a cluster, map-selection and annotation
 * filter, the report's top failure clusters (present only when computed, masked by the privacy
 * switch), the Clusters page's settings in the workspace and its bundle (never the API key).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClusterList } from '../../shared/clusters'
import { DEFAULT_SAMPLING_INPUTS } from '../../shared/sampling'
import type { Scope } from '../../shared/scope'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { DEFAULT_PLANTED, PlantedFamilies } from '../../../scripts/plantedFamilies'
import { openBundle } from '../workspace/bundleReader'
import { setClusterReportProvider } from '../report/reportHooks'
import { registerClusterReport } from '../report/clusterReportSection'
import type { ApiMethod, WorkbenchApi } from '../../shared/api'
import { dispatch } from './dispatch'
import { Workbench } from './workbench'

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-wiring-'))

/** Generated telemetry with request texts, three planted request families (the first mostly failing). */
function plantedData(): string {
  const dir = tmp()
  generateDataset({ rows: 3000, seed: 5, planted: new PlantedFamilies({ ...DEFAULT_PLANTED, style: 'words', families: 3, share: 0.08, seed: 21 }) }, createFileSinks(dir).sinks)
  return dir
}

describe('clusters wired into the other features', () => {
  const stateDir = tmp()
  const wb = new Workbench({ mode: 'web', stateDir, downloadsDir: tmp() })
  /** A contract call as a transport makes it: validated (defaults applied), errors thrown with their details. */
  async function call<M extends ApiMethod>(method: M, req: Parameters<WorkbenchApi[M]>[0], api: WorkbenchApi = wb): Promise<Awaited<ReturnType<WorkbenchApi[M]>>> {
    const r = await dispatch(api, method, req)
    if (!r.ok) throw new Error(`${method}: ${r.error.message}${r.error.details ? ` (${r.error.details.join('; ')})` : ''}`)
    return r.value as Awaited<ReturnType<WorkbenchApi[M]>>
  }
  let list: ClusterList
  /** the failing cluster ranked first, and its rows */
  let top: { id: string; size: number; failures: number }
  const data = plantedData()
  beforeAll(async () => {
    await call('loadDataset', { jobId: 1, paths: [data] })
    await call('runClusters', { jobId: 2, settings: { k: null, seed: 7, text: 'request', vectors: 'auto' } })
    list = await call('getClusters', { scope: {}, ranking: { strategy: 'excess_failures', minSize: 20 } })
    const c = list.clusters[0]
    top = { id: String(c.cluster_id), size: c.size, failures: c.failures }
  }, 180_000)
  afterAll(async () => {
    await wb.dispose()
  })

  it('annotates every member of a cluster in bulk; the annotation filter then selects them', async () => {
    const scope: Scope = { filters: { cluster: [top.id] } }
    const ids = await call('queryInteractions', { scope, columns: ['interaction_id'], limit: 5000, withTotal: true })
    expect(ids.total).toBe(top.size)
    const distinct = new Set(ids.rows.map((r) => r[0])).size
    const r = await call('annotateMany', { target: { scope }, edit: { status: 'confirmed_failure', addLabels: ['cluster-review'] }, maxRows: top.size })
    expect(r.count).toBe(distinct)
    expect((await call('getHealth', { scope: { annotation: ['confirmed_failure'] } })).interactions).toBe(top.size)
    expect((await call('getHealth', { scope: { annotation: ['unreviewed'] } })).interactions).toBe(list.scope_rows - top.size)
    // the Annotations page within the filters: the cluster's annotations (and counts); another cluster has none
    const listed = await call('listAnnotations', { scope, limit: 10 })
    expect({ total: listed.total, reviewed: listed.counts.reviewed, confirmed: listed.counts.by_status.confirmed_failure }).toEqual({ total: distinct, reviewed: distinct, confirmed: distinct })
    const other = list.clusters.find((c) => String(c.cluster_id) !== top.id)!
    expect((await call('listAnnotations', { scope: { filters: { cluster: [String(other.cluster_id)] } } })).total).toBe(0)
    expect((await call('listAnnotations', {})).total).toBe(distinct)
    // a lasso selection within the page's scope (as the lasso bar's "Annotate N…" sends it) is a scope target too
    const sel = await call('createMapSelection', { key: list.run.key, polygons: [[[-100, -100], [100, -100], [100, 100], [-100, 100]]], scope: { filters: { cluster: [top.id] } } })
    expect(sel.in_scope).toBe(top.size)
    // the selection alone holds more rows than the count confirmed: refused, nothing written
    await expect(call('annotateMany', { target: { scope: { filters: { map_selection: [String(sel.selection_id)] } } }, edit: { status: 'fixed' }, maxRows: top.size })).rejects.toThrow(/more than/)
    const again = await call('annotateMany', { target: { scope: { filters: { map_selection: [String(sel.selection_id)], cluster: [top.id] } } }, edit: { status: 'fixed' }, maxRows: top.size })
    expect(again.count).toBe(distinct)
    expect((await call('getHealth', { scope: { annotation: ['fixed'] } })).interactions).toBe(top.size)
  })

  it('every analysis a page runs accepts the cluster, map-selection and annotation filters and keeps to their rows', async () => {
    // a lasso around the whole map holds every row; the page scope (the cluster) narrows it, as in a drilldown
    const sel = await call('createMapSelection', { key: list.run.key, polygons: [[[-100, -100], [100, -100], [100, 100], [-100, 100]]], scope: {} })
    expect(sel).toMatchObject({ rows: list.scope_rows, in_scope: list.scope_rows })
    const scopes: { name: string; scope: Scope }[] = [
      { name: 'cluster', scope: { filters: { cluster: [top.id] } } },
      { name: 'map_selection', scope: { filters: { map_selection: [String(sel.selection_id)], cluster: [top.id] } } },
      { name: 'annotation', scope: { annotation: ['fixed'] } }
    ]
    for (const { name, scope } of scopes) {
      const rows = top.size
      const ctx = `${name} filter`
      expect({ ctx, n: (await call('getHealth', { scope })).interactions }).toEqual({ ctx, n: rows })
      await call('getHealthDelta', { scope })
      expect({ ctx, n: (await call('getBudgetBurn', { scope })).reduce((s, d) => s + d.requests, 0) }).toEqual({ ctx, n: rows })
      await call('getIncidents', { scope })
      const anomalies = await call('getAnomalies', { scope })
      // one cluster in scope: the cluster dimension has one value and is no slice of its own
      expect(anomalies.slices.find((s) => s.dimension === 'cluster')?.values ?? 0).toBe(0)
      expect({ ctx, n: (await call('queryInteractions', { scope, limit: 1 })).total }).toEqual({ ctx, n: rows })
      expect((await call('distinctValues', { dimension: 'cluster', scope })).map((v) => v.value)).toEqual([top.id])
      await call('getHotspots', { scope })
      await call('getRiskSlices', { scope, dimensions: ['use_case', 'cluster'] })
      const clusters = await call('getClusters', { scope, ranking: { strategy: 'excess_failures', minSize: 20 } })
      expect(clusters.scope_rows).toBe(rows)
      await call('getClusterDetail', { scope, cluster_id: Number(top.id) })
      await call('getClusterDrift', { scope })
      await call('getDrift', { scope })
      const cmp = await call('compareScopes', { a: scope, b: { filters: { cluster: list.clusters.filter((c) => String(c.cluster_id) !== top.id).map((c) => String(c.cluster_id)) } } })
      expect({ ctx, a: cmp.a_requests, b: cmp.b_requests, overlap: cmp.overlap }).toEqual({ ctx, a: rows, b: list.scope_rows - rows, overlap: 0 })
      expect({ ctx, n: (await call('getCosts', { scope })).requests }).toEqual({ ctx, n: rows })
      await call('getCostBy', { scope, dimension: 'model_name' })
      await call('getEconomics', { scope })
      await call('getSavingsIdeas', { scope })
      await call('getRouting', { scope })
      const triage = await call('runTriage', { jobId: 10, scope })
      expect(['ok', 'unavailable']).toContain(triage.status)
      const sampling = await call('getSampling', { scope, inputs: DEFAULT_SAMPLING_INPUTS })
      expect({ ctx, n: sampling.projection.total.rows }).toEqual({ ctx, n: rows })
      expect({ ctx, n: (await call('getPiiSummary', { scope })).interactions }).toEqual({ ctx, n: rows })
      await call('getPiiFindings', { scope })
    }
  }, 240_000)

  it('the report lists the top failure clusters only when they are computed, ranked, with their diagnosis', async () => {
    const withClusters = (await call('exportReport', { jobId: 20 })).content
    const section = withClusters.slice(withClusters.indexOf('<section id="clusters">'), withClusters.indexOf('</section>', withClusters.indexOf('<section id="clusters">')))
    expect(section).toContain('Top failure clusters')
    const first = list.clusters.filter((c) => c.failures > 0)[0]
    const rowsHtml = section.split('<tr>').slice(2)
    expect(rowsHtml[0]).toContain(`#${first.cluster_id} ${first.label.replace(/&/g, '&amp;').replace(/</g, '&lt;')}`)
    expect(rowsHtml[0]).toContain(first.size.toLocaleString('en-US'))
    expect(rowsHtml[0]).toContain(`${(100 * first.failure_rate!).toFixed(2)}%`)
    expect(rowsHtml[0]).toMatch(/Most of its failures are|over-represented|fails|more/)
    expect(rowsHtml.length).toBe(Math.min(10, list.clusters.filter((c) => c.failures > 0).length))
    // a new dataset has no clusters: no section
    const other = new Workbench({ mode: 'web' })
    try {
      await call('loadDataset', { jobId: 1, paths: [data] }, other)
      expect((await call('exportReport', { jobId: 2 }, other)).content).not.toContain('<section id="clusters">')
    } finally {
      await other.dispose()
    }
  }, 180_000)

  it('the report masks cluster text while PII masking is on (the same switch as every text answer)', async () => {
    setClusterReportProvider(async () => [{ cluster_id: 3, label: 'write to jane.doe@example.com', size: 5, failures: 2, failure_rate: 0.4, rank: 1, diagnosis: ['Ask jane.doe@example.com about it.'] }])
    try {
      // masking is on by default; switched off, the text is shown as it is
      await call('setPiiSettings', { mask: false })
      expect((await call('exportReport', { jobId: 21 })).content).toContain('write to jane.doe@example.com')
      await call('setPiiSettings', { mask: true })
      const masked = (await call('exportReport', { jobId: 22 })).content
      expect(masked).not.toContain('jane.doe@example.com')
      expect(masked).toContain('#3 write to &lt;EMAIL_ADDRESS&gt;')
      expect(masked).toContain('Ask &lt;EMAIL_ADDRESS&gt; about it.')
    } finally {
      registerClusterReport()
    }
  })

  it('saves the Clusters page settings in the workspace and restores them on open; the API key never reaches a file or a bundle', async () => {
    await call('setDiagnosisModel', { endpoint: 'http://127.0.0.1:9/v1', model: 'tiny', api_key: 'sk-test-SECRET-123456' })
    const model = await call('getDiagnosisModel', {})
    expect(model).toEqual({ endpoint: 'http://127.0.0.1:9/v1', model: 'tiny', api_key_set: true })
    expect(JSON.stringify(model)).not.toContain('SECRET')
    const settings = {
      run: { k: 6, seed: 7, text: 'request', vectors: 'auto' },
      ranking: { strategy: 'failure_rate', minSize: 5 },
      color_by: 'failure',
      // a renderer bug or a hand edit must not put a key in the file
      local_model: { endpoint: 'http://127.0.0.1:9/v1', model: 'tiny', api_key_set: true, api_key: 'sk-test-SECRET-123456' }
    }
    const ws = await call('getWorkspace', {})
    await call('updateWorkspaceUi', { ui: { ...ws.ui, cluster_settings: settings } })
    expect((await call('getWorkspace', {})).dirty).toBe(true)
    const file = path.join(tmp(), 'clusters.twb.json')
    await call('saveWorkspace', { path: file })
    const text = fs.readFileSync(file, 'utf8')
    expect(text).not.toContain('SECRET')
    const { api_key: _key, ...savedModel } = settings.local_model
    expect(JSON.parse(text).ui.cluster_settings).toEqual({ ...settings, local_model: savedModel })

    // a bundle carries the settings, never the key
    const bundle = path.join(tmp(), 'clusters.twbundle')
    await call('exportBundle', { jobId: 30, path: bundle })
    const { archive, contents } = await openBundle(bundle)
    try {
      expect(await archive.readText('workspace.json', 1 << 30)).not.toContain('SECRET')
      expect(contents.workspace.doc.ui.cluster_settings).toEqual({ ...settings, local_model: savedModel })
    } finally {
      archive.close()
    }

    // open: the same settings come back
    await call('newWorkspace', { jobId: 31 })
    expect((await call('getWorkspace', {})).ui.cluster_settings).toBeNull()
    const r = await call('openWorkspace', { jobId: 32, path: file })
    expect(r.status).toBe('opened')
    expect((await call('getWorkspace', {})).ui.cluster_settings).toEqual({ ...settings, local_model: savedModel })
  }, 180_000)

  it('keeps the API key for its endpoint only, and refuses an endpoint that carries one in its URL', async () => {
    await call('setDiagnosisModel', { endpoint: 'http://127.0.0.1:9/v1', model: 'tiny', api_key: 'k1' })
    expect((await call('setDiagnosisModel', { endpoint: 'http://127.0.0.1:9/v1', model: 'tiny' })).api_key_set).toBe(true)
    expect((await call('setDiagnosisModel', { endpoint: 'http://127.0.0.1:10/v1', model: 'tiny' })).api_key_set).toBe(false)
    await call('setDiagnosisModel', { endpoint: 'http://127.0.0.1:10/v1', model: 'tiny', api_key: 'k2' })
    expect((await call('setDiagnosisModel', { endpoint: 'http://127.0.0.1:10/v1', api_key: null })).api_key_set).toBe(false)
    await expect(call('setDiagnosisModel', { endpoint: 'http://127.0.0.1:10/v1?api_key=abc' })).rejects.toThrow(/query string/)
    expect((await call('setDiagnosisModel', { endpoint: null })).api_key_set).toBe(false)
  })
})
