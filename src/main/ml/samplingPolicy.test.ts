import { describe, expect, it } from 'vitest'
import { solveRates, type ClassSpec, type SolverInput } from './samplingPolicy'

const KEEP_CLASSES: ClassSpec[] = [{ kind: 'always' }, { kind: 'always' }, { kind: 'keep' }, { kind: 'keep' }, { kind: 'keep' }]

/** Input over classes [failures, no id, safety, timeouts, sla, ...extra, default] and strata given as rows per class. */
function input(perStratum: number[][], o: Partial<SolverInput> & { extra?: ClassSpec[]; days?: (string | null)[] } = {}): SolverInput {
  const classes = [...KEEP_CLASSES, ...(o.extra ?? []), { kind: 'default' } as ClassSpec]
  const S = perStratum.length
  const rows = new Float64Array(classes.length * S)
  perStratum.forEach((counts, s) => counts.forEach((n, c) => (rows[c * S + s] = n)))
  return {
    classes,
    stratumDays: o.days ?? perStratum.map(() => '2025-01-01'),
    rows,
    bytes: o.bytes ?? rows.map((r) => r * 100),
    budget: o.budget ?? { unit: 'rows', share: 0.2 },
    minKeptPerStratum: o.minKeptPerStratum ?? 0,
    minRate: o.minRate ?? 0.01,
    boostDays: o.boostDays ?? new Set(),
    boostFactor: o.boostFactor ?? 3
  }
}

const rateOf = (r: ReturnType<typeof solveRates>, cls: number, s: number, S: number): number => r.rates[cls * S + s]

describe('solveRates', () => {
  it('keeps failures and the keep rules at 1 and solves the default rate for the budget (hand-computed)', () => {
    // 200 rows: 10 failures, 20 SLA breaches, 170 others; budget 20% = 40 rows -> 30 + 170 r = 40
    const r = solveRates(input([[10, 0, 0, 0, 20, 170]]))
    expect(r.stage).toBe('feasible')
    expect(r.baseRate).toBeCloseTo(10 / 170, 12)
    expect(rateOf(r, 0, 0, 1)).toBe(1)
    expect(rateOf(r, 4, 0, 1)).toBe(1)
    expect(rateOf(r, 5, 0, 1)).toBeCloseTo(10 / 170, 12)
    expect(r.expectedUnits).toBeLessThanOrEqual(40)
    expect(r.expectedUnits).toBeCloseTo(40, 9)
    expect(r.budgetMet).toBe(true)
    expect(r.keepForSureUnits / r.totalUnits).toBe(30 / 200)
    // the smallest share with every guarantee: keep rules + 1% of the rest
    expect(r.minFeasibleUnits).toBeCloseTo(30 + 1.7, 12)
  })

  it('raises the rate of a rare slice to its daily minimum, and everything else pays for it', () => {
    // stratum 0: 1000 others; stratum 1: 2 failures + 8 others, minimum 6 kept a day -> 4 of 8 -> rate 0.5
    const r = solveRates(input([[0, 0, 0, 0, 0, 1000], [2, 0, 0, 0, 0, 8]], { minKeptPerStratum: 6, budget: { unit: 'rows', share: 0.1 } }))
    expect(r.stage).toBe('feasible')
    expect(rateOf(r, 5, 1, 2)).toBe(0.5)
    // 101 rows of budget: 2 + 4 + 1000 r = 101
    expect(rateOf(r, 5, 0, 2)).toBeCloseTo(95 / 1000, 12)
    // a stratum smaller than the minimum is kept whole
    const whole = solveRates(input([[0, 0, 0, 0, 0, 1000], [0, 0, 0, 0, 0, 3]], { minKeptPerStratum: 6 }))
    expect(rateOf(whole, 5, 1, 2)).toBe(1)
  })

  it('boosts the default rate on flagged days (capped at 1)', () => {
    const r = solveRates(input([[0, 0, 0, 0, 0, 1000], [0, 0, 0, 0, 0, 1000]], { days: ['2025-01-01', '2025-01-02'], boostDays: new Set(['2025-01-02']), boostFactor: 3, budget: { unit: 'rows', share: 0.2 } }))
    // 1000 r + 1000 * 3r = 400 -> r = 0.1
    expect(rateOf(r, 5, 0, 2)).toBeCloseTo(0.1, 12)
    expect(rateOf(r, 5, 1, 2)).toBeCloseTo(0.3, 12)
    const capped = solveRates(input([[0, 0, 0, 0, 0, 1000], [0, 0, 0, 0, 0, 1000]], { days: ['2025-01-01', '2025-01-02'], boostDays: new Set(['2025-01-02']), boostFactor: 10, budget: { unit: 'rows', share: 0.6 } }))
    // 1000 r + 1000 * min(1, 10 r) = 1200 -> r = 0.2, the boosted day kept whole
    expect(rateOf(capped, 5, 1, 2)).toBe(1)
    expect(rateOf(capped, 5, 0, 2)).toBeCloseTo(0.2, 9)
  })

  it("keeps an operator rule's own rate and counts a rate-1 rule as keep-for-sure", () => {
    const r = solveRates(input([[0, 0, 0, 0, 0, 100, 100, 800]], { extra: [{ kind: 'fixed', rate: 0.05 }, { kind: 'keep' }], budget: { unit: 'rows', share: 0.3 } }))
    // 5 + 100 + 800 r = 300
    expect(rateOf(r, 5, 0, 1)).toBe(0.05)
    expect(rateOf(r, 6, 0, 1)).toBe(1)
    expect(rateOf(r, 7, 0, 1)).toBeCloseTo(195 / 800, 12)
    expect(r.keepForSureUnits).toBe(100)
  })

  it('keeps everything when the budget holds every row', () => {
    const r = solveRates(input([[1, 0, 0, 0, 0, 9]], { budget: { unit: 'rows', share: 1 } }))
    expect(r.baseRate).toBe(1)
    expect([...r.rates].filter((x, i) => i % 1 === 0 && x > 0).every((x) => x === 1)).toBe(true)
  })

  it('when the keep rules alone exceed the budget: every failure kept, the other keep rules sampled to fit, the rest at the floor', () => {
    // 1000 rows: 50 failures, 100 safety blocks, 850 others; budget 10% = 100 rows
    const r = solveRates(input([[50, 0, 100, 0, 0, 850]], { budget: { unit: 'rows', share: 0.1 } }))
    expect(r.stage).toBe('keep_rules_sampled')
    expect(rateOf(r, 0, 0, 1)).toBe(1)
    // 50 + 100 q + 8.5 = 100
    expect(r.keepRate).toBeCloseTo(41.5 / 100, 12)
    expect(rateOf(r, 2, 0, 1)).toBeCloseTo(0.415, 12)
    expect(rateOf(r, 5, 0, 1)).toBe(0.01)
    expect(r.budgetMet).toBe(true)
    expect(r.minFeasibleUnits / r.totalUnits).toBeCloseTo(0.1585, 12)
    expect(r.keepForSureUnits / r.totalUnits).toBe(0.15)
  })

  it('never drops a failure, even when failures alone exceed the budget (then the budget is not met)', () => {
    const r = solveRates(input([[300, 0, 100, 0, 0, 600]], { budget: { unit: 'rows', share: 0.2 } }))
    expect(r.stage).toBe('keep_rules_sampled')
    expect(rateOf(r, 0, 0, 1)).toBe(1)
    expect(r.keepRate).toBe(0.01)
    expect(r.budgetMet).toBe(false)
    expect(r.expectedUnits).toBeCloseTo(300 + 1 + 6, 12)
  })

  it('scales the rare-slice minimums down when they, not the keep rules, break the budget', () => {
    // 100 tiny strata of 5 others each (minimum 5: kept whole = 500 rows) + 1 failure each; budget 20% of 600 = 120
    const strata = Array.from({ length: 100 }, () => [1, 0, 0, 0, 0, 5])
    const r = solveRates(input(strata, { minKeptPerStratum: 5, budget: { unit: 'rows', share: 0.2 } }))
    expect(r.stage).toBe('rare_slices_scaled')
    expect(r.budgetMet).toBe(true)
    expect(r.expectedUnits).toBeCloseTo(120, 9)
    // failures 100 + 500 x = 120 -> x = 0.04 for every stratum
    expect(rateOf(r, 5, 0, 100)).toBeCloseTo(0.04, 12)
    expect(rateOf(r, 0, 99, 100)).toBe(1)
  })

  it('meets a budget in bytes', () => {
    const inp = input([[10, 0, 0, 0, 0, 90]], { budget: { unit: 'bytes', share: 0.5 } })
    inp.bytes = new Float64Array(inp.rows.length)
    inp.bytes[0] = 1000 // 10 failures of 100 bytes
    inp.bytes[5] = 9000 // 90 others of 100 bytes
    const r = solveRates(inp)
    // 1000 + 9000 r = 5000
    expect(rateOf(r, 5, 0, 1)).toBeCloseTo(4 / 9, 12)
  })

  it('holds its invariants on random inputs', () => {
    let seed = 3
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let trial = 0; trial < 200; trial++) {
      const S = 1 + Math.floor(rand() * 20)
      const strata = Array.from({ length: S }, () => [0, 0, 0, 0, 0, 0].map((_, c) => Math.floor(rand() * (c === 5 ? 500 : 30))))
      const share = 0.02 + rand() * 0.9
      const minKept = Math.floor(rand() * 15)
      const r = solveRates(input(strata, { budget: { unit: 'rows', share }, minKeptPerStratum: minKept }))
      for (const x of r.rates) expect(x >= 0 && x <= 1).toBe(true)
      for (let s = 0; s < S; s++) expect(r.rates[0 * S + s]).toBe(1)
      if (r.stage !== 'keep_rules_sampled') for (let s = 0; s < S; s++) expect(r.rates[2 * S + s]).toBe(1)
      if (r.stage !== 'keep_rules_sampled' || r.alwaysUnits + 0.01 * (r.totalUnits - r.keepForSureUnits) <= r.budgetUnits) expect(r.budgetMet).toBe(true)
      if (r.stage === 'feasible') {
        for (let s = 0; s < S; s++) {
          const n = strata[s].reduce((a, b) => a + b, 0)
          const kept = strata[s].reduce((a, k, c) => a + k * r.rates[c * S + s], 0)
          expect(kept).toBeGreaterThanOrEqual(Math.min(n, minKept) - 1e-9)
        }
        // a larger budget never lowers a rate
        const more = solveRates(input(strata, { budget: { unit: 'rows', share: Math.min(1, share * 1.5) }, minKeptPerStratum: minKept }))
        for (let i = 0; i < r.rates.length; i++) expect(more.rates[i]).toBeGreaterThanOrEqual(r.rates[i] - 1e-12)
      }
    }
  })
})

describe('solveRates with boosted strata', () => {
  // two strata of 120 rows: 20 failures and 100 others each; stratum 0 is boosted x3
  const two = (share: number) => ({ ...input([[20, 0, 0, 0, 0, 100], [20, 0, 0, 0, 0, 100]], { budget: { unit: 'rows', share }, days: ['2025-01-01', '2025-01-02'] }), boostedStrata: [1, 0] })

  it('gives the boosted stratum factor x the base rate within the budget (hand-computed)', () => {
    // budget 20% of 240 = 48 rows; failures 40 -> 100 * 3r + 100 * r = 8 -> r = 0.02, boosted 0.06
    const r = solveRates(two(0.2))
    expect(r.stage).toBe('feasible')
    expect(r.baseRate).toBeCloseTo(0.02, 12)
    expect(rateOf(r, 5, 0, 2)).toBeCloseTo(0.06, 12)
    expect(rateOf(r, 5, 1, 2)).toBeCloseTo(0.02, 12)
    expect(rateOf(r, 0, 0, 2)).toBe(1)
    expect(rateOf(r, 0, 1, 2)).toBe(1)
    expect(r.expectedUnits).toBeCloseTo(48, 9)
    expect(r.budgetMet).toBe(true)
    // at the 1% floor: 40 + 100 * 0.03 + 100 * 0.01 = 44 rows
    expect(r.minFeasibleWithBoostUnits).toBeCloseTo(44, 9)
  })

  it('meets the budget when the boost at the floor does not fit, boosting less than the factor asks (hand-computed)', () => {
    // budget 18% = 43.2 rows: every guarantee fits (42) but the boost at the floor (44) does not;
    // 40 + 100 * 3r + 100 * 0.01 = 43.2 -> r = 0.0073..., boosted 3r = 0.022 < 0.03
    const r = solveRates(two(0.18))
    expect(r.stage).toBe('feasible')
    expect(r.budgetMet).toBe(true)
    expect(r.minFeasibleWithBoostUnits).toBeGreaterThan(r.budgetUnits)
    expect(rateOf(r, 5, 0, 2)).toBeCloseTo(0.022, 9)
    expect(rateOf(r, 5, 1, 2)).toBe(0.01)
    expect(r.expectedUnits).toBeCloseTo(43.2, 9)
  })

  it('boosts nothing without boosted strata: the same rates as before', () => {
    const plain = solveRates({ ...two(0.2), boostedStrata: undefined })
    expect(plain.baseRate).toBeCloseTo(0.04, 12)
    expect(rateOf(plain, 5, 0, 2)).toBeCloseTo(0.04, 12)
  })
})
