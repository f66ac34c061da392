import { describe, expect, it } from 'vitest'
import { buildFrame } from './sampleFrame'
import { hashUnit } from './sampleHash'
import { applyRates } from './samplingBacktest'
import { criticalIndex, keptUnits, largestFittingBaseRate } from './realizedBudget'

/** 2000 default-rule rows (class 1) in two strata, and 100 failures (class 0). */
function frame() {
  const n = 2100
  const ids = Array.from({ length: n }, (_, i) => `ID-${i}`)
  const u = ids.map((id) => hashUnit(id))
  return buildFrame({
    cls: ids.map((_, i) => (i < 100 ? 0 : 1)),
    group: ids.map((_, i) => i % 2),
    groups: [
      { model_name: 'a', use_case: 'x' },
      { model_name: 'b', use_case: 'x' }
    ],
    dayNumber: ids.map(() => 20000),
    w0: ids.map(() => 1),
    uHi: u.map((x) => x.hi),
    uLo: u.map((x) => x.lo),
    isFailure: ids.map((_, i) => (i < 100 ? 1 : 0)),
    latency: ids.map(() => 100),
    cost: ids.map(() => 1),
    bytes: ids.map((_, i) => 100 + (i % 7))
  })
}

describe('realized budget', () => {
  it('counts the kept default rows exactly as the hash decisions do', () => {
    const { frame: f, strata } = frame()
    const S = strata.day.length
    const index = criticalIndex(f, 1, S, 'rows')
    for (const p of [0, 0.05, 0.2, 0.5, 1]) {
      const rates = new Float64Array(2 * S).fill(1)
      for (let s = 0; s < S; s++) rates[S + s] = p
      const applied = applyRates(f, rates, S)
      let exact = 0
      for (let i = 0; i < f.n; i++) if (f.cls[i] === 1 && applied.kept[i]) exact++
      expect(keptUnits(index, rates.slice(S)), `rate ${p}`).toBe(exact)
    }
  })

  it('finds the largest base rate whose kept rows fit, and the upper rate when it already fits', () => {
    const { frame: f, strata } = frame()
    const S = strata.day.length
    const index = criticalIndex(f, 1, S, 'rows')
    const at = (r: number) => new Float64Array(S).fill(r)
    // 100 failures kept + default rows kept at r <= 500
    const r = largestFittingBaseRate(index, at, 100, 500, 0.3)
    expect(100 + keptUnits(index, at(r))).toBeLessThanOrEqual(500)
    expect(100 + keptUnits(index, at(r + 1e-6))).toBeGreaterThan(500 - 2)
    expect(largestFittingBaseRate(index, at, 100, 2100, 0.3)).toBe(0.3)
    expect(largestFittingBaseRate(index, at, 600, 500, 0.3)).toBe(0)
    // bytes as the unit
    const bytes = criticalIndex(f, 1, S, 'bytes')
    expect(keptUnits(bytes, at(1))).toBe(f.bytes.slice(100).reduce((a, b) => a + b, 0))
  })
})
