/**
 * The sampling-rate solver: given how many rows (and bytes) each rule class holds in each stratum
 * (model x use case x UTC day), the rate of every (class, stratum) that meets a budget while keeping
 * every failure, the other keep-for-sure rows, the rare-slice minimums and the operator's rates, in
 * that order of priority. Pure: arrays in, plain objects out.
 */

/** What a rule class does with its rows. */
export type ClassSpec =
  /** failures and rows without an id: rate 1 whatever the budget */
  | { kind: 'always' }
  /** safety blocks, timeouts, SLA breaches, rules at rate 1: rate 1 unless the budget cannot hold them */
  | { kind: 'keep' }
  /** an operator rule's rate below 1 */
  | { kind: 'fixed'; rate: number }
  /** everything else: the base rate, raised for rare slices and boosted days */
  | { kind: 'default' }

export interface SolverInput {
  /** in evaluation order; exactly one 'default' */
  classes: readonly ClassSpec[]
  /** the UTC day of each stratum (null: rows without a timestamp), for the boost */
  stratumDays: readonly (string | null)[]
  /** rows and bytes per (class, stratum), index class * strata + stratum */
  rows: Float64Array
  bytes: Float64Array
  /** the budget as a share of rows or of bytes */
  budget: { unit: 'rows' | 'bytes'; share: number }
  minKeptPerStratum: number
  minRate: number
  boostDays: ReadonlySet<string>
  /** 1 for the strata boosted whatever their day (the anomaly detector's slices); optional */
  boostedStrata?: ArrayLike<number>
  boostFactor: number
}

export type SolverStage = 'feasible' | 'rare_slices_scaled' | 'keep_rules_sampled'

export interface SolverResult {
  /** rate per (class, stratum), index class * strata + stratum; 0 where a cell holds no rows is harmless */
  rates: Float64Array
  stage: SolverStage
  /** the default rule's rate before floors and boosts (feasible stage), else the floor it fell to */
  baseRate: number
  /** the rate of the 'keep' classes (1 unless keep_rules_sampled) */
  keepRate: number
  totalUnits: number
  budgetUnits: number
  /** units the always + keep classes hold */
  keepForSureUnits: number
  /** units with every guarantee at its full level (keep rules at 1, floors, operator rates, min_rate) */
  minFeasibleUnits: number
  expectedUnits: number
  /**
   * units with every guarantee at its full level and the boosted strata's default rows at
   * boostFactor x min_rate: above the budget, the boost cannot be honoured in full
   */
  minFeasibleWithBoostUnits: number
  /** units the always classes hold (failures, no id) */
  alwaysUnits: number
  budgetMet: boolean
  /**
   * The default rule's rate per stratum for another base rate, every guarantee kept (the feasible
   * stage only; null otherwise): lets the caller lower the base rate until the sample itself, not only
   * its expectation, fits the budget.
   */
  defaultRatesAt: ((baseRate: number) => Float64Array) | null
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x)

/** Solves the rates; see docs/sampling.md for the stages. */
export function solveRates(input: SolverInput): SolverResult {
  const C = input.classes.length
  const S = input.stratumDays.length
  const def = input.classes.findIndex((c) => c.kind === 'default')
  if (def < 0 || input.classes.filter((c) => c.kind === 'default').length !== 1) throw new Error('the classes need exactly one default')
  const units = input.budget.unit === 'rows' ? input.rows : input.bytes
  const minRate = clamp01(input.minRate)

  let totalUnits = 0
  let alwaysUnits = 0
  let keepUnits = 0
  const fixedFull = (c: number): number => (input.classes[c] as { rate: number }).rate
  for (let c = 0; c < C; c++) {
    const kind = input.classes[c].kind
    for (let s = 0; s < S; s++) {
      const u = units[c * S + s]
      totalUnits += u
      if (kind === 'always') alwaysUnits += u
      else if (kind === 'keep') keepUnits += u
    }
  }
  const budgetUnits = input.budget.share * totalUnits

  // Rare-slice floor of the default class per stratum: enough default rows to bring the stratum's
  // expected kept rows up to the minimum, given what the other classes keep at their full level.
  const floor = new Float64Array(S)
  const boost = new Float64Array(S)
  for (let s = 0; s < S; s++) {
    let kept = 0
    for (let c = 0; c < C; c++) {
      const spec = input.classes[c]
      if (spec.kind === 'default') continue
      kept += input.rows[c * S + s] * (spec.kind === 'fixed' ? spec.rate : 1)
    }
    const rest = input.rows[def * S + s]
    floor[s] = rest > 0 ? clamp01((input.minKeptPerStratum - kept) / rest) : 0
    const day = input.stratumDays[s]
    boost[s] = (day !== null && input.boostDays.has(day)) || (input.boostedStrata?.[s] ?? 0) > 0 ? input.boostFactor : 1
  }

  const defaultRate = (s: number, r: number): number => Math.min(1, Math.max(boost[s] * r, floor[s], minRate))
  let fixedLoadFull = 0
  let fixedLoadMin = 0
  for (let c = 0; c < C; c++) {
    const spec = input.classes[c]
    if (spec.kind !== 'fixed') continue
    for (let s = 0; s < S; s++) {
      fixedLoadFull += units[c * S + s] * spec.rate
      fixedLoadMin += units[c * S + s] * Math.min(spec.rate, minRate)
    }
  }
  const defaultLoad = (r: number): number => {
    let e = 0
    for (let s = 0; s < S; s++) e += units[def * S + s] * defaultRate(s, r)
    return e
  }
  let defaultLoadMin = 0
  for (let s = 0; s < S; s++) defaultLoadMin += units[def * S + s] * minRate
  const keepForSureUnits = alwaysUnits + keepUnits
  const expectedA = (r: number): number => keepForSureUnits + fixedLoadFull + defaultLoad(r)
  const minFeasibleUnits = expectedA(0)
  let minFeasibleWithBoostUnits = keepForSureUnits + fixedLoadFull
  for (let s = 0; s < S; s++) minFeasibleWithBoostUnits += units[def * S + s] * Math.min(1, Math.max(floor[s], minRate * boost[s]))
  const slack = 1e-12 * Math.max(1, totalUnits)

  const rates = new Float64Array(C * S)
  const fill = (keepRate: number, fixedRate: (c: number) => number, dflt: (s: number) => number): void => {
    for (let c = 0; c < C; c++) {
      const spec = input.classes[c]
      for (let s = 0; s < S; s++) {
        rates[c * S + s] = spec.kind === 'always' ? 1 : spec.kind === 'keep' ? keepRate : spec.kind === 'fixed' ? fixedRate(c) : dflt(s)
      }
    }
  }
  const result = (stage: SolverStage, baseRate: number, keepRate: number): SolverResult => {
    let expectedUnits = 0
    for (let i = 0; i < C * S; i++) expectedUnits += units[i] * rates[i]
    return {
      rates,
      stage,
      baseRate,
      keepRate,
      totalUnits,
      budgetUnits,
      keepForSureUnits,
      minFeasibleUnits,
      expectedUnits,
      minFeasibleWithBoostUnits,
      alwaysUnits,
      budgetMet: expectedUnits <= budgetUnits + slack,
      defaultRatesAt: stage === 'feasible' ? (r: number) => Float64Array.from({ length: S }, (_, s) => defaultRate(s, r)) : null
    }
  }

  if (minFeasibleUnits <= budgetUnits + slack) {
    // Stage A: every guarantee holds; the largest base rate whose expected load fits the budget.
    let r: number
    if (expectedA(1) <= budgetUnits + slack) r = 1
    else {
      let lo = 0
      let hi = 1
      for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
        const mid = (lo + hi) / 2
        if (expectedA(mid) <= budgetUnits) lo = mid
        else hi = mid
      }
      r = lo
    }
    fill(1, fixedFull, (s) => defaultRate(s, r))
    return result('feasible', r, 1)
  }

  const minLoad = keepForSureUnits + fixedLoadMin + defaultLoadMin
  if (minLoad <= budgetUnits + slack) {
    // Stage B: the keep rules fit, the rare-slice floors and operator rates do not: scale those
    // guarantees down together, from their full level (t = 1) towards min_rate (t = 0).
    const full = minFeasibleUnits - keepForSureUnits
    const least = fixedLoadMin + defaultLoadMin
    const t = full > least ? clamp01((budgetUnits - keepForSureUnits - least) / (full - least)) : 0
    const lerp = (lo: number, hi: number): number => lo + t * (hi - lo)
    fill(
      1,
      (c) => lerp(Math.min(fixedFull(c), minRate), fixedFull(c)),
      (s) => lerp(minRate, Math.max(floor[s], minRate))
    )
    return result('rare_slices_scaled', minRate, 1)
  }

  // Stage C: the keep-for-sure rows alone exceed the budget. Failures (and rows without an id) stay
  // at 1; everything else drops to its least rate; the other keep rules share what is left.
  const left = budgetUnits - alwaysUnits - fixedLoadMin - defaultLoadMin
  const q = keepUnits > 0 ? Math.max(minRate, clamp01(left / keepUnits)) : 1
  fill(
    q,
    (c) => Math.min(fixedFull(c), minRate),
    () => minRate
  )
  return result('keep_rules_sampled', minRate, q)
}

/** The solved rates with the default rule set to `defaultRates` (per stratum) and the base rate recorded. */
export function withDefaultRates(solved: SolverResult, defaultClass: number, strata: number, defaultRates: Float64Array, baseRate: number, units: Float64Array): SolverResult {
  const rates = Float64Array.from(solved.rates)
  for (let s = 0; s < strata; s++) rates[defaultClass * strata + s] = defaultRates[s]
  let expectedUnits = 0
  for (let i = 0; i < rates.length; i++) expectedUnits += units[i] * rates[i]
  return { ...solved, rates, baseRate, expectedUnits, budgetMet: expectedUnits <= solved.budgetUnits * (1 + 1e-12) }
}
