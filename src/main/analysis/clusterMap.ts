/**
 * The map of every row, served in pages: positions and colour codes as base64 typed arrays (a
 * million points stay a few megabytes and need no per-point objects), the rows in scope as a
 * bitmap, a hovered point's request, and lasso selections recorded as a filter.
 */
import { MAP_CHUNK_ROWS, type MapChunk, type MapColorBy, type MapColors, type MapInfo, type MapMask, type MapPoint, type MapSelection } from '../../shared/clusters'
import { pointsInPolygons, type Polygon } from '../../shared/geometry'
import type { Scope } from '../../shared/scope'
import { ApiError } from '../backend/errors'
import type { Engine } from '../engine/engine'
import { writeSelection } from './clusterTables'
import type { ClusterRunData, ClusterStore } from './clusterRuns'
import { compileScope } from './scopeSql'

/** Colour categories beyond this many share the code OTHER_CODE. */
const MAX_CATEGORIES = 254
export const OTHER_CODE = 255

function base64(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
}

function requireRun(store: ClusterStore, key: string): ClusterRunData {
  const run = store.requireActive()
  if (run.info.key !== key) throw new ApiError('not_found', 'the clusters changed since this map was opened: reload the map')
  return run
}

export function mapInfo(store: ClusterStore): MapInfo {
  const run = store.requireActive()
  const xy = run.rowXY
  let minX = Infinity
  let maxX = -Infinity
  let minY = Infinity
  let maxY = -Infinity
  for (let i = 0; i < xy.length; i += 2) {
    if (xy[i] < minX) minX = xy[i]
    if (xy[i] > maxX) maxX = xy[i]
    if (xy[i + 1] < minY) minY = xy[i + 1]
    if (xy[i + 1] > maxY) maxY = xy[i + 1]
  }
  if (xy.length === 0) minX = maxX = minY = maxY = 0
  return { key: run.info.key, method: run.info.map_method, rows: run.rowIds.length, bounds: { minX, maxX, minY, maxY } }
}

/** Positions of rows [offset, offset + limit) in row order. */
export function mapChunk(store: ClusterStore, key: string, offset: number, limit = MAP_CHUNK_ROWS): MapChunk {
  const run = requireRun(store, key)
  const n = run.rowIds.length
  const start = Math.min(offset, n)
  const end = Math.min(n, start + limit)
  return { key, offset: start, count: end - start, xy: base64(run.rowXY.subarray(start * 2, end * 2)) }
}

/** Category codes of each row for one colouring, computed once per run (SQL in row order). */
async function colorCodes(engine: Engine, run: ClusterRunData, by: MapColorBy): Promise<{ categories: (string | null)[]; codes: Uint8Array }> {
  const hit = run.colors.get(by)
  if (hit) return hit
  const n = run.rowIds.length
  let result: { categories: (string | null)[]; codes: Uint8Array }
  if (by === 'cluster') {
    const codes = new Uint8Array(n)
    for (let i = 0; i < n; i++) codes[i] = Math.min(run.rowCluster[i], OTHER_CODE)
    result = { categories: run.clusters.labels.map((l, c) => `#${c} ${l}`), codes }
  } else {
    const expr = by === 'failure' ? `CASE WHEN is_failure THEN 'failed' WHEN is_failure IS NULL THEN NULL ELSE 'ok' END` : by
    // categories by frequency (ties by value), the rarest beyond MAX_CATEGORIES folded into 'other'
    const cats = await engine.all<{ v: string | null }>(`SELECT ${expr} AS v FROM interactions GROUP BY 1 ORDER BY count(*) DESC, v NULLS LAST`)
    const categories = by === 'failure' ? ['ok', 'failed', null].filter((c) => cats.some((x) => x.v === c)) : cats.slice(0, MAX_CATEGORIES).map((c) => c.v)
    const codeOf = new Map<string | null, number>(categories.map((c, i) => [c, i]))
    const res = await engine.columns(`SELECT rowid AS r, ${expr} AS v FROM interactions ORDER BY rowid`)
    const rids = res.data[0] ?? []
    const vals = res.data[1] ?? []
    const index = rowIndex(run)
    const codes = new Uint8Array(n).fill(OTHER_CODE)
    for (let j = 0; j < rids.length; j++) {
      const i = index(rids[j] as number)
      if (i === undefined) continue
      codes[i] = codeOf.get(vals[j] as string | null) ?? OTHER_CODE
    }
    result = { categories, codes }
  }
  run.colors.set(by, result)
  return result
}

export async function mapColors(engine: Engine, store: ClusterStore, key: string, by: MapColorBy, offset: number, limit = MAP_CHUNK_ROWS): Promise<MapColors> {
  const run = requireRun(store, key)
  const { categories, codes } = await colorCodes(engine, run, by)
  const start = Math.min(offset, codes.length)
  const end = Math.min(codes.length, start + limit)
  return { key, by, categories, offset: start, count: end - start, codes: base64(codes.subarray(start, end)) }
}

/** Index of each rowid in the run's row order (rowids are 0..n-1 in a freshly loaded table, but this does not rely on it). */
function rowIndex(run: ClusterRunData): (rowid: number) => number | undefined {
  const ids = run.rowIds
  const dense = ids.length === 0 || (ids[0] === 0 && ids[ids.length - 1] === ids.length - 1)
  if (dense) return (r) => (r >= 0 && r < ids.length ? r : undefined)
  const m = new Map<number, number>()
  ids.forEach((r, i) => m.set(r, i))
  return (r) => m.get(r)
}

/** The rows of the map inside the scope, as a bitmap in row order. */
export async function mapMask(engine: Engine, store: ClusterStore, key: string, scope: Scope): Promise<MapMask> {
  const run = requireRun(store, key)
  const n = run.rowIds.length
  const bits = new Uint8Array(Math.ceil(n / 8))
  const { where, params } = compileScope(scope)
  const res = await engine.numericColumns(`SELECT rowid AS r FROM interactions WHERE ${where}`, params)
  const rids = res.data[0] ?? new Float64Array(0)
  const index = rowIndex(run)
  let inScope = 0
  for (let j = 0; j < rids.length; j++) {
    const i = index(rids[j])
    if (i === undefined) continue
    bits[i >> 3] |= 1 << (i & 7)
    inScope++
  }
  return { key, rows: n, in_scope: inScope, bits: base64(bits) }
}

/** Records the rows inside the polygons (map coordinates) as a selection, and counts those in the scope. */
export async function createMapSelection(engine: Engine, store: ClusterStore, key: string, polygons: readonly Polygon[], scope: Scope): Promise<MapSelection> {
  const run = requireRun(store, key)
  const inside = pointsInPolygons(run.rowXY, polygons)
  const id = store.newSelectionId()
  await writeSelection(
    engine,
    id,
    inside.map((i) => run.rowIds[i])
  )
  const { where, params } = compileScope({ ...scope, filters: { ...scope.filters, map_selection: [String(id)] } })
  const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE ${where}`, params)
  return { selection_id: id, rows: inside.length, in_scope: n }
}

/** The request behind one point of the map. */
export async function mapPoint(engine: Engine, store: ClusterStore, key: string, index: number): Promise<MapPoint> {
  const run = requireRun(store, key)
  if (index < 0 || index >= run.rowIds.length) throw new ApiError('not_found', `the map has no point ${index}`)
  const [row] = await engine.all<{ id: string | null; f: boolean | null; ft: string | null; m: string | null; uc: string | null; t: string | null }>(
    `SELECT CAST(interaction_id AS VARCHAR) AS id, is_failure AS f, failure_type AS ft, model_name AS m, use_case AS uc, left(request_text, 400) AS t FROM interactions WHERE rowid = ?`,
    [run.rowIds[index]]
  )
  const c = run.rowCluster[index]
  return {
    index,
    interaction_id: row?.id ?? null,
    cluster_id: c,
    label: run.clusters.labels[c],
    is_failure: row?.f ?? null,
    failure_type: row?.ft ?? null,
    model_name: row?.m ?? null,
    use_case: row?.uc ?? null,
    request_text: row?.t ?? null
  }
}
