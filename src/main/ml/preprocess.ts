// Feature preprocessing for the triage model, learned on the fit rows: median imputation and standardisation of numeric columns, mode imputation and one-hot encoding of categorical ones, on typed columns.
import { median } from './select'

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
  const numOut: NumericTransform[] = []
  for (const name of featuresNum) {
    const col = column(numeric, name, 'learnPreprocessor')
    const n = col.length
    // One pass over the rows collects the present values; the mean and the deviation of the imputed
    // column then come from them, the missing rows contributing the median each.
    const present = new Float64Array(n)
    let count = 0
    for (let i = 0; i < n; i++) {
      const v = col[i]
      if (Number.isFinite(v)) present[count++] = v
    }
    const values = present.subarray(0, count)
    const med = median(values) ?? 0
    const missing = n - count
    let mean = 0
    let scale = 1
    if (n > 0) {
      let sum = missing * med
      for (let i = 0; i < count; i++) sum += values[i]
      mean = sum / n
      let ss = missing * (med - mean) * (med - mean)
      for (let i = 0; i < count; i++) {
        const dv = values[i] - mean
        ss += dv * dv
      }
      const sd = Math.sqrt(ss / n)
      scale = sd > 0 ? sd : 1
    }
    numOut.push({ name, median: med, mean, scale })
  }

  const catOut: CategoricalTransform[] = []
  for (const name of featuresCat) {
    const { codes, dictionary } = column(categorical, name, 'learnPreprocessor')
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
    catOut.push({ name, fill, categories: [...new Set(seen)].sort(compareStrings) })
  }

  let nOutputs = numOut.length
  for (const c of catOut) nOutputs += c.categories.length
  return { numeric: numOut, categorical: catOut, nOutputs }
}

/**
 * Applies a learned preprocessor to nRows rows, column-wise. Every feature the preprocessor knows
 * must be present with nRows values.
 */
export function designFor(pre: Preprocessor, numeric: Record<string, Float64Array>, categorical: Record<string, CodedColumn>, nRows: number): ColumnarDesign {
  const num = pre.numeric.map((t) => {
    const col = column(numeric, t.name, 'designFor')
    if (col.length !== nRows) throw new Error(`designFor: feature '${t.name}' has ${col.length} values, expected ${nRows}`)
    const filled = (t.median - t.mean) / t.scale
    const out = new Float64Array(nRows)
    for (let i = 0; i < nRows; i++) {
      const v = col[i]
      out[i] = Number.isFinite(v) ? (v - t.mean) / t.scale : filled
    }
    return out
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
    const out = new Int32Array(nRows)
    for (let i = 0; i < nRows; i++) {
      const c = codes[i]
      out[i] = c < 0 ? ofNull : ofCode[c]
    }
    c0 += t.categories.length
    return out
  })
  return { n: nRows, d: pre.nOutputs, num, cat }
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
