/**
 * Cluster labels from class-based TF-IDF: which words and word pairs characterise each cluster's
 * requests against the whole collection, weighted with BM25's idf, and a short readable label made
 * of the top terms. Pure: texts and cluster ids in, terms out.
 */
import { tokenize } from './textVectors'

/** Very common function words (English, Spanish, French, German, Portuguese) kept out of labels; the idf already pushes down frequent words in any language. */
const STOPWORDS = new Set(
  [
    'a an and are as at be but by can do does for from how i if in into is it its me my of on or our so that the this to was we what when where which who why will with you your',
    'al con de del el en es la las lo los mi para por que se su un una y',
    'au ce des du est et il je la le les mon ne nous pas pour qui sur une vous',
    'das der des die ein eine für ich ist mit nicht und von zu',
    'ao com da do em na no os um uma'
  ]
    .join(' ')
    .split(' ')
)

const ISOLATED_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u

/** Words of scripts written without spaces join without a space ("密码" not "密 码"). */
function joinWords(a: string, b: string): string {
  return ISOLATED_CHAR.test(a) && ISOLATED_CHAR.test(b) ? a + b : `${a} ${b}`
}

/** A word worth showing or comparing: not a stop word, a number (unless `numbers`) or a single letter (a single character of an unspaced script is kept). */
export function usableWord(w: string, numbers = false): boolean {
  if (STOPWORDS.has(w)) return false
  if (!numbers && /^\d+$/.test(w)) return false
  return w.length > 1 || ISOLATED_CHAR.test(w)
}

/**
 * The distinct label terms of a text: its words and adjacent word pairs, minus stop words, numbers
 * and single letters (a pair is kept when both its words are usable: "sql query", not "a sql").
 */
export function labelTerms(text: string | null): string[] {
  const words = tokenize(text)
  const out = new Set<string>()
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    if (usableWord(w)) out.add(w)
    if (i + 1 < words.length) {
      const v = words[i + 1]
      if (usableWord(w) && usableWord(v)) out.add(joinWords(w, v))
    }
  }
  return [...out]
}

export interface ClusterTerm {
  term: string
  /** c-TF-IDF weight */
  weight: number
  /** share of the cluster's requests that contain the term */
  share: number
}

export interface TermDocuments {
  /** per document (a distinct text): its label terms */
  terms: readonly (readonly string[])[]
  /** per document: how many requests it stands for */
  count: ArrayLike<number>
  /** per document: its cluster (negative: left out) */
  cluster: ArrayLike<number>
}

/**
 * Class-based TF-IDF with BM25's idf. For cluster c and term t: tf = share of c's requests that
 * contain t; idf = ln(1 + (N - n_t + 0.5) / (n_t + 0.5)) with N the requests of all clusters and
 * n_t those containing t (BM25's probabilistic idf: a term in every request weighs ~0); weight =
 * tf x idf. Terms in fewer than min(2, size) of the cluster's requests are left out. Returns each
 * cluster's top `top` terms, heaviest first (ties by term).
 */
export function clusterTerms(docs: TermDocuments, k: number, top = 10): ClusterTerm[][] {
  const perCluster: Map<string, number>[] = Array.from({ length: k }, () => new Map())
  const size = new Float64Array(k)
  const overall = new Map<string, number>()
  let total = 0
  for (let i = 0; i < docs.terms.length; i++) {
    const c = docs.cluster[i]
    if (c < 0 || c >= k) continue
    const w = docs.count[i]
    size[c] += w
    total += w
    const m = perCluster[c]
    for (const t of docs.terms[i]) {
      m.set(t, (m.get(t) ?? 0) + w)
      overall.set(t, (overall.get(t) ?? 0) + w)
    }
  }
  return perCluster.map((m, c) => {
    const out: ClusterTerm[] = []
    const minSupport = Math.min(2, size[c])
    for (const [term, n] of m) {
      if (n < minSupport) continue
      const nt = overall.get(term)!
      const idf = Math.log(1 + (total - nt + 0.5) / (nt + 0.5))
      const share = n / size[c]
      out.push({ term, weight: share * idf, share })
    }
    out.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    return out.slice(0, top)
  })
}

/** Word pairs read better than single words: in the label they count this much more than their weight. */
const PAIR_BONUS = 1.5

/**
 * A short label from the top terms: up to `max` terms, heaviest first (a word pair's weight counted
 * PAIR_BONUS times), skipping a term whose words are all in terms already taken ("reset password"
 * makes "password" redundant). Empty when the cluster has no term.
 */
export function labelFromTerms(terms: readonly ClusterTerm[], max = 3): string {
  const taken: string[] = []
  const covered = new Set<string>()
  const isPair = (t: ClusterTerm): boolean => tokenize(t.term).length > 1
  const ordered = [...terms].sort((a, b) => b.weight * (isPair(b) ? PAIR_BONUS : 1) - a.weight * (isPair(a) ? PAIR_BONUS : 1) || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
  for (const t of ordered) {
    if (taken.length >= max) break
    const words = tokenize(t.term)
    if (words.length > 0 && words.every((w) => covered.has(w))) continue
    // a pair that contains a taken single word replaces it
    const replaced = taken.findIndex((x) => !x.includes(' ') && words.length > 1 && words.includes(x))
    if (replaced >= 0) taken.splice(replaced, 1)
    taken.push(t.term)
    for (const w of words) covered.add(w)
  }
  return taken.join(' · ')
}
