import { describe, expect, it } from 'vitest'
import { fitIdf, fitLsa, lsaVector, newScratch, normaliseText, tfidfVector, tokenize, FEATURE_SPACE } from './textVectors'

describe('tokenize', () => {
  it('splits any script into words, each CJK character a word of its own', () => {
    expect(tokenize('Hello, wörld! 密码重置 #42 naïve-Bayes')).toEqual(['hello', 'wörld', '密', '码', '重', '置', '42', 'naïve', 'bayes'])
  })

  it('normalises full-width forms and case (NFKC) and handles empty or null text', () => {
    expect(normaliseText('ＡＢＣ Ｄef')).toBe('abc def')
    expect(tokenize('')).toEqual([])
    expect(tokenize(null)).toEqual([])
    expect(tokenize('  ,;!? ')).toEqual([])
  })
})

describe('fitIdf', () => {
  it('computes the smoothed idf ln((1 + N) / (1 + df)) + 1 and drops rare buckets under min_df', () => {
    const t = fitIdf([{ request: 'x' }, { request: 'x y' }], [1, 1], false, 1)
    const ids = Array.from(t.idf.keys()).filter((i) => t.idf[i] > 0)
    // x (word), " x " (trigram) appear in 2 documents; y, "x y", " y " in 1
    const values = ids.map((i) => t.idf[i]).sort()
    expect(values).toEqual([
      expect.closeTo(1, 6),
      expect.closeTo(1, 6),
      expect.closeTo(Math.log(3 / 2) + 1, 6),
      expect.closeTo(Math.log(3 / 2) + 1, 6),
      expect.closeTo(Math.log(3 / 2) + 1, 6)
    ])
    const min2 = fitIdf([{ request: 'x' }, { request: 'x y' }], [1, 1], false, 2)
    expect(Array.from(min2.idf).filter((v) => v > 0)).toHaveLength(2)
    expect(t.idf.length).toBe(FEATURE_SPACE)
  })
})

describe('tfidfVector', () => {
  it('weighs word and character blocks equally: one word gives (1, 1) / √2', () => {
    const t = fitIdf([{ request: 'x' }, { request: 'y' }], [1, 1], false, 1)
    const v = tfidfVector({ request: 'x' }, t, newScratch())
    expect(Array.from(v.values)).toEqual([expect.closeTo(Math.SQRT1_2, 6), expect.closeTo(Math.SQRT1_2, 6)])
  })

  it('uses sublinear tf: "x x" has word values (1 + ln 2, 1) normalised, and one trigram', () => {
    const t = fitIdf([{ request: 'x x' }, { request: 'y' }], [1, 1], false, 1)
    const v = tfidfVector({ request: 'x x' }, t, newScratch())
    const a = 1 + Math.log(2)
    const norm = Math.sqrt(a * a + 1)
    const expected = [a / norm / Math.SQRT2, 1 / norm / Math.SQRT2, Math.SQRT1_2].sort()
    expect(Array.from(v.values).sort()).toEqual(expected.map((x) => expect.closeTo(x, 6)))
  })

  it('gives no value for an empty text or unknown words', () => {
    const t = fitIdf([{ request: 'alpha' }, { request: 'beta' }], [1, 1], false, 1)
    expect(tfidfVector({ request: '' }, t, newScratch()).values.length).toBe(0)
    expect(tfidfVector({ request: null }, t, newScratch()).values.length).toBe(0)
    expect(tfidfVector({ request: 'zzz' }, t, newScratch()).values.length).toBe(0)
  })
})

describe('fitLsa and lsaVector', () => {
  const texts = [
    'reset my password please',
    'I forgot my password, reset it',
    'password reset link expired',
    'refund the double charge on my card',
    'I was charged twice, refund me',
    'refund for a duplicate charge',
    'deploy the helm chart to staging',
    'helm upgrade failed in staging'
  ]
  const model = fitLsa(
    texts.map((request) => ({ request })),
    texts.map(() => 1),
    { dims: 4, seed: 42, includeResponse: false }
  )
  const vec = (s: string): Float32Array => {
    const out = new Float32Array(model.dims)
    lsaVector(model, { request: s }, newScratch(), out, 0)
    return out
  }
  const cos = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i], 0)

  it('puts texts of one family closer to each other than to other families', () => {
    expect(model.dims).toBe(4)
    const p1 = vec('reset my password')
    const p2 = vec('password reset please')
    const r = vec('refund my charge')
    expect(cos(p1, p2)).toBeGreaterThan(cos(p1, r) + 0.3)
  })

  it('returns unit vectors, the same for the same text, and false for text without known words', () => {
    const a = vec('helm upgrade in staging')
    expect(Math.hypot(...a)).toBeCloseTo(1, 5)
    expect(Array.from(vec('helm upgrade in staging'))).toEqual(Array.from(a))
    const out = new Float32Array(model.dims).fill(9)
    expect(lsaVector(model, { request: 'qqqq' }, newScratch(), out, 0)).toBe(false)
    expect(Array.from(out)).toEqual([0, 0, 0, 0])
  })

  it('keeps every term with a tiny sample (min_df 1) and is deterministic for a seed', () => {
    const again = fitLsa(texts.map((request) => ({ request })), texts.map(() => 1), { dims: 4, seed: 42, includeResponse: false })
    expect(Array.from(again.components32)).toEqual(Array.from(model.components32))
    expect(model.idf.minDf).toBe(1)
  })
})
