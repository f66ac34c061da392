import { describe, expect, it } from 'vitest'
import { mergeByVocabulary, wordClassifier } from './vocabularyMerge'

/** Requests as word lists; cells given per request; words become ids in order of appearance. */
function input(cells: number[], texts: string[][]): { cellOf: Int32Array; words: Int32Array[]; cells: number } {
  const ids = new Map<string, number>()
  const words = texts.map((t) => Int32Array.from(new Set(t.map((w) => (ids.has(w) ? ids.get(w)! : (ids.set(w, ids.size), ids.size - 1))))))
  return { cellOf: Int32Array.from(cells), words, cells: Math.max(...cells) + 1 }
}

/** `n` copies of a template filled with each value of a slot in turn. */
function fill(template: string[], values: string[][], n: number): string[][] {
  return Array.from({ length: n }, (_, i) => [...template, ...values[i % values.length]])
}

const CARS = [['honda'], ['ford'], ['toyota'], ['subaru']]
const CITIES = [['lisbon'], ['kyoto'], ['hanoi'], ['vienna']]

describe('mergeByVocabulary', () => {
  it('joins two templates whose requests share varied slot values, not a third family', () => {
    // cell 0: "grinding noise when braking at speed <car>"; cell 1: "check engine light code <car>"; cell 2: "cheap flight <city>"
    const texts = [
      ...fill(['grinding', 'noise', 'braking', 'speed', 'brakes'], CARS, 20),
      ...fill(['check', 'engine', 'light', 'code', 'warning'], CARS, 20),
      ...fill(['cheap', 'flight'], CITIES, 80)
    ]
    // a car word is in 5 of cell 0's 20 requests and in 5 of the 100 others: lift 0.25 / (5.5 / 100.5) = 4.6
    const cells = texts.map((_, i) => Math.min(2, Math.floor(i / 20)))
    const r = mergeByVocabulary(input(cells, texts))
    expect(Array.from(r.group)).toEqual([0, 0, 1])
    expect(r.groups).toBe(2)
    // the 4 shared words are under half of each cell's 9 characteristic words, so the most common
    // combination (one car, 10 of the 40 requests) is not counted: coverage (40 - 10) / 40 = 0.75
    expect(r.joins).toHaveLength(1)
    expect(r.joins[0].score).toBeCloseTo(0.75, 12)
  })

  it('does not join two groups over one fixed phrase they happen to share', () => {
    // both carry "shows wrong" in every request, among many words of their own
    const a = fill(['payroll', 'w2', 'form', 'box', 'amount', 'shows', 'wrong'], [['acme'], ['globex']], 20)
    const b = fill(['mobile', 'app', 'currency', 'since', 'yesterday', 'shows', 'wrong'], [['ios'], ['android']], 20)
    const r = mergeByVocabulary(input([...a.map(() => 0), ...b.map(() => 1)], [...a, ...b]))
    expect(r.groups).toBe(2)
    expect(r.joins).toEqual([])
  })

  it('joins short requests about one thing when their shared words are most of their vocabulary', () => {
    // "reset my password" / "password reset link expired": one combination, but 2 of 2 words
    const a = Array.from({ length: 10 }, () => ['reset', 'password'])
    const b = Array.from({ length: 10 }, () => ['password', 'reset', 'link', 'expired'])
    const c = Array.from({ length: 40 }, () => ['refund', 'double', 'charge'])
    const r = mergeByVocabulary(input([...a.map(() => 0), ...b.map(() => 1), ...c.map(() => 2)], [...a, ...b, ...c]))
    expect(Array.from(r.group)).toEqual([0, 0, 1])
    // overlap 2 / min(2, 4) = 1 >= 0.5, so every request counts: (10 + 10) / 20
    expect(r.joins[0].score).toBe(1)
  })

  it('keeps every cell apart without shared words, and handles one cell and empty requests', () => {
    const r = mergeByVocabulary(input([0, 0, 0, 1, 1, 1], [['a1'], ['a1'], ['a1'], ['b1'], ['b1'], []]))
    expect(Array.from(r.group)).toEqual([0, 1])
    expect(mergeByVocabulary(input([0, 0], [[], []])).groups).toBe(1)
  })

  it('joins paraphrases that share one rare topic word (a topic word of 3 groups), not with topic words off', () => {
    const a = Array.from({ length: 10 }, () => ['solar', 'inverter', 'trips', 'sunny', 'afternoon'])
    const b = Array.from({ length: 10 }, () => ['solar', 'home', 'battery', 'system'])
    const c = Array.from({ length: 10 }, () => ['rooftop', 'solar', 'array', 'bills'])
    const d = fill(['cheap', 'flight'], CITIES, 300)
    const texts = [...a, ...b, ...c, ...d]
    const cells = texts.map((_, i) => Math.min(3, Math.floor(i / 10)))
    // "solar": in all requests of cells 0-2 (coverage 1 >= 0.4), 30 of 330 sampled requests (0.09 <= 0.1), all of them in the three
    expect(Array.from(mergeByVocabulary(input(cells, texts)).group)).toEqual([0, 0, 0, 1])
    // without it: one fixed shared word, 1 of 4-5 characteristic words, no join; expanded profiles' cosine about 0.34 < 0.6
    expect(Array.from(mergeByVocabulary(input(cells, texts), { topicGroups: 0 }).group)).toEqual([0, 1, 2, 3])
    // ... and not when the word is common in the sample (here: over 10% of it) or when only two groups carry it
    expect(Array.from(mergeByVocabulary(input(cells, texts), { maxTopicShare: 0.05 }).group)).toEqual([0, 1, 2, 3])
    const two = mergeByVocabulary(input(cells.slice(10).map((c) => c - 1), texts.slice(10)))
    expect(Array.from(two.group)).toEqual([0, 1, 2])
  })

  it('joins groups of very short requests drawing on one vocabulary by the words they co-occur with', () => {
    // every pair of a family's five words, 4 times; each family split over cells by its first word
    const pairs = (ws: string[]): string[][] => ws.flatMap((x, i) => ws.slice(i + 1).map((y) => [x, y]))
    const f = pairs(['wallet', 'seed', 'phrase', 'ledger', 'gas'])
    const g = pairs(['squat', 'deadlift', 'reps', 'protein', 'cardio'])
    const texts: string[][] = []
    const cells: number[] = []
    for (const [fam, base] of [[f, 0], [g, 3]] as const) {
      for (let r = 0; r < 4; r++) {
        fam.forEach((p, i) => {
          texts.push(p)
          cells.push(base + (i < 4 ? 0 : i < 7 ? 1 : 2))
        })
      }
    }
    const r = mergeByVocabulary(input(cells, texts), { topicGroups: 0 })
    expect(Array.from(r.group)).toEqual([0, 0, 0, 1, 1, 1])
    expect(r.groups).toBe(2)
    expect(mergeByVocabulary(input(cells, texts), { topicGroups: 0, expandedCosine: 1 }).groups).toBeGreaterThan(2)
  })

  it('is deterministic', () => {
    const texts = [...fill(['x', 'y'], CARS, 12), ...fill(['z', 'w'], CARS, 12), ...fill(['p', 'q'], CITIES, 12)]
    const cells = texts.map((_, i) => Math.floor(i / 12))
    expect(mergeByVocabulary(input(cells, texts))).toEqual(mergeByVocabulary(input(cells, texts)))
  })
})

describe('wordClassifier', () => {
  it('gives a request to the group whose requests carry its words (naive Bayes, hand-computed)', () => {
    // group 0: 3 requests [a b], [a], [a c]; group 1: 1 request [c]
    const words = [Int32Array.from([0, 1]), Int32Array.from([0]), Int32Array.from([0, 2]), Int32Array.from([2])]
    const classify = wordClassifier(Int32Array.from([0, 0, 0, 1]), words, 2)
    // [c]: group 0: ln(3.5/5) + ln(1.5/4) = -1.338; group 1: ln(1.5/5) + ln(1.5/2) = -1.492: group 0
    expect(classify(Int32Array.from([2]))).toBe(0)
    // [a]: group 0 ln(3.5/5) + ln(3.5/4); group 1 ln(1.5/5) + ln(0.5/2): group 0
    expect(classify(Int32Array.from([0]))).toBe(0)
    // unknown words only: -1
    expect(classify(Int32Array.from([7]))).toBe(-1)
    expect(classify(new Int32Array(0))).toBe(-1)
  })
})
