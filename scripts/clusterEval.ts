/**
 * The clustering evaluation: cases of request families planted in many styles
 * (scripts/plantedStyles.ts) into the generator's default traffic, each generated, ingested and
 * clustered by the product's own code with automatic K, then scored as the product owner's check
 * does: for each planted family, the cluster with the best F1; and whether the mostly failing
 * family's best cluster ranks first under the default ranking. Used by the planted-families test
 * and by `npm run eval:clusters` (scripts/evalClusters.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createFileSinks, generateDataset, TABLE_FILES } from './generateData'
import { FAMILY_BANK, NON_ENGLISH_FAMILIES, PARAPHRASE_FAMILIES, type BankFamily } from './plantedFamilyBank'
import { appendEmbeddingColumn, StyledPlanter, syntheticEmbedding, type FamilyStyle, type PlantedFamilyPlan, type StyledPlanOptions } from './plantedStyles'
import { Rng } from './generateData'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { DEFAULT_MIN_CLUSTER_SIZE } from '../src/shared/clusters'

/** One evaluation case: how its families are planted for a seed. */
export interface EvalCase {
  name: string
  /** what the case stresses, for the table */
  about: string
  rows: number
  plan: (seed: number) => StyledPlanOptions
  embeddings?: boolean
}

/** `n` distinct families of `pool`, in a seeded order. */
function pickFamilies(pool: readonly BankFamily[], n: number, rng: Rng): BankFamily[] {
  const idx = pool.map((_, i) => i)
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[idx[i], idx[j]] = [idx[j], idx[i]]
  }
  if (n > idx.length) throw new Error(`asked for ${n} families of a pool of ${idx.length}`)
  return idx.slice(0, n).map((i) => pool[i])
}

/** A plan of `n` families from `pool`, each of `share`, in `style` (one per family when an array), the failing one chosen by the seed. */
function plan(pool: readonly BankFamily[], n: number, share: number | ((i: number) => number), style: FamilyStyle | readonly FamilyStyle[], extra: Partial<StyledPlanOptions> = {}) {
  return (seed: number): StyledPlanOptions => {
    const rng = new Rng((seed * 0x9e3779b1) >>> 0)
    const families: PlantedFamilyPlan[] = pickFamilies(pool, n, rng).map((family, i) => ({
      family,
      share: typeof share === 'number' ? share : share(i),
      style: typeof style === 'string' ? style : style[i % style.length]
    }))
    return { families, failing: rng.int(n), failingRate: 0.75, seed: seed * 31 + 7, ...extra }
  }
}

/** The cases of the evaluation (the table's rows). */
export const EVAL_CASES: readonly EvalCase[] = [
  { name: 'templates', about: '4 families x 4 templates sharing only slot words', rows: 12_000, plan: plan(FAMILY_BANK, 4, 0.04, 'templates') },
  { name: 'phrases', about: '4 families, one template each (slot values vary)', rows: 12_000, plan: plan(FAMILY_BANK, 4, 0.04, 'phrases') },
  { name: 'words', about: '5 families, 6-12 random words of the family vocabulary', rows: 12_000, plan: plan(FAMILY_BANK, 5, 0.04, 'words') },
  { name: 'paraphrase', about: '5 families, 8 paraphrases each (few shared words), openers/closers', rows: 12_000, plan: plan(PARAPHRASE_FAMILIES, 5, 0.04, 'paraphrase') },
  { name: 'families-3', about: '3 families x templates at 6%', rows: 12_000, plan: plan(FAMILY_BANK, 3, 0.06, 'templates') },
  { name: 'families-12', about: '12 families x templates at 2.5%', rows: 12_000, plan: plan(FAMILY_BANK, 12, 0.025, 'templates') },
  { name: 'families-20', about: '20 families x templates at 1.5%', rows: 12_000, plan: plan(FAMILY_BANK, 20, 0.015, 'templates') },
  {
    name: 'imbalanced',
    about: 'failing family 1-3%, one family 30%, three at 4%',
    rows: 12_000,
    plan: (seed) => {
      const base = plan(FAMILY_BANK, 5, (i) => (i === 0 ? 0.01 + 0.01 * (seed % 3) : i === 1 ? 0.3 : 0.04), 'templates')(seed)
      return { ...base, failing: 0 }
    }
  },
  { name: 'short', about: '5 families, 1-3 topic words per request', rows: 12_000, plan: plan(FAMILY_BANK, 5, 0.04, 'short') },
  { name: 'common-words', about: '5 families x templates with please/help/error/urgent in all', rows: 12_000, plan: plan(FAMILY_BANK, 5, 0.04, 'common') },
  { name: 'non-english', about: '5 families in es/ja/de/fr/ru/zh/pt, templates', rows: 12_000, plan: plan(NON_ENGLISH_FAMILIES, 5, 0.04, 'templates') },
  { name: 'near-duplicates', about: '5 families, one template + unique ref ids + typos', rows: 12_000, plan: plan(FAMILY_BANK, 5, 0.04, 'neardup') },
  {
    name: 'blank-texts',
    about: '5 families x templates; 15% of background and 2% of planted texts empty',
    rows: 12_000,
    plan: plan(FAMILY_BANK, 5, 0.04, 'templates', { blankBackground: 0.15, blankPlanted: 0.02 })
  },
  { name: 'mixed-styles', about: '7 families, each in another style', rows: 12_000, plan: plan(PARAPHRASE_FAMILIES, 7, 0.03, ['templates', 'phrases', 'words', 'paraphrase', 'short', 'common', 'neardup']) },
  { name: 'embeddings', about: '5 families x templates, an embeddings column (384 dims)', rows: 12_000, plan: plan(FAMILY_BANK, 5, 0.04, 'templates'), embeddings: true }
]

/** Bumped when the planting changes, so cached data sets are made again. */
const DATA_VERSION = 2

/** Generates the case's data into `dir` (once: reused when complete): the five tables, the truth file and, for embeddings, the extra column. */
export function generateCase(c: EvalCase, seed: number, dir: string): { truth: Map<string, string>; plan: StyledPlanOptions } {
  const opts = c.plan(seed)
  const truthFile = path.join(dir, 'planted_families.csv')
  const stamp = path.join(dir, `.complete-v${DATA_VERSION}`)
  if (!fs.existsSync(stamp)) {
    fs.rmSync(dir, { recursive: true, force: true })
    const planter = new StyledPlanter(opts)
    generateDataset({ rows: c.rows, seed, planted: planter, textHook: planter.textHook }, createFileSinks(dir).sinks)
    if (c.embeddings) {
      const file = path.join(dir, TABLE_FILES.interactions)
      const names = opts.families.map((f) => f.family.name)
      const csv = appendEmbeddingColumn(fs.readFileSync(file, 'utf8'), (i) => {
        const r = planter.rows[i]
        return syntheticEmbedding(r.text, r.family >= 0 ? names[r.family] : null, r.template, seed)
      })
      fs.writeFileSync(file, csv)
    }
    fs.writeFileSync(truthFile, planter.truthCsv())
    fs.writeFileSync(stamp, new Date().toISOString())
  }
  const truth = new Map<string, string>()
  for (const line of fs.readFileSync(truthFile, 'utf8').trim().split('\n').slice(1)) {
    const comma = line.lastIndexOf(',')
    truth.set(line.slice(0, comma), line.slice(comma + 1))
  }
  return { truth, plan: opts }
}

export interface FamilyMatch {
  family: string
  size: number
  cluster: number
  f1: number
  precision: number
  recall: number
}

/**
 * For each planted family (every truth value but 'none'), the cluster with the best F1 =
 * 2 |F ∩ C| / (|F| + |C|) over all rows (ties: the lower cluster id). Sorted by family name.
 */
export function bestMatches(family: readonly string[], cluster: ArrayLike<number>): FamilyMatch[] {
  const familySize = new Map<string, number>()
  const clusterSize = new Map<number, number>()
  const both = new Map<string, Map<number, number>>()
  for (let i = 0; i < family.length; i++) {
    const c = cluster[i]
    clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1)
    const f = family[i]
    if (f === 'none') continue
    familySize.set(f, (familySize.get(f) ?? 0) + 1)
    let m = both.get(f)
    if (!m) both.set(f, (m = new Map()))
    m.set(c, (m.get(c) ?? 0) + 1)
  }
  const out: FamilyMatch[] = []
  for (const [f, m] of both) {
    let best: FamilyMatch | null = null
    for (const [c, n] of [...m].sort((a, b) => a[0] - b[0])) {
      const fs = familySize.get(f)!
      const cs = clusterSize.get(c)!
      const f1 = (2 * n) / (fs + cs)
      if (!best || f1 > best.f1) best = { family: f, size: fs, cluster: c, f1, precision: n / cs, recall: n / fs }
    }
    out.push(best!)
  }
  return out.sort((a, b) => a.family.localeCompare(b.family))
}

export interface CaseResult {
  case: string
  seed: number
  rows: number
  families: FamilyMatch[]
  failingFamily: string
  /** rank of the failing family's best cluster under the default ranking */
  failingRank: number
  /** the rank-1 cluster's failure rate */
  topFailureRate: number | null
  k: number
  clusterMs: number
  minF1: number
  pass: boolean
}

/** Generates (or reuses), ingests and clusters one case with the product's code; scores it. */
export async function evaluateCase(c: EvalCase, seed: number, workDir: string): Promise<CaseResult> {
  const [{ createEngine }, { ingestFiles }, { detectEmbeddingColumn, readClusterUnits }, { clusterUnits }, { rankClusters }, { AUTO_MAX_K }] = await Promise.all([
    import('../src/main/engine/engine'),
    import('../src/main/ingest/ingest'),
    import('../src/main/analysis/clusterInput'),
    import('../src/main/ml/clusterPipeline'),
    import('../src/main/analysis/clusterRanking'),
    import('../src/main/analysis/clusterRuns')
  ])
  const dir = path.join(workDir, `${c.name}-s${seed}`)
  const { truth, plan: opts } = generateCase(c, seed, dir)
  const { engine } = await createEngine('native')
  try {
    const report = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
    const embedding = await detectEmbeddingColumn(engine, report)
    if (c.embeddings && !embedding) throw new Error(`${c.name}: the embeddings column was not detected`)
    const units = await readClusterUnits(engine, { includeResponse: false, embedding, hasResponseColumn: true })
    const t0 = performance.now()
    const res = clusterUnits({ request: units.request, response: null, unitCount: units.unitCount, rowUnit: units.rowUnit, embedding: units.embedding, k: null, seed, maxK: AUTO_MAX_K })
    const clusterMs = performance.now() - t0
    const cols = await engine.columns('SELECT CAST(interaction_id AS VARCHAR) AS id, is_failure FROM interactions ORDER BY rowid')
    const ids = cols.data[0] as string[]
    const failed = cols.data[1] as (boolean | null)[]
    const n = ids.length
    const rowCluster = Int32Array.from({ length: n }, (_, i) => res.unitCluster[units.rowUnit[i]])
    const family = ids.map((id) => truth.get(id) ?? 'none')
    const matches = bestMatches(family, rowCluster)
    const size = new Array<number>(res.clusterCount).fill(0)
    const fails = new Array<number>(res.clusterCount).fill(0)
    let totalFails = 0
    for (let i = 0; i < n; i++) {
      size[rowCluster[i]]++
      if (failed[i]) {
        fails[rowCluster[i]]++
        totalFails++
      }
    }
    const ranked = rankClusters(
      size.map((s, k) => ({ cluster_id: k, size: s, failures: fails[k], cost_usd: null, p95_latency_ms: null })),
      n > 0 ? totalFails / n : null,
      { strategy: 'excess_failures', minSize: DEFAULT_MIN_CLUSTER_SIZE }
    )
    const failingFamily = opts.families[opts.failing].family.name
    const failingCluster = matches.find((m) => m.family === failingFamily)?.cluster ?? -1
    const failingRank = ranked.find((r) => r.cluster_id === failingCluster)?.rank ?? -1
    const minF1 = matches.length === opts.families.length ? Math.min(...matches.map((m) => m.f1)) : 0
    return {
      case: c.name,
      seed,
      rows: n,
      families: matches,
      failingFamily,
      failingRank,
      topFailureRate: ranked[0]?.failure_rate ?? null,
      k: res.clusterCount,
      clusterMs,
      minF1,
      pass: minF1 >= 0.8 && failingRank === 1
    }
  } finally {
    await engine.close()
  }
}
