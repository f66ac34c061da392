/**
 * Lexical text vectors: tokenising (any script), hashed word uni/bigram and character trigram
 * features, sublinear TF-IDF fitted on a sample, and the projection of every text onto a truncated
 * SVD of the sample (LSA), L2-normalised. Pure: strings in, typed arrays out.
 */
import { csrOperator, randomizedSvd, type CsrMatrix, type TruncatedSvd } from './randomizedSvd'

/** Features are hashed into 2^20 buckets: collisions are rare at the vocabulary sizes of request logs and cost nothing in memory. */
export const FEATURE_BITS = 20
export const FEATURE_SPACE = 1 << FEATURE_BITS
const FEATURE_MASK = FEATURE_SPACE - 1

/** One input of the vectoriser: the request text and, when asked for, the response snippet. */
export interface TextInput {
  request: string | null
  response?: string | null
}

// ---------------------------------------------------------------------------------------------
// Tokenising
// ---------------------------------------------------------------------------------------------

/** Character classes: 0 separator, 1 part of a word, 2 a word on its own (scripts written without spaces). */
const CLASS_CACHE = new Uint8Array(65536).fill(255)
const ISOLATED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u
const WORDLIKE = /[\p{L}\p{N}\p{M}]/u

function charClass(code: number): number {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? 1 : 0
  let c = CLASS_CACHE[code]
  if (c === 255) {
    if (code >= 0xd800 && code <= 0xdfff) c = 0
    else {
      const ch = String.fromCharCode(code)
      c = ISOLATED.test(ch) ? 2 : WORDLIKE.test(ch) ? 1 : 0
    }
    CLASS_CACHE[code] = c
  }
  return c
}

const NON_ASCII = /[^\x00-\x7f]/

/** Lower-cased, and NFKC-normalised when not plain ASCII (full-width forms, ligatures and composed accents compare equal). */
export function normaliseText(s: string): string {
  return NON_ASCII.test(s) ? s.normalize('NFKC').toLowerCase() : s.toLowerCase()
}

/**
 * Word boundaries of a normalised text as [start, end) pairs: runs of letters, digits and marks;
 * each character of a script written without spaces (Han, kana, Thai, ...) is a word of its own.
 * Returns the number of words written into `out` (grown when too small).
 */
export function wordSpans(s: string, out: { spans: Int32Array }): number {
  let n = 0
  let start = -1
  const push = (a: number, b: number): void => {
    if (2 * n + 2 > out.spans.length) {
      const grown = new Int32Array(out.spans.length * 2 + 64)
      grown.set(out.spans)
      out.spans = grown
    }
    out.spans[2 * n] = a
    out.spans[2 * n + 1] = b
    n++
  }
  for (let i = 0; i < s.length; i++) {
    const c = charClass(s.charCodeAt(i))
    if (c === 1) {
      if (start < 0) start = i
    } else {
      if (start >= 0) {
        push(start, i)
        start = -1
      }
      if (c === 2) push(i, i + 1)
    }
  }
  if (start >= 0) push(start, s.length)
  return n
}

/** The words of a text (normalised), for labels and tests. */
export function tokenize(text: string | null): string[] {
  if (!text) return []
  const s = normaliseText(text)
  const buf = { spans: new Int32Array(64) }
  const n = wordSpans(s, buf)
  const out: string[] = []
  for (let w = 0; w < n; w++) out.push(s.slice(buf.spans[2 * w], buf.spans[2 * w + 1]))
  return out
}

// ---------------------------------------------------------------------------------------------
// Hashed features
// ---------------------------------------------------------------------------------------------

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** Seeds keep the feature families (and the request / response fields) apart in the hash space. */
const SEED_WORD = 0x9e3779b1
const SEED_BIGRAM = 0x85ebca77
const SEED_CHAR = 0xc2b2ae3d
const FIELD_SALT = [0, 0x27d4eb2f]

function hashSpan(s: string, a: number, b: number, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0
  for (let i = a; i < b; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, FNV_PRIME)
  }
  return h >>> 0
}

function mix(a: number, b: number, seed: number): number {
  let h = Math.imul(a ^ seed, 0xcc9e2d51)
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ b
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Reusable buffers of one vectorising thread. */
export interface FeatureScratch {
  spans: Int32Array
  words: Int32Array
  feats: Int32Array
  /** the projection's accumulator */
  acc?: Float64Array
}

export function newScratch(): FeatureScratch {
  return { spans: new Int32Array(256), words: new Int32Array(128), feats: new Int32Array(1024) }
}

/** The feature blocks of one text, each a sorted list of (bucket, count). */
export interface FeatureBlocks {
  /** per block: bucket indices, sorted ascending, and their counts */
  buckets: Int32Array[]
  counts: Int32Array[]
}

function ensure(buf: Int32Array, need: number): Int32Array {
  if (need <= buf.length) return buf
  const grown = new Int32Array(Math.max(need, buf.length * 2))
  grown.set(buf)
  return grown
}

/** Sorts the first n entries and collapses equal ones into (bucket, count) pairs. */
function runLength(feats: Int32Array, n: number): { buckets: Int32Array; counts: Int32Array } {
  const view = feats.subarray(0, n)
  view.sort()
  let distinct = 0
  for (let i = 0; i < n; i++) if (i === 0 || view[i] !== view[i - 1]) distinct++
  const buckets = new Int32Array(distinct)
  const counts = new Int32Array(distinct)
  let j = -1
  for (let i = 0; i < n; i++) {
    if (i === 0 || view[i] !== view[i - 1]) {
      j++
      buckets[j] = view[i]
    }
    counts[j]++
  }
  return { buckets, counts }
}

/**
 * The two feature blocks of one field: words (unigrams and adjacent bigrams) and character
 * trigrams of each word padded with a space on both sides (scikit-learn's `char_wb`).
 */
function fieldBlocks(text: string | null | undefined, field: number, scratch: FeatureScratch): [{ buckets: Int32Array; counts: Int32Array }, { buckets: Int32Array; counts: Int32Array }] {
  if (!text) return [{ buckets: new Int32Array(0), counts: new Int32Array(0) }, { buckets: new Int32Array(0), counts: new Int32Array(0) }]
  const s = normaliseText(text)
  const n = wordSpans(s, scratch)
  const salt = FIELD_SALT[field]
  scratch.words = ensure(scratch.words, n)
  scratch.feats = ensure(scratch.feats, 2 * n + 1)
  let f = 0
  for (let w = 0; w < n; w++) {
    const h = hashSpan(s, scratch.spans[2 * w], scratch.spans[2 * w + 1], SEED_WORD ^ salt)
    scratch.words[w] = h
    scratch.feats[f++] = h & FEATURE_MASK
  }
  for (let w = 0; w + 1 < n; w++) scratch.feats[f++] = mix(scratch.words[w], scratch.words[w + 1], SEED_BIGRAM ^ salt) & FEATURE_MASK
  const words = runLength(scratch.feats, f)

  let chars = 0
  for (let w = 0; w < n; w++) chars += scratch.spans[2 * w + 1] - scratch.spans[2 * w] + 2
  scratch.feats = ensure(scratch.feats, chars)
  f = 0
  const seed = (FNV_OFFSET ^ SEED_CHAR ^ salt) >>> 0
  for (let w = 0; w < n; w++) {
    const a = scratch.spans[2 * w]
    const b = scratch.spans[2 * w + 1]
    // padded word: ' ' + s[a..b) + ' '; trigrams start at -1 .. b-2
    for (let i = a - 1; i + 2 <= b; i++) {
      let h = seed
      for (let j = i; j < i + 3; j++) {
        h ^= j < a || j >= b ? 32 : s.charCodeAt(j)
        h = Math.imul(h, FNV_PRIME)
      }
      scratch.feats[f++] = (h >>> 0) & FEATURE_MASK
    }
  }
  const grams = runLength(scratch.feats, f)
  return [words, grams]
}

/** Feature blocks of an input: request words, request characters, then (optionally) response words and characters. */
export function featureBlocks(input: TextInput, includeResponse: boolean, scratch: FeatureScratch): FeatureBlocks {
  const req = fieldBlocks(input.request, 0, scratch)
  const blocks = includeResponse ? [...req, ...fieldBlocks(input.response, 1, scratch)] : req
  return { buckets: blocks.map((b) => b.buckets), counts: blocks.map((b) => b.counts) }
}

/** Relative weight of each block in the final vector: words and characters alike, the response at half the request's weight. */
export const BLOCK_WEIGHTS = [1, 1, 0.5, 0.5]

// ---------------------------------------------------------------------------------------------
// TF-IDF
// ---------------------------------------------------------------------------------------------

export interface IdfTable {
  /** per bucket: the smoothed idf, or 0 for a bucket seen in fewer than minDf documents (dropped) */
  idf: Float32Array
  documents: number
  minDf: number
  includeResponse: boolean
}

/**
 * Document frequencies over `docs` (each counted `weight` times: duplicates of a text are documents
 * too) and the smoothed idf ln((1 + N) / (1 + df)) + 1. Buckets in fewer than `minDf` documents get
 * idf 0 and are left out of every vector.
 */
export function fitIdf(docs: readonly TextInput[], weights: ArrayLike<number>, includeResponse: boolean, minDf: number): IdfTable {
  const df = new Float64Array(FEATURE_SPACE)
  const scratch = newScratch()
  let n = 0
  for (let d = 0; d < docs.length; d++) {
    const w = weights[d]
    n += w
    const blocks = featureBlocks(docs[d], includeResponse, scratch)
    for (const b of blocks.buckets) for (let i = 0; i < b.length; i++) df[b[i]] += w
  }
  const idf = new Float32Array(FEATURE_SPACE)
  for (let i = 0; i < FEATURE_SPACE; i++) if (df[i] >= minDf && df[i] > 0) idf[i] = Math.log((1 + n) / (1 + df[i])) + 1
  return { idf, documents: n, minDf, includeResponse }
}

/**
 * The TF-IDF vector of one input: per block, sublinear tf (1 + ln count) times idf, L2-normalised
 * and scaled by the block's weight, then the whole vector L2-normalised. Returns buckets and values,
 * block after block (a bucket may repeat across blocks: sums treat that right); empty when no bucket survives.
 */
export function tfidfVector(input: TextInput, table: IdfTable, scratch: FeatureScratch): { buckets: Int32Array; values: Float32Array } {
  const blocks = featureBlocks(input, table.includeResponse, scratch)
  let total = 0
  for (const b of blocks.buckets) total += b.length
  const buckets = new Int32Array(total)
  const values = new Float32Array(total)
  let o = 0
  const blockNorms: number[] = []
  const spans: [number, number][] = []
  blocks.buckets.forEach((b, k) => {
    const counts = blocks.counts[k]
    const start = o
    let s = 0
    for (let i = 0; i < b.length; i++) {
      const idf = table.idf[b[i]]
      if (idf === 0) continue
      const v = (1 + Math.log(counts[i])) * idf
      buckets[o] = b[i]
      values[o] = v
      s += v * v
      o++
    }
    blockNorms.push(Math.sqrt(s))
    spans.push([start, o])
  })
  let norm2 = 0
  spans.forEach(([a, b], k) => {
    const scale = blockNorms[k] > 0 ? BLOCK_WEIGHTS[k] / blockNorms[k] : 0
    for (let i = a; i < b; i++) {
      values[i] *= scale
      norm2 += values[i] * values[i]
    }
  })
  const norm = Math.sqrt(norm2)
  if (norm > 0) for (let i = 0; i < o; i++) values[i] /= norm
  return { buckets: buckets.subarray(0, o), values: values.subarray(0, o) }
}

// ---------------------------------------------------------------------------------------------
// The fitted model: TF-IDF + truncated SVD (LSA)
// ---------------------------------------------------------------------------------------------

export interface LsaModel {
  idf: IdfTable
  /** bucket -> column of the SVD, -1 for buckets the fit sample never saw */
  column: Int32Array
  svd: TruncatedSvd
  /** svd.components in single precision: half the memory traffic of the projection, the hot loop of vectorising */
  components32: Float32Array
  /** dimensions of the output vectors (svd.k) */
  dims: number
}

export interface LsaFitOptions {
  dims: number
  seed: number
  includeResponse: boolean
  onProgress?: (fraction: number) => void
}

/**
 * Fits the lexical model on sample texts (each with its multiplicity in the sample): idf over the
 * sample, then a randomized SVD of the sample's TF-IDF matrix with every distinct text's row scaled
 * by the square root of its multiplicity (the same as repeating it). min_df is 2 once the sample has
 * 200 documents or more, else 1 (tiny data keeps every term).
 */
export function fitLsa(texts: readonly TextInput[], multiplicity: ArrayLike<number>, opts: LsaFitOptions): LsaModel {
  let docs = 0
  for (let i = 0; i < texts.length; i++) docs += multiplicity[i]
  const idf = fitIdf(texts, multiplicity, opts.includeResponse, docs >= 200 ? 2 : 1)
  opts.onProgress?.(0.15)
  const scratch = newScratch()
  const rowsB: Int32Array[] = []
  const rowsV: Float32Array[] = []
  const column = new Int32Array(FEATURE_SPACE).fill(-1)
  let cols = 0
  let nnz = 0
  for (let i = 0; i < texts.length; i++) {
    const v = tfidfVector(texts[i], idf, scratch)
    const w = Math.sqrt(multiplicity[i])
    const b = new Int32Array(v.buckets.length)
    for (let j = 0; j < v.buckets.length; j++) {
      let c = column[v.buckets[j]]
      if (c < 0) c = column[v.buckets[j]] = cols++
      b[j] = c
      v.values[j] *= w
    }
    rowsB.push(b)
    rowsV.push(v.values)
    nnz += b.length
  }
  const indptr = new Int32Array(texts.length + 1)
  const indices = new Int32Array(nnz)
  const values = new Float32Array(nnz)
  let p = 0
  for (let i = 0; i < texts.length; i++) {
    indices.set(rowsB[i], p)
    values.set(rowsV[i], p)
    p += rowsB[i].length
    indptr[i + 1] = p
  }
  const matrix: CsrMatrix = { rows: texts.length, cols, indptr, indices, values }
  const svd = randomizedSvd(csrOperator(matrix), { k: opts.dims, seed: opts.seed, onProgress: (f) => opts.onProgress?.(0.15 + 0.85 * f) })
  return { idf, column, svd, components32: Float32Array.from(svd.components), dims: svd.k }
}

/**
 * Writes the model's vector of one input into `out` at `offset` (dims values): the TF-IDF vector
 * projected onto the SVD components, L2-normalised. Returns false (and writes zeros) when the text
 * has no term the model knows: an empty text, or a vocabulary the sample never saw.
 */
export function lsaVector(model: LsaModel, input: TextInput, scratch: FeatureScratch, out: Float32Array, offset: number): boolean {
  const k = model.dims
  for (let j = 0; j < k; j++) out[offset + j] = 0
  if (k === 0) return false
  const v = tfidfVector(input, model.idf, scratch)
  const comp = model.components32
  if (!scratch.acc || scratch.acc.length < k) scratch.acc = new Float64Array(k)
  const acc = scratch.acc
  acc.fill(0, 0, k)
  let any = false
  for (let i = 0; i < v.buckets.length; i++) {
    const c = model.column[v.buckets[i]]
    if (c < 0) continue
    any = true
    const x = v.values[i]
    const o = c * k
    for (let j = 0; j < k; j++) acc[j] += x * comp[o + j]
  }
  if (!any) return false
  let s = 0
  for (let j = 0; j < k; j++) s += acc[j] * acc[j]
  if (s === 0) return false
  const inv = 1 / Math.sqrt(s)
  for (let j = 0; j < k; j++) out[offset + j] = acc[j] * inv
  return true
}
