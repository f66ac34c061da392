/** Builds the column-wise frame the sampling policy and its backtest run on: strata (model x use case x UTC day), the latency orders, and the per-(class, stratum) counts. */
import type { SampleFrame } from './samplingBacktest'

export interface FrameColumns {
  cls: ArrayLike<number>
  /** (model, use case) group index of each row, into `groups` */
  group: ArrayLike<number>
  groups: { model_name: string | null; use_case: string | null }[]
  /** UTC day of each row as days since 1970-01-01; NaN when the row has no timestamp */
  dayNumber: ArrayLike<number>
  w0: ArrayLike<number>
  uHi: ArrayLike<number>
  uLo: ArrayLike<number>
  isFailure: ArrayLike<number>
  latency: ArrayLike<number>
  cost: ArrayLike<number>
  bytes: ArrayLike<number>
  /**
   * What SQL can hand over already sorted (the fast path on large data): rows ordered by (group,
   * latency with NaN last, rowid), the stratum of each row numbered by (group, day with untimed
   * last), and each row's table rowid (the tie-break of equal latencies).
   */
  presorted?: { stratum: ArrayLike<number>; rowid: ArrayLike<number> }
}

export interface Strata {
  /** stratum of each row */
  stratum: Int32Array
  /** per stratum: its group and its UTC day (null: untimed rows) */
  group: Int32Array
  day: (string | null)[]
}

const DAY_MS = 86_400_000

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01, UTC). */
export function dayString(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)
}

/** Strata in order of first appearance, then re-numbered by (group, day) so their order is stable. */
function buildStrata(group: ArrayLike<number>, dayNumber: ArrayLike<number>): Strata {
  const n = group.length
  const keyOf = (i: number): number => group[i] * 1e6 + (Number.isNaN(dayNumber[i]) ? 999_999 : dayNumber[i] + 400_000)
  const keys = new Map<number, number>()
  const tmp = new Int32Array(n)
  const firstRow: number[] = []
  for (let i = 0; i < n; i++) {
    const k = keyOf(i)
    let s = keys.get(k)
    if (s === undefined) {
      s = keys.size
      keys.set(k, s)
      firstRow.push(i)
    }
    tmp[i] = s
  }
  const order = [...keys.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s)
  const renumber = new Int32Array(order.length)
  order.forEach((s, idx) => (renumber[s] = idx))
  const stratum = new Int32Array(n)
  for (let i = 0; i < n; i++) stratum[i] = renumber[tmp[i]]
  const sGroup = new Int32Array(order.length)
  const sDay: (string | null)[] = new Array(order.length)
  order.forEach((s, idx) => {
    const i = firstRow[s]
    sGroup[idx] = group[i]
    sDay[idx] = Number.isNaN(dayNumber[i]) ? null : dayString(dayNumber[i])
  })
  return { stratum, group: sGroup, day: sDay }
}

/** Strata as SQL numbered them: each row's stratum, and the group and day of each from its rows. */
function strataFromNumbers(stratum: ArrayLike<number>, group: ArrayLike<number>, dayNumber: ArrayLike<number>): Strata {
  const n = stratum.length
  let S = 0
  for (let i = 0; i < n; i++) if (stratum[i] + 1 > S) S = stratum[i] + 1
  const sGroup = new Int32Array(S)
  const sDay: (string | null)[] = new Array(S).fill(null)
  const seen = new Uint8Array(S)
  for (let i = 0; i < n; i++) {
    const s = stratum[i]
    if (seen[s]) continue
    seen[s] = 1
    sGroup[s] = group[i]
    sDay[s] = Number.isNaN(dayNumber[i]) ? null : dayString(dayNumber[i])
  }
  return { stratum: Int32Array.from(stratum), group: sGroup, day: sDay }
}

/**
 * Rows with a latency in (latency, rowid) order, merged from the per-group runs of `byGroupLatency`
 * (each already in that order): a k-way merge over a binary heap of the runs' heads, O(n log groups).
 */
export function mergeGroupRuns(byGroupLatency: Int32Array, groupStarts: Int32Array, latency: ArrayLike<number>, rowid: ArrayLike<number>): Int32Array {
  const out = new Int32Array(byGroupLatency.length)
  const pos: number[] = []
  const end: number[] = []
  for (let g = 0; g + 1 < groupStarts.length; g++) {
    if (groupStarts[g] < groupStarts[g + 1]) {
      pos.push(groupStarts[g])
      end.push(groupStarts[g + 1])
    }
  }
  const heap = pos.map((_, k) => k)
  const less = (a: number, b: number): boolean => {
    const i = byGroupLatency[pos[a]]
    const j = byGroupLatency[pos[b]]
    return latency[i] < latency[j] || (latency[i] === latency[j] && rowid[i] < rowid[j])
  }
  const down = (k: number): void => {
    for (;;) {
      const l = 2 * k + 1
      if (l >= heap.length) return
      const m = l + 1 < heap.length && less(heap[l + 1], heap[l]) ? l + 1 : l
      if (!less(heap[m], heap[k])) return
      ;[heap[m], heap[k]] = [heap[k], heap[m]]
      k = m
    }
  }
  for (let k = (heap.length >> 1) - 1; k >= 0; k--) down(k)
  for (let o = 0; heap.length > 0; o++) {
    const top = heap[0]
    out[o] = byGroupLatency[pos[top]++]
    if (pos[top] === end[top]) {
      heap[0] = heap[heap.length - 1]
      heap.pop()
    }
    down(0)
  }
  return out
}

/** The frame and its strata from plain columns. */
export function buildFrame(c: FrameColumns): { frame: SampleFrame; strata: Strata } {
  const n = c.cls.length
  const latency = Float64Array.from(c.latency)
  const group = Int32Array.from(c.group)
  let strata: Strata
  let byLatency: Int32Array
  let byGroupLatency: Int32Array
  const withLatency: number[] = []
  for (let i = 0; i < n; i++) if (!Number.isNaN(latency[i])) withLatency.push(i)
  const G = c.groups.length
  const groupStarts = new Int32Array(G + 1)
  for (const i of withLatency) groupStarts[group[i] + 1]++
  for (let g = 0; g < G; g++) groupStarts[g + 1] += groupStarts[g]
  if (c.presorted) {
    strata = strataFromNumbers(c.presorted.stratum, c.group, c.dayNumber)
    byGroupLatency = Int32Array.from(withLatency)
    byLatency = mergeGroupRuns(byGroupLatency, groupStarts, latency, c.presorted.rowid)
  } else {
    strata = buildStrata(c.group, c.dayNumber)
    byLatency = Int32Array.from(withLatency).sort((a, b) => latency[a] - latency[b] || a - b)
    byGroupLatency = Int32Array.from(withLatency).sort((a, b) => group[a] - group[b] || latency[a] - latency[b] || a - b)
  }
  const frame: SampleFrame = {
    n,
    cls: Uint16Array.from(c.cls),
    stratum: strata.stratum,
    group,
    groups: c.groups,
    w0: Float64Array.from(c.w0),
    uHi: Uint32Array.from(c.uHi),
    uLo: Uint32Array.from(c.uLo),
    isFailure: Uint8Array.from(c.isFailure),
    latency,
    cost: Float64Array.from(c.cost),
    bytes: Float64Array.from(c.bytes),
    byGroupLatency,
    groupStarts,
    byLatency
  }
  return { frame, strata }
}

/** Rows and bytes per (class, stratum), index class * strata + stratum. */
export function countCells(frame: SampleFrame, classes: number, strata: number): { rows: Float64Array; bytes: Float64Array } {
  const rows = new Float64Array(classes * strata)
  const bytes = new Float64Array(classes * strata)
  for (let i = 0; i < frame.n; i++) {
    const k = frame.cls[i] * strata + frame.stratum[i]
    rows[k]++
    bytes[k] += frame.bytes[i]
  }
  return { rows, bytes }
}
