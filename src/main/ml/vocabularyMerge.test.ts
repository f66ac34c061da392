import { describe, expect, it } from 'vitest'
import { mergeByVocabulary } from './vocabularyMerge'

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

  it('is deterministic', () => {
    const texts = [...fill(['x', 'y'], CARS, 12), ...fill(['z', 'w'], CARS, 12), ...fill(['p', 'q'], CITIES, 12)]
    const cells = texts.map((_, i) => Math.floor(i / 12))
    expect(mergeByVocabulary(input(cells, texts))).toEqual(mergeByVocabulary(input(cells, texts)))
  })
})
