/**
 * From many small k-means cells to request families by shared vocabulary: two groups of cells
 * are one family when most requests of each carry a word that is characteristic of both (a word
 * much more frequent in each than in the rest of the sample). Several templates or paraphrases of
 * one concern share their topic words (slot values, key terms) but not their phrasing, so they
 * join; families with vocabularies of their own do not. Pure: word ids per sampled request in, a
 * cell -> family map out.
 */

export interface VocabularyMergeInput {
  /** per sampled request: its k-means cell */
  cellOf: Int32Array
  /** per sampled request: its distinct word ids (any order, no repeats) */
  words: readonly Int32Array[]
  /** number of cells */
  cells: number
}

export interface VocabularyMergeOptions {
  /** a characteristic word occurs in at least this share of the group's requests */
  minShare: number
  /** ... and in at least this many of them */
  minCount: number
  /** ... and is at least this many times more frequent in the group than in the rest */
  minLift: number
  /** a word characteristic of more than this share of the cells (and of more than 6) is a hub: phrasing shared by many families ("hi", "thanks"), not evidence */
  maxCellShare: number
  /** shared words that make up at least this share of the smaller group's characteristic words count even in one fixed combination */
  minOverlap: number
  /** two groups join when at least this share of the requests of each (the smaller of the two shares) carries a shared characteristic word */
  threshold: number
  /** a word characteristic of at least this many of the groups left (0: off) and ... */
  topicGroups: number
  /** ... in at most this share of the sampled requests joins them */
  maxTopicShare: number
  /** ... and has at least this share of its occurrences in those groups */
  topicConcentration: number
  /** groups whose co-occurrence-expanded word profiles have at least this cosine join (1: off) */
  expandedCosine: number
}

export const VOCABULARY_MERGE_DEFAULTS: VocabularyMergeOptions = { minShare: 0.05, minCount: 3, minLift: 2, maxCellShare: 0.15, minOverlap: 0.5, threshold: 0.4, topicGroups: 3, maxTopicShare: 0.1, topicConcentration: 0.8, expandedCosine: 0.6 }

export interface VocabularyMergeResult {
  /** cell -> family, families numbered 0..groups-1 in the order of their lowest cell */
  group: Int32Array
  groups: number
  /** the joins made, in order: the two groups (by their lowest cell) and their score */
  joins: { a: number; b: number; score: number; shared: number[] }[]
}

/**
 * Greedy agglomeration of cells: repeatedly joins the two groups with the highest mutual coverage
 * (for groups A and B: the share of A's requests carrying a word characteristic of both, and the
 * same for B; the smaller of the two) while it reaches `threshold`. A joined group's
 * characteristic words are recomputed from its members' counts. Deterministic: ties go to the
 * lowest group ids.
 */
export function mergeByVocabulary(input: VocabularyMergeInput, options: Partial<VocabularyMergeOptions> = {}): VocabularyMergeResult {
  const opt = { ...VOCABULARY_MERGE_DEFAULTS, ...options }
  const { cellOf, words, cells } = input
  const n = cellOf.length
  // word totals and per-group counts
  const total = new Map<number, number>()
  const counts: Map<number, number>[] = Array.from({ length: cells }, () => new Map())
  const size = new Float64Array(cells)
  const members: number[][] = Array.from({ length: cells }, () => [])
  for (let i = 0; i < n; i++) {
    const c = cellOf[i]
    size[c]++
    members[c].push(i)
    const m = counts[c]
    for (const w of words[i]) {
      total.set(w, (total.get(w) ?? 0) + 1)
      m.set(w, (m.get(w) ?? 0) + 1)
    }
  }
  const characteristic = (g: number): Set<number> => {
    const out = new Set<number>()
    const s = size[g]
    if (s <= 0) return out
    const rest = n - s
    for (const [w, k] of counts[g]) {
      if (k < opt.minCount || k < opt.minShare * s) continue
      const outside = total.get(w)! - k
      // lift against the rest, with half a request of smoothing so a word seen nowhere else is finite
      const lift = k / s / ((outside + 0.5) / (rest + 0.5))
      if (lift >= opt.minLift) out.add(w)
    }
    return out
  }
  const sets = Array.from({ length: cells }, (_, g) => characteristic(g))
  const alive = new Uint8Array(cells).fill(1)
  // hubs: words characteristic of many of the current groups (phrasing shared by families)
  let hub = new Set<number>()
  const findHubs = (): Set<number> => {
    const spread = new Map<number, number>()
    let groups = 0
    for (let g = 0; g < cells; g++) {
      if (!alive[g] || size[g] <= 0) continue
      groups++
      for (const w of sets[g]) spread.set(w, (spread.get(w) ?? 0) + 1)
    }
    const maxSpread = Math.max(6, opt.maxCellShare * groups)
    const out = new Set<number>()
    for (const [w, k] of spread) if (k > maxSpread) out.add(w)
    return out
  }

  /** per request of group g, the shared words it carries as a key ('' for none) */
  const patterns = (g: number, shared: Set<number>): string[] =>
    members[g].map((i) => {
      let key = ''
      const ws = words[i]
      for (let t = 0; t < ws.length; t++) if (shared.has(ws[t])) key += `${ws[t]},`
      return key
    })
  const countUsable = (set: Set<number>): number => {
    let c = 0
    for (const w of set) if (!hub.has(w)) c++
    return c
  }
  const score = (a: number, b: number): number => {
    if (size[a] <= 0 || size[b] <= 0) return 0
    const [x, y] = sets[a].size <= sets[b].size ? [sets[a], sets[b]] : [sets[b], sets[a]]
    const shared = new Set<number>()
    for (const w of x) if (y.has(w) && !hub.has(w)) shared.add(w)
    if (shared.size === 0) return 0
    // Requests count as evidence when they carry shared words in a combination other than the
    // most common one: one fixed phrase in common ("shows the wrong", a polysemous "plan") is not
    // a family; varied shared words (the values of a slot, the key terms of a concern) are.
    const pa = patterns(a, shared)
    const pb = patterns(b, shared)
    const freq = new Map<string, number>()
    for (const p of pa) if (p) freq.set(p, (freq.get(p) ?? 0) + 1)
    for (const p of pb) if (p) freq.set(p, (freq.get(p) ?? 0) + 1)
    let top = ''
    let topCount = 0
    for (const [p, c] of freq) if (c > topCount || (c === topCount && p < top)) [top, topCount] = [p, c]
    let varied = 0
    let any = 0
    for (const p of pa.concat(pb)) {
      if (!p) continue
      any++
      if (p !== top) varied++
    }
    // ... unless the shared words are most of the smaller group's characteristic words (short
    // requests about one thing: "reset my password", "password reset link expired")
    const overlap = shared.size / Math.max(1, Math.min(countUsable(sets[a]), countUsable(sets[b])))
    return (overlap >= opt.minOverlap ? any : varied) / (size[a] + size[b])
  }
  const sim = new Float64Array(cells * cells)
  const parent = Int32Array.from({ length: cells }, (_, i) => i)
  const joins: VocabularyMergeResult['joins'] = []
  // Rounds: the hubs are found among the current groups, every pair is scored, the best pairs are
  // joined while they reach the threshold; then again while the hubs change (a large family's
  // words spread over many cells at first and stop being hubs once its cells have joined).
  for (let round = 0; round < 8; round++) {
    const hubs = findHubs()
    if (round > 0 && hubs.size === hub.size && [...hubs].every((w) => hub.has(w))) break
    hub = hubs
    for (let a = 0; a < cells; a++) if (alive[a]) for (let b = a + 1; b < cells; b++) if (alive[b]) sim[a * cells + b] = score(a, b)
    for (;;) {
      let best = -1
      let bi = -1
      let bj = -1
      for (let a = 0; a < cells; a++) {
        if (!alive[a]) continue
        for (let b = a + 1; b < cells; b++) {
          if (alive[b] && sim[a * cells + b] > best + 1e-12) {
            best = sim[a * cells + b]
            bi = a
            bj = b
          }
        }
      }
      if (bi < 0 || best < opt.threshold) break
      joins.push({ a: bi, b: bj, score: best, shared: [...sets[bi]].filter((w) => sets[bj].has(w) && !hub.has(w)) })
      // b joins a
      alive[bj] = 0
      parent[bj] = bi
      size[bi] += size[bj]
      size[bj] = 0
      for (const i of members[bj]) members[bi].push(i)
      members[bj] = []
      for (const [w, k] of counts[bj]) counts[bi].set(w, (counts[bi].get(w) ?? 0) + k)
      counts[bj] = new Map()
      sets[bi] = characteristic(bi)
      sets[bj] = new Set()
      for (let t = 0; t < cells; t++) {
        if (t === bi || !alive[t]) continue
        const [a, b] = t < bi ? [t, bi] : [bi, t]
        sim[a * cells + b] = score(a, b)
      }
    }
  }
  const root = (x: number): number => {
    while (parent[x] !== x) x = parent[x]
    return x
  }
  // Co-occurrence: each group's words expanded by the words they co-occur with in the sample's
  // requests (E_g[v] = sum over requests i of (sum over words w of i of count_g(w) / total(w)) x
  // [v in i], idf-weighted); groups whose expanded profiles have a cosine >= expandedCosine join.
  if (opt.expandedCosine < 1) {
    const vocab = new Map<number, number>()
    for (const w of total.keys()) vocab.set(w, vocab.size)
    const V = vocab.size
    const idf = new Float64Array(V)
    for (const [w, k] of total) idf[vocab.get(w)!] = Math.log((n + 1) / (k + 0.5))
    const profile = (g: number): Float64Array => {
      const e = new Float64Array(V)
      const cg = counts[g]
      for (let i = 0; i < n; i++) {
        const ws = words[i]
        let a = 0
        for (let t = 0; t < ws.length; t++) {
          const k = cg.get(ws[t])
          if (k !== undefined) a += k / total.get(ws[t])!
        }
        if (a === 0) continue
        for (let t = 0; t < ws.length; t++) e[vocab.get(ws[t])!] += a
      }
      // second order only: a word's own occurrences (the diagonal) are left out
      for (const [w, k] of cg) e[vocab.get(w)!] -= k
      let norm = 0
      for (let v = 0; v < V; v++) {
        e[v] *= idf[v]
        norm += e[v] * e[v]
      }
      norm = Math.sqrt(norm) || 1
      for (let v = 0; v < V; v++) e[v] /= norm
      return e
    }
    const dot = (x: Float64Array, y: Float64Array): number => {
      let d = 0
      for (let v = 0; v < V; v++) d += x[v] * y[v]
      return d
    }
    const live: number[] = []
    for (let g = 0; g < cells; g++) if (alive[g] && size[g] > 0) live.push(g)
    const prof = new Map<number, Float64Array>()
    for (const g of live) prof.set(g, profile(g))
    const cos = new Map<number, number>()
    const key = (a: number, b: number): number => (a < b ? a * cells + b : b * cells + a)
    for (let x = 0; x < live.length; x++) for (let y = x + 1; y < live.length; y++) cos.set(key(live[x], live[y]), dot(prof.get(live[x])!, prof.get(live[y])!))
    for (;;) {
      let best = -1
      let bi = -1
      let bj = -1
      for (let x = 0; x < live.length; x++) {
        for (let y = x + 1; y < live.length; y++) {
          const c = cos.get(key(live[x], live[y]))!
          if (c > best + 1e-12) [best, bi, bj] = [c, live[x], live[y]]
        }
      }
      if (bi < 0 || best < opt.expandedCosine) break
      const [a, b] = bi < bj ? [bi, bj] : [bj, bi]
      joins.push({ a, b, score: best, shared: [] })
      parent[b] = a
      alive[b] = 0
      size[a] += size[b]
      size[b] = 0
      for (const i of members[b]) members[a].push(i)
      members[b] = []
      for (const [w, k] of counts[b]) counts[a].set(w, (counts[a].get(w) ?? 0) + k)
      counts[b] = new Map()
      sets[a] = characteristic(a)
      sets[b] = new Set()
      live.splice(live.indexOf(b), 1)
      prof.delete(b)
      prof.set(a, profile(a))
      for (const t of live) if (t !== a) cos.set(key(a, t), dot(prof.get(a)!, prof.get(t)!))
    }
  }
  // Topic words: a word characteristic of several groups that stay apart (paraphrases sharing one
  // key word each, very short requests drawing on one vocabulary) and rare in the sample as a
  // whole joins them.
  if (opt.topicGroups > 0) {
    const spread = new Map<number, number[]>()
    for (let g = 0; g < cells; g++) {
      if (!alive[g] || size[g] <= 0) continue
      for (const w of sets[g]) {
        if (hub.has(w) || total.get(w)! > opt.maxTopicShare * n || counts[g].get(w)! < opt.threshold * size[g]) continue
        let list = spread.get(w)
        if (!list) spread.set(w, (list = []))
        list.push(g)
      }
    }
    const words = [...spread.keys()].sort((x, y) => x - y)
    for (const w of words) {
      const list = spread.get(w)!
      if (list.length < opt.topicGroups) continue
      // ... and lives almost only there (not a word of the whole traffic that some groups repeat)
      let inside = 0
      for (const g of list) inside += counts[g].get(w)!
      if (inside < opt.topicConcentration * total.get(w)!) continue
      const r0 = root(list[0])
      for (let t = 1; t < list.length; t++) {
        const r = root(list[t])
        if (r === r0) continue
        const [lo, hi] = r < r0 ? [r, r0] : [r0, r]
        parent[hi] = lo
        joins.push({ a: lo, b: hi, score: 0, shared: [w] })
      }
    }
  }
  const id = new Map<number, number>()
  const group = new Int32Array(cells)
  for (let c = 0; c < cells; c++) {
    const r = root(c)
    if (!id.has(r)) id.set(r, id.size)
    group[c] = id.get(r)!
  }
  return { group, groups: id.size, joins }
}

/**
 * A naive Bayes classifier of word sets into groups, fitted on labelled sampled requests: the
 * log prior of a group plus, for each known word of the request, the log of the (smoothed) share of
 * the group's requests that carry it. Returns -1 for a request with no known word. Ties go to the
 * lowest group.
 */
export function wordClassifier(groupOf: Int32Array, words: readonly Int32Array[], groups: number, alpha = 0.5): (ws: Int32Array) => number {
  const size = new Float64Array(groups)
  const cnt = new Map<number, Float64Array>()
  let n = 0
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i]
    if (g < 0) continue
    size[g]++
    n++
    for (const w of words[i]) {
      let c = cnt.get(w)
      if (!c) cnt.set(w, (c = new Float64Array(groups)))
      c[g]++
    }
  }
  const prior = Float64Array.from(size, (s) => Math.log((s + alpha) / (n + alpha * groups)))
  const logp = new Map<number, Float64Array>()
  for (const [w, c] of cnt) logp.set(w, Float64Array.from(c, (k, g) => Math.log((k + alpha) / (size[g] + 2 * alpha))))
  const score = new Float64Array(groups)
  return (ws) => {
    score.set(prior)
    let known = false
    for (let t = 0; t < ws.length; t++) {
      const lp = logp.get(ws[t])
      if (!lp) continue
      known = true
      for (let g = 0; g < groups; g++) score[g] += lp[g]
    }
    if (!known) return -1
    let best = 0
    for (let g = 1; g < groups; g++) if (score[g] > score[best] + 1e-12) best = g
    return best
  }
}
