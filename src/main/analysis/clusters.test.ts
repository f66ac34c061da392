/** The clusters through DuckDB on both engines: the cluster and map-selection filters, the ranked list, the map, similar requests, the diagnosis and the report files. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../artifacts/compareArtifacts'
import { buildClusterReport, CLUSTER_FILES } from '../artifacts/clusterArtifacts'
import { createEngine, type Engine } from '../engine/engine'
import { diagnose } from './clusterDiagnosis'
import { clusterDetail, clusterDistinctValues, clusterDrift, clusterList } from './clusterList'
import { createMapSelection, mapChunk, mapColors, mapInfo, mapMask } from './clusterMap'
import { ClusterStore } from './clusterRuns'
import { similarRequests } from './clusterSimilar'
import { ensureClusterTables } from './clusterTables'
import { queryInteractions } from './explorer'
import { riskSlices } from './riskSlices'
import { compileScope } from './scopeSql'
import { ENGINE_KINDS, fixtureContext, fixtureReport, loadInteractions, type FixtureRow } from './testTable'

const PASSWORD = ['reset my password', 'password reset link expired', 'cannot reset the account password', 'forgot password, reset please', 'password reset email never arrives']
const REFUND = ['refund the double charge', 'charged twice, refund me', 'refund for a duplicate charge on my card', 'why was my card charged twice', 'refund request for the extra charge']
const HELM = ['helm upgrade failed in staging', 'deploy the helm chart to prod', 'helm rollback after a failed deploy', 'helm chart values for staging', 'the helm deploy times out']

/** 40 password requests (30 fail), 40 refund (2 fail), 40 helm (2 fail), 6 without text; days spread over March. */
function rows(): FixtureRow[] {
  const out: FixtureRow[] = []
  const families: [string[], number][] = [
    [PASSWORD, 30],
    [REFUND, 2],
    [HELM, 2]
  ]
  let i = 0
  for (const [texts, failing] of families) {
    for (let j = 0; j < 40; j++) {
      out.push({
        interaction_id: `I${String(++i).padStart(4, '0')}`,
        request_text: texts[j % texts.length],
        is_failure: j < failing,
        failure_type: j < failing ? 'tool_error' : 'none',
        model_name: j % 2 === 0 ? 'model-a' : 'model-b',
        use_case: 'support',
        latency_ms: 100 + j,
        cost_usd: 0.01,
        timestamp_utc: `2025-03-${String(1 + (j % 28)).padStart(2, '0')} 10:00:00`
      })
    }
  }
  for (let j = 0; j < 6; j++) out.push({ interaction_id: `E${j}`, request_text: j % 2 ? null : '', is_failure: false, timestamp_utc: '2025-03-02 10:00:00' })
  return out
}

for (const kind of ENGINE_KINDS) {
  describe(`clusters (${kind})`, () => {
    let engine: Engine
    let store: ClusterStore
    beforeAll(async () => {
      engine = (await createEngine(kind)).engine
      await loadInteractions(engine, rows())
      await ensureClusterTables(engine)
      store = new ClusterStore(engine, fixtureReport(), null)
    })
    afterAll(async () => {
      await engine.close()
    })

    it('selects nothing, without an error, before clusters are computed', async () => {
      const { where, params } = compileScope({ filters: { cluster: ['0'] } })
      const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE ${where}`, params)
      expect(n).toBe(0)
      expect(() => store.requireActive()).toThrow(/not computed yet/)
      expect(await clusterDistinctValues(engine, store, 'cluster', {}, 10)).toEqual([])
    })

    it('assigns every row, groups the three families and puts rows without text in a cluster of their own', async () => {
      const info = await store.run({ k: null, seed: 7, text: 'request', vectors: 'auto' }, fixtureContext(engine).knobs, { jobId: 1, signal: new AbortController().signal, onProgress: () => {}, inProcess: true }).map
      expect(info.rows).toBe(126)
      expect(info.map_method).toBe('umap')
      const run = store.requireActive()
      const of = (start: number): Set<number> => new Set(Array.from(run.rowCluster.subarray(start, start + 40)))
      const [p, r, h] = [of(0), of(40), of(80)]
      for (const s of [p, r, h]) expect(s.size).toBe(1)
      expect(new Set([...p, ...r, ...h]).size).toBe(3)
      const special = run.rowCluster[120]
      expect(info.special_cluster).toBe(special)
      expect(new Set(Array.from(run.rowCluster.subarray(120)))).toEqual(new Set([special]))
      expect(info.labels[special]).toBe('(no request text)')
    })

    it('ranks the failing family first, its sizes summing to the scope, with exemplars and a label', async () => {
      const list = await clusterList(fixtureContext(engine), store, { strategy: 'excess_failures', minSize: 5 })
      expect(list.scope_rows).toBe(126)
      expect(list.clusters.reduce((s, c) => s + c.size, 0)).toBe(126)
      const top = list.clusters[0]
      expect(top.size).toBe(40)
      expect(top.failures).toBe(30)
      expect(top.rank).toBe(1)
      expect(top.label).toMatch(/password|reset/)
      expect(top.exemplars.length).toBeGreaterThan(0)
      expect(top.dominant_failure_type).toEqual({ value: 'tool_error', count: 30, share: 1 })
      expect(top.daily_requests.reduce((s, x) => s + x, 0)).toBe(40)
      // the filter selects exactly the cluster's rows in any query
      const page = await queryInteractions(engine, { scope: { filters: { cluster: [String(top.cluster_id)] } }, sort: [], offset: 0, limit: 100, withTotal: true })
      expect(page.total).toBe(40)
      // the list follows the scope: only model-a rows
      const scoped = await clusterList(fixtureContext(engine, { scope: { filters: { model_name: ['model-a'] } } }), store, { strategy: 'failures', minSize: 1 })
      expect(scoped.scope_rows).toBe(60)
      expect(scoped.clusters.find((c) => c.cluster_id === top.cluster_id)!.failures).toBe(15)
      const values = await clusterDistinctValues(engine, store, 'cluster', {}, 10)
      expect(values.find((v) => v.value === String(top.cluster_id))).toEqual({ value: String(top.cluster_id), count: 40, label: `#${top.cluster_id} ${top.label}` })
    })

    it('is a risk-slice dimension: one slice per cluster and use case (history window)', async () => {
      await engine.run('UPDATE interactions SET in_history = true')
      try {
        const t = await riskSlices(fixtureContext(engine), ['cluster', 'use_case'], 1)
        const run = store.requireActive()
        const top = t.rows.find((r) => r.key[0] === String(run.rowCluster[0]))!
        expect(top).toMatchObject({ key: [String(run.rowCluster[0]), 'support'], requests: 40, fail_rate: 0.75 })
        expect(t.rows.reduce((s, r) => s + r.requests, 0)).toBe(126)
      } finally {
        await engine.run('UPDATE interactions SET in_history = false')
      }
    })

    it('details a cluster against the rest of the scope', async () => {
      const run = store.requireActive()
      const c = run.rowCluster[0]
      const d = await clusterDetail(fixtureContext(engine), store, c)
      expect(d.size).toBe(40)
      expect(d.failures).toBe(30)
      const models = d.breakdowns.find((b) => b.dimension === 'model_name')!.rows
      expect(models.map((m) => [m.value, m.requests, m.failures])).toEqual([
        ['model-a', 20, 15],
        ['model-b', 20, 15]
      ])
      expect(d.exemplars[0].request_text).toMatch(/password/)
      await expect(clusterDetail(fixtureContext(engine), store, 99)).rejects.toThrow(/does not exist/)
    })

    it('serves the map in pages, colours it, masks the scope and records a lasso as a filter', async () => {
      const info = mapInfo(store)
      expect(info.rows).toBe(126)
      const chunk = mapChunk(store, info.key, 0, 100)
      const bytes = Buffer.from(chunk.xy, 'base64')
      const xy = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
      expect(xy.length).toBe(200)
      expect(mapChunk(store, info.key, 100).count).toBe(26)
      const colors = await mapColors(engine, store, info.key, 'failure', 0)
      expect(colors.categories).toEqual(['ok', 'failed'])
      expect(Array.from(Buffer.from(colors.codes, 'base64')).filter((c) => c === 1)).toHaveLength(34)
      const mask = await mapMask(engine, store, info.key, { is_failure: true })
      expect(mask.in_scope).toBe(34)
      // a lasso around the whole map box selects every row; within the failed-only scope, 34
      const all = await createMapSelection(engine, store, info.key, [[[-20, -20], [20, -20], [20, 20], [-20, 20]]], { is_failure: true })
      expect(all.rows).toBe(126)
      expect(all.in_scope).toBe(34)
      const page = await queryInteractions(engine, { scope: { is_failure: true, filters: { map_selection: [String(all.selection_id)] } }, sort: [], offset: 0, limit: 100, withTotal: true })
      expect(page.total).toBe(34)
      // a lasso around one point selects that point
      const run = store.requireActive()
      const [x, y] = [run.rowXY[0], run.rowXY[1]]
      const around = Array.from(run.rowXY).filter((_, i) => i % 2 === 0).filter((v, i) => Math.abs(v - x) < 1e-3 && Math.abs(run.rowXY[i * 2 + 1] - y) < 1e-3).length
      const one = await createMapSelection(engine, store, info.key, [[[x - 1e-3, y - 1e-3], [x + 1e-3, y - 1e-3], [x + 1e-3, y + 1e-3], [x - 1e-3, y + 1e-3]]], {})
      expect(one.rows).toBe(around)
      await expect(async () => mapChunk(store, 'stale', 0)).rejects.toThrow(/changed/)
    })

    it('finds similar requests to an interaction and to a phrase, one per distinct text', async () => {
      const r = await similarRequests(engine, store, { interaction_id: 'I0001', limit: 4 })
      expect(r.results).toHaveLength(4)
      for (const s of r.results) expect(s.request_text).toMatch(/password/)
      expect(new Set(r.results.map((s) => s.request_text)).size).toBe(4)
      expect(r.results.every((s) => s.request_text !== 'reset my password')).toBe(true)
      expect(r.results[0].same_text_requests).toBe(8)
      const byText = await similarRequests(engine, store, { text: 'helm deploy', limit: 3 })
      for (const s of byText.results) expect(s.request_text).toMatch(/helm/)
      const none = await similarRequests(engine, store, { text: 'zzzz qqqq', limit: 3 })
      expect(none.results).toEqual([])
      expect(none.note).toMatch(/none of these words/)
      await expect(similarRequests(engine, store, { interaction_id: 'nope', limit: 3 })).rejects.toThrow(/not in the loaded data/)
    })

    it('diagnoses the failing cluster from the evidence, every count matching its rows', async () => {
      const run = store.requireActive()
      const c = run.rowCluster[0]
      const d = await diagnose(fixtureContext(engine), store, { cluster_id: c })
      expect(d.rows).toBe(40)
      expect(d.failures).toBe(30)
      expect(d.summary[0].rows?.count).toBe(40)
      expect(d.summary[1].text).toMatch(/tool_error: 30 of 30/)
      expect(d.verification[0].text).toMatch(/75%/)
      for (const s of [...d.summary, ...d.causes, ...d.verification]) {
        if (s.rows?.count === undefined) continue
        const { where, params } = compileScope({ filters: s.rows.filters, is_failure: s.rows.is_failure })
        const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE ${where}`, params)
        expect({ text: s.text, n }).toEqual({ text: s.text, n: s.rows.count })
      }
    })

    it('reports cluster drift and writes the three report files', async () => {
      const drift = await clusterDrift(fixtureContext(engine), store)
      expect(drift.rows).toHaveLength(store.requireActive().info.k)
      expect(drift.windows.reference.rows).toBe(Math.floor(0.4 * 126))
      const files = await buildClusterReport(fixtureContext(engine), store, { strategy: 'excess_failures', minSize: 5 })
      expect(files.map((f) => f.name)).toEqual([CLUSTER_FILES.csv, CLUSTER_FILES.summary, CLUSTER_FILES.report])
      const csv = parseCsv(files[0].content)
      expect(csv[0]).toEqual(['interaction_id', 'cluster_id', 'x', 'y'])
      expect(csv).toHaveLength(127)
      expect(csv.slice(1).every((r) => r.length === 4 && r.every((v) => v !== ''))).toBe(true)
      const summary = JSON.parse(files[1].content) as { clusters: { cluster_id: number; rank: number; size: number; failures: number; failure_rate: number; label: string }[] }
      expect(summary.clusters[0]).toMatchObject({ rank: 1, size: 40, failures: 30, failure_rate: 0.75 })
      expect(files[2].content).toMatch(/## 1\. Cluster #\d+: .*password|reset/)
    })
  })
}
