import { describe, expect, it } from 'vitest'
import { clusterTerms, labelFromTerms, labelTerms } from './clusterTerms'

describe('labelTerms', () => {
  it('keeps words and pairs of usable words, drops stop words, numbers and single letters', () => {
    expect(labelTerms('Reset my password in 2 steps, a b')).toEqual(['reset', 'password', 'steps'])
    expect(labelTerms('SQL query returns rows')).toEqual(['sql', 'sql query', 'query', 'query returns', 'returns', 'returns rows', 'rows'])
    expect(labelTerms('密码重置')).toEqual(['密', '密码', '码', '码重', '重', '重置', '置'])
    expect(labelTerms(null)).toEqual([])
  })
})

describe('clusterTerms', () => {
  it('weighs share in the cluster by the BM25 idf over all requests (hand values)', () => {
    // cluster 0: "alpha beta" x2; cluster 1: "gamma beta" x2; N = 4
    const terms = clusterTerms({ terms: [labelTerms('alpha beta'), labelTerms('gamma beta')], count: [2, 2], cluster: [0, 1] }, 2)
    const w = Object.fromEntries(terms[0].map((t) => [t.term, t.weight]))
    // alpha and "alpha beta": n_t = 2 -> ln(1 + 2.5 / 2.5) = ln 2; beta: n_t = 4 -> ln(1 + 0.5 / 4.5)
    expect(w.alpha).toBeCloseTo(Math.log(2), 12)
    expect(w['alpha beta']).toBeCloseTo(Math.log(2), 12)
    expect(w.beta).toBeCloseTo(Math.log(1 + 0.5 / 4.5), 12)
    expect(terms[0].map((t) => t.term)).toEqual(['alpha', 'alpha beta', 'beta'])
    expect(terms[0][0].share).toBe(1)
  })

  it('leaves out terms seen once in a cluster, and clusters without documents are empty', () => {
    const terms = clusterTerms({ terms: [['rare'], ['common'], ['common']], count: [1, 1, 1], cluster: [0, 0, 0] }, 2)
    expect(terms[0].map((t) => t.term)).toEqual(['common'])
    expect(terms[1]).toEqual([])
  })
})

describe('labelFromTerms', () => {
  it('takes up to three terms, a pair replacing its word and covered words skipped', () => {
    const t = (term: string, weight: number) => ({ term, weight, share: 1 })
    expect(labelFromTerms([t('alpha', 3), t('alpha beta', 2), t('beta', 1.5), t('gamma', 1), t('delta', 0.5)])).toBe('alpha beta · gamma · delta')
    // a pair at 2 of the word's 2.5 counts 3 (x 1.5) and comes first
    expect(labelFromTerms([t('query', 2.5), t('days', 2.4), t('sql query', 2), t('returns', 1)])).toBe('sql query · days · returns')
    expect(labelFromTerms([])).toBe('')
  })
})
