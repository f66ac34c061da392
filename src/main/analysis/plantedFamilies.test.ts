/**
 * The acceptance test of the clusters: request families with a vocabulary of their own are
 * planted in generated data (one of them mostly failing); the clusters must recover each family
 * (best-matching cluster F1 >= 0.8) and rank the failing family's cluster first, on several seeds
 * and two planting styles, through ingest, the cluster run and the ranked list.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { EVAL_CASES, evaluateCase } from '../../../scripts/clusterEval'
import { DEFAULT_PLANTED, PLANTED_TRUTH_FILE, PlantedFamilies, type PlantedOptions } from '../../../scripts/plantedFamilies'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { createEngine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { clusterList } from './clusterList'
import { ClusterStore } from './clusterRuns'
import { ensureClusterTables } from './clusterTables'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function generate(rows: number, seed: number, planted: PlantedOptions): { dir: string; truth: Map<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planted-'))
  dirs.push(dir)
  const p = new PlantedFamilies(planted)
  // the file sinks write synchronously: every table is complete on disk when this returns
  generateDataset({ rows, seed, planted: p }, createFileSinks(dir).sinks)
  fs.writeFileSync(path.join(dir, PLANTED_TRUTH_FILE), p.truthCsv())
  const truth = new Map<string, string>()
  for (const line of p.truthCsv().trim().split('\n').slice(1)) {
    const [id, family] = line.split(',')
    truth.set(id, family)
  }
  return { dir, truth }
}

/** F1 of the cluster that best matches each family, and that cluster. */
function bestMatches(truth: Map<string, string>, clusterOf: Map<string, number>): Map<string, { cluster: number; f1: number }> {
  const familySize = new Map<string, number>()
  const clusterSize = new Map<number, number>()
  const both = new Map<string, number>()
  for (const [id, family] of truth) {
    const c = clusterOf.get(id)!
    clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1)
    if (family === 'none') continue
    familySize.set(family, (familySize.get(family) ?? 0) + 1)
    both.set(`${family}\u0000${c}`, (both.get(`${family}\u0000${c}`) ?? 0) + 1)
  }
  const out = new Map<string, { cluster: number; f1: number }>()
  for (const [key, n] of both) {
    const [family, c] = key.split('\u0000')
    const f1 = (2 * n) / (familySize.get(family)! + clusterSize.get(Number(c))!)
    if (!out.has(family) || f1 > out.get(family)!.f1) out.set(family, { cluster: Number(c), f1 })
  }
  return out
}

const CASES: { name: string; seed: number; planted: PlantedOptions }[] = [
  { name: 'words, seed 1', seed: 1, planted: { ...DEFAULT_PLANTED, style: 'words', seed: 11 } },
  { name: 'words, seed 2', seed: 2, planted: { ...DEFAULT_PLANTED, style: 'words', seed: 12, families: 5, share: 0.03 } },
  { name: 'phrases, seed 3', seed: 3, planted: { ...DEFAULT_PLANTED, style: 'phrases', seed: 13 } },
  // the generator's default: each family written with four templates sharing only slot values
  // (before the vocabulary merge, one cluster per template: F1 about 0.4)
  { name: 'templates, seed 4', seed: 4, planted: { ...DEFAULT_PLANTED, seed: 14 } },
  { name: 'templates, seed 5', seed: 5, planted: { ...DEFAULT_PLANTED, seed: 15, families: 5, share: 0.03 } }
]

describe('planted request families', () => {
  for (const c of CASES) {
    it(`recovers every family (F1 >= 0.8) and ranks the failing one first (${c.name})`, async () => {
      const { dir, truth } = generate(6_000, c.seed, c.planted)
      const { engine } = await createEngine('native')
      try {
        const report = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
        await ensureClusterTables(engine)
        const store = new ClusterStore(engine, report, null)
        await store.run({ k: null, seed: c.seed, text: 'request', vectors: 'auto' }, { ...DEFAULT_KNOBS }, { jobId: 1, signal: new AbortController().signal, onProgress: () => {}, inProcess: true }).map
        const run = store.requireActive()
        const ids = await engine.columns('SELECT CAST(interaction_id AS VARCHAR) FROM interactions ORDER BY rowid')
        const clusterOf = new Map<string, number>()
        ;(ids.data[0] as string[]).forEach((id, i) => clusterOf.set(id, run.rowCluster[i]))
        const matches = bestMatches(truth, clusterOf)
        expect(matches.size).toBe(c.planted.families)
        for (const [family, m] of matches) expect({ family, f1: m.f1 >= 0.8 }).toEqual({ family, f1: true })
        const list = await clusterList({ engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }, store, { strategy: 'excess_failures', minSize: 20 })
        const failing = matches.get('warehouse_sync')!
        expect(list.clusters[0].cluster_id).toBe(failing.cluster)
        expect(list.clusters[0].failure_rate!).toBeGreaterThan(0.5)
        // a readable label: words of the family's own vocabulary
        expect(list.clusters[0].label).toMatch(/warehouse|reconcile|manifests|pallet|inventory|sku|wms|ewm|stock|replenishment|bin|ledger/i)
      } finally {
        await engine.close()
      }
    }, 240_000)
  }

  // Another style of the evaluation harness (scripts/clusterEval.ts): families drawn from a bank
  // of 40, written with several templates each, every request wrapped in boilerplate that all
  // families share ("Please help:", "Getting an error.").
  for (const seed of [1, 2]) {
    it(`recovers templated families wrapped in shared boilerplate and ranks the failing one first (seed ${seed})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planted-eval-'))
      dirs.push(dir)
      const r = await evaluateCase(EVAL_CASES.find((c) => c.name === 'common-words')!, seed, dir)
      for (const f of r.families) expect({ family: f.family, f1: f.f1 >= 0.8 }).toEqual({ family: f.family, f1: true })
      expect(r.failingRank).toBe(1)
    }, 240_000)
  }
})
