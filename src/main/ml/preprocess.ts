// Feature preprocessing for the triage model, learned on the fit rows: median imputation and standardisation of numeric columns, mode imputation and one-hot encoding of categorical ones.

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

/** Code-unit order, the same as Python's for strings without astral characters. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function column<T>(record: Record<string, T[]>, name: string, who: string): T[] {
  const col = record[name]
  if (!col) throw new Error(`${who}: feature '${name}' is missing from the input`)
  return col
}

function isPresent(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v)
}

/**
 * Learn the preprocessing from the fit rows (each feature an array over the same rows).
 * Numeric: nulls and non-finite values -> the median of the present fit values (the mean of the
 * two middle values for an even count; 0 when none is present), then standardise with the mean
 * and population standard deviation of the imputed column (a zero deviation -> 1).
 * Categorical: nulls -> the most frequent fit value (ties: the smallest string), one-hot over the
 * sorted distinct fit values. A categorical column with no value at all gets no output column.
 */
export function learnPreprocessor(
  numeric: Record<string, (number | null)[]>,
  categorical: Record<string, (string | null)[]>,
  featuresNum: string[],
  featuresCat: string[]
): Preprocessor {
  const numOut: NumericTransform[] = []
  for (const name of featuresNum) {
    const col = column(numeric, name, 'learnPreprocessor')
    let count = 0
    for (const v of col) if (isPresent(v)) count++
    // A typed array sorts natively; a comparator sort of a plain array took seconds on 700k fit rows.
    const present = new Float64Array(count)
    let k = 0
    for (const v of col) if (isPresent(v)) present[k++] = v
    present.sort()
    let median = 0
    const m = present.length
    if (m > 0) median = m % 2 === 1 ? present[(m - 1) / 2] : (present[m / 2 - 1] + present[m / 2]) / 2
    const n = col.length
    let mean = 0
    let scale = 1
    if (n > 0) {
      let sum = 0
      for (const v of col) sum += isPresent(v) ? v : median
      mean = sum / n
      let ss = 0
      for (const v of col) {
        const dv = (isPresent(v) ? v : median) - mean
        ss += dv * dv
      }
      const sd = Math.sqrt(ss / n)
      scale = sd > 0 ? sd : 1
    }
    numOut.push({ name, median, mean, scale })
  }

  const catOut: CategoricalTransform[] = []
  for (const name of featuresCat) {
    const col = column(categorical, name, 'learnPreprocessor')
    const counts = new Map<string, number>()
    for (const v of col) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1)
    let fill: string | null = null
    let best = -1
    for (const [k, c] of counts) {
      if (c > best || (c === best && fill !== null && compareStrings(k, fill) < 0)) {
        fill = k
        best = c
      }
    }
    const categories = [...counts.keys()].sort(compareStrings)
    catOut.push({ name, fill, categories })
  }

  let nOutputs = numOut.length
  for (const c of catOut) nOutputs += c.categories.length
  return { numeric: numOut, categorical: catOut, nOutputs }
}

/**
 * Apply a learned preprocessor to nRows rows; returns a row-major nRows x nOutputs matrix.
 * Every feature the preprocessor knows must be present with nRows values.
 */
export function transform(
  pre: Preprocessor,
  numeric: Record<string, (number | null)[]>,
  categorical: Record<string, (string | null)[]>,
  nRows: number
): Float64Array {
  const d = pre.nOutputs
  const out = new Float64Array(nRows * d)
  let c0 = 0
  for (const t of pre.numeric) {
    const col = column(numeric, t.name, 'transform')
    if (col.length !== nRows) throw new Error(`transform: feature '${t.name}' has ${col.length} values, expected ${nRows}`)
    const filled = (t.median - t.mean) / t.scale
    for (let i = 0; i < nRows; i++) {
      const v = col[i]
      out[i * d + c0] = isPresent(v) ? (v - t.mean) / t.scale : filled
    }
    c0++
  }
  for (const t of pre.categorical) {
    const col = column(categorical, t.name, 'transform')
    if (col.length !== nRows) throw new Error(`transform: feature '${t.name}' has ${col.length} values, expected ${nRows}`)
    const index = new Map<string, number>()
    t.categories.forEach((c, k) => index.set(c, k))
    for (let i = 0; i < nRows; i++) {
      const raw = col[i]
      const v = raw === null || raw === undefined ? t.fill : raw
      if (v === null) continue
      const k = index.get(v)
      if (k !== undefined) out[i * d + c0 + k] = 1
    }
    c0 += t.categories.length
  }
  return out
}

/** Output column names: numeric feature names, then `feature=category` for each one-hot column. */
export function featureNames(pre: Preprocessor): string[] {
  const names = pre.numeric.map((t) => t.name)
  for (const t of pre.categorical) for (const c of t.categories) names.push(`${t.name}=${c}`)
  return names
}
