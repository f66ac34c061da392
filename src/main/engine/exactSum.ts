/**
 * The `exact_sum(x)` SQL aggregate both engines define at start: the sum of DOUBLE values, the same
 * on every run and correctly rounded. Each value is split into two integers that DuckDB adds
 * exactly, so the order in which its threads combine partial sums no longer shows in the last digit
 * (it does with sum and fsum). A filtered sum is `exact_sum(CASE WHEN cond THEN x END)`; the mean
 * of the values is `exact_avg(x)`.
 */

// A value y is taken as v = y * 2^30 (exact: a power of two). Its nearest integer r and the rest
// v - r (exact, |v - r| <= 1/2) scaled by 2^52 are two BIGINTs; their sums H and L are HUGEINTs, exact
// in any order. Then sum(y) = (H + L / 2^52) / 2^30 exactly, up to 2^-83 per value below 2^-30 in
// magnitude (bits finer than 2^-82 do not fit). The carry of L into H leaves a rest in [0, 2^52), so
// the total is one exact double (while |H| <= 2^53, i.e. |sum| <= 2^23) plus an exact fraction: one
// IEEE addition, correctly rounded. A larger total of fractional values takes one more rounding in
// the HUGEINT -> DOUBLE cast (the same on every run). Values that do not fit (non-finite, or
// |y| >= 2^33) are added apart as doubles and then to that total: they dominate it, and an infinity
// or NaN among them comes through as IEEE arithmetic has it.
// The literals are powers of two in scientific notation, which DuckDB reads as exact DOUBLEs.
const V = '(CAST({x} AS DOUBLE) * 1073741824e0)' // y * 2^30 ({x}: the value's SQL)
const HI = `TRY_CAST(round(${V}) AS BIGINT)`
const LO = `TRY_CAST((${V} - round(${V})) * 4503599627370496e0 AS BIGINT)` // (v - r) * 2^52
const MISFIT = `CASE WHEN ${HI} IS NULL THEN {x} END`

/** 2^-52 and 2^-30, exact doubles (printed the same in SQL and JS). */
const TWO_POW_M52 = 2.220446049250313e-16
const TWO_POW_M30 = 9.313225746154785e-10

/** A part's expression over the value's SQL (kept in parentheses). */
const over = (expr: string, x: string): string => expr.replaceAll('{x}', `(${x})`)

/**
 * The three aggregates a group of values keeps to be merged exactly with other groups: h and l
 * (HUGEINT sums of the two limbs) and m (the plain sum of the values that do not fit; null when
 * every value fits). `x` is the value's SQL expression; `exactSumOfParts` makes the total.
 */
export function exactSumParts(x: string): { h: string; l: string; m: string } {
  return { h: `sum(${over(HI, x)})`, l: `sum(${over(LO, x)})`, m: `sum(${over(MISFIT, x)})` }
}

/**
 * The exact sum from the parts' totals (SQL over h, l and m: each a sum of parts, or the parts of
 * one group): H + carry(L) is one exact double while |sum| <= 2^23, the rest of L an exact fraction,
 * added once (correctly rounded); then the values that did not fit. combineExactParts is the same in JS.
 */
export function exactSumOfParts(h: string, l: string, m: string): string {
  const exact = `(CAST(${h} + (${l} >> 52) AS DOUBLE) + CAST(${l} & 4503599627370495 AS DOUBLE) * ${TWO_POW_M52}) * ${TWO_POW_M30}`
  return `(CASE WHEN ${m} IS NULL THEN ${exact} ELSE coalesce(${exact}, 0) + ${m} END)`
}

const LOW_52 = (1n << 52n) - 1n

/**
 * exactSumOfParts in JS, for parts read out of DuckDB and added here (BigInt sums of h and l, a
 * double sum of m; null: no value). The same double as the SQL while |H + carry| <= 2^53, where
 * both casts are exact.
 */
export function combineExactParts(h: bigint | null, l: bigint | null, m: number | null): number | null {
  const exact = h === null || l === null ? null : (Number(h + (l >> 52n)) + Number(l & LOW_52) * TWO_POW_M52) * TWO_POW_M30
  return m === null ? exact : (exact ?? 0) + m
}

const { h, l, m } = exactSumParts('x')

/**
 * Defines exact_sum(x), and exact_avg(x) = exact_sum(x) / count(x) (null with no values), in the
 * database's catalog (every connection sees them).
 */
export const EXACT_SUM_MACROS = [
  `CREATE OR REPLACE MACRO exact_sum(x) AS ${exactSumOfParts(h, l, m)}`,
  'CREATE OR REPLACE MACRO exact_avg(x) AS exact_sum(x) / count(x)'
]
