/**
 * Anomalies per cluster: with a cluster run active each cluster is a slice of its own (joined on the
 * interactions rowid), named by its label and drilled into with the cluster filter; without one
 * nothing changes. A hand-computed fixture on both engines, and a failure step planted in one
 * request family of generated data found as a cluster alarm through the real clustering.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { DEFAULT_PLANTED, PLANTED_TRUTH_FILE, PlantedFamilies } from '../../../scripts/plantedFamilies'
import type { AnomalyReport } from '../../shared/anomalies'
import { anomaliesCsv } from '../../shared/artifacts/anomalyArtifacts'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { computeClusters } from '../cli/clusterRun'
import { csvRecords } from '../artifacts/compareArtifacts'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { anomalyReport, anomalySeries, maskAnomalyLabels } from './anomalies'
import type { ClusterStore } from './clusterRuns'
import { ensureClusterTables, writeAssignment } from './clusterTables'
import { compileScope } from './scopeSql'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'

// Two weeks from 2025-03-03 (Mon), twenty requests a day in one use case and tier: model A rows
// i = 0..9 and model B rows i = 0..9. Cluster 1 ("refund charged twice") holds i = 0..4 of both
// models, cluster 0 ("steady") i = 5..9. Before 03-10 one failure a day in each cluster (B i = 0,
// A i = 5); from 03-10 rows i = 0, 1, 2 of both models fail, and A i = 5 still does.
// By hand: cluster 1 goes 7 / 70 = 0.1 -> 42 / 70 = 0.6, extra failures 7 * (6 - 1) = 35 (1400 USD);
// cluster 0 stays at 0.1. The whole scope goes 0.1 -> 0.35 with 35 extra failures, all of them in
// cluster 1 (share 1, half the requests); model A holds 21 of them and model B 14.
const LABELS = ['steady', 'refund charged twice']
const DATES = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2025, 2, 3 + i)).toISOString().slice(0, 10))

function fixture(): { rows: FixtureRow[]; cluster: number[] } {
  const rows: FixtureRow[] = []
  const cluster: number[] = []
  for (const date of DATES) {
    const after = date >= '2025-03-10'
    for (const model of ['A', 'B']) {
      for (let i = 0; i < 10; i++) {
        const fail = after ? i < 3 || (model === 'A' && i === 5) : (model === 'B' && i === 0) || (model === 'A' && i === 5)
        rows.push({ timestamp_utc: `${date} 10:00:00`, model_name: model, use_case: 'qa', account_tier: 'free', is_failure: fail, latency_ms: 500 + 10 * i, cost_usd: 0.01 })
        cluster.push(i < 5 ? 1 : 0)
      }
    }
  }
  return { rows, cluster }
}

/** A cluster store with an active run of these labels (what the anomalies read of it). */
function activeStore(labels: string[]): ClusterStore {
  return { active: { info: { labels } } } as unknown as ClusterStore
}

const KNOBS = { ANOMALY_Z: 3, ANOMALY_MIN_REQUESTS: 5 }

describe.each(ENGINE_KINDS)('anomalies per cluster on %s', (kind) => {
  let engine: Engine
  let before: AnomalyReport
  let withClusters: AnomalyReport
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    const { rows, cluster } = fixture()
    await loadInteractions(engine, rows)
    await ensureClusterTables(engine)
    before = await anomalyReport(fixtureContext(engine, { knobs: KNOBS }))
    await writeAssignment(engine, rows.map((_, i) => i), cluster)
    withClusters = await anomalyReport({ ...fixtureContext(engine, { knobs: KNOBS }), clusters: activeStore(LABELS) })
  }, 120_000)
  afterAll(async () => {
    await engine.close()
  })

  it('without an active run nothing changes: no cluster slice, the same report as before the assignment existed', async () => {
    expect(before.slices.map((s) => s.dimension)).toEqual(['all', 'model_name', 'use_case', 'account_tier'])
    expect(before.findings.some((f) => f.dimension === 'cluster')).toBe(false)
    // an assignment table with rows but no active run (a context without clusters) is not read
    expect(await anomalyReport(fixtureContext(engine, { knobs: KNOBS }))).toEqual(before)
    // a store without a run is the same as none
    expect(await anomalyReport({ ...fixtureContext(engine, { knobs: KNOBS }), clusters: { active: null } as unknown as ClusterStore })).toEqual(before)
  })

  it('checks each cluster as a slice and finds the step of cluster 1 with its levels, counts and extra failures', () => {
    expect(withClusters.slices).toEqual([
      { dimension: 'all', values: 1 },
      { dimension: 'model_name', values: 2 },
      { dimension: 'use_case', values: 0 },
      { dimension: 'account_tier', values: 0 },
      { dimension: 'cluster', values: 2 }
    ])
    const c = withClusters.findings.find((f) => f.metric === 'failure_rate' && f.dimension === 'cluster' && f.value === '1')!
    expect(c).toMatchObject({ kind: 'change_point', date: '2025-03-10', direction: 'up', tone: 'worse', requests: 70, failures: 42, days: 7, value_label: 'refund charged twice' })
    expect(c.before).toBeCloseTo(0.1, 12)
    expect(c.after).toBeCloseTo(0.6, 12)
    expect(c.extra_failures).toBeCloseTo(35, 9)
    expect(c.impact_usd).toBeCloseTo(1400, 6)
    // drilldowns use the cluster filter
    expect(c.rows).toEqual({ filters: { cluster: ['1'] }, from: '2025-03-10', to: '2025-03-16' })
    // no model concentrates its excess (A holds 21 of 35 with half its rows): the cluster itself is responsible, by its label
    expect(c.responsible).toMatchObject({ filters: { cluster: '1' }, label: 'cluster #1 refund charged twice', share: 1 })
    expect(withClusters.findings.some((f) => f.dimension === 'cluster' && f.value === '0')).toBe(false)
  })

  it('traces the whole scope to the cluster and heads the alarm with it, named by its label', () => {
    const all = withClusters.findings.find((f) => f.metric === 'failure_rate' && f.dimension === 'all')!
    expect(all.extra_failures).toBeCloseTo(35, 9)
    expect(all.responsible).toMatchObject({ filters: { cluster: '1' }, label: 'cluster #1 refund charged twice', share: 1, requests: 70, request_share: 0.5 })
    // without clusters the same finding is traced to model A (21 of 35)
    expect(before.findings.find((f) => f.metric === 'failure_rate' && f.dimension === 'all')!.responsible).toMatchObject({ label: 'model_name = A' })
    const alarm = withClusters.alarms[0]
    expect(alarm.headline.id).toBe('change_point:failure_rate:cluster=1:2025-03-10')
    expect(alarm.headline.value_label).toBe('refund charged twice')
    expect(alarm.related.map((f) => f.id)).toContain('change_point:failure_rate:all=all:2025-03-10')
  })

  it('the drilldown of the cluster finding selects exactly its rows', async () => {
    const c = withClusters.findings.find((f) => f.dimension === 'cluster' && f.metric === 'failure_rate')!
    const { where, params } = compileScope({ filters: c.rows.filters, from: c.rows.from, to: c.rows.to })
    const [{ n, k }] = await engine.all<{ n: number; k: number }>(`SELECT count(*)::BIGINT AS n, count_if(is_failure)::BIGINT AS k FROM interactions WHERE ${where}`, params)
    expect({ n, k }).toEqual({ n: c.requests, k: c.failures })
  })

  it("gives the cluster's series with its label, and masks labels on request", async () => {
    const s = await anomalySeries({ ...fixtureContext(engine, { knobs: KNOBS }), clusters: activeStore(LABELS) }, 'failure_rate', 'cluster', '1')
    expect(s).toMatchObject({ checked: true, value_label: 'refund charged twice', dates: DATES })
    expect(s.values.slice(6, 8)).toEqual([0.1, 0.6])
    const masked = maskAnomalyLabels(withClusters, (t) => t.replace(/refund/g, '<X>'))
    expect(masked.alarms[0].headline.value_label).toBe('<X> charged twice')
    expect(masked.findings.find((f) => f.dimension === 'all' && f.metric === 'failure_rate')!.responsible!.label).toBe('cluster #1 <X> charged twice')
    // model A's step is traced to its part in cluster 1: that label is masked too; findings without a cluster are left as they are
    expect(masked.findings.find((f) => f.dimension === 'model_name' && f.value === 'A')!.responsible!.label).toBe('model_name = A · cluster #1 <X> charged twice')
    // nothing but those labels changes
    const unlabelled = (r: AnomalyReport): unknown[] => r.findings.map((f) => ({ ...f, value_label: undefined, responsible: f.responsible && { ...f.responsible, label: '' } }))
    expect(unlabelled(masked)).toEqual(unlabelled(withClusters))
    expect(maskAnomalyLabels(before, () => 'X')).toEqual(before)
    expect(maskAnomalyLabels(s, (t) => t.toUpperCase()).value_label).toBe('REFUND CHARGED TWICE')
  })

  it('writes the cluster and its label into anomalies.csv', () => {
    const rows = csvRecords(anomaliesCsv(withClusters))
    const row = rows.find((r) => r.dimension === 'cluster' && r.metric === 'failure_rate')!
    expect(row).toMatchObject({ value: '1', value_label: 'refund charged twice', date: '2025-03-10', responsible_dimension: 'cluster', responsible_value: '1' })
  })
})

describe('a failure step planted in one request family of generated data', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })

  for (const seed of [3, 8]) {
    it(`is found as an alarm on the family's cluster, dated within 2 days, named by its label (seed ${seed})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anomalies-'))
      dirs.push(dir)
      // three families with their own vocabulary; the second (Spanish medication questions) fails 4x as often from 2025-03-10
      const planted = new PlantedFamilies({ ...DEFAULT_PLANTED, style: 'words', families: 3, share: 0.06, seed: 30 + seed, failureStep: { family: 1, from: '2025-03-10', factor: 4 } })
      generateDataset({ rows: 15_000, seed, planted }, createFileSinks(dir).sinks)
      fs.writeFileSync(path.join(dir, PLANTED_TRUTH_FILE), planted.truthCsv())
      const truth = new Map(planted.truthCsv().trim().split('\n').slice(1).map((l) => l.split(',') as [string, string]))
      const { engine } = await createEngine('native')
      try {
        const knobs = { ...DEFAULT_KNOBS }
        const report = await ingestFiles(engine, [dir], knobs)
        const io = { out: (): void => {}, err: (): void => {} }
        const withoutClusters = await anomalyReport({ engine, knobs, scope: {}, report, overrideGates: [] })
        const { store } = await computeClusters(io, { engine, report, knobs }, { k: null, seed, text: 'request', vectors: 'auto' }, { withMap: false })
        const run = store.requireActive()
        // the family's cluster: where most of its requests are
        const ids = (await engine.columns('SELECT CAST(interaction_id AS VARCHAR) FROM interactions ORDER BY rowid')).data[0] as string[]
        const votes = new Map<number, number>()
        ids.forEach((id, i) => {
          if (truth.get(id) === 'medicacion_es') votes.set(run.rowCluster[i], (votes.get(run.rowCluster[i]) ?? 0) + 1)
        })
        const family = [...votes.entries()].sort((a, b) => b[1] - a[1])[0][0]
        const result = await anomalyReport({ engine, knobs, scope: {}, report, overrideGates: [], clusters: store })
        const found = result.findings.find((f) => f.dimension === 'cluster' && f.value === String(family) && f.metric === 'failure_rate' && f.kind === 'change_point' && f.direction === 'up')
        expect(found).toBeDefined()
        expect(Math.abs(Date.parse(found!.date) - Date.parse('2025-03-10')) / 86_400_000).toBeLessThanOrEqual(2)
        expect(found!.value_label).toBe(run.info.labels[family])
        expect(found!.rows.filters).toEqual({ cluster: [String(family)] })
        // its alarm is headed by the cluster (or traced to it)
        const alarm = result.alarms.find((a) => a.id === found!.alarm_id)!
        expect(alarm.headline.dimension === 'cluster' ? alarm.headline.value : alarm.headline.responsible?.filters.cluster).toBe(String(family))
        // without clusters the data gave no cluster slice at all
        expect(withoutClusters.findings.some((f) => f.dimension === 'cluster')).toBe(false)
      } finally {
        await engine.close()
      }
    }, 300_000)
  }
})
