// Tests of the drift statistics: hand-computed cases, SciPy reference values, and the notebook sample's drift_report.csv.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  chiSquareSf,
  chiSquareTest,
  countCategories,
  gammaQ,
  histogramCounts,
  kolmogorovSf,
  ksTwoSample,
  lnGamma,
  psi,
  PSI_LEVELS,
  quantileLinear,
  roundHalfEven,
  severityPsi,
  severityTv,
  smirnovSf,
  tvDistance,
  tvDistanceFromCounts
} from './stats'
import { PSI_TIES } from './psiTiesCase'

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/notebook-sample/', import.meta.url))

function readCsv(name: string): Record<string, string>[] {
  // The fixtures have no quoted fields, so a plain split is enough.
  const lines = readFileSync(FIXTURES + name, 'utf8').split('\n').filter((l) => l.length > 0)
  const header = lines[0].split(',')
  return lines.slice(1).map((line) => {
    const cells = line.split(',')
    const row: Record<string, string> = {}
    header.forEach((h, i) => (row[h] = cells[i] ?? ''))
    return row
  })
}

function expectRelClose(actual: number, expected: number, rel: number): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE)
  expect(Math.abs(actual - expected) / scale).toBeLessThanOrEqual(rel)
}

describe('quantileLinear', () => {
  it('interpolates between order statistics', () => {
    // [1,2,3,4], q=0.5: h = 3*0.5 = 1.5 -> 2 + 0.5*(3-2) = 2.5
    expect(quantileLinear([1, 2, 3, 4], 0.5)).toBe(2.5)
    // q=0.9: h = 2.7 -> 3 + 0.7*(4-3) = 3.7 (0.7 itself is 2.7-2 in floating point)
    expect(quantileLinear([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 14)
    // p90 of ten days' counts 0..9: h = 9*0.9 = 8.1 -> 8 + 0.1 = 8.1
    expect(quantileLinear([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.9)).toBeCloseTo(8.1, 14)
  })
  it('handles the ends, a single value and an empty input', () => {
    expect(quantileLinear([1, 2, 3, 4], 0)).toBe(1)
    expect(quantileLinear([1, 2, 3, 4], 1)).toBe(4)
    expect(quantileLinear([7], 0.37)).toBe(7)
    expect(quantileLinear([], 0.5)).toBeNull()
  })
  it("interpolates with numpy's lerp (from the upper neighbour when the weight is >= 0.5)", () => {
    // numpy.quantile([0, 0.1], 0.7) = 0.1 - 0.1 * (1 - 0.7) = 0.07; 0 + 0.1 * 0.7 would be 0.06999999999999999.
    expect(quantileLinear([0, 0.1], 0.7)).toBe(0.07)
    expect(quantileLinear([0, 0.1], 0.3)).toBe(0.1 * 0.3)
  })

  it('returns a repeated value exactly', () => {
    expect(quantileLinear([0.1, 0.1, 0.1], 0.3)).toBe(0.1)
  })
})

describe('roundHalfEven', () => {
  it('rounds ties to the even integer', () => {
    expect(roundHalfEven(0.5) === 0).toBe(true)
    expect(roundHalfEven(1.5)).toBe(2)
    expect(roundHalfEven(2.5)).toBe(2)
    expect(roundHalfEven(-0.5) === 0).toBe(true)
    expect(roundHalfEven(-1.5)).toBe(-2)
    expect(roundHalfEven(-2.5)).toBe(-2)
  })
  it('rounds non-ties to the nearest integer', () => {
    expect(roundHalfEven(2.4999999999999996)).toBe(2)
    expect(roundHalfEven(0.49999999999999994) === 0).toBe(true)
    expect(roundHalfEven(2.6)).toBe(3)
    expect(roundHalfEven(-2.6)).toBe(-3)
    expect(roundHalfEven(317)).toBe(317)
  })
  it('leaves huge and non-finite values alone', () => {
    expect(roundHalfEven(1e300)).toBe(1e300)
    expect(roundHalfEven(4503599627370497)).toBe(4503599627370497)
    expect(roundHalfEven(NaN)).toBeNaN()
    expect(roundHalfEven(-Infinity)).toBe(-Infinity)
  })
})

describe('histogramCounts', () => {
  it('uses half-open bins with the last bin closed and ignores values outside', () => {
    // edges 0,1,2,3: [0,1) <- 0; [1,2) <- 1,1; [2,3] <- 2,3,3; -1 and 4 are outside
    expect(histogramCounts([0, 1, 1, 2, 3, 3, -1, 4, null, NaN], [0, 1, 2, 3])).toEqual([1, 2, 3])
  })
})

describe('psi', () => {
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

  it('is 0 for identical samples', () => {
    expect(psi(range(100), range(100)).psi).toBe(0)
  })

  it('matches a hand computation with empty bins clipped to 1e-6', () => {
    // reference 0..49: edges at h = 4.9 i -> 0, 4.9, 9.8, ..., 44.1, 49, so 5 values per bin
    // (p = 0.1 each). current: fifty zeros -> q = [1, 0 x 9] -> [1, 1e-6 x 9].
    // PSI = (1 - 0.1) ln(1/0.1) + 9 (1e-6 - 0.1) ln(1e-6/0.1) = 0.9 ln 10 + 9 (0.1 - 1e-6) ln 1e5
    //     ~= 2.0723266 + 10.3615293 = 12.4338559
    const r = psi(range(50), new Array(50).fill(0))
    expect(r.edges).toHaveLength(11)
    expect(r.edges?.[1]).toBeCloseTo(4.9, 12)
    const expected = 0.9 * Math.log(10) + 9 * (0.1 - 1e-6) * Math.log(1e5)
    expect(r.psi).toBeCloseTo(expected, 12)
    expect(r.psi).toBeCloseTo(12.4338559, 6)
  })

  it('extends the outer edges to the current sample, de-duplicates, closes the last bin', () => {
    // reference: sixty 5s -> all eleven quantiles are 5; current: thirty 3s and thirty 7s.
    // edges: first = min(5, 3) = 3, last = max(5, 7) = 7, unique -> [3, 5, 7]
    // reference counts [0, 60] -> p = [1e-6, 1]; current [30, 30] (7 = last edge, closed) -> q = [.5, .5]
    // PSI = (0.5 - 1e-6) ln(0.5 / 1e-6) + (0.5 - 1) ln(0.5) ~= 6.5611686 + 0.3465736 = 6.9077422
    const cur = [...new Array(30).fill(3), ...new Array(30).fill(7)]
    const r = psi(new Array(60).fill(5), cur)
    expect(r.edges).toEqual([3, 5, 7])
    const expected = (0.5 - 1e-6) * Math.log(0.5 / 1e-6) + (0.5 - 1) * Math.log(0.5)
    expect(r.psi).toBeCloseTo(expected, 12)
    expect(r.psi).toBeCloseTo(6.9077422, 6)
  })

  it('takes its edges at numpy.linspace(0, 1, 11), so values tied with an edge fall as in numpy', () => {
    expect(PSI_LEVELS).toEqual([0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1])
    const r = psi(PSI_TIES.reference, PSI_TIES.current)
    expect(r.edges).toEqual(PSI_TIES.edges)
    expect(Math.abs((r.psi as number) - PSI_TIES.psi)).toBeLessThanOrEqual(1e-12)
  })

  it('is null with fewer than 50 finite values on a side or fewer than 3 edges', () => {
    const withJunk = [...range(49), NaN, Infinity, -Infinity, null]
    expect(psi(withJunk, range(100))).toEqual({ psi: null, edges: null })
    expect(psi(range(100), withJunk)).toEqual({ psi: null, edges: null })
    // constant 5 vs constant 7: edges [5, 7] only -> null
    expect(psi(new Array(60).fill(5), new Array(60).fill(7))).toEqual({ psi: null, edges: null })
  })
})

describe('tvDistance', () => {
  it('treats null as a category and sums over the union', () => {
    // p: a .5, b .25, null .25; q: a .5, c .5 -> 0.5 (0 + .25 + .25 + .5) = 0.5
    expect(tvDistance(['a', 'a', 'b', null], ['a', 'c'])).toBe(0.5)
    expect(tvDistance(['a', 'b'], ['b', 'a'])).toBe(0)
    expect(tvDistance([null], ['x'])).toBe(1)
  })
  it('is null when a side is empty', () => {
    expect(tvDistance([], ['a'])).toBeNull()
    expect(tvDistance(['a'], [])).toBeNull()
    expect(tvDistanceFromCounts(new Map([['a', 0]]), new Map([['a', 3]]))).toBeNull()
  })
  it('agrees between raw values and counts', () => {
    const ref = ['x', 'y', 'y', null, 'z']
    const cur = ['y', null, null, 'w']
    expect(tvDistanceFromCounts(countCategories(ref), countCategories(cur))).toBe(tvDistance(ref, cur))
  })
})

describe('severity', () => {
  it('bands PSI and TV per the contract', () => {
    expect(severityPsi(0.2)).toBe('high')
    expect(severityPsi(0.19999)).toBe('medium')
    expect(severityPsi(0.1)).toBe('medium')
    expect(severityPsi(0.0999)).toBe('low')
    expect(severityPsi(null)).toBe('insufficient_data')
    expect(severityPsi(NaN)).toBe('insufficient_data')
    expect(severityTv(0.15)).toBe('high')
    expect(severityTv(0.08)).toBe('medium')
    expect(severityTv(0.0799)).toBe('low')
    expect(severityTv(null)).toBe('insufficient_data')
  })
})

describe('special functions', () => {
  it('lnGamma matches known values', () => {
    expectRelClose(lnGamma(5), Math.log(24), 1e-14)
    expectRelClose(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14)
    expectRelClose(lnGamma(101), 363.73937555556347, 1e-14) // ln(100!)
  })
  it('gammaQ matches closed forms and SciPy gammaincc', () => {
    // Q(1, x) = e^-x; Q(3, 5) = e^-5 (1 + 5 + 25/2)
    expectRelClose(gammaQ(1, 2), Math.exp(-2), 1e-14)
    expectRelClose(gammaQ(3, 5), 18.5 * Math.exp(-5), 1e-14)
    // SciPy 1.17 special.gammaincc
    expectRelClose(gammaQ(0.5, 3), 0.014305878435429641, 1e-13)
    expectRelClose(gammaQ(50, 100), 1.1784500720979781e-8, 1e-12)
    expectRelClose(gammaQ(50, 40), 0.9296649333406051, 1e-13)
    expectRelClose(gammaQ(200, 201), 0.46249244908276754, 1e-12)
    expect(gammaQ(2, 0)).toBe(1)
    expect(gammaQ(0, 1)).toBeNaN()
  })
  it('chiSquareSf: 1 dof at 20/3 is erfc(sqrt(10/3))', () => {
    expectRelClose(chiSquareSf(20 / 3, 1), 0.009823274507519235, 1e-13)
  })
})

describe('chiSquareTest', () => {
  it('matches a hand computation', () => {
    // [[10,20],[20,10]]: all expected counts 30*30/60 = 15; stat = 4 * 5^2/15 = 20/3, dof 1,
    // p = chi2.sf(20/3, 1) = 0.009823274507519235 (SciPy)
    const r = chiSquareTest([
      [10, 20],
      [20, 10]
    ])
    expect(r?.dof).toBe(1)
    expect(r?.statistic).toBeCloseTo(20 / 3, 12)
    expectRelClose(r?.pvalue ?? NaN, 0.009823274507519235, 1e-12)
  })
  it('drops empty categories', () => {
    const a = chiSquareTest([
      [10, 0, 20],
      [20, 0, 10]
    ])
    expect(a?.dof).toBe(1)
    expect(a?.statistic).toBeCloseTo(20 / 3, 12)
  })
  it('matches SciPy chi2_contingency(correction=False) on a 2x3 table', () => {
    const r = chiSquareTest([
      [10, 20, 5],
      [20, 10, 5]
    ])
    expect(r?.dof).toBe(2)
    expectRelClose(r?.pvalue ?? NaN, 0.035673993347252395, 1e-12)
  })
  it('degenerate tables', () => {
    expect(chiSquareTest([[5], [7]])).toEqual({ statistic: 0, dof: 0, pvalue: 1 })
    expect(chiSquareTest([[0, 0], [3, 4]])).toBeNull()
    expect(chiSquareTest([])).toBeNull()
    expect(chiSquareTest([[0], [0]])).toBeNull()
  })
})

describe('ksTwoSample', () => {
  it('complete separation: D = 1 and the exact p-value counts lattice paths', () => {
    // [1,2,3] vs [4,5]: only 2 of the C(5,2) = 10 orderings separate completely -> p = 0.2
    expect(ksTwoSample([1, 2, 3], [4, 5])).toEqual({ statistic: 1, pvalue: 0.2, method: 'exact' })
    // equal sizes [1,2] vs [3,4]: 2 of C(4,2) = 6 orderings -> p = 1/3
    const r = ksTwoSample([1, 2], [3, 4])
    expect(r?.statistic).toBe(1)
    expect(r?.pvalue).toBeCloseTo(1 / 3, 15)
  })
  it('evaluates the CDFs after all tied values', () => {
    // [1,1,2] vs [1,2,2]: at 1, F1 = 2/3, F2 = 1/3 -> D = 1/3; SciPy gives p = 1
    const r = ksTwoSample([1, 1, 2], [1, 2, 2])
    expect(r?.statistic).toBeCloseTo(1 / 3, 15)
    expect(r?.pvalue).toBe(1)
  })
  it('drops non-finite values and is null for an empty side', () => {
    expect(ksTwoSample([], [1])).toBeNull()
    expect(ksTwoSample([NaN, null], [1])).toBeNull()
    expect(ksTwoSample([1, 2, 3, NaN], [4, 5, Infinity])).toEqual({ statistic: 1, pvalue: 0.2, method: 'exact' })
  })
  it('switches to the Kolmogorov distribution above 10000 values', () => {
    const big = Array.from({ length: 10001 }, (_, i) => i / 10001)
    const r = ksTwoSample(big, [0.5, 0.6, 0.7])
    expect(r?.method).toBe('asymp')
    // D: at 0.5 F1 ~ 0.50005, F2 = 1/3 -> 0.1667; p = kstwo.sf(D, round(10001*3/10004) = 3)
    expect(r?.pvalue).toBeCloseTo(kolmogorovSf(3, r?.statistic ?? 0), 15)
  })
})

describe('kolmogorovSf (one-sample two-sided) and smirnovSf', () => {
  it('matches SciPy kstwo.sf across its branches', () => {
    // SciPy 1.17 stats.kstwo.sf(d, n)
    const cases: Array<[number, number, number]> = [
      // d >= 0.5: 2 x Birnbaum-Tingey, d sum_{j<=1} C(3,j)(0.4-j/3)^(3-j)(0.6+j/3)^(j-1)
      //   = 2 * 0.6 * (0.064/0.6 + 3 (1/15)^2) = 2 * 0.6 * 0.12 = 0.144
      [3, 0.6, 0.14400000000000004],
      [10, 0.3, 0.27053557479999946],
      [10, 0.05, 1.0],
      [100, 0.1, 0.2526927570063874],
      [1000, 0.05, 0.013012074781090332],
      [1000, 0.02, 0.8108971656895577],
      [200000, 0.003, 0.0545369786611305]
    ]
    for (const [n, d, p] of cases) expectRelClose(kolmogorovSf(n, d), p, 1e-9)
  })
  it('smirnovSf: n = 1 is 1 - d', () => {
    // one observation: P(D+ >= d) = P(U <= 1 - d) = 1 - d
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15)
  })
})

describe('golden: drift_report.csv of the notebook sample', () => {
  const rows = readCsv('drift_numeric.csv')
  const expected = readCsv('drift_report.csv')
  const NUMERIC = [
    'latency_ms',
    'cost_usd',
    'total_tokens',
    'prompt_tokens',
    'completion_tokens',
    'tool_calls_count',
    'response_quality_score',
    'tokens_per_second',
    'prompt_to_completion_ratio'
  ]
  const numeric = (r: Record<string, string>, f: string): number | null => {
    if (f === 'prompt_to_completion_ratio') {
      const p = roundHalfEven(Number(r.prompt_tokens))
      const c = roundHalfEven(Number(r.completion_tokens))
      return c === 0 ? null : p / c
    }
    return r[f] === '' ? null : Number(r[f])
  }
  const blocks: Array<[string, (r: Record<string, string>) => boolean, (r: Record<string, string>) => boolean]> = [
    ['dataset_split', (r) => r.split_window === 'history', (r) => r.split_window === 'evaluation'],
    ['temporal_early_vs_recent', (r) => r.time_window === 'early', (r) => r.time_window === 'recent']
  ]

  for (const [method, isRef, isCur] of blocks) {
    it(`numeric PSI and KS, ${method}`, () => {
      const ref = rows.filter(isRef)
      const cur = rows.filter(isCur)
      for (const f of NUMERIC) {
        const want = expected.find((e) => e.windowing_method === method && e.feature === f)
        if (!want) throw new Error(`missing expected row ${method}/${f}`)
        expect(ref.length).toBe(Number(want.reference_n))
        expect(cur.length).toBe(Number(want.current_n))
        const a = ref.map((r) => numeric(r, f))
        const b = cur.map((r) => numeric(r, f))
        const p = psi(a, b).psi
        expectRelClose(p ?? NaN, Number(want.psi), 1e-9)
        expect(severityPsi(p)).toBe(want.severity)
        const ks = ksTwoSample(a, b)
        expect(ks?.statistic).toBe(Number(want.ks_statistic))
        expectRelClose(ks?.pvalue ?? NaN, Number(want.ks_pvalue), 1e-12)
      }
    })
  }

  // Category counts of the same windows (history = split train, evaluation = split test;
  // early = first 960 and recent = last 480 of the 2400 rows in a stable time sort).
  const COUNTS: Record<string, [Record<string, Record<string, number>>, Record<string, Record<string, number>>]> = {
    dataset_split: [
      {
        model_provider: { anthropic: 422, google: 423, local: 422, openai: 407 },
        model_name: { claude: 422, gemini: 423, gpt: 407, llama: 422 },
        use_case: { analytics: 335, coding: 348, search: 335, summarization: 328, support: 328 },
        channel: { api: 562, mobile: 539, web: 573 },
        account_tier: { enterprise: 566, free: 575, pro: 533 },
        region: { apac: 418, eu: 428, mena: 432, us: 396 },
        segment: { consumer: 565, enterprise: 558, smb: 551 }
      },
      {
        model_provider: { anthropic: 85, google: 86, local: 92, openai: 96 },
        model_name: { claude: 85, gemini: 86, gpt: 96, llama: 92 },
        use_case: { analytics: 70, coding: 65, search: 78, summarization: 79, support: 67 },
        channel: { api: 108, mobile: 132, web: 119 },
        account_tier: { enterprise: 126, free: 100, pro: 133 },
        region: { apac: 93, eu: 75, mena: 95, us: 96 },
        segment: { consumer: 130, enterprise: 117, smb: 112 }
      }
    ],
    temporal_early_vs_recent: [
      {
        model_provider: { anthropic: 232, google: 250, local: 241, openai: 237 },
        model_name: { claude: 232, gemini: 250, gpt: 237, llama: 241 },
        use_case: { analytics: 181, coding: 191, search: 206, summarization: 186, support: 196 },
        channel: { api: 292, mobile: 331, web: 337 },
        account_tier: { enterprise: 325, free: 328, pro: 307 },
        region: { apac: 235, eu: 245, mena: 249, us: 231 },
        segment: { consumer: 302, enterprise: 311, smb: 347 }
      },
      {
        model_provider: { anthropic: 107, google: 122, local: 125, openai: 126 },
        model_name: { claude: 107, gemini: 122, gpt: 126, llama: 125 },
        use_case: { analytics: 101, coding: 94, search: 77, summarization: 107, support: 101 },
        channel: { api: 157, mobile: 153, web: 170 },
        account_tier: { enterprise: 152, free: 162, pro: 166 },
        region: { apac: 137, eu: 112, mena: 116, us: 115 },
        segment: { consumer: 174, enterprise: 160, smb: 146 }
      }
    ]
  }

  for (const method of Object.keys(COUNTS)) {
    it(`categorical TV and chi-square, ${method}`, () => {
      const [ref, cur] = COUNTS[method]
      for (const f of Object.keys(ref)) {
        const want = expected.find((e) => e.windowing_method === method && e.feature === f)
        if (!want) throw new Error(`missing expected row ${method}/${f}`)
        const refMap = new Map<string | null, number>(Object.entries(ref[f]))
        const curMap = new Map<string | null, number>(Object.entries(cur[f]))
        const tv = tvDistanceFromCounts(refMap, curMap)
        expectRelClose(tv ?? NaN, Number(want.tv_distance), 1e-12)
        expect(severityTv(tv)).toBe(want.severity)
        const cats = [...new Set([...refMap.keys(), ...curMap.keys()])]
        const chi = chiSquareTest([cats.map((c) => refMap.get(c) ?? 0), cats.map((c) => curMap.get(c) ?? 0)])
        expectRelClose(chi?.pvalue ?? NaN, Number(want.chi2_pvalue), 1e-11)
      }
    })
  }
})
