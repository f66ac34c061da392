/**
 * The alarms' per-dataset cube: every (day, provider, model, use case, tier) group of the timed rows
 * with its counts, its exact cost parts and its latencies sorted, so that the daily series of a scope
 * made of a date range and filters on those four columns come from merging groups instead of
 * scanning rows.
 * It answers exactly what the two scans of anomalies.ts answer (alarmCube.test.ts compares them).
 */
import type { AnomalyDimension } from '../../shared/anomalies'
import type { Scope, ScopeDimension } from '../../shared/scope'
import { combineExactParts, exactSumParts } from '../engine/exactSum'
import type { Engine } from '../engine/engine'

/** The columns the cube groups by: every alarm dimension but the cluster (a run's assignment). */
export const CUBE_DIMENSIONS = ['model_name', 'use_case', 'account_tier'] as const satisfies readonly AnomalyDimension[]
export type CubeDimension = (typeof CUBE_DIMENSIONS)[number]
/** The columns the cube's groups are told apart by: its dimensions and the provider (a filter of the filter bar, not a slice). */
export const CUBE_COLUMNS = ['model_provider', ...CUBE_DIMENSIONS] as const satisfies readonly ScopeDimension[]
type CubeColumn = (typeof CUBE_COLUMNS)[number]

/** The latency levels of the alarms' quantile series (quantile_cont, as DuckDB computes it). */
export const ALARM_QUANTILES = [0.83, 0.85, 0.87, 0.93, 0.95, 0.97] as const

/** Exact parts of a sum (see exactSumParts); null: no value. */
interface Parts {
  h: bigint | null
  l: bigint | null
  m: number | null
}

export interface AlarmCube {
  /** groups, ordered by (day, provider, model, use case, tier) with nulls last */
  size: number
  date: string[]
  /** each group's raw values (null kept: the scope's filters tell null from 'unknown') */
  raw: Record<CubeColumn, (string | null)[]>
  n: Float64Array
  kFail: Float64Array
  nLat: Float64Array
  nCost: Float64Array
  cost: Parts[]
  costSq: Parts[]
  /** group g's latencies, ascending (NaN last, as DuckDB sorts): lat[latStart[g] .. latStart[g + 1]) */
  latStart: Float64Array
  lat: Float64Array
}

/** A row of the daily counts, as the counts scan of anomalies.ts returns it and the cube gives it (g: the GROUPING() mask). */
export type CountRow = { g: number; date_utc: string; n: number; k_fail: number; n_lat: number; k_breach: number; n_cost: number; cost: number | null; cost_sq: number | null } & Record<string, string | number | null>
/** A row of the daily latency quantiles, as the quantile scan returns it and the cube gives it. */
export type QuantileRow = { g: number; date_utc: string; p83: number | null; p85: number | null; p87: number | null; p93: number | null; p95: number | null; p97: number | null } & Record<string, string | number | null>

type GroupRow = { date_utc: string; n: number; k_fail: number; n_lat: number; n_cost: number } & Record<string, string | number | null>

const partsSql = (x: string, name: string): string => {
  const p = exactSumParts(x)
  return `CAST(${p.h} AS VARCHAR) AS ${name}_h, CAST(${p.l} AS VARCHAR) AS ${name}_l, ${p.m} AS ${name}_m`
}
const partsOf = (r: GroupRow, name: string): Parts => {
  const h = r[`${name}_h`]
  const l = r[`${name}_l`]
  const m = r[`${name}_m`]
  return { h: h === null ? null : BigInt(h), l: l === null ? null : BigInt(l), m: m === null ? null : Number(m) }
}

let builds = 0

/**
 * Builds the cube: the groups with their counts and parts into a temporary table (numbered in key
 * order), then every latency joined to its group number and pulled sorted by group and value.
 */
export async function buildAlarmCube(engine: Engine): Promise<AlarmCube> {
  const table = `alarm_cube_groups_${++builds}`
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS
     SELECT row_number() OVER (ORDER BY d, ${CUBE_COLUMNS.join(', ')}) - 1 AS gid, *
     FROM (SELECT CAST(timestamp_utc AS DATE) AS d, ${CUBE_COLUMNS.join(', ')},
                  count(*) AS n, count_if(is_failure) AS k_fail, count(latency_ms) AS n_lat, count(cost_usd) AS n_cost,
                  ${partsSql('cost_usd', 'cost')}, ${partsSql('cost_usd * cost_usd', 'cost_sq')}
           FROM interactions WHERE timestamp_utc IS NOT NULL
           GROUP BY ALL)`
  )
  try {
    const groups = await engine.all<GroupRow>(`SELECT strftime(d, '%Y-%m-%d') AS date_utc, * EXCLUDE (d, gid) FROM ${table} ORDER BY gid`)
    const size = groups.length
    const latStart = new Float64Array(size + 1)
    for (let g = 0; g < size; g++) latStart[g + 1] = latStart[g] + Number(groups[g].n_lat)
    const same = (c: string): string => `g.${c} IS NOT DISTINCT FROM i.${c}`
    const { data } = await engine.numericColumns(
      `SELECT i.latency_ms AS l FROM interactions i JOIN ${table} g
         ON g.d = CAST(i.timestamp_utc AS DATE) AND ${CUBE_COLUMNS.map(same).join(' AND ')}
       WHERE i.latency_ms IS NOT NULL ORDER BY g.gid, l`
    )
    const lat = data[0] ?? new Float64Array(0)
    if (lat.length !== latStart[size]) throw new Error(`alarm cube: ${lat.length} latencies read, the groups count ${latStart[size]}`)
    return cubeOf(groups, latStart, lat)
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined)
  }
}

function cubeOf(groups: GroupRow[], latStart: Float64Array, lat: Float64Array): AlarmCube {
  const col = (f: (r: GroupRow) => number): Float64Array => Float64Array.from(groups, f)
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
  return {
    size: groups.length,
    date: groups.map((r) => r.date_utc),
    raw: Object.fromEntries(CUBE_COLUMNS.map((c) => [c, groups.map((r) => text(r[c]))])) as AlarmCube['raw'],
    n: col((r) => Number(r.n)),
    kFail: col((r) => Number(r.k_fail)),
    nLat: col((r) => Number(r.n_lat)),
    nCost: col((r) => Number(r.n_cost)),
    cost: groups.map((r) => partsOf(r, 'cost')),
    costSq: groups.map((r) => partsOf(r, 'cost_sq')),
    latStart,
    lat
  }
}

/**
 * True when the cube answers the scope: a date range and filters on the cube's columns only (any
 * other filter selects rows inside a group).
 */
export function cubeAnswers(scope: Scope): boolean {
  const other = Object.entries(scope).some(([k, v]) => v !== undefined && k !== 'from' && k !== 'to' && k !== 'filters')
  return !other && Object.entries(scope.filters ?? {}).every(([d, values]) => !values || values.length === 0 || (CUBE_COLUMNS as readonly string[]).includes(d))
}

/** The groups in scope, as compileScope's WHERE selects their rows (whole UTC days; a null in a list selects nulls). */
function groupsInScope(cube: AlarmCube, scope: Scope): number[] {
  const tests = Object.entries(scope.filters ?? {})
    .filter(([, values]) => values && values.length > 0)
    .map(([d, values]) => ({ column: cube.raw[d as CubeColumn], values: new Set(values) }))
  const out: number[] = []
  for (let g = 0; g < cube.size; g++) {
    const date = cube.date[g]
    if ((scope.from && date < scope.from) || (scope.to && date > scope.to)) continue
    if (tests.every((t) => t.values.has(t.column[g]))) out.push(g)
  }
  return out
}

const addParts = (a: Parts, b: Parts): Parts => ({
  h: b.h === null ? a.h : (a.h ?? 0n) + b.h,
  l: b.l === null ? a.l : (a.l ?? 0n) + b.l,
  m: b.m === null ? a.m : (a.m ?? 0) + b.m
})

/** Latencies above the SLA in group g (NaN is not above anything, as in SQL). */
function breaches(cube: AlarmCube, g: number, sla: number): number {
  const { lat } = cube
  const start = cube.latStart[g]
  let end = cube.latStart[g + 1]
  while (end > start && Number.isNaN(lat[end - 1])) end--
  let lo = start
  let hi = end
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (lat[mid] > sla) hi = mid
    else lo = mid + 1
  }
  return end - lo
}

/** a above b in DuckDB's order of doubles (NaN above everything). */
const above = (a: number, b: number): boolean => a > b || (Number.isNaN(a) && !Number.isNaN(b))

/**
 * The values at the given ranks (ascending, 0-based) of the union of sorted runs, read from the top:
 * a max-heap of the runs' next values from the top, popped down to the lowest rank asked for (the
 * alarms ask for ranks above 83% of the values, so about a sixth of them is read).
 */
export function ranksOfRuns(lat: Float64Array, starts: readonly number[], ends: readonly number[], total: number, ranks: readonly number[]): Map<number, number> {
  const out = new Map<number, number>()
  if (ranks.length === 0) return out
  const wanted = [...new Set(ranks)].sort((a, b) => b - a)
  if (starts.length === 1) {
    for (const r of wanted) out.set(r, lat[starts[0] + r])
    return out
  }
  // heap entries: the run's cursor (index into lat of its next value from the top) and its start
  const cursor = new Float64Array(starts.length)
  const first = new Float64Array(starts.length)
  let size = 0
  const push = (c: number, s: number): void => {
    let k = size++
    const v = lat[c]
    while (k > 0) {
      const p = (k - 1) >> 1
      if (!above(v, lat[cursor[p]])) break
      cursor[k] = cursor[p]
      first[k] = first[p]
      k = p
    }
    cursor[k] = c
    first[k] = s
  }
  for (let i = 0; i < starts.length; i++) if (ends[i] > starts[i]) push(ends[i] - 1, starts[i])
  let next = 0
  for (let rank = total - 1; next < wanted.length; rank--) {
    if (rank === wanted[next]) {
      out.set(rank, lat[cursor[0]])
      next++
    }
    // advance the top run; a run read to its start leaves the heap (its slot takes the last entry)
    let c = cursor[0] - 1
    let s = first[0]
    if (c < s) {
      size--
      c = cursor[size]
      s = first[size]
    }
    // sift (c, s) down from the root
    const v = lat[c]
    let k = 0
    for (;;) {
      const l = 2 * k + 1
      if (l >= size) break
      const r = l + 1
      const child = r < size && above(lat[cursor[r]], lat[cursor[l]]) ? r : l
      if (!above(lat[cursor[child]], v)) break
      cursor[k] = cursor[child]
      first[k] = first[child]
      k = child
    }
    cursor[k] = c
    first[k] = s
  }
  return out
}

/** quantile_cont at each level over the union of the runs: DuckDB's interpolation, lo * (1 - d) + hi * d. */
export function quantilesOfRuns(lat: Float64Array, starts: readonly number[], ends: readonly number[], levels: readonly number[]): (number | null)[] {
  let total = 0
  for (let i = 0; i < starts.length; i++) total += ends[i] - starts[i]
  if (total === 0) return levels.map(() => null)
  const at = levels.map((q) => {
    const rn = (total - 1) * q
    return { rn, lo: Math.floor(rn), hi: Math.ceil(rn) }
  })
  const values = ranksOfRuns(lat, starts, ends, total, at.flatMap((a) => [a.lo, a.hi]))
  return at.map(({ rn, lo, hi }) => {
    const vlo = values.get(lo)!
    if (lo === hi) return vlo
    const d = rn - lo
    return vlo * (1 - d) + values.get(hi)! * d
  })
}

interface Acc {
  g: number
  date: string
  values: Record<string, string>
  n: number
  kFail: number
  nLat: number
  kBreach: number
  nCost: number
  cost: Parts
  costSq: Parts
  /** the groups in it (kept for the slices that get quantiles) */
  groups: number[] | null
}

/**
 * The counts and quantile rows the two scans of anomalies.ts return for the scope, over the scanned
 * dimensions (a subset of CUBE_DIMENSIONS; null and 'unknown' are one value, as the scans have it).
 * `mask(grouped)` is the GROUPING() mask of a grouping set.
 */
export function cubeSeries(
  cube: AlarmCube,
  scope: Scope,
  dims: readonly CubeDimension[],
  slaMs: number,
  mask: (grouped: readonly string[]) => number
): { counts: CountRow[]; quantiles: QuantileRow[] } {
  const sets: { grouped: CubeDimension[]; quantiles: boolean }[] = [{ grouped: [], quantiles: true }, ...dims.map((d) => ({ grouped: [d], quantiles: true }))]
  for (let i = 0; i < dims.length; i++) for (let j = i + 1; j < dims.length; j++) sets.push({ grouped: [dims[i], dims[j]], quantiles: false })
  const masks = sets.map((s) => mask(s.grouped))
  const accs = new Map<string, Acc>()
  for (const g of groupsInScope(cube, scope)) {
    const kBreach = breaches(cube, g, slaMs)
    const date = cube.date[g]
    sets.forEach((set, k) => {
      const value = (d: CubeDimension): string => cube.raw[d][g] ?? 'unknown'
      const key = `${k}|${date}${set.grouped.map((d) => `|${value(d)}`).join('')}`
      let a = accs.get(key)
      if (!a) {
        const values = Object.fromEntries(set.grouped.map((d) => [d, value(d)]))
        a = { g: masks[k], date, values, n: 0, kFail: 0, nLat: 0, kBreach: 0, nCost: 0, cost: { h: null, l: null, m: null }, costSq: { h: null, l: null, m: null }, groups: set.quantiles ? [] : null }
        accs.set(key, a)
      }
      a.n += cube.n[g]
      a.kFail += cube.kFail[g]
      a.nLat += cube.nLat[g]
      a.kBreach += kBreach
      a.nCost += cube.nCost[g]
      a.cost = addParts(a.cost, cube.cost[g])
      a.costSq = addParts(a.costSq, cube.costSq[g])
      a.groups?.push(g)
    })
  }
  const counts: CountRow[] = []
  const quantiles: QuantileRow[] = []
  for (const a of accs.values()) {
    counts.push({
      ...a.values,
      g: a.g,
      date_utc: a.date,
      n: a.n,
      k_fail: a.kFail,
      n_lat: a.nLat,
      k_breach: a.kBreach,
      n_cost: a.nCost,
      cost: combineExactParts(a.cost.h, a.cost.l, a.cost.m),
      cost_sq: combineExactParts(a.costSq.h, a.costSq.l, a.costSq.m)
    })
    if (!a.groups) continue
    const starts = a.groups.map((g) => cube.latStart[g])
    const ends = a.groups.map((g) => cube.latStart[g + 1])
    const [p83, p85, p87, p93, p95, p97] = quantilesOfRuns(cube.lat, starts, ends, ALARM_QUANTILES)
    quantiles.push({ ...a.values, g: a.g, date_utc: a.date, p83, p85, p87, p93, p95, p97 })
  }
  return { counts, quantiles }
}
