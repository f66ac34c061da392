// Tests of ROC AUC and average precision: hand-computed cases and brute-force cross-checks.

import { describe, expect, it } from 'vitest'
import { averagePrecision, rocAuc } from './metrics'

describe('rocAuc', () => {
  it('counts correctly ordered positive-negative pairs', () => {
    // positives 0.8, 0.35; negatives 0.1, 0.4: pairs (0.8>0.1) (0.8>0.4) (0.35>0.1) (0.35<0.4) -> 3/4
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], Uint8Array.from([0, 0, 1, 1]))).toBe(0.75)
  })
  it('counts ties as one half', () => {
    // one pair, tied -> 0.5
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5)
    // positives 0.3, 0.7; negatives 0.3, 0.1: (0.3 vs 0.3 tie: .5) (0.3>0.1: 1) (0.7>0.3) (0.7>0.1) -> 3.5/4
    expect(rocAuc([0.3, 0.7, 0.3, 0.1], [1, 1, 0, 0])).toBe(0.875)
  })
  it('is 0 for a perfectly inverted scorer and null with one class', () => {
    expect(rocAuc([0.9, 0.8, 0.1], [0, 0, 1])).toBe(0)
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNull()
    expect(rocAuc([], [])).toBeNull()
  })
  it('rejects NaN scores and mismatched lengths', () => {
    expect(() => rocAuc([NaN, 1], [0, 1])).toThrow()
    expect(() => rocAuc([1], [0, 1])).toThrow()
  })
})

describe('averagePrecision', () => {
  it('sums recall increments times precision over distinct thresholds', () => {
    // descending: 0.8 (+) P=1, R=.5 -> .5; 0.4 (-) no recall change; 0.35 (+) P=2/3, R=1 -> +.5*2/3
    // AP = 0.5 + 1/3 = 0.8333... (sklearn's documented example)
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 15)
  })
  it('takes a tied group at once (no interpolation inside ties)', () => {
    // all tied: one threshold, P = 1/2, R = 1 -> 0.5
    expect(averagePrecision([0.5, 0.5], [0, 1])).toBe(0.5)
    // 0.9 (-): R=0; group 0.6 {+, -, +}: tp=2, fp=2, P=.5, R=2/3 -> 1/3; 0.2 (+): P=3/5, R=1 -> +.2
    expect(averagePrecision([0.9, 0.6, 0.6, 0.6, 0.2], [0, 1, 0, 1, 1])).toBeCloseTo(1 / 3 + 0.2, 15)
  })
  it('is 1 when every row is positive and null without positives', () => {
    expect(averagePrecision([0.3, 0.1], [1, 1])).toBe(1)
    expect(averagePrecision([0.3, 0.1], [0, 0])).toBeNull()
    expect(averagePrecision([], [])).toBeNull()
  })
})

describe('against brute force on random data with many ties', () => {
  let state = 2024
  const rand = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
  const n = 300
  const scores = Array.from({ length: n }, () => Math.round(rand() * 20) / 20) // 21 distinct values
  const labels = scores.map((s) => (rand() < s ? 1 : 0))

  it('rocAuc equals the pair count', () => {
    let wins = 0
    let pairs = 0
    for (let a = 0; a < n; a++) {
      if (labels[a] !== 1) continue
      for (let b = 0; b < n; b++) {
        if (labels[b] === 1) continue
        pairs++
        wins += scores[a] > scores[b] ? 1 : scores[a] === scores[b] ? 0.5 : 0
      }
    }
    expect(rocAuc(scores, labels)).toBe(wins / pairs)
  })

  it('averagePrecision equals the per-threshold definition', () => {
    const nPos = labels.filter((l) => l === 1).length
    const thresholds = [...new Set(scores)].sort((a, b) => b - a)
    let ap = 0
    let prev = 0
    for (const t of thresholds) {
      let tp = 0
      let fp = 0
      for (let i = 0; i < n; i++) {
        if (scores[i] < t) continue
        if (labels[i] === 1) tp++
        else fp++
      }
      ap += (tp / nPos - prev) * (tp / (tp + fp))
      prev = tp / nPos
    }
    expect(averagePrecision(scores, labels)).toBeCloseTo(ap, 14)
  })
})
