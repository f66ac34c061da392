// Feature preprocessing for the triage model, learned on the fit rows: median imputation and standardisation of numeric columns, mode imputation and one-hot encoding of categorical ones, on typed columns.
import { finiteMedian } from './select'

/** How one numeric feature is imputed and standardised: (value ?? median - mean) / scale. */
export interface NumericTransform {
  name: string
  median: number
  mean: number
  /** Population standard deviation of the imputed fit column, or 1 when that is 0. */
  scale: number
}

/** How one categorical feature is imputed and one-hot encoded (columns in `categories` order). */
export interface CategoricalTransform {
  name: string
  /** Most frequent fit value (ties: the smallest string); null when the fit column is all null. */
  fill: string | null
  /** Sorted distinct fit values after imputation; an unseen value encodes as all zeros. */
  categories: string[]
}

/** A learned preprocessor: plain data, safe to serialise and send between threads. */
export interface Preprocessor {
  numeric: NumericTransform[]
  categorical: CategoricalTransform[]
  /** Number of output columns: numeric features, then one per category of each categorical feature. */
  nOutputs: number
}

/** A categorical column as codes into a dictionary: row i holds dictionary[codes[i]], or null when codes[i] < 0. */
export interface CodedColumn {
  codes: Int32Array
  dictionary: readonly string[]
}

/**
 * Rows in the model's input space, column-wise: the standardised numeric columns, and for each
 * categorical feature the index of the one-hot output column that is 1 in each row (-1: none, an
 * unseen category). Equivalent to the row-major 0/1 matrix {@link denseDesign} builds, without
 * storing its zeros.
 */
export interface ColumnarDesign {
  n: number
  /** number of output columns (= Preprocessor.nOutputs) */
  d: number
  num: Float64Array[]
  cat: Int32Array[]
}

/** Code-unit order, the same as Python's for strings without astral characters. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function column<T>(record: Record<string, T>, name: string, who: string): T {
  const col = record[name]
  if (!col) throw new Error(`${who}: feature '${name}' is missing from the input`)
  return col
}

/**
 * Learn the preprocessing from the fit rows (each feature a column over the same rows; NaN and
 * +/-Infinity count as missing). Numeric: missing -> the median of the present fit values (the mean
 * of the two middle values for an even count; 0 when none is present), then standardise with the
 * mean and population standard deviation of the imputed column (a zero deviation -> 1).
 * Categorical: nulls -> the most frequent fit value (ties: the smallest string), one-hot over the
 * sorted distinct fit values. A categorical column with no value at all gets no output column.
 */
export function learnPreprocessor(numeric: Record<string, Float64Array>, categorical: Record<string, CodedColumn>, featuresNum: string[], featuresCat: string[]): Preprocessor {
  // One scratch buffer serves every numeric feature's median. Each feature's work is a small
  // function of its own, so V8 optimises it once for all the features.
  let scratch = new Float64Array(0)
  const numOut = featuresNum.map((name) => {
    const col = column(numeric, name, 'learnPreprocessor')
    if (scratch.length < col.length) scratch = new Float64Array(col.length)
    return numericTransform(name, col, scratch)
  })
  const catOut = featuresCat.map((name) => categoricalTransform(name, column(categorical, name, 'learnPreprocessor')))
  let nOutputs = numOut.length
  for (const c of catOut) nOutputs += c.categories.length
  return { numeric: numOut, categorical: catOut, nOutputs }
}

/**
 * A numeric feature's median, mean and scale: the mean and the deviation of the imputed column
 * summed over the present values in row order, after the missing rows' share (each at the median).
 */
function numericTransform(name: string, col: Float64Array, scratch: Float64Array): NumericTransform {
  const n = col.length
  const { median, count, sum } = finiteMedian(col, scratch)
  const med = median ?? 0
  const missing = n - count
  let mean = 0
  let scale = 1
  if (n > 0) {
    // The missing rows' share first, then the present values in order; from +0 that is the sum
    // the median's pass took already.
    const start = missing * med
    mean = (Object.is(start, 0) ? sum : sumFinite(col, start)) / n
    const sd = Math.sqrt(sumSquaredDeviations(col, mean, missing * (med - mean) * (med - mean)) / n)
    scale = sd > 0 ? sd : 1
  }
  return { name, median: med, mean, scale }
}

// The hot loops below take their double arguments into locals with a unary plus first: V8 then keeps
// them (and what they flow into) as raw doubles. Used as they are, a loop whose value can be either
// a parameter or a computed double boxes a new heap number on every iteration (about 3x slower on
// a million rows, and a minor GC every millisecond).

/** start + the finite values of col, added in order. */
function sumFinite(col: Float64Array, start: number): number {
  let sum = +start
  for (let i = 0; i < col.length; i++) {
    const v = col[i]
    if (Number.isFinite(v)) sum += v
  }
  return sum
}

/** start + (v - mean)^2 over the finite values v of col, added in order. */
function sumSquaredDeviations(col: Float64Array, mean: number, start: number): number {
  const m = +mean
  let ss = +start
  for (let i = 0; i < col.length; i++) {
    const v = col[i]
    if (Number.isFinite(v)) {
      const dv = v - m
      ss += dv * dv
    }
  }
  return ss
}

/** A categorical feature's fill (mode, ties: the smallest string) and sorted categories. */
function categoricalTransform(name: string, { codes, dictionary }: CodedColumn): CategoricalTransform {
  const counts = new Float64Array(dictionary.length)
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    if (c >= 0) {
      if (c >= dictionary.length) throw new Error(`learnPreprocessor: feature '${name}' has code ${c} beyond its dictionary`)
      counts[c]++
    }
  }
  let fill: string | null = null
  let best = 0
  const seen: string[] = []
  for (let c = 0; c < dictionary.length; c++) {
    if (counts[c] === 0) continue
    const v = dictionary[c]
    seen.push(v)
    if (counts[c] > best || (counts[c] === best && fill !== null && compareStrings(v, fill) < 0)) {
      fill = v
      best = counts[c]
    }
  }
  return { name, fill, categories: [...new Set(seen)].sort(compareStrings) }
}

/**
 * Applies a learned preprocessor to nRows rows, column-wise. Every feature the preprocessor knows
 * must be present with nRows values.
 */
export function designFor(pre: Preprocessor, numeric: Record<string, Float64Array>, categorical: Record<string, CodedColumn>, nRows: number): ColumnarDesign {
  const num = pre.numeric.map((t) => {
    const col = column(numeric, t.name, 'designFor')
    if (col.length !== nRows) throw new Error(`designFor: feature '${t.name}' has ${col.length} values, expected ${nRows}`)
    return standardised(col, t.mean, t.scale, (t.median - t.mean) / t.scale)
  })
  let c0 = pre.numeric.length
  const cat = pre.categorical.map((t) => {
    const { codes, dictionary } = column(categorical, t.name, 'designFor')
    if (codes.length !== nRows) throw new Error(`designFor: feature '${t.name}' has ${codes.length} values, expected ${nRows}`)
    const index = new Map<string, number>()
    t.categories.forEach((c, k) => index.set(c, c0 + k))
    // Output column of each dictionary code, and of a null (the fill).
    const ofCode = Int32Array.from(dictionary, (v) => index.get(v) ?? -1)
    const ofNull = t.fill === null ? -1 : (index.get(t.fill) ?? -1)
    c0 += t.categories.length
    return recoded(codes, ofCode, ofNull)
  })
  return { n: nRows, d: pre.nOutputs, num, cat }
}

/** (v - mean) / scale of each value, `filled` for a missing one. */
function standardised(col: Float64Array, mean: number, scale: number, filled: number): Float64Array {
  const out = new Float64Array(col.length)
  const m = +mean
  const s = +scale
  const f = +filled
  for (let i = 0; i < col.length; i++) {
    const v = col[i]
    out[i] = Number.isFinite(v) ? (v - m) / s : f
  }
  return out
}

/** ofCode[code] of each code, ofNull for a null (-1). */
function recoded(codes: Int32Array, ofCode: Int32Array, ofNull: number): Int32Array {
  const out = new Int32Array(codes.length)
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    out[i] = c < 0 ? ofNull : ofCode[c]
  }
  return out
}

/** The row-major nRows x d matrix a design stands for (one-hot columns as 0 / 1). */
export function denseDesign(design: ColumnarDesign): Float64Array {
  const { n, d } = design
  const out = new Float64Array(n * d)
  design.num.forEach((col, j) => {
    for (let i = 0; i < n; i++) out[i * d + j] = col[i]
  })
  for (const col of design.cat) for (let i = 0; i < n; i++) if (col[i] >= 0) out[i * d + col[i]] = 1
  return out
}

/** Output column names: numeric feature names, then `feature=category` for each one-hot column. */
export function featureNames(pre: Preprocessor): string[] {
  const names = pre.numeric.map((t) => t.name)
  for (const t of pre.categorical) for (const c of t.categories) names.push(`${t.name}=${c}`)
  return names
}
