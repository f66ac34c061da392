/**
 * The clustering pipeline over distinct texts ("units", each standing for one or more rows):
 * vectors (lexical LSA, or the dump's own embeddings reduced by SVD), K chosen by silhouette,
 * seeded k-means, c-TF-IDF terms and exemplars per cluster, and the PCA map; then, as a second
 * stage, the UMAP map of every row. Pure: arrays in, plain objects out (the worker runs it).
 */
import { assignNearest, kmeans, type Points } from './kmeans'
import { averageLinkage, mergeLevels } from './mergeClusters'
import { mergeByVocabulary, wordClassifier } from './vocabularyMerge'
import { clusterTerms, labelFromTerms, labelTerms, usableWord, type ClusterTerm } from './clusterTerms'
import { seededRandom } from './linalg'
import { fitToBox, pca2d, placeFromSample, rowPositions, stratifiedSample, umap2d } from './mapLayout'
import { denseOperator, randomizedSvd } from './randomizedSvd'
import { fitLsa, lsaVector, newScratch, tokenize, type LsaModel, type TextInput } from './textVectors'

/** Output dimensions of the vectors (LSA components, or the embeddings' reduction). */
export const VECTOR_DIMS = 64
/** Rows sampled to fit the TF-IDF weights and the SVD. */
export const FIT_SAMPLE_ROWS = 10_000
/** How K was chosen: the k-means cells, and the silhouette of each merge level tried (none when K was given). */
export interface KSelection {
  k: number
  cells: number
  scores: { k: number; silhouette: number | null }[]
}

/** Cells of the over-segmenting k-means: about sqrt(2n) for n sampled rows, between 2 and 128 (finer than any family: a template or a paraphrase each). */
export function defaultCells(n: number): number {
  return Math.max(2, Math.min(128, Math.round(Math.sqrt(2 * n))))
}

/** Rows sampled for the k-means fit (every unit is then assigned to its nearest centre). */
export const KMEANS_SAMPLE_ROWS = 8_000
/** Distinct texts laid out by UMAP; every other one is placed from its nearest laid-out ones. */
export const UMAP_SAMPLE_UNITS = 1_500
/** Distinct texts per cluster whose terms are counted for the labels (weighted by their rows). */
export const TERM_SAMPLE_UNITS = 4_000
/** Embeddings up to this many dimensions are used as they are; wider ones are reduced by SVD. */
export const MAX_RAW_EMBEDDING_DIMS = 128
/** Jitter of a row around its text's map position, in map units (the map spans [-10, 10]). */
export const ROW_JITTER = 0.06

export interface PipelineInput {
  /** per unit: request text (null when absent) */
  request: (string | null)[]
  /** per unit: response snippet, when it is part of the vectors */
  response: (string | null)[] | null
  /** per unit: number of rows it stands for */
  unitCount: Float64Array
  /** per row (in row order): its unit */
  rowUnit: Int32Array
  /** the dump's own embeddings per unit (row-major units x dim), null for lexical vectors */
  embedding: { data: Float32Array; dim: number; valid: Uint8Array } | null
  /** null: choose K automatically */
  k: number | null
  seed: number
  maxK: number
}

export interface PipelineClusters {
  dims: number
  /** units x dims, unit length (zero for units without a vector) */
  vectors: Float32Array
  hasVector: Uint8Array
  unitCluster: Int32Array
  /** clusters found by k-means, ids 0..k-1 by size (rows) descending */
  k: number
  /** k, plus one when some units have no vector (they form cluster k) */
  clusterCount: number
  specialCluster: number | null
  /** clusterCount x dims: the row-weighted mean vector of each cluster (zero for the special one) */
  centers: Float64Array
  kChoice: KSelection | null
  terms: ClusterTerm[][]
  labels: string[]
  /** per cluster: up to 3 units nearest its centre */
  exemplars: number[][]
  model: LsaModel | null
  /** units x 2: the PCA map */
  unitXY: Float32Array
  vectorSource: 'lexical' | 'embeddings'
}

export type Progress = (phase: string, fraction: number) => void

/** Row indices sampled without replacement by a seeded shuffle, ascending. */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i)
  const random = seededRandom(seed)
  // Floyd's algorithm: `size` distinct picks without an n-sized array
  const picked = new Set<number>()
  for (let j = n - size; j < n; j++) {
    const t = Math.floor(random() * (j + 1))
    picked.add(picked.has(t) ? j : t)
  }
  return Int32Array.from([...picked].sort((a, b) => a - b))
}

/** The vectors of every unit: lexical LSA fitted on a row sample, or the embeddings (SVD-reduced when wide). */
function buildVectors(input: PipelineInput, progress: Progress): { vectors: Float32Array; dims: number; hasVector: Uint8Array; model: LsaModel | null } {
  const U = input.unitCount.length
  const sample = sampleRows(input.rowUnit.length, FIT_SAMPLE_ROWS, input.seed ^ 0x1f17)
  const mult = new Map<number, number>()
  for (const r of sample) mult.set(input.rowUnit[r], (mult.get(input.rowUnit[r]) ?? 0) + 1)
  const fitUnits = [...mult.keys()].sort((a, b) => a - b)
  const hasVector = new Uint8Array(U)

  if (input.embedding) {
    const { data, dim, valid } = input.embedding
    const usable = fitUnits.filter((u) => valid[u])
    let dims = dim
    let components: Float64Array | null = null
    if (dim > MAX_RAW_EMBEDDING_DIMS && usable.length > 0) {
      const a = new Float32Array(usable.length * dim)
      usable.forEach((u, i) => {
        const w = Math.sqrt(mult.get(u)!)
        for (let t = 0; t < dim; t++) a[i * dim + t] = w * data[u * dim + t]
      })
      const svd = randomizedSvd(denseOperator(a, usable.length, dim), { k: VECTOR_DIMS, seed: input.seed, onProgress: (f) => progress('reducing embeddings', 0.1 * f) })
      dims = svd.k
      components = svd.components
    }
    const vectors = new Float32Array(new SharedArrayBuffer(Math.max(1, U * dims) * 4), 0, U * dims)
    for (let u = 0; u < U; u++) {
      if (!valid[u]) continue
      let s = 0
      for (let j = 0; j < dims; j++) {
        let v: number
        if (components) {
          v = 0
          for (let t = 0; t < dim; t++) v += data[u * dim + t] * components[t * dims + j]
        } else v = data[u * dim + j]
        vectors[u * dims + j] = v
        s += v * v
      }
      if (s > 0 && Number.isFinite(s)) {
        const inv = 1 / Math.sqrt(s)
        for (let j = 0; j < dims; j++) vectors[u * dims + j] *= inv
        hasVector[u] = 1
      } else for (let j = 0; j < dims; j++) vectors[u * dims + j] = 0
      if (u % 20000 === 0) progress('vectorising', 0.1 + 0.35 * (u / U))
    }
    return { vectors, dims, hasVector, model: null }
  }

  const texts: TextInput[] = fitUnits.map((u) => ({ request: input.request[u], response: input.response ? input.response[u] : null }))
  const model = fitLsa(
    texts,
    fitUnits.map((u) => mult.get(u)!),
    { dims: VECTOR_DIMS, seed: input.seed, includeResponse: input.response !== null, onProgress: (f) => progress('fitting text vectors', 0.15 * f) }
  )
  const dims = model.dims
  const vectors = new Float32Array(new SharedArrayBuffer(Math.max(1, U * dims) * 4), 0, U * dims)
  const scratch = newScratch()
  for (let u = 0; u < U; u++) {
    if (lsaVector(model, { request: input.request[u], response: input.response ? input.response[u] : null }, scratch, vectors, u * dims)) hasVector[u] = 1
    if (u % 20000 === 0) progress('vectorising', 0.15 + 0.3 * (u / U))
  }
  return { vectors, dims, hasVector, model }
}

/** The vectors of sampled rows (rows without a vector are skipped), as points, with the unit of each. */
function rowPoints(vectors: Float32Array, dims: number, hasVector: Uint8Array, rowUnit: Int32Array, rows: Int32Array): Points & { units: number[] } {
  const keep: number[] = []
  for (const r of rows) if (hasVector[rowUnit[r]]) keep.push(rowUnit[r])
  const data = new Float32Array(keep.length * dims)
  keep.forEach((u, i) => data.set(vectors.subarray(u * dims, (u + 1) * dims), i * dims))
  return { data, n: keep.length, d: dims, units: keep }
}

/** At most this many passes of (join families by vocabulary, then reassign the sampled requests by their words; until a pass joins nothing), and reassignment rounds per pass. */
const WORD_PASSES = 4
const WORD_ROUNDS = 2

/** Words of request boilerplate (greetings, thanks, pleas for help) that any family may carry: no evidence that two groups are one family. */
const BOILERPLATE = new Set(
  'hi hello hey dear thanks thank cheers please pls help urgent urgently asap quick question questions issue problem need any ideas appreciated advance regards team sorry error getting kindly'.split(' ')
)
/** Distinct word ids of each sampled row's request text (one tokenising per distinct text). */
function sampleWords(request: (string | null)[], units: readonly number[], ids = new Map<string, number>(), grow = true): Int32Array[] {
  const cache = new Map<number, Int32Array>()
  return units.map((u) => {
    let w = cache.get(u)
    if (!w) {
      const set = new Set<number>()
      for (const t of tokenize(request[u])) {
        if (!usableWord(t, true) || BOILERPLATE.has(t)) continue
        let id = ids.get(t)
        if (id === undefined) {
          if (!grow) continue
          ids.set(t, (id = ids.size))
        }
        set.add(id)
      }
      cache.set(u, (w = Int32Array.from(set)))
    }
    return w
  })
}

/** Stage one: vectors, K, clusters (ids by size), terms, labels, exemplars and the PCA map. */
export function clusterUnits(input: PipelineInput, progress: Progress = () => {}): PipelineClusters {
  const U = input.unitCount.length
  const n = input.rowUnit.length
  const { vectors, dims, hasVector, model } = buildVectors(input, progress)
  const all: Points = { data: vectors, n: U, d: dims }

  // Over-segment with k-means into cells, then join cells into families by shared vocabulary (or
  // cut the cells' average-linkage hierarchy at the operator's K). Rows (not distinct texts) are
  // sampled, so a frequent text weighs more.
  const fitRows = sampleRows(n, KMEANS_SAMPLE_ROWS, input.seed ^ 0x2b3c)
  const fitPoints = rowPoints(vectors, dims, hasVector, input.rowUnit, fitRows)
  let kChoice: KSelection | null = null
  let k = 0
  const unitCluster = new Int32Array(U).fill(-1)
  if (fitPoints.n > 0 && dims > 0) {
    const kFine = Math.max(defaultCells(fitPoints.n), input.k ?? 0)
    progress('clustering', 0.45)
    const fine = kmeans(fitPoints, kFine, { seed: input.seed, restarts: 1, maxIter: 30 })
    // cells that ended empty are dropped
    const cellSize = new Float64Array(fine.k)
    for (let i = 0; i < fitPoints.n; i++) cellSize[fine.labels[i]]++
    const keep: number[] = []
    for (let c = 0; c < fine.k; c++) if (cellSize[c] > 0) keep.push(c)
    const cells = keep.length
    const centers = new Float64Array(cells * dims)
    keep.forEach((c, i) => centers.set(fine.centers.subarray(c * dims, (c + 1) * dims), i * dims))
    const weights = keep.map((c) => cellSize[c])
    progress('choosing the number of clusters', 0.55)
    let group: Int32Array
    let wordGroup: ((ws: Int32Array) => number) | null = null
    let unitWords: ((u: number) => Int32Array) | null = null
    if (input.k === null) {
      // families: cells joined while most requests of both share a word characteristic of both
      const remap = new Int32Array(fine.k).fill(-1)
      keep.forEach((c, i) => (remap[c] = i))
      const cellOf = Int32Array.from(fine.labels.subarray(0, fitPoints.n), (c) => remap[c])
      const wordIds = new Map<string, number>()
      const fitWords = sampleWords(input.request, fitPoints.units, wordIds)
      const merged = mergeByVocabulary({ cellOf, words: fitWords, cells })
      group = merged.group
      k = merged.groups
      // Refine by words: the sampled requests are reassigned to their families by a naive Bayes
      // classifier of their words (a k-means cell of very short texts can mix families), the
      // families so purified are joined again by their vocabulary (until nothing joins), and every text is finally
      // given to a family by its words (by its nearest cell when it has no known word).
      let groupOf = Int32Array.from(cellOf, (c) => group[c])
      for (let pass = 0; pass < WORD_PASSES; pass++) {
        if (pass > 0) {
          const again = mergeByVocabulary({ cellOf: groupOf, words: fitWords, cells: k })
          if (again.groups === k) break
          group = Int32Array.from(group, (g) => again.group[g])
          groupOf = Int32Array.from(groupOf, (g) => again.group[g])
          k = again.groups
        }
        for (let round = 0; round < WORD_ROUNDS; round++) {
          const classify = wordClassifier(groupOf, fitWords, k)
          const prev = groupOf
          groupOf = Int32Array.from(fitWords, (ws, i) => {
            const g = classify(ws)
            return g < 0 ? prev[i] : g
          })
        }
      }
      wordGroup = wordClassifier(groupOf, fitWords, k)
      unitWords = (u: number) => sampleWords(input.request, [u], wordIds, false)[0]
      if (k > input.maxK) {
        // more families than the page can show: their centres are joined by average linkage
        const gc = new Float64Array(k * dims)
        const gw = new Float64Array(k)
        for (let c = 0; c < cells; c++) {
          gw[group[c]] += weights[c]
          for (let t = 0; t < dims; t++) gc[group[c] * dims + t] += weights[c] * centers[c * dims + t]
        }
        const top = mergeLevels(averageLinkage(gc, gw, k, dims), k, input.maxK)
        group = Int32Array.from(group, (g) => top[g])
        const byWords = wordGroup
        if (byWords) wordGroup = (ws) => { const g = byWords(ws); return g < 0 ? g : top[g] }
        k = input.maxK
      }
      kChoice = { k, cells, scores: [] }
    } else {
      // the operator's K: the average-linkage hierarchy of the cells' centres cut at K
      k = Math.max(1, Math.min(input.k, cells))
      group = mergeLevels(averageLinkage(centers, weights, cells, dims), cells, k)
      kChoice = { k, cells, scores: [] }
    }
    // every unit with a vector goes to its nearest cell, and so to that cell's family
    const idx: number[] = []
    for (let u = 0; u < U; u++) if (hasVector[u]) idx.push(u)
    const sub = new Float32Array(idx.length * dims)
    idx.forEach((u, i) => sub.set(vectors.subarray(u * dims, (u + 1) * dims), i * dims))
    const { labels } = assignNearest({ data: sub, n: idx.length, d: dims }, centers, cells)
    idx.forEach((u, i) => {
      const g = wordGroup && unitWords ? wordGroup(unitWords(u)) : -1
      unitCluster[u] = g >= 0 ? g : group[labels[i]]
    })
  }
  progress('clustering', 0.7)

  // ids by rows descending (ties: the first unit seen), empty clusters dropped
  const rows = new Float64Array(k)
  const first = new Int32Array(k).fill(U)
  for (let u = 0; u < U; u++) {
    const c = unitCluster[u]
    if (c < 0) continue
    rows[c] += input.unitCount[u]
    if (u < first[c]) first[c] = u
  }
  const order = Array.from({ length: k }, (_, c) => c)
    .filter((c) => rows[c] > 0)
    .sort((a, b) => rows[b] - rows[a] || first[a] - first[b])
  const remap = new Int32Array(k).fill(-1)
  order.forEach((c, i) => (remap[c] = i))
  const kUsed = order.length
  let special: number | null = null
  for (let u = 0; u < U; u++) {
    if (unitCluster[u] >= 0) unitCluster[u] = remap[unitCluster[u]]
    else if (input.unitCount[u] > 0) unitCluster[u] = special = kUsed
  }
  const clusterCount = kUsed + (special === null ? 0 : 1)

  // centres: the row-weighted mean of each cluster's vectors
  const centers = new Float64Array(clusterCount * dims)
  const weight = new Float64Array(clusterCount)
  for (let u = 0; u < U; u++) {
    const c = unitCluster[u]
    if (c < 0 || !hasVector[u]) continue
    const w = input.unitCount[u]
    weight[c] += w
    for (let t = 0; t < dims; t++) centers[c * dims + t] += w * vectors[u * dims + t]
  }
  for (let c = 0; c < clusterCount; c++) if (weight[c] > 0) for (let t = 0; t < dims; t++) centers[c * dims + t] /= weight[c]

  progress('labelling clusters', 0.75)
  const exemplars = nearestToCentres(all, unitCluster, centers, clusterCount, 3)
  const termUnits = termSample(unitCluster, clusterCount, input.seed)
  const terms = clusterTerms(
    {
      terms: termUnits.map((u) => labelTerms(input.request[u])),
      count: termUnits.map((u) => input.unitCount[u]),
      cluster: termUnits.map((u) => unitCluster[u])
    },
    clusterCount,
    12
  )
  const labels = terms.map((t, c) => (c === special ? specialLabel(input, unitCluster, special) : labelFromTerms(t) || `cluster ${c}`))

  progress('map: principal components', 0.85)
  const unitXY = pca2d(all, Float64Array.from(input.unitCount, (w, u) => (hasVector[u] ? w : 0)))
  fitToBox(unitXY)
  setAside(unitXY, hasVector)
  progress('clusters ready', 0.9)
  return {
    dims,
    vectors,
    hasVector,
    unitCluster,
    k: kUsed,
    clusterCount,
    specialCluster: special,
    centers,
    kChoice,
    terms,
    labels,
    exemplars,
    model,
    unitXY,
    vectorSource: input.embedding ? 'embeddings' : 'lexical'
  }
}

/** What the units without a vector have in common: no text at all, or words the fitted vocabulary does not know. */
function specialLabel(input: PipelineInput, unitCluster: Int32Array, special: number): string {
  let empty = true
  for (let u = 0; u < unitCluster.length && empty; u++) if (unitCluster[u] === special && (input.request[u] ?? '').trim() !== '') empty = false
  if (input.embedding) return empty ? '(no request text, no embedding)' : '(no embedding)'
  return empty ? '(no request text)' : '(no known words)'
}

/** Units without a vector sit in a clump of their own, beside the map's box. */
function setAside(xy: Float32Array, hasVector: Uint8Array): void {
  for (let u = 0; u < hasVector.length; u++) {
    if (hasVector[u]) continue
    xy[u * 2] = 11.5
    xy[u * 2 + 1] = -10
  }
}

/** Per cluster, up to `m` units nearest its centre (cosine to the centre; ties by unit index). */
function nearestToCentres(p: Points, unitCluster: Int32Array, centers: Float64Array, clusters: number, m: number): number[][] {
  const best: { u: number; s: number }[][] = Array.from({ length: clusters }, () => [])
  const d = p.d
  for (let u = 0; u < p.n; u++) {
    const c = unitCluster[u]
    if (c < 0) continue
    let s = 0
    for (let t = 0; t < d; t++) s += p.data[u * d + t] * centers[c * d + t]
    const list = best[c]
    if (list.length < m || s > list[list.length - 1].s) {
      list.push({ u, s })
      list.sort((a, b) => b.s - a.s || a.u - b.u)
      if (list.length > m) list.pop()
    }
  }
  return best.map((l) => l.map((x) => x.u))
}

/** Units whose terms are counted: all of a cluster's when it has at most TERM_SAMPLE_UNITS, else a seeded sample of that many. */
function termSample(unitCluster: Int32Array, clusters: number, seed: number): number[] {
  const members: number[][] = Array.from({ length: clusters }, () => [])
  for (let u = 0; u < unitCluster.length; u++) if (unitCluster[u] >= 0) members[unitCluster[u]].push(u)
  const out: number[] = []
  members.forEach((m, c) => {
    if (m.length <= TERM_SAMPLE_UNITS) out.push(...m)
    else for (const i of sampleRows(m.length, TERM_SAMPLE_UNITS, seed ^ (c * 7919))) out.push(m[i])
  })
  return out
}

export interface PipelineMap {
  /** rows x 2, in row order */
  rowXY: Float32Array
  /** units x 2 before the jitter */
  unitXY: Float32Array
  method: 'umap' | 'pca'
  sampleSize: number
}

/** Row positions from unit positions (jittered), used for the PCA view and the UMAP one alike. */
export function rowMap(unitXY: Float32Array, rowUnit: Int32Array, seed: number): Float32Array {
  return rowPositions(unitXY, rowUnit, ROW_JITTER, seed)
}

/**
 * Stage two: UMAP of a sample of distinct texts stratified by cluster, every other text placed from
 * its nearest sampled texts of its cluster, fitted into the map box, then every row jittered
 * around its text.
 */
export function umapMap(
  c: Pick<PipelineClusters, 'vectors' | 'dims' | 'hasVector' | 'unitCluster' | 'clusterCount'>,
  unitCount: Float64Array,
  rowUnit: Int32Array,
  seed: number,
  progress: Progress = () => {},
  shouldStop?: () => boolean
): PipelineMap {
  const U = unitCount.length
  const withVector: number[] = []
  for (let u = 0; u < U; u++) if (c.hasVector[u]) withVector.push(u)
  const sub = new Float32Array(withVector.length * c.dims)
  withVector.forEach((u, i) => sub.set(c.vectors.subarray(u * c.dims, (u + 1) * c.dims), i * c.dims))
  const subCluster = Int32Array.from(withVector, (u) => c.unitCluster[u])
  const subCount = Float64Array.from(withVector, (u) => unitCount[u])
  const points: Points = { data: sub, n: withVector.length, d: c.dims }
  const sample = stratifiedSample(subCluster, subCount, c.clusterCount, UMAP_SAMPLE_UNITS, seed)
  const sampleData = new Float32Array(sample.length * c.dims)
  sample.forEach((s, i) => sampleData.set(sub.subarray(s * c.dims, (s + 1) * c.dims), i * c.dims))
  progress('map: UMAP', 0)
  const sampleXY = umap2d({ data: sampleData, n: sample.length, d: c.dims }, { seed, onProgress: (f) => progress('map: UMAP', 0.8 * f), shouldStop })
  progress('map: placing every row', 0.8)
  const placed = placeFromSample(points, subCluster, sample, sampleXY)
  const unitXY = new Float32Array(U * 2)
  withVector.forEach((u, i) => {
    unitXY[u * 2] = placed[i * 2]
    unitXY[u * 2 + 1] = placed[i * 2 + 1]
  })
  fitToBox(unitXY)
  setAside(unitXY, c.hasVector)
  progress('map: placing every row', 0.95)
  return { rowXY: rowMap(unitXY, rowUnit, seed), unitXY, method: 'umap', sampleSize: sample.length }
}
