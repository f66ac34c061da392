/**
 * The numbers of the active clusters within a scope, in SQL over the assignment table: the ranked
 * cluster list (size, failures, smoothed lift, cost, latency, dominant failure type / model / use
 * case, exemplars, daily series, share drift between early and recent rows), one cluster's
 * breakdowns, and the cluster drift between two windows.
 */
import {
  CLUSTER_BREAKDOWN_DIMENSIONS,
  type ClusterDetail,
  type ClusterDriftReport,
  type ClusterList,
  type ClusterRanking,
  type ClusterRow,
  type ClusterValueShare
} from '../../shared/clusters'
import type { DriftDateRanges } from '../../shared/drift'
import type { DistinctValue } from '../../shared/explorer'
import type { Scope } from '../../shared/scope'
import type { Engine, SqlValue } from '../engine/engine'
import { ident } from '../ingest/sql'
import { ApiError } from '../backend/errors'
import { ASSIGNMENT_TABLE, rowsByRowid, SELECTION_TABLE } from './clusterTables'
import { rankClusters, shareDrift } from './clusterRanking'
import type { ClusterRunData, ClusterStore } from './clusterRuns'
import { memoised, type AnalysisContext } from './context'
import { compileScope } from './scopeSql'

const FROM = `interactions i JOIN ${ASSIGNMENT_TABLE} a ON a.row_id = i.rowid`

type StatRow = {
  c: number
  n: number
  f: number
  cost: number | null
  p95: number | null
}

/** Per cluster value of a dimension with its count, for the dominant values. */
async function dominantValues(engine: Engine, where: string, params: SqlValue[]): Promise<Map<string, Map<number, ClusterValueShare>>> {
  const rows = await engine.all<{ dim: string; c: number; v: string | null; n: number; total: number }>(
    `WITH base AS (SELECT a.cluster_id AS c, i.model_name, i.use_case, i.failure_type, i.is_failure FROM ${FROM} WHERE ${where}),
     counts AS (
       SELECT 'model_name' AS dim, c, model_name AS v, count(*)::BIGINT AS n FROM base GROUP BY ALL
       UNION ALL SELECT 'use_case', c, use_case, count(*)::BIGINT FROM base GROUP BY ALL
       UNION ALL SELECT 'failure_type', c, failure_type, count(*)::BIGINT FROM base WHERE is_failure GROUP BY ALL)
     SELECT dim, c, v, n, sum(n) OVER (PARTITION BY dim, c)::BIGINT AS total FROM counts
     QUALIFY row_number() OVER (PARTITION BY dim, c ORDER BY n DESC, v NULLS LAST) = 1`,
    params
  )
  const out = new Map<string, Map<number, ClusterValueShare>>()
  for (const r of rows) {
    let m = out.get(r.dim)
    if (!m) out.set(r.dim, (m = new Map()))
    m.set(r.c, { value: r.v, count: r.n, share: r.total > 0 ? r.n / r.total : 0 })
  }
  return out
}

/** Early vs recent rows of the scope (PIPELINE.md section 8's temporal windows): per cluster counts in each. */
async function temporalWindows(ctx: AnalysisContext, where: string, params: SqlValue[]) {
  const ref = ctx.knobs.DRIFT_REFERENCE_FRAC
  const cur = ctx.knobs.DRIFT_CURRENT_FRAC
  const rows = await ctx.engine.all<{ c: number | null; w: string; n: number; lo: string | null; hi: string | null }>(
    `WITH t AS (SELECT a.cluster_id AS c, i.timestamp_utc AS ts, row_number() OVER (ORDER BY i.timestamp_utc, i.rowid) AS rn
                FROM ${FROM} WHERE (${where}) AND i.timestamp_utc IS NOT NULL),
          m AS (SELECT count(*) AS total FROM t),
          w AS (SELECT c, ts, CASE WHEN rn <= floor(? * total) THEN 'reference' WHEN rn > total - floor(? * total) THEN 'current' END AS w FROM t, m)
     SELECT c, w, count(*)::BIGINT AS n, NULL AS lo, NULL AS hi FROM w WHERE w IS NOT NULL GROUP BY c, w
     UNION ALL
     SELECT NULL, w, count(*)::BIGINT, strftime(min(ts), '%Y-%m-%d'), strftime(max(ts), '%Y-%m-%d') FROM w WHERE w IS NOT NULL GROUP BY w`,
    [...params, ref, cur]
  )
  return windowCounts(rows)
}

/** Two operator-picked date ranges (inclusive UTC days) of the scope: per cluster counts in each. */
async function dateRangeWindows(ctx: AnalysisContext, where: string, params: SqlValue[], ranges: DriftDateRanges) {
  const inRange = `i.timestamp_utc >= CAST(? AS TIMESTAMP) AND i.timestamp_utc < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY`
  const rows = await ctx.engine.all<{ c: number | null; w: string; n: number; lo: string | null; hi: string | null }>(
    `WITH w AS (SELECT a.cluster_id AS c, i.timestamp_utc AS ts, CASE WHEN ${inRange} THEN 'reference' END AS r1, CASE WHEN ${inRange} THEN 'current' END AS r2
                FROM ${FROM} WHERE (${where}) AND i.timestamp_utc IS NOT NULL),
          u AS (SELECT c, ts, r1 AS w FROM w WHERE r1 IS NOT NULL UNION ALL SELECT c, ts, r2 FROM w WHERE r2 IS NOT NULL)
     SELECT c, w, count(*)::BIGINT AS n, NULL AS lo, NULL AS hi FROM u GROUP BY c, w
     UNION ALL SELECT NULL, w, count(*)::BIGINT, strftime(min(ts), '%Y-%m-%d'), strftime(max(ts), '%Y-%m-%d') FROM u GROUP BY w`,
    [ranges.reference.from, ranges.reference.to, ranges.current.from, ranges.current.to, ...params]
  )
  const counts = windowCounts(rows)
  counts.windows.reference.from = ranges.reference.from
  counts.windows.reference.to = ranges.reference.to
  counts.windows.current.from = ranges.current.from
  counts.windows.current.to = ranges.current.to
  return counts
}

function windowCounts(rows: { c: number | null; w: string; n: number; lo: string | null; hi: string | null }[]) {
  const ref = new Map<number, number>()
  const cur = new Map<number, number>()
  const windows: ClusterList['drift_windows'] = { reference: { from: null, to: null, rows: 0 }, current: { from: null, to: null, rows: 0 } }
  for (const r of rows) {
    const side = r.w === 'reference' ? 'reference' : 'current'
    if (r.c === null) windows[side] = { from: r.lo, to: r.hi, rows: r.n }
    else (side === 'reference' ? ref : cur).set(r.c, r.n)
  }
  return { ref, cur, windows }
}

/** The exemplar requests of each cluster (its texts nearest the centre), by rowid. */
async function exemplarTexts(engine: Engine, run: ClusterRunData): Promise<Map<number, { interaction_id: string | null; request_text: string | null }>> {
  const rowids = new Set<number>()
  for (const list of run.clusters.exemplars) for (const u of list) rowids.add(run.rowIds[run.unitFirstRow[u]])
  if (rowids.size === 0) return new Map()
  const rows = await rowsByRowid<{ r: number; id: string | null; t: string | null }>(engine, `rowid AS r, CAST(interaction_id AS VARCHAR) AS id, left(request_text, 500) AS t`, [...rowids])
  return new Map(rows.map((r) => [r.r, { interaction_id: r.id, request_text: r.t }]))
}

/** The ranked cluster list of the active run within the context's scope. */
export function clusterList(ctx: AnalysisContext, store: ClusterStore, ranking: ClusterRanking): Promise<ClusterList> {
  const run = store.requireActive()
  return memoised(ctx, `clusters:list:${run.info.key}:${ranking.strategy}:${ranking.minSize}`, async () => {
    const { where, params } = compileScope(ctx.scope, 'i')
    const stats = await ctx.engine.all<StatRow>(
      `SELECT a.cluster_id AS c, count(*)::BIGINT AS n, count_if(i.is_failure)::BIGINT AS f, exact_sum(i.cost_usd) AS cost, quantile_cont(i.latency_ms, 0.95) AS p95
       FROM ${FROM} WHERE ${where} GROUP BY 1`,
      params
    )
    const byId = new Map(stats.map((s) => [s.c, s]))
    let scopeRows = 0
    let scopeFailures = 0
    for (const s of stats) {
      scopeRows += s.n
      scopeFailures += s.f
    }
    const overall = scopeRows > 0 ? scopeFailures / scopeRows : null
    const K = run.info.k
    const ranked = rankClusters(
      Array.from({ length: K }, (_, c) => {
        const s = byId.get(c)
        return { cluster_id: c, size: s?.n ?? 0, failures: s?.f ?? 0, cost_usd: s?.cost ?? null, p95_latency_ms: s?.p95 ?? null }
      }),
      overall,
      ranking
    )
    const [dominant, daily, windows, exemplars] = await Promise.all([
      dominantValues(ctx.engine, where, params),
      ctx.engine.all<{ c: number; d: string; n: number; f: number }>(
        `SELECT a.cluster_id AS c, strftime(CAST(i.timestamp_utc AS DATE), '%Y-%m-%d') AS d, count(*)::BIGINT AS n, count_if(i.is_failure)::BIGINT AS f
         FROM ${FROM} WHERE (${where}) AND i.timestamp_utc IS NOT NULL GROUP BY 1, 2`,
        params
      ),
      temporalWindows(ctx, where, params),
      exemplarTexts(ctx.engine, run)
    ])
    const days = [...new Set(daily.map((d) => d.d))].sort()
    const dayIndex = new Map(days.map((d, i) => [d, i]))
    const series = Array.from({ length: K }, () => ({ n: new Array<number>(days.length).fill(0), f: new Array<number>(days.length).fill(0) }))
    for (const d of daily) {
      const i = dayIndex.get(d.d)!
      series[d.c].n[i] = d.n
      series[d.c].f[i] = d.f
    }
    const clusters: ClusterRow[] = ranked.map((r) => {
      const c = r.cluster_id
      return {
        cluster_id: c,
        label: run.clusters.labels[c],
        terms: run.clusters.terms[c].map((t) => ({ term: t.term, weight: t.weight, share: t.share })),
        size: r.size,
        size_total: run.clusterSizes[c],
        failures: r.failures,
        failure_rate: r.failure_rate,
        failure_rate_lower: r.failure_rate_lower,
        lift: r.lift,
        excess_failures: r.excess_failures,
        score: r.score,
        rank: r.rank,
        below_min_size: r.below_min_size,
        share_of_scope: scopeRows > 0 ? r.size / scopeRows : 0,
        cost_usd: r.cost_usd,
        p95_latency_ms: r.p95_latency_ms,
        dominant_failure_type: dominant.get('failure_type')?.get(c) ?? null,
        dominant_model: dominant.get('model_name')?.get(c) ?? null,
        dominant_use_case: dominant.get('use_case')?.get(c) ?? null,
        exemplars: run.clusters.exemplars[c].map((u) => exemplars.get(run.rowIds[run.unitFirstRow[u]]) ?? { interaction_id: null, request_text: null }),
        daily_requests: series[c].n,
        daily_failures: series[c].f,
        drift: shareDrift(windows.ref.get(c) ?? 0, windows.windows.reference.rows, windows.cur.get(c) ?? 0, windows.windows.current.rows),
        special: c === run.info.special_cluster
      }
    })
    return {
      run: run.info,
      scope_rows: scopeRows,
      scope_failures: scopeFailures,
      overall_failure_rate: overall,
      ranking,
      days,
      drift_windows: windows.windows,
      clusters
    }
  })
}

/** One cluster within the scope: breakdowns against the rest of the scope, the daily series and the requests nearest its centre. */
export async function clusterDetail(ctx: AnalysisContext, store: ClusterStore, clusterId: number): Promise<ClusterDetail> {
  const run = store.requireActive()
  if (clusterId < 0 || clusterId >= run.info.k) throw new ApiError('not_found', `cluster ${clusterId} does not exist (the active clusters are 0..${run.info.k - 1})`)
  const { where, params } = compileScope(ctx.scope, 'i')
  const dims = CLUSTER_BREAKDOWN_DIMENSIONS
  const union = dims
    .map(
      (d) =>
        `SELECT '${d}' AS dim, i.${ident(d)} AS v, count(*) FILTER (WHERE a.cluster_id = ?)::BIGINT AS n, count(*) FILTER (WHERE a.cluster_id = ? AND i.is_failure)::BIGINT AS f, count(*) FILTER (WHERE a.cluster_id <> ?)::BIGINT AS other FROM ${FROM} WHERE ${where} GROUP BY 2`
    )
    .join('\nUNION ALL\n')
  const unionParams: SqlValue[] = []
  for (let i = 0; i < dims.length; i++) unionParams.push(clusterId, clusterId, clusterId, ...params)
  const [rows, days, totals] = await Promise.all([
    ctx.engine.all<{ dim: string; v: string | null; n: number; f: number; other: number }>(union, unionParams),
    ctx.engine.all<{ date: string; requests: number; failures: number }>(
      `SELECT strftime(CAST(i.timestamp_utc AS DATE), '%Y-%m-%d') AS date, count(*)::BIGINT AS requests, count_if(i.is_failure)::BIGINT AS failures
       FROM ${FROM} WHERE (${where}) AND a.cluster_id = ? AND i.timestamp_utc IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [...params, clusterId]
    ),
    ctx.engine.all<{ n: number; f: number; other: number }>(
      `SELECT count(*) FILTER (WHERE a.cluster_id = ?)::BIGINT AS n, count(*) FILTER (WHERE a.cluster_id = ? AND i.is_failure)::BIGINT AS f, count(*) FILTER (WHERE a.cluster_id <> ?)::BIGINT AS other FROM ${FROM} WHERE ${where}`,
      [clusterId, clusterId, clusterId, ...params]
    )
  ])
  const otherTotal = totals[0]?.other ?? 0
  const breakdowns = dims.map((d) => ({
    dimension: d,
    rows: rows
      .filter((r) => r.dim === d && r.n > 0)
      .sort((x, y) => y.n - x.n || String(x.v).localeCompare(String(y.v)))
      .slice(0, 12)
      .map((r) => ({ value: r.v, requests: r.n, failures: r.f, failure_rate: r.n > 0 ? r.f / r.n : null, share_elsewhere: otherTotal > 0 ? r.other / otherTotal : null }))
  }))
  const nearest = await nearestRequests(ctx.engine, run, clusterId, 10)
  return { cluster_id: clusterId, label: run.clusters.labels[clusterId], terms: run.clusters.terms[clusterId], size: totals[0]?.n ?? 0, failures: totals[0]?.f ?? 0, breakdowns, exemplars: nearest, days }
}

/** The `m` distinct texts of a cluster nearest its centre, each with one of its requests. */
async function nearestRequests(engine: Engine, run: ClusterRunData, clusterId: number, m: number): Promise<ClusterDetail['exemplars']> {
  const c = run.clusters
  const d = c.dims
  const best: { u: number; s: number }[] = []
  for (let u = 0; u < c.unitCluster.length; u++) {
    if (c.unitCluster[u] !== clusterId) continue
    let s = 0
    for (let t = 0; t < d; t++) s += c.vectors[u * d + t] * c.centers[clusterId * d + t]
    if (best.length < m || s > best[best.length - 1].s) {
      best.push({ u, s })
      best.sort((a, b) => b.s - a.s || a.u - b.u)
      if (best.length > m) best.pop()
    }
  }
  if (best.length === 0) return []
  let norm = 0
  for (let t = 0; t < d; t++) norm += c.centers[clusterId * d + t] ** 2
  norm = Math.sqrt(norm)
  const rowids = best.map((b) => run.rowIds[run.unitFirstRow[b.u]])
  const rows = await rowsByRowid<{ r: number; id: string | null; t: string | null; f: boolean | null }>(engine, `rowid AS r, CAST(interaction_id AS VARCHAR) AS id, left(request_text, 500) AS t, is_failure AS f`, rowids)
  const byRow = new Map(rows.map((r) => [r.r, r]))
  return best.map((b, i) => {
    const r = byRow.get(rowids[i])
    return { interaction_id: r?.id ?? null, request_text: r?.t ?? null, is_failure: r?.f ?? null, similarity: norm > 0 ? b.s / norm : 0 }
  })
}

/** How the mix of clusters moved between two windows of the scope: each cluster's shares and status, and the TV distance of the mixes. */
export async function clusterDrift(ctx: AnalysisContext, store: ClusterStore, ranges?: DriftDateRanges): Promise<ClusterDriftReport> {
  const run = store.requireActive()
  const { where, params } = compileScope(ctx.scope, 'i')
  const w = ranges ? await dateRangeWindows(ctx, where, params, ranges) : await temporalWindows(ctx, where, params)
  const refRows = w.windows.reference.rows
  const curRows = w.windows.current.rows
  let tv: number | null = null
  if (refRows > 0 && curRows > 0) {
    tv = 0
    for (let c = 0; c < run.info.k; c++) tv += Math.abs((w.ref.get(c) ?? 0) / refRows - (w.cur.get(c) ?? 0) / curRows)
    tv /= 2
  }
  const rows = Array.from({ length: run.info.k }, (_, c) => ({ cluster_id: c, label: run.clusters.labels[c], drift: shareDrift(w.ref.get(c) ?? 0, refRows, w.cur.get(c) ?? 0, curRows) }))
  const order = { new: 0, growing: 1, shrinking: 2, stable: 3, insufficient_data: 4 }
  rows.sort((a, b) => order[a.drift.status] - order[b.drift.status] || (b.drift.ratio ?? 0) - (a.drift.ratio ?? 0) || a.cluster_id - b.cluster_id)
  return { windows: w.windows, tv_distance: tv, rows }
}

/** Values of the cluster (or map selection) filter under a scope, with counts and labels (for the filter bar). */
export async function clusterDistinctValues(engine: Engine, store: ClusterStore, dim: 'cluster' | 'map_selection', scope: Scope, limit: number): Promise<DistinctValue[]> {
  const { where, params } = compileScope(scope, 'i')
  if (dim === 'map_selection') {
    const rows = await engine.all<{ v: number; n: number }>(
      `SELECT s.selection_id AS v, count(*)::BIGINT AS n FROM interactions i JOIN ${SELECTION_TABLE} s ON s.row_id = i.rowid WHERE ${where} GROUP BY 1 ORDER BY 1 DESC LIMIT ?`,
      [...params, limit]
    )
    return rows.map((r) => ({ value: String(r.v), count: r.n, label: `selection #${r.v}` }))
  }
  const run = store.active
  if (!run) return []
  const rows = await engine.all<{ v: number; n: number }>(`SELECT a.cluster_id AS v, count(*)::BIGINT AS n FROM ${FROM} WHERE ${where} GROUP BY 1 ORDER BY n DESC, v LIMIT ?`, [...params, limit])
  return rows.map((r) => ({ value: String(r.v), count: r.n, label: `#${r.v} ${run.clusters.labels[r.v] ?? ''}`.trim() }))
}
