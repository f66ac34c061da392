/**
 * The 2-D map: PCA of the vectors (the instant first view), UMAP (umap-js, seeded) of a sample
 * stratified by cluster, every other point placed from its nearest sampled neighbours of the same
 * cluster, then per-row jitter so identical texts show as a small cloud. Pure typed-array code.
 */
import { UMAP } from 'umap-js'
import { seededRandom, symmetricEigen } from './linalg'
import type { Points } from './kmeans'

/**
 * The two principal axes of the points (weighted by `weights`, e.g. how many rows each distinct
 * text stands for) and every point projected onto them, as a row-major n x 2 Float32Array.
 */
export function pca2d(p: Points, weights: ArrayLike<number>): Float32Array {
  const { n, d, data } = p
  const mean = new Float64Array(d)
  let wsum = 0
  for (let i = 0; i < n; i++) {
    const w = weights[i]
    if (w <= 0) continue
    wsum += w
    for (let t = 0; t < d; t++) mean[t] += w * data[i * d + t]
  }
  const out = new Float32Array(n * 2)
  if (wsum === 0 || d === 0) return out
  for (let t = 0; t < d; t++) mean[t] /= wsum
  const cov = new Float64Array(d * d)
  const x = new Float64Array(d)
  for (let i = 0; i < n; i++) {
    const w = weights[i]
    if (w <= 0) continue
    for (let t = 0; t < d; t++) x[t] = data[i * d + t] - mean[t]
    for (let a = 0; a < d; a++) {
      const xa = w * x[a]
      if (xa === 0) continue
      for (let b = a; b < d; b++) cov[a * d + b] += xa * x[b]
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a]
  const eig = symmetricEigen(cov, d)
  const axes = Math.min(2, d)
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < axes; m++) {
      let s = 0
      for (let t = 0; t < d; t++) s += (data[i * d + t] - mean[t]) * eig.vectors[t * d + m]
      out[i * 2 + m] = s
    }
  }
  return out
}

/**
 * Indices of a sample of at most `size` points stratified by cluster: each cluster gets a share
 * proportional to its weight, at least `floor` points (or all it has), drawn by a seeded shuffle.
 * Returned in ascending order.
 */
export function stratifiedSample(cluster: Int32Array, weights: ArrayLike<number>, k: number, size: number, seed: number, floor = 10): Int32Array {
  const members: number[][] = Array.from({ length: k }, () => [])
  const weight = new Float64Array(k)
  for (let i = 0; i < cluster.length; i++) {
    const c = cluster[i]
    if (c < 0 || c >= k) continue
    members[c].push(i)
    weight[c] += weights[i]
  }
  let total = 0
  for (let c = 0; c < k; c++) total += weight[c]
  const random = seededRandom(seed ^ 0x51a9e)
  const picked: number[] = []
  for (let c = 0; c < k; c++) {
    const m = members[c]
    if (m.length === 0) continue
    const want = Math.min(m.length, Math.max(floor, Math.round(total > 0 ? (size * weight[c]) / total : 0)))
    for (let j = 0; j < want; j++) {
      const r = j + Math.floor(random() * (m.length - j))
      const tmp = m[j]
      m[j] = m[r]
      m[r] = tmp
    }
    for (let j = 0; j < want; j++) picked.push(m[j])
  }
  picked.sort((a, b) => a - b)
  return Int32Array.from(picked)
}

/** Exact k nearest neighbours (Euclidean) among the given points, each point excluded from its own list. */
export function exactKnn(p: Points, k: number): { indices: number[][]; distances: number[][] } {
  const { n, d, data } = p
  const kk = Math.min(k, n - 1)
  const indices: number[][] = []
  const distances: number[][] = []
  const dist = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) {
        dist[j] = Infinity
        continue
      }
      let s = 0
      for (let t = 0; t < d; t++) {
        const x = data[i * d + t] - data[j * d + t]
        s += x * x
      }
      dist[j] = Math.sqrt(s)
    }
    const best = topSmallest(dist, kk)
    indices.push(best)
    distances.push(best.map((j) => dist[j]))
  }
  return { indices, distances }
}

/** Indices of the `k` smallest values, ascending (ties: lower index). */
function topSmallest(values: Float64Array, k: number): number[] {
  const idx: number[] = []
  for (let j = 0; j < values.length; j++) {
    if (idx.length < k) {
      idx.push(j)
      if (idx.length === k) idx.sort((a, b) => values[a] - values[b] || a - b)
      continue
    }
    if (values[j] >= values[idx[k - 1]]) continue
    let pos = k - 1
    while (pos > 0 && values[idx[pos - 1]] > values[j]) pos--
    idx.splice(pos, 0, j)
    idx.pop()
  }
  if (idx.length < k) idx.sort((a, b) => values[a] - values[b] || a - b)
  return idx
}

export interface UmapOptions {
  seed: number
  nNeighbors?: number
  minDist?: number
  epochs?: number
  onProgress?: (fraction: number) => void
  /** checked between epochs; return true to stop */
  shouldStop?: () => boolean
}

/**
 * UMAP of a small point set (umap-js, its random stream seeded), on exact neighbours computed here.
 * Duplicated points are fine; fewer than 3 points are laid out on a line.
 */
export function umap2d(p: Points, opts: UmapOptions): Float32Array {
  const out = new Float32Array(p.n * 2)
  if (p.n < 3) {
    for (let i = 0; i < p.n; i++) out[i * 2] = i
    return out
  }
  const nNeighbors = Math.max(2, Math.min(opts.nNeighbors ?? 15, p.n - 1))
  const knn = exactKnn(p, nNeighbors)
  const rows: number[][] = []
  for (let i = 0; i < p.n; i++) rows.push(Array.from(p.data.subarray(i * p.d, (i + 1) * p.d)))
  const umap = new UMAP({ nComponents: 2, nNeighbors, minDist: opts.minDist ?? 0.1, nEpochs: opts.epochs ?? 200, random: seededRandom(opts.seed ^ 0x0a9b) })
  umap.setPrecomputedKNN(knn.indices, knn.distances)
  const epochs = umap.initializeFit(rows)
  for (let e = 0; e < epochs; e++) {
    if (opts.shouldStop?.()) break
    umap.step()
    if (e % 10 === 0) opts.onProgress?.(e / epochs)
  }
  const emb = umap.getEmbedding()
  for (let i = 0; i < p.n; i++) {
    out[i * 2] = emb[i][0]
    out[i * 2 + 1] = emb[i][1]
  }
  return out
}

/**
 * Places every point from the laid-out sample: a sampled point keeps its position; any other point
 * goes to the similarity-weighted mean of its `k` nearest sampled points of the same cluster (all
 * sampled points when its cluster has none). Returns n x 2.
 */
export function placeFromSample(p: Points, cluster: Int32Array, sample: Int32Array, sampleXY: Float32Array, k = 5): Float32Array {
  const { n, d, data } = p
  const out = new Float32Array(n * 2)
  const bySample = new Int32Array(n).fill(-1)
  sample.forEach((s, j) => (bySample[s] = j))
  const perCluster = new Map<number, number[]>()
  sample.forEach((s, j) => {
    const c = cluster[s]
    let list = perCluster.get(c)
    if (!list) perCluster.set(c, (list = []))
    list.push(j)
  })
  const all = Array.from(sample, (_, j) => j)
  const bestIdx = new Int32Array(k)
  const bestDot = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    const own = bySample[i]
    if (own >= 0) {
      out[i * 2] = sampleXY[own * 2]
      out[i * 2 + 1] = sampleXY[own * 2 + 1]
      continue
    }
    const candidates = perCluster.get(cluster[i]) ?? all
    let found = 0
    for (const j of candidates) {
      const s = sample[j]
      let dot = 0
      for (let t = 0; t < d; t++) dot += data[i * d + t] * data[s * d + t]
      if (found < k) {
        let pos = found++
        while (pos > 0 && bestDot[pos - 1] < dot) {
          bestDot[pos] = bestDot[pos - 1]
          bestIdx[pos] = bestIdx[pos - 1]
          pos--
        }
        bestDot[pos] = dot
        bestIdx[pos] = j
      } else if (dot > bestDot[k - 1]) {
        let pos = k - 1
        while (pos > 0 && bestDot[pos - 1] < dot) {
          bestDot[pos] = bestDot[pos - 1]
          bestIdx[pos] = bestIdx[pos - 1]
          pos--
        }
        bestDot[pos] = dot
        bestIdx[pos] = j
      }
    }
    let wx = 0
    let wy = 0
    let ws = 0
    for (let q = 0; q < found; q++) {
      // cosine similarity of unit vectors in [-1, 1]; the closest neighbours weigh the most
      const w = Math.exp(8 * (bestDot[q] - bestDot[0]))
      wx += w * sampleXY[bestIdx[q] * 2]
      wy += w * sampleXY[bestIdx[q] * 2 + 1]
      ws += w
    }
    out[i * 2] = ws > 0 ? wx / ws : 0
    out[i * 2 + 1] = ws > 0 ? wy / ws : 0
  }
  return out
}

/** Scales coordinates in place into [-10, 10] on the longer axis, centred on the middle of their range (the map's coordinate box). */
export function fitToBox(xy: Float32Array, half = 10): void {
  const n = xy.length / 2
  if (n === 0) return
  let minX = Infinity
  let maxX = -Infinity
  let minY = Infinity
  let maxY = -Infinity
  for (let i = 0; i < n; i++) {
    const x = xy[i * 2]
    const y = xy[i * 2 + 1]
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  const span = Math.max(maxX - minX, maxY - minY)
  const scale = span > 0 ? (2 * half) / span : 0
  const cx = (minX + maxX) / 2
  const cy = (minY + maxY) / 2
  for (let i = 0; i < n; i++) {
    xy[i * 2] = (xy[i * 2] - cx) * scale
    xy[i * 2 + 1] = (xy[i * 2 + 1] - cy) * scale
  }
}

/** A deterministic offset in [-1, 1) for row `i` and axis `axis` (a hash, not a random stream: rows can be jittered in any order). */
export function jitter(i: number, axis: number, seed: number): number {
  let h = Math.imul(i ^ seed, 0x9e3779b1) ^ Math.imul(axis + 1, 0x85ebca77)
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  h ^= h >>> 16
  return (h >>> 0) / 2147483648 - 1
}

/**
 * Row positions: each row at its text's position plus a jitter of up to `radius` in each axis
 * (rows of one text form a small cloud instead of one dot). Returns rows x 2.
 */
export function rowPositions(unitXY: Float32Array, rowUnit: Int32Array, radius: number, seed: number): Float32Array {
  const n = rowUnit.length
  const out = new Float32Array(n * 2)
  for (let r = 0; r < n; r++) {
    const u = rowUnit[r]
    out[r * 2] = unitXY[u * 2] + radius * jitter(r, 0, seed)
    out[r * 2 + 1] = unitXY[u * 2 + 1] + radius * jitter(r, 1, seed)
  }
  return out
}
