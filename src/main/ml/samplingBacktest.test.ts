import { describe, expect, it } from 'vitest'
import { applyRates, backtest } from './samplingBacktest'
import { buildFrame, countCells } from './sampleFrame'
import { hashUnit } from './sampleHash'
import { solveRates, type ClassSpec } from './samplingPolicy'

const CLASSES: ClassSpec[] = [{ kind: 'always' }, { kind: 'always' }, { kind: 'keep' }, { kind: 'keep' }, { kind: 'keep' }, { kind: 'default' }]

interface TestRow {
  id: string
  cls: number
  group: number
  day: number
  fail: 0 | 1
  latency: number
  cost: number
  w0?: number
}

function frameOf(rows: TestRow[], salt = '') {
  const units = rows.map((r) => hashUnit(r.id, salt))
  return buildFrame({
    cls: rows.map((r) => r.cls),
    group: rows.map((r) => r.group),
    groups: [
      { model_name: 'm1', use_case: 'chat' },
      { model_name: 'm2', use_case: 'code' },
      { model_name: null, use_case: 'rag' }
    ],
    dayNumber: rows.map((r) => r.day),
    w0: rows.map((r) => r.w0 ?? 1),
    uHi: units.map((u) => u.hi),
    uLo: units.map((u) => u.lo),
    isFailure: rows.map((r) => r.fail),
    latency: rows.map((r) => r.latency),
    cost: rows.map((r) => r.cost),
    bytes: rows.map(() => 500)
  })
}

/** 6000 rows over 3 groups and 4 days: failures kept for sure, everything else sampled. */
function population(): TestRow[] {
  let seed = 17
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  return Array.from({ length: 6000 }, (_, i) => {
    const group = i % 3
    const fail = rand() < 0.03 + 0.04 * group ? 1 : 0
    return {
      id: `INT${String(i).padStart(6, '0')}`,
      cls: fail ? 0 : 5,
      group,
      day: 20000 + (i % 4),
      fail,
      latency: i % 53 === 0 ? NaN : 300 + rand() * 2000 * (1 + group),
      cost: i % 41 === 0 ? NaN : rand() * 0.01 * (1 + group)
    } as TestRow
  })
}

function policyRates(frame: ReturnType<typeof frameOf>, share: number) {
  const S = frame.strata.day.length
  const cells = countCells(frame.frame, CLASSES.length, S)
  return { rates: solveRates({ classes: CLASSES, stratumDays: frame.strata.day, rows: cells.rows, bytes: cells.bytes, budget: { unit: 'rows', share }, minKeptPerStratum: 5, minRate: 0.01, boostDays: new Set(), boostFactor: 1 }).rates, S }
}

describe('backtest', () => {
  it('at rate 1 everywhere the estimates are the truth, with zero error and standard error', () => {
    const f = frameOf(population())
    const applied = applyRates(f.frame, new Float64Array(CLASSES.length * f.strata.day.length).fill(1), f.strata.day.length)
    const b = backtest(f.frame, applied)
    expect(b.summary.sampled_rows).toBe(6000)
    for (const r of b.rows) {
      expect(r.estimate, `${r.metric} ${r.model_name}`).toBe(r.true_value)
      if (r.metric !== 'p95_latency_ms') expect(r.std_error).toBe(0)
      expect(r.z).toBe(0)
    }
    expect(b.rows.find((r) => r.total && r.metric === 'requests')!.true_value).toBe(6000)
    expect(b.summary.verdict).toBe('unbiased')
  })

  it('computes truth, estimate and standard error by hand on a tiny frame', () => {
    // two rows of group 0 at rate 0.5: each kept row stands for 2
    const rows: TestRow[] = [
      { id: 'a', cls: 5, group: 0, day: 1, fail: 1, latency: 100, cost: 1 },
      { id: 'b', cls: 5, group: 0, day: 1, fail: 0, latency: 300, cost: 3 }
    ]
    const f = frameOf(rows)
    const kept = new Uint8Array([1, 0])
    const b = backtest(f.frame, { p: new Float64Array([0.5, 0.5]), kept })
    const get = (m: string) => b.rows.find((r) => r.total && r.metric === m)!
    // design variance over both rows, (1 - p) / p = 1 each: requests 1 + 1; cost 1^2 + 3^2; rate ((1 - 0.5)^2 + (0 - 0.5)^2) / 2^2
    expect(get('requests')).toMatchObject({ true_value: 2, estimate: 2, error: 0, std_error: Math.sqrt(2) })
    expect(get('failure_rate')).toMatchObject({ true_value: 0.5, estimate: 1, error: 0.5, std_error: Math.sqrt(0.5) / 2 })
    expect(get('cost_usd')).toMatchObject({ true_value: 4, estimate: 2, error: -2, std_error: Math.sqrt(10), z: -2 / Math.sqrt(10) })
    expect(get('p95_latency_ms')).toMatchObject({ true_value: 100 * (1 - 0.95) + 300 * 0.95, estimate: 100 })
  })

  it('keeps every failure, and the same input gives the same sample', () => {
    const f = frameOf(population())
    const { rates, S } = policyRates(f, 0.2)
    const a = applyRates(f.frame, rates, S)
    const again = applyRates(frameOf(population()).frame, rates, S)
    expect([...again.kept]).toEqual([...a.kept])
    for (let i = 0; i < f.frame.n; i++) if (f.frame.isFailure[i]) expect(a.kept[i]).toBe(1)
    const share = a.kept.reduce((s, k) => s + k, 0) / f.frame.n
    expect(Math.abs(share - 0.2)).toBeLessThan(0.02)
  })

  it('re-weighted totals are unbiased over many salts, within their standard error', () => {
    const rows = population()
    const first = frameOf(rows)
    const { rates, S } = policyRates(first, 0.15)
    const salts = 200
    const sums = new Map<string, { sum: number; sumSq: number; truth: number; se2: number }>()
    for (let k = 0; k < salts; k++) {
      const f = frameOf(rows, `salt-${k}:`)
      const b = backtest(f.frame, applyRates(f.frame, rates, S))
      for (const r of b.rows) {
        if (r.metric !== 'requests' && r.metric !== 'cost_usd') continue
        const key = `${r.metric}/${r.model_name}/${r.use_case}`
        const e = sums.get(key) ?? { sum: 0, sumSq: 0, truth: r.true_value!, se2: 0 }
        e.sum += r.estimate!
        e.sumSq += r.estimate! ** 2
        e.se2 += r.std_error! ** 2
        sums.set(key, e)
      }
    }
    expect(sums.size).toBe(8)
    for (const [key, e] of sums) {
      const mean = e.sum / salts
      const sd = Math.sqrt(e.sumSq / salts - mean * mean)
      // the mean of 200 independent samples lies within 4 standard errors of the truth
      expect(Math.abs(mean - e.truth), key).toBeLessThan((4 * sd) / Math.sqrt(salts))
      // and the reported (design) standard error matches the spread across samples
      const reported = Math.sqrt(e.se2 / salts)
      expect(reported / sd, key).toBeGreaterThan(0.85)
      expect(reported / sd, key).toBeLessThan(1.15)
    }
  })

  it('flags rows at rate 0: nothing can re-weight them back', () => {
    const f = frameOf(population())
    const S = f.strata.day.length
    const rates = new Float64Array(CLASSES.length * S).fill(1)
    for (let s = 0; s < S; s++) rates[5 * S + s] = 0
    const b = backtest(f.frame, applyRates(f.frame, rates, S))
    expect(b.summary.zero_rate_rows).toBeGreaterThan(5000)
    expect(b.summary.verdict).toBe('check')
  })

  it('weights by the dump\'s own sample_rate on top of the policy rate', () => {
    const rows: TestRow[] = [
      { id: 'a', cls: 5, group: 1, day: 1, fail: 0, latency: 100, cost: 1, w0: 4 },
      { id: 'b', cls: 5, group: 1, day: 1, fail: 1, latency: 200, cost: 1, w0: 1 }
    ]
    const f = frameOf(rows)
    const b = backtest(f.frame, { p: new Float64Array([0.5, 1]), kept: new Uint8Array([1, 1]) })
    const req = b.rows.find((r) => r.total && r.metric === 'requests')!
    expect(req.true_value).toBe(5)
    expect(req.estimate).toBe(4 / 0.5 + 1)
  })
})
