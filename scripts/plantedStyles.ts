/**
 * Request families planted in many styles, for the clustering evaluation (scripts/clusterEval.ts):
 * several templates per family sharing only topic words, paraphrases, bags of topic words, very
 * short texts, common words shared by every family, near-duplicates with ids and typos, 3 to 20
 * families of imbalanced sizes, empty request texts among the generator's own (background)
 * traffic, and an embeddings column. A planter for scripts/generateData.ts; the truth
 * (interaction_id -> family) is kept beside the data.
 */
import { Rng } from './generateData'
import { familyVocabulary, type FamilyPlanter } from './plantedFamilies'
import type { BankFamily } from './plantedFamilyBank'

/** How one family's request texts are written. */
export type FamilyStyle = 'templates' | 'phrases' | 'words' | 'paraphrase' | 'short' | 'common' | 'neardup'

export const FAMILY_STYLES: readonly FamilyStyle[] = ['templates', 'phrases', 'words', 'paraphrase', 'short', 'common', 'neardup']

export interface PlantedFamilyPlan {
  family: BankFamily
  /** share of first requests (not retries) */
  share: number
  style: FamilyStyle
}

export interface StyledPlanOptions {
  families: readonly PlantedFamilyPlan[]
  /** index into `families` of the mostly failing one */
  failing: number
  /** its failure probability (the others keep the generator's) */
  failingRate: number
  seed: number
  /** share of background (not planted) first requests whose text is empty, blank or punctuation only */
  blankBackground?: number
  /** share of planted first requests whose text is empty (they cannot be recovered: the F1 ceiling drops) */
  blankPlanted?: number
}

/** Words shared by every family in the 'common' style (and by much of real traffic). */
const COMMON_PREFIX = ['Please help: ', 'Help! ', 'Error: ', 'Urgent, please help - ', 'Hi, I need help. ', 'Hello, ', '']
const COMMON_SUFFIX = ['', ' Please help.', ' Getting an error.', ' Thanks in advance!', ' This is urgent, please.', ' Any help appreciated.']
const PARAPHRASE_OPENERS = ['', '', 'Hi, ', 'Quick question: ', 'Hello team, ', 'hey ', 'Can you help? ']
const PARAPHRASE_CLOSERS = ['', '', ' Thanks!', ' Any ideas?', ' Cheers.', '?']
const BLANKS = ['', '', ' ', '?', '...']

/** Function words left out of the 'short' style's keywords. */
const SHORT_STOP = new Set(
  'the a an and or of to in on for with at by from is are my our your this that what why how do does can i we it be after before when which should into so not any over every once than'.split(' ')
)

/** Content words of a family (for the 'short' style): its vocabulary minus function words, at least three characters (or one CJK character). */
export function familyKeywords(f: BankFamily): string[] {
  return familyVocabulary(f).filter((w) => !SHORT_STOP.has(w.toLowerCase()) && (w.length >= 3 || /[\u3000-\u9fff]/u.test(w)))
}

/** One generator run's planting: families, styles, failures, blanks; records the truth and what each row's embedding is made of. */
export class StyledPlanter implements FamilyPlanter {
  private readonly rng: Rng
  private readonly cum: number[]
  private readonly vocab: string[][]
  private readonly keywords: string[][]
  private readonly lines: string[] = ['interaction_id,family']
  /** the current request's family and template (-1: background / none), and whether its text is blanked */
  private current = -1
  private currentTemplate = -1
  private currentBlank = false
  private blankText = ''
  /** per row, in order: family, template (-1: not from a template) and final request text */
  readonly rows: { family: number; template: number; text: string }[] = []

  constructor(readonly opts: StyledPlanOptions) {
    const total = opts.families.reduce((s, f) => s + f.share, 0)
    if (!(total > 0 && total < 1)) throw new Error(`planted shares must add up to more than 0 and less than 1, got ${total}`)
    if (opts.failing < 0 || opts.failing >= opts.families.length) throw new Error('the failing family must be one of the planted families')
    this.rng = new Rng((opts.seed ^ 0x51a7ed) >>> 0)
    let s = 0
    this.cum = opts.families.map((f) => (s += f.share))
    this.vocab = opts.families.map((f) => familyVocabulary(f.family))
    this.keywords = opts.families.map((f) => familyKeywords(f.family))
  }

  pick(): number {
    const x = this.rng.next()
    let f = this.cum.findIndex((c) => x < c)
    this.current = f
    this.currentTemplate = -1
    const blankShare = f >= 0 ? (this.opts.blankPlanted ?? 0) : (this.opts.blankBackground ?? 0)
    this.currentBlank = this.rng.next() < blankShare
    this.blankText = this.currentBlank ? BLANKS[this.rng.int(BLANKS.length)] : ''
    if (f < 0) f = -1
    return f
  }

  private choose<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)]
  }

  private fill(spec: BankFamily, tpl: string): string {
    return tpl.replace(/\{([a-z0-9_]+)\}/g, (_, slot: string) => {
      const values = spec.slots[slot]
      if (!values) throw new Error(`family ${spec.name}: unknown slot ${slot}`)
      return this.choose(values)
    })
  }

  text(f: number): string {
    const plan = this.opts.families[f]
    const spec = plan.family
    switch (plan.style) {
      case 'templates': {
        this.currentTemplate = this.rng.int(spec.templates.length)
        return this.fill(spec, spec.templates[this.currentTemplate])
      }
      case 'phrases':
        this.currentTemplate = 0
        return this.fill(spec, spec.templates[0])
      case 'words': {
        const n = 6 + this.rng.int(7)
        const words: string[] = []
        for (let i = 0; i < n; i++) words.push(this.choose(this.vocab[f]))
        return words.join(' ')
      }
      case 'paraphrase': {
        const list = spec.paraphrases ?? spec.templates.map((t) => this.fill(spec, t))
        this.currentTemplate = this.rng.int(list.length)
        let s = list[this.currentTemplate]
        if (this.rng.next() < 0.3) s = s.toLowerCase()
        return this.choose(PARAPHRASE_OPENERS) + s + this.choose(PARAPHRASE_CLOSERS)
      }
      case 'short': {
        const n = 1 + this.rng.int(3)
        const words: string[] = []
        for (let i = 0; i < n; i++) words.push(this.choose(this.keywords[f]))
        return words.join(' ')
      }
      case 'common': {
        this.currentTemplate = this.rng.int(spec.templates.length)
        return this.choose(COMMON_PREFIX) + this.fill(spec, spec.templates[this.currentTemplate]) + this.choose(COMMON_SUFFIX)
      }
      case 'neardup': {
        this.currentTemplate = 0
        let s = this.fill(spec, spec.templates[0])
        if (this.rng.next() < 0.4) s = typo(s, this.rng)
        return `${s} (ref #${100000 + this.rng.int(900000)})`
      }
    }
  }

  failureProbability(f: number, generatorP: number): number {
    return f === this.opts.failing ? this.opts.failingRate : generatorP
  }

  /** The generator's text hook: blanks the request texts chosen at pick() (retries keep theirs), and notes every row's text. */
  textHook = (row: { request: string; response: string }): { request: string; response: string } => {
    const request = this.currentBlank ? this.blankText : row.request
    this.rows.push({ family: this.current, template: this.currentTemplate, text: request })
    return { request, response: row.response }
  }

  record(interactionId: string, f: number): void {
    this.lines.push(`${interactionId},${f >= 0 ? this.opts.families[f].family.name : 'none'}`)
  }

  truthCsv(): string {
    return this.lines.join('\n') + '\n'
  }
}

/** Swaps two adjacent letters of one word of at least four letters (a typo), or returns the text unchanged. */
function typo(s: string, rng: Rng): string {
  const words = s.split(' ')
  const long = words.map((w, i) => (/^\p{L}{4,}$/u.test(w) ? i : -1)).filter((i) => i >= 0)
  if (long.length === 0) return s
  const i = long[rng.int(long.length)]
  const w = words[i]
  const j = 1 + rng.int(w.length - 2)
  words[i] = w.slice(0, j) + w[j + 1] + w[j] + w.slice(j + 2)
  return words.join(' ')
}

// ---------------------------------------------------------------------------------------------
// Embeddings: a stand-in for an embedding service's vectors
// ---------------------------------------------------------------------------------------------

/** Dimensions of the synthetic embeddings (those of a small sentence-embedding model). */
export const EMBEDDING_DIMS = 384

function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A unit-variance Gaussian vector determined by a key. */
function gaussian(key: string, seed: number, out: Float64Array, scale: number): void {
  const rng = new Rng(hash32(key, seed))
  for (let j = 0; j < out.length; j++) out[j] += scale * rng.normal()
}

/**
 * The embedding of one row, as an embedding service would give it: a bag of word vectors (texts
 * sharing words are near), plus, for a planted family, a direction of the family and one of its
 * template (meaning that words alone do not show), plus noise of the text; L2-normalised. The same
 * text of the same family always gets the same vector. Null for an empty text.
 */
export function syntheticEmbedding(text: string, family: string | null, template: number, seed: number): number[] | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length === 0) return null
  const v = new Float64Array(EMBEDDING_DIMS)
  for (const w of words) gaussian(`w:${w}`, seed, v, 0.6 / Math.sqrt(words.length))
  if (family !== null) {
    gaussian(`f:${family}`, seed, v, 1)
    if (template >= 0) gaussian(`t:${family}:${template}`, seed, v, 0.6)
  }
  gaussian(`n:${text}`, seed, v, 0.25)
  let s = 0
  for (const x of v) s += x * x
  const inv = 1 / Math.sqrt(s)
  return Array.from(v, (x) => Math.round(x * inv * 1e5) / 1e5)
}

/**
 * Appends an `embedding` column (JSON arrays, quoted) to an interactions CSV written by the
 * generator: records are split on line breaks outside quotes (request texts may hold line breaks),
 * the header gets the column name, row i gets `embed(i)` (empty when null).
 */
export function appendEmbeddingColumn(csv: string, embed: (row: number) => number[] | null): string {
  const out: string[] = []
  let start = 0
  let inQuote = false
  let row = -1
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i)
    if (c === 34) inQuote = !inQuote
    else if (c === 10 && !inQuote) {
      const record = csv.slice(start, i)
      if (row < 0) out.push(record + ',embedding')
      else {
        const e = embed(row)
        out.push(record + ',' + (e ? `"[${e.join(',')}]"` : ''))
      }
      row++
      start = i + 1
    }
  }
  return out.join('\n') + '\n'
}
