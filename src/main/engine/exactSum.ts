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
const V = '(CAST(x AS DOUBLE) * 1073741824e0)' // y * 2^30
const HI = `TRY_CAST(round(${V}) AS BIGINT)`
const LO = `TRY_CAST((${V} - round(${V})) * 4503599627370496e0 AS BIGINT)` // (v - r) * 2^52
const EXACT = `(CAST(sum(${HI}) + (sum(${LO}) >> 52) AS DOUBLE) + CAST(sum(${LO}) & 4503599627370495 AS DOUBLE) * 2.220446049250313e-16) * 9.313225746154785e-10`
const MISFITS = `sum(CASE WHEN ${HI} IS NULL THEN x END)` // null when every value fits (or there is none)

/**
 * Defines exact_sum(x), and exact_avg(x) = exact_sum(x) / count(x) (null with no values), in the
 * database's catalog (every connection sees them).
 */
export const EXACT_SUM_MACROS = [
  `CREATE OR REPLACE MACRO exact_sum(x) AS (CASE WHEN ${MISFITS} IS NULL THEN ${EXACT} ELSE coalesce(${EXACT}, 0) + ${MISFITS} END)`,
  'CREATE OR REPLACE MACRO exact_avg(x) AS exact_sum(x) / count(x)'
]
