/**
 * Similar requests: the nearest requests by cosine of their text vectors, to one interaction or to
 * a phrase (vectorised with the run's own lexical model), one request per distinct text with how
 * many requests share that text and how many of them failed.
 */
import type { SimilarRequest, SimilarResult } from '../../shared/clusters'
import type { Engine } from '../engine/engine'
import { lsaVector, newScratch } from '../ml/textVectors'
import { ApiError } from '../backend/errors'
import type { ClusterRunData, ClusterStore } from './clusterRuns'
import { rowsByRowid } from './clusterTables'

/** Units grouped by cluster, with each cluster's radius (the largest distance of a member from its centre). */
export interface SimilarIndex {
  /** unit ids, cluster after cluster */
  units: Int32Array
  /** per cluster: start of its units in `units` (clusterCount + 1 entries) */
  start: Int32Array
  radius: Float64Array
}

export function buildSimilarIndex(c: Pick<ClusterRunData['clusters'], 'vectors' | 'dims' | 'hasVector' | 'unitCluster' | 'centers' | 'clusterCount'>): SimilarIndex {
  const K = c.clusterCount
  const d = c.dims
  const count = new Int32Array(K + 1)
  for (let u = 0; u < c.unitCluster.length; u++) if (c.hasVector[u] && c.unitCluster[u] >= 0) count[c.unitCluster[u] + 1]++
  const start = new Int32Array(K + 1)
  for (let k = 0; k < K; k++) start[k + 1] = start[k] + count[k + 1]
  const fill = start.slice(0, K)
  const units = new Int32Array(start[K])
  const radius = new Float64Array(K)
  for (let u = 0; u < c.unitCluster.length; u++) {
    const k = c.unitCluster[u]
    if (!c.hasVector[u] || k < 0) continue
    units[fill[k]++] = u
    let s = 0
    for (let t = 0; t < d; t++) {
      const x = c.vectors[u * d + t] - c.centers[k * d + t]
      s += x * x
    }
    radius[k] = Math.max(radius[k], Math.sqrt(s))
  }
  return { units, start, radius }
}

/**
 * The `k` units with the highest dot product with `q` (a unit vector: the cosine), excluding
 * `skip`, highest first (ties: lower index). Exact, with pruning: clusters are visited from the
 * most similar centre down, and a cluster is skipped when q.centre + |q| x its radius (an upper
 * bound of q.x for every member x) cannot beat the current k-th best.
 */
export function topUnits(c: Pick<ClusterRunData['clusters'], 'vectors' | 'dims' | 'hasVector' | 'unitCluster' | 'centers' | 'clusterCount'>, index: SimilarIndex, q: Float32Array, k: number, skip = -1): { unit: number; score: number }[] {
  const d = c.dims
  const K = c.clusterCount
  let qn = 0
  for (let t = 0; t < d; t++) qn += q[t] * q[t]
  qn = Math.sqrt(qn)
  const bound = new Float64Array(K)
  for (let j = 0; j < K; j++) {
    let s = 0
    for (let t = 0; t < d; t++) s += q[t] * c.centers[j * d + t]
    bound[j] = s + qn * index.radius[j]
  }
  const order = Array.from({ length: K }, (_, j) => j).sort((a, b) => bound[b] - bound[a] || a - b)
  const best: { unit: number; score: number }[] = []
  const v = c.vectors
  for (const j of order) {
    if (best.length === k && bound[j] < best[k - 1].score) break
    for (let p = index.start[j]; p < index.start[j + 1]; p++) {
      const u = index.units[p]
      if (u === skip) continue
      const o = u * d
      let s = 0
      for (let t = 0; t < d; t++) s += q[t] * v[o + t]
      if (best.length === k && (s < best[k - 1].score || (s === best[k - 1].score && u > best[k - 1].unit))) continue
      let pos = best.length
      if (pos === k) pos--
      else best.push({ unit: u, score: s })
      while (pos > 0 && (best[pos - 1].score < s || (best[pos - 1].score === s && best[pos - 1].unit > u))) {
        best[pos] = best[pos - 1]
        pos--
      }
      best[pos] = { unit: u, score: s }
    }
  }
  return best
}

/** Failed rows per unit, counted once per run. */
async function unitFailures(engine: Engine, run: ClusterRunData): Promise<Float64Array> {
  if (run.unitFailures) return run.unitFailures
  const res = await engine.numericColumns(`SELECT rowid AS r, coalesce(is_failure, false)::INTEGER AS f FROM interactions ORDER BY rowid`)
  const rids = res.data[0] ?? new Float64Array(0)
  const f = res.data[1] ?? new Float64Array(0)
  const out = new Float64Array(run.unitCount.length)
  const dense = rids.length === run.rowIds.length && (rids.length === 0 || rids[rids.length - 1] === run.rowIds[run.rowIds.length - 1])
  for (let j = 0; j < rids.length; j++) {
    if (!f[j]) continue
    const i = dense ? j : run.rowIds.indexOf(rids[j])
    if (i >= 0) out[run.rowUnit[i]]++
  }
  run.unitFailures = out
  return out
}

async function describe(engine: Engine, run: ClusterRunData, picks: { unit: number; score: number; row: number }[]): Promise<SimilarRequest[]> {
  if (picks.length === 0) return []
  const rowids = picks.map((p) => run.rowIds[p.row])
  const rows = await rowsByRowid<{ r: number; id: string | null; f: boolean | null; ft: string | null; m: string | null; uc: string | null; ts: string | null; t: string | null }>(
    engine,
    `rowid AS r, CAST(interaction_id AS VARCHAR) AS id, is_failure AS f, failure_type AS ft, model_name AS m, use_case AS uc, strftime(timestamp_utc, '%Y-%m-%dT%H:%M:%SZ') AS ts, left(request_text, 500) AS t`,
    rowids
  )
  const byRow = new Map(rows.map((r) => [r.r, r]))
  const failures = await unitFailures(engine, run)
  return picks.map((p, i) => {
    const r = byRow.get(rowids[i])
    return {
      interaction_id: r?.id ?? null,
      similarity: p.score,
      is_failure: r?.f ?? null,
      failure_type: r?.ft ?? null,
      model_name: r?.m ?? null,
      use_case: r?.uc ?? null,
      cluster_id: run.rowCluster[p.row],
      timestamp_utc: r?.ts ?? null,
      request_text: r?.t ?? null,
      same_text_requests: run.unitCount[p.unit],
      same_text_failures: failures[p.unit]
    }
  })
}

/** Requests most similar to one interaction (itself and its exact duplicates left out) or to a phrase. */
export async function similarRequests(engine: Engine, store: ClusterStore, req: { interaction_id?: string; text?: string; limit: number }): Promise<SimilarResult> {
  const started = Date.now()
  const run = store.requireActive()
  const c = run.clusters
  const q = new Float32Array(c.dims)
  let skip = -1
  let queryCluster: number | null = null
  if (req.interaction_id !== undefined) {
    const found = await engine.numericColumns(`SELECT rowid AS r FROM interactions WHERE CAST(interaction_id AS VARCHAR) = ? ORDER BY rowid LIMIT 1`, [req.interaction_id])
    const rid = found.data[0]?.[0]
    if (rid === undefined) throw new ApiError('not_found', `interaction ${req.interaction_id} is not in the loaded data`)
    const row = run.rowIds.length > 0 && run.rowIds[run.rowIds.length - 1] === run.rowIds.length - 1 ? rid : run.rowIds.indexOf(rid)
    const unit = run.rowUnit[row]
    queryCluster = run.rowCluster[row]
    if (!c.hasVector[unit]) {
      return { query: { interaction_id: req.interaction_id, text: null, cluster_id: queryCluster }, results: [], note: 'this request has no text vector (no request text, or no word the model knows)', elapsed_ms: Date.now() - started }
    }
    q.set(c.vectors.subarray(unit * c.dims, (unit + 1) * c.dims))
    skip = unit
  } else {
    if (!c.model) {
      return {
        query: { interaction_id: null, text: req.text ?? null, cluster_id: null },
        results: [],
        note: "this run uses the dump's own embeddings, which cannot embed a new phrase here: search from a request instead, or recompute with lexical vectors",
        elapsed_ms: Date.now() - started
      }
    }
    if (!lsaVector(c.model, { request: req.text ?? '', response: null }, newScratch(), q, 0)) {
      return { query: { interaction_id: null, text: req.text ?? null, cluster_id: null }, results: [], note: 'none of these words occur in the requests: no similar request', elapsed_ms: Date.now() - started }
    }
  }
  run.similarIndex ??= buildSimilarIndex(c)
  const top = topUnits(c, run.similarIndex, q, req.limit, skip)
  // one request per distinct text: its first row
  const picks = top.map((t) => ({ ...t, row: run.unitFirstRow[t.unit] }))
  const results = await describe(engine, run, picks)
  return { query: { interaction_id: req.interaction_id ?? null, text: req.text ?? null, cluster_id: queryCluster }, results, note: null, elapsed_ms: Date.now() - started }
}
