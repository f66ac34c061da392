/**
 * From many small k-means cells to request families: average-linkage merging of the cells'
 * centres (cosine), and the number of families chosen as the merge level with the best mean
 * silhouette on a sample. Pure: centres, weights and distances in, a cell -> family map out.
 */

/** One merge of the hierarchy: groups `a` and `b` (group ids as in {@link mergeLevels}) joined at this similarity. */
export interface Merge {
  a: number
  b: number
  similarity: number
}

/**
 * Average-linkage agglomeration of `k` centres (row-major k x d) by cosine similarity, each centre
 * weighing `weights[i]` (its sample size): the similarity of two groups is the weighted mean of
 * their members' pairwise similarities. Merges the most similar pair until one group is left (ties:
 * the lowest ids). Groups keep the id of their lower member. Returns the k - 1 merges in order.
 */
export function averageLinkage(centers: Float64Array, weights: ArrayLike<number>, k: number, d: number): Merge[] {
  const norm = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    let s = 0
    for (let t = 0; t < d; t++) s += centers[i * d + t] * centers[i * d + t]
    norm[i] = Math.sqrt(s)
  }
  // sim[i][j] holds the weighted SUM of member similarities between groups i and j
  const sum = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      let dot = 0
      for (let t = 0; t < d; t++) dot += centers[i * d + t] * centers[j * d + t]
      const cos = norm[i] > 0 && norm[j] > 0 ? dot / (norm[i] * norm[j]) : 0
      sum[i * k + j] = sum[j * k + i] = weights[i] * weights[j] * cos
    }
  }
  const w = Float64Array.from({ length: k }, (_, i) => weights[i])
  const alive = new Uint8Array(k).fill(1)
  const merges: Merge[] = []
  for (let step = 0; step < k - 1; step++) {
    let bi = -1
    let bj = -1
    let best = -Infinity
    for (let i = 0; i < k; i++) {
      if (!alive[i]) continue
      for (let j = i + 1; j < k; j++) {
        if (!alive[j]) continue
        const denom = w[i] * w[j]
        const s = denom > 0 ? sum[i * k + j] / denom : -1
        if (s > best + 1e-15) {
          best = s
          bi = i
          bj = j
        }
      }
    }
    merges.push({ a: bi, b: bj, similarity: best })
    alive[bj] = 0
    w[bi] += w[bj]
    for (let t = 0; t < k; t++) {
      if (t === bi || !alive[t]) continue
      sum[bi * k + t] = sum[t * k + bi] = sum[bi * k + t] + sum[bj * k + t]
    }
  }
  return merges
}

/**
 * The cell -> group map after the first `k - level` merges: groups numbered 0..level-1 in the order
 * of their lowest cell.
 */
export function mergeLevels(merges: readonly Merge[], k: number, level: number): Int32Array {
  const parent = Int32Array.from({ length: k }, (_, i) => i)
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]]
    return x
  }
  for (let m = 0; m < Math.max(0, k - level) && m < merges.length; m++) parent[find(merges[m].b)] = find(merges[m].a)
  const id = new Map<number, number>()
  const out = new Int32Array(k)
  for (let i = 0; i < k; i++) {
    const r = find(i)
    if (!id.has(r)) id.set(r, id.size)
    out[i] = id.get(r)!
  }
  return out
}

/**
 * Per sample point, the summed distance to the sample points of each cell (n x k), and each cell's
 * sample count: every merge level's silhouette then costs n x k instead of n^2.
 */
export function cellDistanceSums(dist: Float32Array, n: number, cellOf: Int32Array, k: number): { sums: Float64Array; counts: Float64Array } {
  const sums = new Float64Array(n * k)
  const counts = new Float64Array(k)
  for (let j = 0; j < n; j++) counts[cellOf[j]]++
  for (let i = 0; i < n; i++) {
    const o = i * n
    const so = i * k
    for (let j = 0; j < n; j++) if (j !== i) sums[so + cellOf[j]] += dist[o + j]
  }
  return { sums, counts }
}

/**
 * Mean silhouette of the sample when cells are grouped by `group` (cell -> 0..groups-1): the same
 * definition as {@link silhouette} in kmeans.ts, from the per-cell sums. Null with fewer than two
 * groups holding sample points.
 */
export function groupedSilhouette(sums: Float64Array, counts: Float64Array, n: number, cellOf: Int32Array, k: number, group: Int32Array, groups: number): number | null {
  const size = new Float64Array(groups)
  for (let c = 0; c < k; c++) size[group[c]] += counts[c]
  let used = 0
  for (let g = 0; g < groups; g++) if (size[g] > 0) used++
  if (used < 2 || n === 0) return null
  const gs = new Float64Array(groups)
  let total = 0
  for (let i = 0; i < n; i++) {
    gs.fill(0)
    const so = i * k
    for (let c = 0; c < k; c++) gs[group[c]] += sums[so + c]
    const own = group[cellOf[i]]
    if (size[own] <= 1) continue
    const a = gs[own] / (size[own] - 1)
    let b = Infinity
    for (let g = 0; g < groups; g++) if (g !== own && size[g] > 0) b = Math.min(b, gs[g] / size[g])
    const m = Math.max(a, b)
    total += m > 0 ? (b - a) / m : 0
  }
  return total / n
}

export interface LevelChoice {
  /** number of groups chosen */
  k: number
  /** cell -> group at that level */
  group: Int32Array
  /** mean silhouette of every level tried, most groups first */
  scores: { k: number; silhouette: number | null }[]
}

/**
 * Walks the hierarchy from `k` cells down to 2 groups and keeps the level with the highest sample
 * silhouette (ties: more groups, i.e. the level reached first); `fixed` picks a level instead.
 */
export function chooseLevel(merges: readonly Merge[], k: number, sums: Float64Array, counts: Float64Array, n: number, cellOf: Int32Array, fixed: number | null): LevelChoice {
  const scores: LevelChoice['scores'] = []
  if (fixed !== null) {
    const level = Math.max(1, Math.min(fixed, k))
    const group = mergeLevels(merges, k, level)
    return { k: level, group, scores }
  }
  let bestLevel = k
  let bestScore = -Infinity
  for (let level = k; level >= 2; level--) {
    const group = mergeLevels(merges, k, level)
    const s = groupedSilhouette(sums, counts, n, cellOf, k, group, level)
    scores.push({ k: level, silhouette: s })
    if (s !== null && s > bestScore + 1e-12) {
      bestScore = s
      bestLevel = level
    }
  }
  if (k <= 1) bestLevel = 1
  return { k: bestLevel, group: mergeLevels(merges, k, bestLevel), scores }
}
